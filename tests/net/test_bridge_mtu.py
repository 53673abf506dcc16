"""A bridge's MTU follows its smallest port until set by hand (br_mtu_auto_adjust in course_lib/net/links.py)."""
from __future__ import annotations

from course_lib import Lab


def _mtu(run, dev):
    return int(run(f"ip link show {dev}").stdout.split(" mtu ")[1].split()[0])


def test_bridge_mtu_follows_ports_until_set_by_hand():
    run = Lab().host("host").run
    run("ip link add br0 type bridge\nip link add v0 mtu 1400 type veth peer name v1\n"
        "ip link add w0 mtu 1300 type veth peer name w1\nip link set v0 master br0")
    assert _mtu(run, "br0") == 1400
    run("ip link set w0 master br0")
    assert _mtu(run, "br0") == 1300
    run("ip link set w0 mtu 1600")
    assert _mtu(run, "br0") == 1400
    run("ip link del w0\nip link set v0 nomaster")
    assert _mtu(run, "br0") == 1500
    run("ip link set br0 mtu 1200\nip link set v0 master br0\nip link set v0 mtu 1000")
    assert _mtu(run, "br0") == 1200
