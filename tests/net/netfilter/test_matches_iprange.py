"""-m iprange on the data path: a DROP for a range stops exactly the machines inside it."""
from __future__ import annotations

from course_lib import Lab


def test_src_range_drops_only_sources_inside_it(lan: Lab) -> None:
    lab = lan
    lab.host("C").run("iptables -A INPUT -p icmp -m iprange --src-range 192.168.1.1-192.168.1.10 -j DROP")
    assert lab.host("A").run("ping -c 1 -W 1 192.168.1.30").returncode == 1
    assert lab.host("B").run("ping -c 1 -W 1 192.168.1.30").returncode == 0
    counters = lab.host("C").run("iptables -L INPUT -v -n -x").stdout
    assert counters.splitlines()[2].split()[:2] == ["1", "84"]


def test_inverted_dst_range_on_output(lan: Lab) -> None:
    lab = lan
    lab.host("A").run("iptables -A OUTPUT -p icmp -m iprange ! --dst-range 192.168.1.20-192.168.1.29 -j REJECT")
    assert lab.host("A").run("ping -c 1 -W 1 192.168.1.20").returncode == 0
    r = lab.host("A").run("ping -c 1 -W 1 192.168.1.30")
    assert r.returncode == 1 and "1 packets transmitted, 0 received" in r.stdout   # as the kernel: no error line
