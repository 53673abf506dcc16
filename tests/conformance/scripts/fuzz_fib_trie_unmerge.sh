# /proc/net/fib_trie when routes and addresses come after the first IPv4 rule without a read in between: the kernel split local from main at the rule (fib_unmerge), so the later ones go into separate tries; replaying them through the merged trie and splitting at the read gave another main trie (found while checking the split's timing).
ip link add v0 type veth peer name v1
ip link set v0 up
ip addr add 10.0.0.1/24 dev v0
ip route add 10.200.0.0/16 dev v0
cat /proc/net/fib_trie | head -2
ip rule add from 10.1.1.1 table 100
ip route add 10.197.215.0/24 dev v0
ip addr add 10.0.1.248/24 dev v0
ip route add 10.248.207.0/24 dev v0
ip route add 10.155.244.0/24 dev v0
ip route add 10.111.71.0/24 dev v0
ip addr add 10.0.4.194/24 dev v0
ip route add 10.48.128.0/24 dev v0
ip route add 10.75.158.0/24 dev v0
ip addr add 10.0.6.19/24 dev v0
ip route add 10.169.241.0/24 dev v0
ip route add 10.181.222.0/24 dev v0
ip route add 10.104.244.0/24 dev v0
ip route add 10.133.31.0/24 dev v0
ip route add 10.7.47.0/24 dev v0
ip route add 10.204.0.0/24 dev v0
cat /proc/net/fib_trie
