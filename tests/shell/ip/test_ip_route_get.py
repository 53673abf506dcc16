"""course_lib/shell/ip/route_get.py: ip route get as text, -o, -j, fibmatch and connected; local routes."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run("ip link set lo up\nip link add v0 type veth peer name v1\nip link set v0 up\nip link set v1 up\n"
          "ip addr add 10.0.0.1/24 dev v0\nip route add default via 10.0.0.254")
    return h.run


def test_views(run):
    assert run("ip -j route get 8.8.8.8").stdout == \
        '[{"dst":"8.8.8.8","gateway":"10.0.0.254","dev":"v0","prefsrc":"10.0.0.1","flags":[],"uid":0,"cache":[]}]\n'
    assert run("ip -j route get 8.8.8.8 from 10.0.0.1 mark 3").stdout == \
        '[{"dst":"8.8.8.8","from":"10.0.0.1","gateway":"10.0.0.254","dev":"v0","flags":[],"mark":3,"uid":0,"cache":[]}]\n'
    assert run("ip -o route get 8.8.8.8 from 10.0.0.1").stdout == \
        "8.8.8.8 from 10.0.0.1 via 10.0.0.254 dev v0 uid 0 \\    cache \n"
    block = "8.8.8.8 via 10.0.0.254 dev v0 src 10.0.0.1 uid 0 \n    cache \n"
    assert run("ip route get 8.8.8.8 connected").stdout == block * 2


def test_fibmatch_prints_the_matched_route(run):
    assert run("ip route get fibmatch 8.8.8.8").stdout == "default via 10.0.0.254 dev v0 \n"
    assert run("ip route get fibmatch 10.0.0.7").stdout == "10.0.0.0/24 dev v0 proto kernel scope link src 10.0.0.1 \n"
    assert run("ip route get fibmatch 10.0.0.1").stdout == \
        "local 10.0.0.1 dev v0 proto kernel scope host src 10.0.0.1 \n"


def test_local_routes_go_to_table_local_and_answer_from_their_address(run):
    run("ip route add local 10.6.0.0/16 dev lo\nip route add broadcast 10.0.0.128 dev v0")
    local = run("ip route show table local").stdout
    assert "local 10.6.0.0/16 dev lo scope host \n" in local and "broadcast 10.0.0.128 dev v0 scope link \n" in local
    assert "10.6.0.0" not in run("ip route").stdout
    assert run("ip route get 10.6.1.1").stdout.startswith("local 10.6.1.1 dev lo src 10.6.1.1 uid 0 ")
