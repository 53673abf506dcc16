"""TopologyView redraws after each command; RouteLookup explains the longest-prefix match."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from course_lib import Lab  # noqa: E402
from course_lib.widgets.views import RouteLookup, TopologyView, matching_routes  # noqa: E402


def routed_lab() -> Lab:
    lab = Lab()
    lab.add_switch("SW1")
    lab.connect("host", "SW1", ifname="eth0")
    lab.run("ip link set eth0 up; ip addr add 192.168.1.10/24 dev eth0; "
            "ip route add default via 192.168.1.1; ip route add 10.0.0.0/8 via 192.168.1.2")
    return lab


def test_topology_view_redraws_after_each_command():
    lab = Lab()
    lab.add_switch("SW1")
    lab.connect(lab.add_host("A"), "SW1", ifname="eth0")
    view = TopologyView(lab, host="A")
    before = view.image.value
    assert before[:4] == b"\x89PNG" and view.redraws == 1
    view.terminal.input.value = "ip addr add 192.168.1.10/24 dev eth0"
    assert view.redraws == 2
    assert view.image.value != before


def test_matching_routes_longest_first():
    table = "default via 192.168.1.1 dev eth0\n10.0.0.0/8 via 192.168.1.2 dev eth0\n" \
            "192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10\n"
    assert [n for n, _ in matching_routes(table, "10.1.2.3")] == [8, 0]
    assert [n for n, _ in matching_routes(table, "192.168.1.7")] == [24, 0]
    assert matching_routes("", "10.1.2.3") == []


def test_route_lookup_shows_the_winner_and_the_kernels_answer():
    lookup = RouteLookup(routed_lab(), dst="10.1.2.3")
    text = lookup.explain()
    assert "-> /8   10.0.0.0/8 via 192.168.1.2 dev eth0" in text
    assert "The longest prefix (/8) wins." in text
    assert "10.1.2.3 via 192.168.1.2 dev eth0 src 192.168.1.10" in text
    lookup.dst.value = "8.8.8.8"
    assert "-&gt; /0   default via 192.168.1.1" in lookup.output.value
    assert "not an IPv4 address" in lookup.explain("nope")


def test_route_lookup_without_a_route():
    text = RouteLookup(Lab(), dst="10.1.2.3").explain()
    assert "none: no route matches" in text
    assert "RTNETLINK answers: Network is unreachable" in text
