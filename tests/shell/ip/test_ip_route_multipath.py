"""ip route ... nexthop (multipath): parsing, listing (-o, -j), dead nexthops and forwarding by a live one."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run("ip link add r0 type veth peer name r1\nip link set r0 up\nip link set r1 up\n"
          "ip addr add 10.1.0.1/24 dev r0\nip link add s0 type veth peer name s1\nip link set s0 up\n"
          "ip link set s1 up\nip addr add 10.2.0.1/24 dev s0")
    return h.run


def test_listing(run):
    assert run("ip route add 10.64.0.0/16 nexthop via 10.1.0.250 weight 1 nexthop via 10.2.0.251 weight 2"
               ).returncode == 0
    assert run("ip route show 10.64.0.0/16").stdout == (
        "10.64.0.0/16 \n\tnexthop via 10.1.0.250 dev r0 weight 1 \n\tnexthop via 10.2.0.251 dev s0 weight 2 \n")
    assert run("ip -o route show 10.64.0.0/16").stdout == (
        "10.64.0.0/16 \\\tnexthop via 10.1.0.250 dev r0 weight 1 \\\tnexthop via 10.2.0.251 dev s0 weight 2 \n")
    assert '"nexthops":[{"gateway":"10.1.0.250","dev":"r0","weight":1,"flags":[]}' in \
        run("ip -j route show 10.64.0.0/16").stdout
    run("ip route add 10.66.0.0/16 nexthop via 10.1.0.250")          # one nexthop: a plain route
    assert run("ip route show 10.66.0.0/16").stdout == "10.66.0.0/16 via 10.1.0.250 dev r0 \n"


def test_a_dead_nexthop_and_the_live_one_forwarding(run):
    run("ip route add 10.65.0.0/16 nexthop via 10.1.0.250 nexthop via 10.2.0.250")
    assert " via 10.1.0.250 dev r0 " in run("ip route get 10.65.1.1").stdout
    run("ip link set r0 down")
    assert "nexthop via 10.1.0.250 dev r0 weight 1 dead linkdown \n" in run("ip route show 10.65.0.0/16").stdout
    assert " via 10.2.0.250 dev s0 " in run("ip route get 10.65.1.1").stdout
    run("ip link set s0 down")
    assert run("ip route show 10.65.0.0/16").stdout == ""              # no live nexthop left


@pytest.mark.parametrize("line, err, rc", [
    ("nexthop via 10.1.0.250 weight 0", 'Error: argument "0" is wrong: "weight" is invalid\n\n', 255),
    ("nexthop", 'Error: unexpected end of line after "nexthop"\n', 255),
    ("nexthop via 10.1.0.250 bogus", 'Error: "nexthop" or end of line is expected instead of "bogus"\n', 255),
    ("nexthop via 10.1.0.250 dev nosuch", 'Cannot find device "nosuch"\nError: cannot parse nexthop\n', 255),
    ("via 10.1.0.9 nexthop via 10.1.0.250", "Error: Nexthop gateway does not match RTA_GATEWAY or RTA_VIA.\n", 2),
    ("nexthop via 10.9.0.250 nexthop via 10.1.0.3", "Error: Nexthop has invalid gateway.\n", 2),
])
def test_errors(run, line, err, rc):
    r = run(f"ip route add 10.68.0.0/16 {line}")
    assert (r.stderr, r.returncode) == (err, rc)
