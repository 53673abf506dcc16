# ss -a / -l in a netns list the kernel's own netlink sockets (rtnl, sock_diag, xfrm, audit, fiblookup, nft, uevent, genl) and ss's sock_diag socket (its pid and the two sock_diag lines' order vary: cut out, as is the real backend's own rtnl socket; spaces squeezed since the pid's width sets the column).
ss -a | grep -v "tcpdiag\|python" | tr -s ' '
ss -l | grep -v "tcpdiag\|python" | tr -s ' '
ss -ln | grep -v " 4:\| 0:[1-9]" | tr -s ' '
ss -a -f netlink | grep -v "tcpdiag\|python" | tr -s ' '
ss -a -A netlink | grep -v "tcpdiag\|python" | tr -s ' '
ss -A netlink
ss -a | grep -c tcpdiag
ss -an | grep -c " 4:"
ss -a -H | grep -v "tcpdiag\|python" | tr -s ' '
ss -ta
ss -a -4
ss -tulpn
ss
ss -a -x
ss -a0
ip netns add red
ip netns exec red ss -a | grep -v "tcpdiag\|python" | tr -s ' '
ip netns exec red ss -l -A netlink,tcp | grep -v "tcpdiag\|python" | tr -s ' '
