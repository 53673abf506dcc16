"""TraceStepper, RouteLookup and DnsExplorer driven headless: set values, click, read what they show."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

from course_lib import Lab  # noqa: E402
from course_lib.widgets import DnsExplorer, RouteLookup, TraceStepper  # noqa: E402
from tests.widgets.test_trace import two_hosts  # noqa: E402


def test_stepper_previous_next_moves_the_highlight():
    lab = two_hosts()
    t = lab.trace("ping -c 1 10.0.0.2")
    s = TraceStepper(t)
    assert s.index == 0 and s.prev.disabled and not s.next.disabled
    assert s.position.value == f"hop 1 of {len(t.hops)}"
    assert 'data-node="host"' in s.image.value and 'class="trace-ring"' in s.image.value
    assert s.text().startswith("hop 1/") and "[route]" in s.text()
    s.next.click()
    s.next.click()
    assert s.index == 2 and s.current == t.hops[2]
    assert f'data-node="{t.hops[2].node}"' in s.image.value           # the ring moved to the hop's node
    assert '<div class="hop current" style="background:#ffe08a;font-weight:bold" data-index="2">' in s.hop_list.value
    s.prev.click()
    assert s.index == 1
    for _ in range(len(t.hops) + 3):
        s.next.click()
    assert s.index == len(t.hops) - 1 and s.next.disabled


def test_stepper_ring_sits_on_the_node_in_the_picture():
    lab = two_hosts()
    s = TraceStepper(lab.trace("ping -c 1 10.0.0.2"))
    where = s.picture.where
    assert set(where) >= {"host", "A", "SW1"}
    assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y in where.values())
    assert s.picture.locate("A/red") == where["A"]          # a netns not drawn: its machine


def test_stepper_without_hops():
    s = TraceStepper(Lab().trace("true"))
    assert s.text() == "no hops: no packet left the command" and s.position.value == "no hops"


def test_route_lookup_longest_prefix_and_metric():
    lab = two_hosts()
    lab.run("ip link add dummy0 type dummy 2>/dev/null; ip route add default via 10.0.0.254; "
            "ip route add 10.1.2.0/24 via 10.0.0.9 metric 100; ip route add 10.1.2.0/24 via 10.0.0.8 metric 50; "
            "ip route add 10.1.0.0/16 via 10.0.0.7")
    w = RouteLookup(lab, "host", dst="10.1.2.3")
    text = w.explain()
    assert "-> /24  10.1.2.0/24 via 10.0.0.8 dev eth0 metric 50" in text
    assert "longest prefix: /24 beats /16, /0" in text and "lowest metric 50 beats 100" in text
    assert "host$ ip route get 10.1.2.3\n10.1.2.3 via 10.0.0.8 dev eth0 src 10.0.0.1" in text
    w.dst.value = "10.1.9.9"
    assert "Chosen: 10.1.0.0/16 via 10.0.0.7 dev eth0" in w.output.value
    w.dst.value = "10.0.0.1"
    assert "local table is looked up first" in w.output.value
    w.dst.value = "nope"
    assert "is not an IPv4 address" in w.output.value


def test_route_lookup_unreachable():
    w = RouteLookup(two_hosts(), "A", dst="192.0.2.1")
    assert "No usable route: Network is unreachable" in w.output.value
    assert "RTNETLINK answers: Network is unreachable" in w.output.value


def test_dns_explorer_shows_ndots_and_each_name_asked():
    lab = two_hosts()
    lab.run("printf 'nameserver 127.0.0.53\\nsearch corp.example example.com\\noptions ndots:2\\n' > /etc/resolv.conf")
    d = DnsExplorer(lab, "www")
    text = d.explain()
    assert "www: 0 dot(s) < ndots:2, search corp.example example.com" in text
    asked = re.findall(r"^  \d+\. (\S+ \S+) -> 127.0.0.53#53", text, re.M)
    assert asked[0] == "www.corp.example. AAAA"
    assert "www.example.com. AAAA" in asked or "www.example.com. A" in asked
    d.name.value = "www.example.com"
    assert "www.example.com: 2 dot(s) &gt;= ndots:2" in d.output.value
    d.name.value = "web"
    lab.run("echo 10.0.0.2 web >> /etc/hosts")
    d.update()
    assert "/etc/hosts: web -&gt; 10.0.0.2" in d.output.value
