"""The conformance scenarios: the seed's material as topologies plus command lines per machine.

Multi-machine scenarios are Python Scenario values below; single-machine ones are the shell
scripts in scripts/ (one step per line, run on the default machine "host").
"""
from __future__ import annotations

from pathlib import Path

from conformance_harness import Scenario, script_scenario

SCRIPTS = Path(__file__).resolve().parent / "scripts"

SWITCHING = Scenario(
    name="switching",
    hosts=["A", "B"], switches=["SW1"], links=[("A", "SW1", "eth0"), ("B", "SW1", "eth0")],
    steps=[
        ("A", "ip link"),
        ("A", "ip addr add 192.168.1.10/24 dev eth0"),
        ("A", "ip link set eth0 up"),
        ("B", "ip addr add 192.168.1.11/24 dev eth0 && ip link set eth0 up"),
        ("A", "ip addr"),
        ("A", "ip -br addr"),
        ("A", "ip -4 addr show dev eth0"),
        ("A", "ip route"),
        ("A", "ping -c 1 192.168.1.11"),
        ("A", "ip neigh"),
        ("A", "arp -n"),
        ("A", "ping -c 2 -q 192.168.1.11"),
        ("A", "ping -c 1 -W 1 192.168.1.99"),
        ("A", "ip link set eth0 down && ip addr && ip route"),
        ("A", "ping -c 1 192.168.1.11"),
    ],
)

ROUTING = Scenario(
    name="routing",
    hosts=["A", "R", "B"], switches=["SW1", "SW2"],
    links=[("A", "SW1", None), ("R", "SW1", None), ("R", "SW2", None), ("B", "SW2", None)],
    steps=[
        ("A", "ip addr add 192.168.1.10/24 dev eth0; ip link set eth0 up"),
        ("R", "ip addr add 192.168.1.1/24 dev eth0; ip link set eth0 up"),
        ("R", "ip addr add 192.168.2.1/24 dev eth1; ip link set eth1 up"),
        ("B", "ip addr add 192.168.2.10/24 dev eth0; ip link set eth0 up"),
        ("A", "ping -c 1 192.168.2.10"),
        ("A", "ip route add 192.168.2.0/24 via 192.168.1.1"),
        ("A", "ip route add 192.168.2.0/24 via 192.168.1.1"),
        ("B", "ip route add default via 192.168.2.1"),
        ("A", "ip route"),
        ("B", "ip route"),
        ("A", "route -n"),
        ("A", "ip route get 192.168.2.10"),
        ("R", "cat /proc/sys/net/ipv4/ip_forward"),
        ("R", "sysctl net.ipv4.ip_forward"),
        ("A", "ping -c 1 -W 1 192.168.2.10"),
        ("R", "echo 1 > /proc/sys/net/ipv4/ip_forward"),
        ("R", "sysctl net.ipv4.ip_forward"),
        ("A", "ping -c 1 192.168.2.10"),
        ("B", "ping -c 1 192.168.1.10"),
        ("A", "traceroute -n 192.168.2.10"),
        ("A", "ping -c 1 -t 1 192.168.2.10"),
        ("R", "sysctl -w net.ipv4.ip_forward=0"),
        ("A", "ping -c 1 -W 1 192.168.2.10"),
        ("R", "ip neigh show dev eth0; ip neigh show dev eth1"),   # one dump's order is hash order
        ("A", "ip route del 192.168.2.0/24"),
        ("A", "ip route add default via 192.168.1.1"),
        ("A", "ip route add 10.9.0.0/16 via 192.168.3.1"),
        ("A", "ip route"),
    ],
)

MASQUERADE = Scenario(
    name="masquerade",
    hosts=["outside"], switches=["LAN"],
    links=[("host", "LAN", "eth0"), ("outside", "LAN", "eth0")],
    steps=[
        ("outside", "ip addr add 192.168.1.3/24 dev eth0 && ip link set eth0 up"),
        ("host", "\n".join([
            "ip addr add 192.168.1.2/24 dev eth0", "ip link set eth0 up",
            "ip netns add red", "ip link add v-net-0 type bridge", "ip link set v-net-0 up",
            "ip addr add 192.168.15.5/24 dev v-net-0",
            "ip link add veth-red type veth peer name veth-red-br",
            "ip link set veth-red netns red", "ip link set veth-red-br master v-net-0",
            "ip link set veth-red-br up", "ip -n red addr add 192.168.15.1/24 dev veth-red",
            "ip -n red link set veth-red up", "ip -n red link set lo up"])),
        ("host", "ip netns exec red ping -c 1 192.168.1.3"),
        ("host", "ip netns exec red ip route add default via 192.168.15.5"),
        ("host", "ip netns exec red ip route"),
        ("host", "ip netns exec red ping -c 1 -W 1 192.168.1.3"),
        ("host", "echo 1 > /proc/sys/net/ipv4/ip_forward"),
        ("host", "ip netns exec red ping -c 1 -W 1 192.168.1.3"),
        ("host", "iptables -t nat -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE"),
        ("host", "ip netns exec red ping -c 1 -W 1 192.168.1.3"),
        ("host", "iptables -t nat -S"),
        ("host", "iptables -t nat -L POSTROUTING -n -v"),
        ("host", "iptables -t nat -L -n --line-numbers"),
        ("outside", "ip neigh"),
    ],
)

DNAT = Scenario(
    name="dnat",
    hosts=["outside"], switches=["LAN"],
    links=[("host", "LAN", "eth0"), ("outside", "LAN", "eth0")],
    steps=[
        ("outside", "ip addr add 192.168.1.3/24 dev eth0 && ip link set eth0 up"),
        ("host", "\n".join([
            "ip addr add 192.168.1.2/24 dev eth0", "ip link set eth0 up",
            "ip netns add blue", "ip link add veth-blue type veth peer name veth-blue-br",
            "ip link set veth-blue netns blue", "ip addr add 10.0.0.1/24 dev veth-blue-br",
            "ip link set veth-blue-br up", "ip -n blue addr add 10.0.0.2/24 dev veth-blue",
            "ip -n blue link set veth-blue up", "ip -n blue route add default via 10.0.0.1",
            "sysctl -w net.ipv4.ip_forward=1"])),
        ("host", "iptables -t nat -A PREROUTING -d 192.168.1.2 -p icmp -j DNAT --to-destination 10.0.0.2"),
        ("host", "ip netns exec blue iptables -A INPUT -p icmp -s 192.168.1.3"),
        ("outside", "ping -c 1 -W 1 192.168.1.2"),
        ("host", "ip netns exec blue iptables -L INPUT -n -v"),
        ("host", "iptables -t nat -L PREROUTING -n -v --line-numbers"),
        ("host", "iptables -t nat -D PREROUTING 1"),
        ("host", "iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80"),
        ("host", "iptables -t nat -S PREROUTING"),
        ("host", "iptables-save -t nat"),
    ],
)

NAME_RESOLUTION = Scenario(
    name="name_resolution",
    hosts=["A", "B"], switches=["SW1"], links=[("A", "SW1", "eth0"), ("B", "SW1", "eth0")],
    steps=[
        ("A", "ip addr add 192.168.1.10/24 dev eth0 && ip link set eth0 up"),
        ("B", "ip addr add 192.168.1.100/24 dev eth0 && ip link set eth0 up"),
        ("A", 'printf "192.168.1.1 web\n192.168.1.2 db\n" >> /etc/hosts'),
        ("A", "getent hosts web db"),
        ("A", "getent hosts nosuchname; echo rc=$?"),
        ("A", "ping -c 1 -W 1 db"),
        ("A", 'echo "nameserver 192.168.1.100" > /etc/resolv.conf'),
        ("A", "cat /etc/resolv.conf"),
        ("A", "nslookup web"),                       # nslookup asks the DNS server, not /etc/hosts
        ("A", "dig +tries=1 +time=1 web"),
        ("A", "host -W 1 web"),
        ("A", "getent hosts web"),
        ("A", 'echo "search mycompany.com prod.mycompany.com" >> /etc/resolv.conf'),
        ("A", "getent hosts db"),
    ],
    timeout=20,
)

DOCKER_BRIDGE = Scenario(
    name="docker_bridge",
    hosts=["outside"], switches=["LAN"],
    links=[("host", "LAN", "eth0"), ("outside", "LAN", "eth0")],
    steps=[
        ("outside", "ip addr add 192.168.1.3/24 dev eth0 && ip link set eth0 up"),
        ("host", "\n".join([            # what dockerd does for `docker run` on the default bridge
            "ip addr add 192.168.1.2/24 dev eth0", "ip link set eth0 up",
            "ip link add docker0 type bridge", "ip addr add 172.17.0.1/16 dev docker0", "ip link set docker0 up",
            "ip netns add c1", "ip link add veth1a2b type veth peer name eth0 netns c1",
            "ip link set veth1a2b master docker0", "ip link set veth1a2b up",
            "ip -n c1 addr add 172.17.0.2/16 dev eth0", "ip -n c1 link set eth0 up", "ip -n c1 link set lo up",
            "ip -n c1 route add default via 172.17.0.1",
            "sysctl -w net.ipv4.ip_forward=1",
            "iptables -t nat -N DOCKER",
            "iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
            "iptables -N DOCKER-USER", "iptables -A FORWARD -j DOCKER-USER",
            "iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
            "iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT"])),
        ("host", "ip netns exec c1 ip addr show eth0"),
        ("host", "ip netns exec c1 ip route"),
        ("host", "ping -c 1 172.17.0.2"),
        ("host", "ip netns exec c1 ping -c 1 -W 1 192.168.1.3"),
        ("host", "iptables -t nat -S POSTROUTING"),
        ("host", "iptables -t nat -L POSTROUTING -n -v"),
        ("host", "iptables -S FORWARD"),
        ("host", "iptables -L FORWARD -n -v --line-numbers"),
        ("host", "ip route"),
        ("host", "bridge link"),
    ],
)

PYTHON_SCENARIOS = [SWITCHING, ROUTING, MASQUERADE, DNAT, NAME_RESOLUTION, DOCKER_BRIDGE]


def all_scenarios() -> list[Scenario]:
    return PYTHON_SCENARIOS + [script_scenario(p) for p in sorted(SCRIPTS.glob("*.sh"))]
