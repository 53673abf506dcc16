# Found by the wide random scripts: turning IPv4 forwarding on or off (ip_forward or conf.all.forwarding) sets
# conf.all.accept_redirects to its opposite and conf.default.forwarding and every device's to it -- on a change
# only (inet_forward_change); writing the value it already has changes nothing.
ip netns add x
ip netns exec x sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.default.accept_redirects net.ipv4.conf.lo.accept_redirects
ip netns exec x sysctl -w net.ipv4.ip_forward=1
ip netns exec x sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.default.accept_redirects net.ipv4.conf.lo.accept_redirects net.ipv4.conf.default.forwarding
ip netns exec x sysctl -w net.ipv4.conf.all.accept_redirects=1
ip netns exec x sysctl -w net.ipv4.ip_forward=1
ip netns exec x sysctl net.ipv4.conf.all.accept_redirects
ip netns exec x sysctl -w net.ipv4.conf.all.forwarding=0
ip netns exec x sysctl net.ipv4.conf.all.accept_redirects net.ipv4.ip_forward
ip netns exec x sysctl -w net.ipv4.conf.all.accept_redirects=0
ip netns exec x sysctl -w net.ipv4.conf.lo.forwarding=1
ip netns exec x sysctl net.ipv4.conf.all.accept_redirects
ip netns exec x sysctl -w net.ipv4.conf.default.forwarding=1
ip netns exec x sysctl -w net.ipv4.ip_forward=0
ip netns exec x sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.default.forwarding net.ipv4.conf.lo.forwarding
ip netns exec x sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
ip netns exec x sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.lo.forwarding
