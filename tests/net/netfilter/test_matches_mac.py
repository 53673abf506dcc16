"""-m mac on the data path: the Ethernet source of the frame a packet arrived in, also through a bridge."""
from __future__ import annotations

from course_lib import Lab


def _mac(lab: Lab, host: str) -> str:
    return lab.host(host).run("cat /sys/class/net/eth0/address").stdout.strip() or \
        lab.host(host).run("ip -br link show eth0").stdout.split()[2]


def test_mac_source_drops_one_sender(lan: Lab) -> None:
    lab = lan
    mac_a = _mac(lab, "A").upper()
    lab.host("C").run(f"iptables -A INPUT -p icmp -m mac --mac-source {mac_a} -j DROP")
    assert lab.host("A").run("ping -c 1 -W 1 192.168.1.30").returncode == 1
    assert lab.host("B").run("ping -c 1 -W 1 192.168.1.30").returncode == 0
    assert lab.host("C").run("iptables -L INPUT -v -n -x").stdout.splitlines()[2].split()[:2] == ["1", "84"]


def test_inverted_mac_on_a_bridge_forward() -> None:
    lab = Lab()
    lab.run("ip link add br0 type bridge && ip link set br0 up")
    for i in (1, 2):
        lab.run(f"ip netns add n{i} && ip link add v{i} type veth peer name e0 netns n{i} && "
                f"ip link set v{i} master br0 && ip link set v{i} up && ip -n n{i} link set e0 up && "
                f"ip -n n{i} addr add 10.0.0.{i}/24 dev e0")
    mac1 = lab.run("ip -n n1 -br link show e0").stdout.split()[2]
    lab.run(f"iptables -A FORWARD -m mac ! --mac-source {mac1} -j DROP")   # br_netfilter: bridged frames pass FORWARD
    r = lab.run("ip netns exec n1 ping -c 1 -W 1 10.0.0.2")
    assert r.returncode == 1                      # n2's replies come from another MAC: dropped
    counters = lab.run("iptables -L FORWARD -v -n -x").stdout.splitlines()[2].split()
    assert counters[0] == "1" and counters[-1] == mac1
