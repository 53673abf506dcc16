# ping's names as iputils 20221126 prints them: the header and the statistics use ai_canonname (a hosts alias shows the main name), replies are named by getnameinfo (-n or a numeric destination: the bare address), -4/-6 against a name of the other family is EAI_ADDRFAMILY, and localhost goes to ::1 first (ping, ping -6, ping6).
ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 10.9.0.1/24 dev v0
ip addr add 10.9.0.3/24 dev v0
ip link set v0 up
ip link set v1 up
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n10.9.0.1 main.example alias1\n' > /etc/hosts
printf 'nameserver 127.0.0.1\n' > /etc/resolv.conf
ping -c 1 alias1
ping -n -c 1 alias1
ping -c 1 main.example
ping -c 1 10.9.0.1
ping -q -c 1 alias1
ping -6 -c 1 alias1
ping -6 -c 1 10.9.0.1
ping -4 -c 1 ::1
ping -c 1 localhost
ping -n -c 1 localhost
ping -6 -c 1 localhost
ping6 -c 1 localhost
ping6 -c 1 alias1
ping -c 1 ::1
ping -c 1 ip6-localhost
ping -6 -c 1 ::2
ping -c 1 nosuch
