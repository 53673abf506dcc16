"""course_lib/net/addrs.py: the kernel's address order by scope, same-subnet scope refusal, lifetimes, labels."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    lab = Lab()
    h = lab.host("host")
    h.run("ip link add d0 type veth peer name d1\nip link set d0 up\nip link set d1 up")
    return h.run


def _locals(run, dev="d0"):
    return [line.split()[3] for line in run(f"ip -4 -o addr show dev {dev}").stdout.splitlines()]


def test_primaries_are_ordered_host_link_site_global_then_secondaries(run):
    for line in ("10.3.0.1/24", "10.5.0.1/24 scope link", "10.9.0.1/24 scope host", "10.10.0.1/24 scope 200",
                 "10.3.0.2/24", "10.4.0.1/16"):
        assert run(f"ip addr add {line} dev d0").returncode == 0
    assert _locals(run) == ["10.9.0.1/24", "10.5.0.1/24", "10.10.0.1/24", "10.3.0.1/24", "10.4.0.1/16",
                            "10.3.0.2/24"]
    assert "scope site d0" in run("ip addr show dev d0").stdout       # 200 is printed by its name


def test_same_subnet_with_another_scope_is_refused(run):
    run("ip addr add 10.3.0.1/24 dev d0")
    r = run("ip addr add 10.3.0.9/24 dev d0 scope link")
    assert (r.stderr, r.returncode) == ("Error: ipv4: Invalid scope value.\n", 2)
    assert _locals(run) == ["10.3.0.1/24"]


def test_lifetimes_dynamic_deprecated_and_replace(run):
    assert run("ip addr add 10.30.0.1/24 dev d0 valid_lft 1000 preferred_lft 0").returncode == 0
    out = run("ip -4 addr show dev d0").stdout
    assert "inet 10.30.0.1/24 scope global deprecated dynamic d0\n       valid_lft 1000sec preferred_lft 0sec" in out
    run("ip addr add 10.31.0.1/24 dev d0 valid_lft forever preferred_lft 10")   # permanent: both forever
    assert "10.31.0.1/24 scope global d0\n       valid_lft forever preferred_lft forever" in \
        run("ip -4 addr show dev d0").stdout
    run("ip addr replace 10.30.0.1/24 dev d0")
    assert "10.30.0.1/24 scope global d0\n       valid_lft forever" in run("ip -4 addr show dev d0").stdout


def test_an_address_goes_when_its_valid_lifetime_ends(run):
    run("ip addr add 10.30.0.1/24 dev d0 valid_lft 5 preferred_lft 2")
    run("sleep 3")
    assert "deprecated dynamic d0\n       valid_lft 2sec preferred_lft 0sec" in run("ip -4 a s dev d0").stdout
    run("sleep 3")
    assert _locals(run) == []
    assert "10.30.0.0/24" not in run("ip route").stdout


@pytest.mark.parametrize("line, err, rc", [
    ("valid_lft 100", "preferred_lft is greater than valid_lft", 1),
    ("valid_lft 0", "valid_lft is zero", 1),
    ("valid_lft abc", 'Error: argument "abc" is wrong: valid_lft value', 255),
    ("valid_lft 9 valid 3", 'Error: duplicate "valid_lft": "valid" is the second value.', 255),
    ("label d0:averyverylonglabel", "Error: Attribute failed policy validation.", 2),
])
def test_lifetime_and_label_errors(run, line, err, rc):
    r = run(f"ip addr add 10.7.0.1/24 dev d0 {line}")
    assert (r.stderr, r.returncode) == (err + "\n", rc)
    assert _locals(run) == []


def test_a_point_to_point_address_routes_to_its_peer(run):
    run("ip addr add 10.1.0.9 peer 10.1.0.10 dev d0")
    assert "10.1.0.10 dev d0 proto kernel scope link src 10.1.0.9 \n" in run("ip route").stdout
    run("ip addr add 10.2.0.1 peer 10.2.0.0/24 dev d0")
    out = run("ip route").stdout
    assert "10.2.0.0/24 dev d0 proto kernel scope link src 10.2.0.1 \n" in out


def test_ipv6_conf_flags_and_ipv4_warnings(run):
    r = run("ip addr add 10.0.0.6/24 dev d0 nodad home")
    assert r.returncode == 0 and r.stderr == ("Warning: nodad option can be set only for IPv6 addresses\n"
                                              "Warning: home option can be set only for IPv6 addresses\n")
    run("ip -6 addr add 2001:db8::5/64 dev d0 nodad home mngtmpaddr")
    assert "inet6 2001:db8::5/64 scope global nodad home mngtmpaddr \\" in run("ip -6 -o addr show dev d0").stdout
    r = run("ip -6 addr add 2001:db8::6/64 dev d0 autojoin")
    assert (r.stderr, r.returncode) == ("autojoin needs multicast address\n", 1)
    r = run("ip -6 route add 2001:db8:5::/48 via 2001:db8::5")
    assert (r.stderr, r.returncode) == ("Error: Gateway can not be a local address.\n", 2)
