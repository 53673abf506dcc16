# Found by a random add/del fuzz of table 100 (seed 6, reads after about half the steps): the kernel's trie keeps its history -- an insert that inflated a node and a later removal that does not halve it -- so the simulation replays the route edits in their order (the route list's trail), not the routes left at the read.
ip route add 10.240.0.0/12 dev lo table 100
ip route add 10.154.145.0/24 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.30.41.10/32 dev lo table 100
ip route add 10.32.0.0/12 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 74.139.1.0/24 dev lo table 100
ip route del 10.30.41.10/32 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.131.32.0/20 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route del 10.154.145.0/24 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route del 10.32.0.0/12 dev lo table 100
ip route add 3.52.176.27/32 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.231.228.0/24 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.199.73.176/28 dev lo table 100
ip route add 212.205.108.112/28 dev lo table 100
ip route add 10.211.93.0/24 dev lo table 100
ip route add 10.191.0.0/16 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 115.151.160.0/20 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.183.164.0/24 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.165.0.0/16 dev lo table 100
ip route add 168.196.40.0/24 dev lo table 100
ip route add 203.30.209.0/24 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route del 10.211.93.0/24 dev lo table 100
ip route del 10.183.164.0/24 dev lo table 100
ip route del 203.30.209.0/24 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 49.80.78.176/28 dev lo table 100
ip route add 10.223.168.239/32 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.125.0.0/16 dev lo table 100
ip route add 10.0.0.0/8 dev lo table 100
ip route add 10.99.28.180/32 dev lo table 100
ip route add 163.47.223.128/28 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.75.165.112/28 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.0.0.0/12 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 71.161.125.0/24 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.92.240.0/20 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 10.96.32.0/20 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
ip route add 34.176.0.0/12 dev lo table 100
ip route del 49.80.78.176/28 dev lo table 100
ip route del 10.75.165.112/28 dev lo table 100
cat /proc/net/fib_trie | sed -n '/Id 100/,/Main/p'
cat /proc/net/fib_triestat | sed -n '/Id 100/,/Total/p'
