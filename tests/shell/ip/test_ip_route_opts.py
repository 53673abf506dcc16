"""ip route: rt_protos names for protocol numbers, selectors that hide what they fix, delete of any type."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run("ip link add r0 type veth peer name r1\nip link set r0 up\nip link set r1 up\n"
          "ip addr add 10.1.0.1/24 dev r0")
    return h.run


def test_protocol_numbers_print_by_name(run):
    run("ip route add 10.65.0.0/16 via 10.1.0.254 proto 99\nip route add 10.66.0.0/16 via 10.1.0.254 proto 0x10\n"
        "ip route add 10.67.0.0/16 via 10.1.0.254 proto 255")
    out = run("ip route").stdout
    assert "10.65.0.0/16 via 10.1.0.254 dev r0 proto openr \n" in out
    assert "10.66.0.0/16 via 10.1.0.254 dev r0 proto dhcp \n" in out
    assert "10.67.0.0/16 via 10.1.0.254 dev r0 proto 255 \n" in out
    r = run("ip route add 10.68.0.0/16 via 10.1.0.254 proto 300")
    assert (r.stderr, r.returncode) == ('Error: argument "300" is wrong: "protocol" value is invalid\n\n', 255)


def test_selectors_hide_their_fields(run):
    run("ip route add 10.51.0.0/16 via 10.1.0.254 metric 50 src 10.1.0.1 proto static")
    assert run("ip route show via 10.1.0.254").stdout == "10.51.0.0/16 dev r0 proto static src 10.1.0.1 metric 50 \n"
    assert run("ip route show metric 50").stdout == "10.51.0.0/16 via 10.1.0.254 dev r0 proto static src 10.1.0.1 \n"
    assert "10.51.0.0/16 via 10.1.0.254 dev r0 proto static metric 50 \n" in run("ip route show src 10.1.0.1").stdout
    assert run("ip -j route show proto static").stdout == \
        '[{"dst":"10.51.0.0/16","gateway":"10.1.0.254","dev":"r0","prefsrc":"10.1.0.1","metric":50,"flags":[]}]\n'


def test_delete_without_a_type_takes_any_type(run):
    run("ip route add unreachable 10.61.0.0/16")
    assert run("ip route del 10.61.0.0/16").returncode == 0
    assert "10.61.0.0" not in run("ip route").stdout


def test_loose_ipv4_forms(run):
    from course_lib.shell.ip.options import get_addr_ipv4
    assert str(get_addr_ipv4("10.244")) == "10.244.0.0" and str(get_addr_ipv4("010.1.2.4")) == "8.1.2.4"
    assert get_addr_ipv4("1..2") is None and get_addr_ipv4("1.2.3.256") is None
    run("ip route add 172.16/12 dev r0")
    assert "172.16.0.0/12 dev r0 scope link \n" in run("ip route").stdout
