"""net-tools route add of routes that exist already (route.py): SIOCADDRT is a prepend, not an exclusive add."""
from __future__ import annotations

from course_lib import Lab


def _lab() -> Lab:
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip addr add 10.5.0.1/24 dev v0; ip link set v0 up; ip link set v1 up")
    return lab


def test_identical_route_is_file_exists_rc_7() -> None:
    lab = _lab()
    assert lab.run("route add -net 10.10.0.0/16 gw 10.5.0.2").returncode == 0
    r = lab.run("route add -net 10.10.0.0/16 gw 10.5.0.2")
    assert (r.stdout, r.stderr, r.returncode) == ("", "SIOCADDRT: File exists\n", 7)
    r = lab.run("route add -host 10.11.0.5 gw 10.5.0.2; route add -host 10.11.0.5 gw 10.5.0.2")
    assert (r.stderr, r.returncode) == ("SIOCADDRT: File exists\n", 7)


def test_second_default_route_goes_in_first() -> None:
    lab = _lab()
    assert lab.run("route add default gw 10.5.0.2").returncode == 0
    assert lab.run("route add default gw 10.5.0.3").returncode == 0
    assert lab.run("route add default gw 10.5.0.3").stderr == "SIOCADDRT: File exists\n"
    assert lab.run("ip route").stdout.splitlines()[:2] == ["default via 10.5.0.3 dev v0 ", "default via 10.5.0.2 dev v0 "]
    lines = lab.run("route -n").stdout.splitlines()
    assert lines[2:4] == ["0.0.0.0         10.5.0.3        0.0.0.0         UG    0      0        0 v0",
                          "0.0.0.0         10.5.0.2        0.0.0.0         UG    0      0        0 v0"]
    assert lab.run("route del default").returncode == 0      # the first match goes
    assert lab.run("ip route").stdout.splitlines()[0] == "default via 10.5.0.2 dev v0 "


def test_route_differing_in_proto_is_not_a_duplicate() -> None:
    lab = _lab()
    assert lab.run("route add -net 10.5.0.0/24 dev v0").returncode == 0     # beside the kernel's proto kernel route
    assert lab.run("ip route").stdout.splitlines() == ["10.5.0.0/24 dev v0 scope link ",
                                                       "10.5.0.0/24 dev v0 proto kernel scope link src 10.5.0.1 "]
    assert lab.run("ip route prepend 10.5.0.0/24 dev v0").stderr == "RTNETLINK answers: File exists\n"
