"""net-tools route (add checks, reject routes, -e/-ee) and netstat -i (netstat_iface.py)."""
from __future__ import annotations

from course_lib import Lab


def _lab() -> Lab:
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip addr add 10.5.0.1/24 dev v0; ip link set v0 up; ip link set v1 up")
    return lab


def test_route_add_checks_the_netmask() -> None:
    lab = _lab()
    r = lab.run("route add -net 10.10.0.1/24 gw 10.5.0.2")
    assert (r.returncode, r.stderr.splitlines()[0]) == (3, "route: netmask doesn't match route address")
    r = lab.run("route add 10.7.0.0/16 gw 10.5.0.2")
    assert r.stderr.splitlines()[0] == "route: netmask 0000ffff doesn't make sense with host route"
    assert lab.run("route add -host 10.9.0.0/32 gw 10.5.0.2").returncode == 0
    assert lab.run("route add -net 10.12.0.0/24 reject").returncode == 0
    lines = lab.run("route -n").stdout.splitlines()
    assert "10.12.0.0       -               255.255.255.0   !     0      -        0 -" in lines


def test_route_extended_listings() -> None:
    lab = _lab()
    assert lab.run("route -e").stdout.splitlines()[1].endswith("Flags   MSS Window  irtt Iface")
    wide = lab.run("route -nee").stdout.splitlines()
    assert wide[1].endswith("Use Iface    MSS   Window irtt")
    assert wide[2] == "10.5.0.0        0.0.0.0         255.255.255.0   U     0      0        0 v0       0     0      0"


def test_netstat_interface_table() -> None:
    lab = _lab()
    lab.run("ip link set lo up; ping -c 2 127.0.0.1; ip link set v1 down")
    lines = lab.run("netstat -i").stdout.splitlines()
    assert lines[2] == "lo              65536        4      0      0 0             4      0      0      0 LRU"
    assert [ln.split()[0] + " " + ln.split()[-1] for ln in lines[3:]] == ["v0 BMU"]
    assert "v1 BM" in [ln.split()[0] + " " + ln.split()[-1] for ln in lab.run("netstat -ia").stdout.splitlines()[2:]]
