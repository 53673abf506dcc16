# hostname -i: the addresses of the name in /etc/hosts, space-separated, no trailing blank; -f the first name
hostname
hostname -i
echo "10.9.9.9 host.lab host" >> /etc/hosts
echo "10.9.9.8 host" >> /etc/hosts
hostname -i
hostname -f
hostname -s
