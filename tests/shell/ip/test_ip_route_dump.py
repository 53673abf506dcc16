"""course_lib/shell/ip/dump.py: ip route save / restore / showdump."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run("ip link add r0 type veth peer name r1\nip link set r0 up\nip link set r1 up\n"
          "ip addr add 10.1.0.1/24 dev r0\nip route add 10.9.0.0/16 via 10.1.0.254\n"
          "ip route add blackhole 10.8.0.0/16")
    return h.run


def test_save_flush_restore(run):
    before = run("ip route").stdout
    assert run("ip route save > /tmp/r.dump").returncode == 0
    run("ip route flush table main")
    assert run("ip route").stdout == ""
    r = run("ip route restore < /tmp/r.dump")
    assert (r.stderr, r.returncode) == ("", 0)
    assert run("ip route").stdout == before
    r = run("ip route restore < /tmp/r.dump")                 # existing routes: reported, passed over
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: File exists\n" * 3, 0)
    assert run("ip route showdump < /tmp/r.dump").stdout == before


def test_magic_mismatch(run):
    run("echo garbage > /tmp/g")
    r = run("ip route restore < /tmp/g")
    assert (r.stderr, r.returncode) == ("Magic mismatch (1 elems, 62726167 magic)\n", 1)
    r = run("ip route restore < /dev/null")
    assert (r.stderr, r.returncode) == ("Magic mismatch (0 elems, 0 magic)\n", 1)


def test_addr_save_flush_restore(run):
    run("ip addr add 10.1.0.2/24 dev r0 label r0:1")
    before = run("ip -4 -o addr show dev r0").stdout
    run("ip -4 addr save > /tmp/a.dump\nip addr flush dev r0")
    assert run("ip -4 -o addr show dev r0").stdout == ""
    assert run("ip -4 addr restore < /tmp/a.dump").returncode == 0
    assert run("ip -4 -o addr show dev r0").stdout == before
    r = run("ip -4 addr restore < /tmp/a.dump")           # the same addresses again: reported, passed over
    assert r.returncode == 0 and r.stderr.count("Error: ipv4: Address already assigned.") == 3
    assert run("ip addr showdump < /tmp/a.dump").stdout.startswith("if")
    r = run("ip addr restore < /dev/null")
    assert (r.stderr, r.returncode) == ("Magic mismatch (0 elems, 0 magic)\n", 255)
