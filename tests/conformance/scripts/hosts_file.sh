# Name resolution from /etc/hosts (private to the machine).
ip link add v0 type veth peer name v1
ip addr add 192.168.1.1/24 dev v0
ip link set v0 up
ip link set v1 up
echo "192.168.1.1 web" >> /etc/hosts
echo "192.168.1.2 db" >> /etc/hosts
cat /etc/hosts | tail -2
getent hosts web
getent hosts nosuchname
ping -c 1 web
ping -c 1 nosuchname
hostname
