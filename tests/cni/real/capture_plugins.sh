set -u
ip link set lo up
mkdir -p /run/netns && mount -t tmpfs none /run/netns
mkdir -p /var/lib/cni && mount -t tmpfs none /var/lib/cni
ip netns add red
export CNI_PATH=/tmp/dk/cni/usr/lib/cni
B=$CNI_PATH
conf='{"cniVersion":"1.0.0","name":"mynet","type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","subnet":"10.22.0.0/16","routes":[{"dst":"0.0.0.0/0"}]}}'
echo "== about"; $B/bridge; echo "rc=$?"
echo "== version"; echo '{}' | CNI_COMMAND=VERSION $B/bridge; echo "rc=$?"
echo "== missing"; echo "$conf" | CNI_COMMAND=ADD $B/bridge; echo "rc=$?"
echo "== noname"; echo '{"cniVersion":"1.0.0"}' | CNI_COMMAND=ADD CNI_CONTAINERID=x CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 $B/bridge; echo "rc=$?"
echo "== badver"; echo '{"cniVersion":"9.9.9","name":"n","type":"bridge"}' | CNI_COMMAND=ADD CNI_CONTAINERID=x CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 $B/bridge; echo "rc=$?"
echo "== badnetns"; echo "$conf" | CNI_COMMAND=ADD CNI_CONTAINERID=x CNI_NETNS=/var/run/netns/nope CNI_IFNAME=eth0 $B/bridge; echo "rc=$?"
echo "== add"; echo "$conf" | CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 $B/bridge; echo "rc=$?"
echo "== files"; ls -la /var/lib/cni/networks/mynet; for f in /var/lib/cni/networks/mynet/*; do echo "$f:"; od -c $f | head -3; done
echo "== ip link"; ip link; ip addr show cni0; ip -n red addr; ip -n red route
echo "== nat"; iptables -t nat -S
echo "== filter"; iptables -S
echo "== sysctl"; cat /proc/sys/net/ipv4/ip_forward
echo "== add again"; echo "$conf" | CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 $B/bridge; echo "rc=$?"
pm='{"cniVersion":"1.0.0","name":"mynet","type":"portmap","capabilities":{"portMappings":true},"runtimeConfig":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]},"prevResult":{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/var/run/netns/red"}],"ips":[{"address":"10.22.0.2/16","gateway":"10.22.0.1","interface":0}]}}'
echo "== portmap"; echo "$pm" | CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 $B/portmap; echo "rc=$?"
echo "== nat"; iptables -t nat -S
echo "== lo"; echo '{"cniVersion":"1.0.0","name":"lo","type":"loopback"}' | CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=lo $B/loopback; echo "rc=$?"
echo "== del pm"; echo "$pm" | CNI_COMMAND=DEL CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 $B/portmap; echo "rc=$?"
echo "== del"; echo "$conf" | CNI_COMMAND=DEL CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 $B/bridge; echo "rc=$?"
echo "== after"; iptables -t nat -S; ls -la /var/lib/cni/networks/mynet; ip link
