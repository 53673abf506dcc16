# ipset rename and swap (aliases -E/e, -W/w): a renamed set keeps its place in the list, not while an iptables rule uses it; swap keeps the names and exchanges the contents (same type only), with ipset 7.17's messages.
ipset create a hash:ip
ipset create b hash:ip
ipset create c hash:net
ipset add a 1.1.1.1
ipset swap a b
ipset list a | grep -A5 Members
ipset list b | grep -A5 Members
ipset swap a c
ipset swap a nosuch
ipset swap nosuch a
ipset swap a
ipset swap a a
ipset rename a b
ipset rename nosuch x
ipset rename a
ipset rename b z
ipset list -n
ipset rename z xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
ipset e a b
ipset list -n
ipset -W b z
ipset -E b q
ipset list -n
iptables -A INPUT -m set --match-set q src -j ACCEPT
ipset rename q r
ipset swap q z
iptables -L INPUT -n
ipset list q | grep -A5 Members
ipset w z q
ipset list -n
