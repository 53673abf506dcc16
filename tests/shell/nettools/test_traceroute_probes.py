"""traceroute's probe scheduler (course_lib/shell/nettools/traceroute_probes.py) and its option checks."""
from __future__ import annotations

import re

from course_lib import Lab

PATH = """ip netns add a; ip netns add r; ip netns add b
ip link add va type veth peer name ra netns r; ip link set va netns a
ip link add vb type veth peer name rb netns r; ip link set vb netns b
ip -n a addr add 10.1.0.2/24 dev va; ip -n a link set va up; ip -n a route add default via 10.1.0.1
ip -n r addr add 10.1.0.1/24 dev ra; ip -n r addr add 10.2.0.1/24 dev rb; ip -n r link set ra up; ip -n r link set rb up
ip -n b addr add 10.2.0.2/24 dev vb; ip -n b link set vb up; ip -n b route add default via 10.2.0.1
ip netns exec r sysctl -qw net.ipv4.ip_forward=1"""


def _hops(text: str) -> list[str]:
    return [" ".join(re.sub(r"\d+\.\d{3} ms", "T", line).split()) for line in text.splitlines()[1:]]


def test_second_trace_meets_the_spent_rate_limit() -> None:
    lab = Lab()
    lab.run(PATH)
    first = lab.run("ip netns exec a traceroute -n 10.2.0.2")
    assert _hops(first.stdout) == ["1 10.1.0.1 T T T", "2 10.2.0.2 T T T"]
    second = lab.run("ip netns exec a traceroute -n 10.2.0.2")      # 13 probes reached b the first time
    assert _hops(second.stdout) == ["1 10.1.0.1 T T T"] + [f"{n} * * *" for n in range(2, 7)] + ["7 * 10.2.0.2 T T"]


def test_tcp_probes_and_unreachable_notes() -> None:
    lab = Lab()
    lab.run(PATH)
    assert _hops(lab.run("ip netns exec a traceroute -n -T -q 1 10.2.0.2").stdout) == ["1 10.1.0.1 T", "2 10.2.0.2 T"]
    lab.run("sleep 10")
    lab.run("ip netns exec r iptables -A FORWARD -p udp -j REJECT --reject-with icmp-admin-prohibited")
    assert _hops(lab.run("ip netns exec a traceroute -n -q 2 -w 2 10.2.0.2").stdout) == [
        "1 10.1.0.1 T T", "2 10.1.0.1 T !X T !X"]


def test_option_errors() -> None:
    lab = Lab()
    lab.run(PATH)
    cases = {"-m 0": "first hop out of range\n", "-q 11": "no more than 10 probes per hop\n",
             "-m 300": "max hops cannot be more than 255\n",
             "-w x": "Cannot handle `-w' option with arg `x' (argc 3)\n",
             "-w -1": "bad wait specifications `-1,0,0' used\n"}
    for opts, err in cases.items():
        r = lab.run(f"ip netns exec a traceroute -n {opts} 10.2.0.2")
        assert (r.returncode, r.stdout, r.stderr) == (2, "", err), opts


def test_source_device_and_routing_options() -> None:
    lab = Lab()
    lab.run(PATH)
    r = lab.run("ip netns exec a traceroute -n -q 1 -s 10.9.9.9 10.2.0.2")
    assert (r.returncode, r.stderr) == (1, "\nbind: Cannot assign requested address\n")
    r = lab.run("ip netns exec a traceroute -n -q 1 -i nosuch 10.2.0.2")
    assert (r.returncode, r.stderr) == (1, "\nsetsockopt SO_BINDTODEVICE: No such device\n")
    r = lab.run("ip netns exec a traceroute -n -q 1 -r 10.2.0.2")      # not on an attached network
    assert (r.returncode, r.stderr) == (1, "\nconnect: Network is unreachable\n")
    assert _hops(lab.run("ip netns exec a traceroute -n -q 1 --sport=40000 10.2.0.2").stdout) == \
        ["1 10.1.0.1 T", "2 10.2.0.2 T"]
    r = lab.run("ip netns exec a traceroute -n -q 1 -m 3 -g 10.1.0.1 10.2.0.2")   # routers drop source routes
    assert r.stdout.splitlines() == ["traceroute to 10.2.0.2 (10.2.0.2), 3 hops max, 72 byte packets",
                                     " 1  *", " 2  *", " 3  *"]
