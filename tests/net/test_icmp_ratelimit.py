"""The ICMP error rate limit (course_lib/net/icmp_ratelimit.py): 6 errors per peer, then one a second."""
from __future__ import annotations

from course_lib import Lab

ROUTER = """ip netns add a; ip netns add r
ip link add va type veth peer name ra netns r; ip link set va netns a
ip -n a addr add 10.1.0.2/24 dev va; ip -n a link set va up; ip -n a route add default via 10.1.0.1
ip -n r addr add 10.1.0.1/24 dev ra; ip -n r link set ra up
ip -n r link add rb type veth peer name rc; ip -n r addr add 10.2.0.1/24 dev rb; ip -n r link set rb up; ip -n r link set rc up
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec r iptables -A FORWARD -j REJECT --reject-with icmp-host-prohibited"""


def _errors(lab: Lab, count: int, interval: str = "0.2") -> int:
    out = lab.run(f"ip netns exec a ping -c {count} -i {interval} -W 1 10.2.0.9").stdout
    return out.count("Destination Host Prohibited")


def test_burst_then_one_per_second() -> None:
    lab = Lab()
    lab.run(ROUTER)
    assert _errors(lab, 8) == 7            # 6 at once, and one more after the first 1.4 s of the 8
    assert _errors(lab, 1) == 1            # the -W 1 wait after the last probe bought one (as the kernel)
    lab.run("sleep 3")
    assert _errors(lab, 4, "0.01") == 3    # three seconds bought three tokens


def test_ratelimit_sysctl() -> None:
    lab = Lab()
    lab.run(ROUTER)
    lab.run("ip netns exec r sysctl -qw net.ipv4.icmp_ratelimit=0")
    assert _errors(lab, 10, "0.01") == 10
    assert lab.run("ip netns exec r sysctl net.ipv4.icmp_ratemask").stdout == "net.ipv4.icmp_ratemask = 6168\n"
