"""ping -I: an address binds the source without connect() (unroutable sends are silent losses, rc 1),
a device is SO_BINDTODEVICE; without -I a missing route is connect()'s error (rc 2). As iputils 20221126
on the kernel (tests/conformance/scripts/ping_bind_source.sh holds the same against it)."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture()
def lab() -> Lab:
    lab = Lab()
    lab.run("ip netns add a\nip -n a link set lo up\nip -n a link add va type veth peer name vb\n"
            "ip -n a addr add 10.0.0.1/24 dev va\nip -n a link set va up\nip -n a link set vb up")
    return lab


def lost(dst: str, sent: int = 1, ms: int = 0, src: str = "10.0.0.1") -> str:
    return (f"PING {dst} ({dst}) from {src} : 56(84) bytes of data.\n\n--- {dst} ping statistics ---\n"
            f"{sent} packets transmitted, 0 received, 100% packet loss, time {ms}ms\n\n")


def test_bound_source_without_a_route_is_a_silent_loss(lab: Lab) -> None:
    r = lab.run("ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.9.9.9")
    assert (r.stdout, r.stderr, r.returncode) == (lost("10.9.9.9"), "", 1)
    r = lab.run("ip netns exec a ping -c 2 -i 0.2 -I 10.0.0.1 10.9.9.9")
    assert (r.stdout, r.stderr, r.returncode) == (lost("10.9.9.9", 2, 206), "", 1)
    r = lab.run("ip netns exec a ping -c 1 -W 1 10.9.9.9")
    assert (r.stdout, r.stderr, r.returncode) == ("", "ping: connect: Network is unreachable\n", 2)


@pytest.mark.parametrize("route,dst,connect_error", [
    ("unreachable 10.8.0.0/16", "10.8.0.1", "ping: connect: No route to host\n"),
    ("prohibit 10.7.0.0/16", "10.7.0.1",
     "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n"),
    ("blackhole 10.6.0.0/16", "10.6.0.1", "ping: connect: Invalid argument\n"),
])
def test_bound_source_with_a_refusing_route(lab: Lab, route: str, dst: str, connect_error: str) -> None:
    lab.run(f"ip -n a route add {route}")
    r = lab.run(f"ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 {dst}")
    assert (r.stdout, r.stderr, r.returncode) == (lost(dst), "", 1)
    r = lab.run(f"ip netns exec a ping -c 1 -W 1 {dst}")
    assert (r.stdout, r.stderr, r.returncode) == ("", connect_error, 2)


def test_bound_source_broadcast_is_not_sent_without_b(lab: Lab) -> None:
    lab.run("ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1")   # va's own frames stop (as on the kernel)
    before = lab.run("ip -n a -s link show va").stdout
    r = lab.run("ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.0.0.255")
    assert (r.stdout, r.stderr, r.returncode) == (lost("10.0.0.255"), "", 1)
    assert lab.run("ip -n a -s link show va").stdout == before          # EACCES: nothing left va
    r = lab.run("ip netns exec a ping -b -c 1 -W 1 -I 10.0.0.1 10.0.0.255")
    assert r.returncode == 1 and lab.run("ip -n a -s link show va").stdout != before


def test_bound_source_with_its_device_down_and_bound_device(lab: Lab) -> None:
    lab.run("ip -n a link set va down")
    r = lab.run("ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.0.0.9")
    assert (r.stdout, r.stderr, r.returncode) == (lost("10.0.0.9"), "", 1)
    r = lab.run("ip netns exec a ping -c 1 -W 1 -I va 10.0.0.9")
    assert (r.stdout, r.stderr, r.returncode) == ("", "ping: connect: Network is unreachable\n", 2)


def test_bound_source_that_is_not_ours(lab: Lab) -> None:
    r = lab.run("ip netns exec a ping -c 1 -W 1 -I 10.0.0.2 10.9.9.9")
    assert (r.stdout, r.stderr, r.returncode) == ("", "ping: bind: Cannot assign requested address\n", 2)
