"""A gateway that is an address of the nexthop's device is no gateway (nexthop scope host), as in the kernel."""
from course_lib import Lab

SETUP = """ip link set lo up
ip link add v0 type veth peer name v0p
ip link set v0 up
ip link set v0p up
ip addr add 10.1.0.1/24 dev v0
ip addr add 10.1.0.2/24 dev v0p
sleep 2"""


def test_own_gateway_is_a_direct_route():
    lab = Lab()
    lab.run(SETUP)
    assert lab.run("ip route add 10.50.0.0/24 via 10.1.0.1").returncode == 0
    assert lab.run("ip route get 10.50.0.7").stdout == "10.50.0.7 dev v0 src 10.1.0.1 uid 0 \n    cache \n"
    assert "via 10.1.0.1" in lab.run("ip route show 10.50.0.0/24").stdout       # shown as given
    lab.run("ping -c 1 -W 1 10.50.0.7")
    assert "10.50.0.7 INCOMPLETE" in lab.run("ip -4 neigh show dev v0").stdout   # the destination is ARPed for
    lab.run("ip route add 10.60.0.0/24 via 10.1.0.2 dev v0")                     # another device's: a gateway
    assert lab.run("ip route get 10.60.0.7").stdout.startswith("10.60.0.7 via 10.1.0.2 dev v0 ")


def test_onlink_gateway_must_be_unicast():
    lab = Lab()
    lab.run(SETUP)
    for gw in ("10.1.0.1", "10.1.0.2", "10.1.0.255"):
        r = lab.run(f"ip route add 10.90.0.0/24 via {gw} dev v0 onlink")
        assert (r.stderr, r.returncode) == ("Error: Nexthop has invalid gateway.\n", 2)
    assert lab.run("ip route add 10.90.0.0/24 via 10.1.0.9 dev v0 onlink").returncode == 0
