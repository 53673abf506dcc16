"""routing.gateway_check: a gateway that is a local address of a device that is down (measured in unshare:
tests/conformance/scripts/fuzz_gateway_local_down.sh, same on kernel, sim and real; wide random seed 852)."""
from course_lib import Lab


def test_a_local_gateway_on_a_down_device_is_network_down():
    lab = Lab()
    assert lab.run("ip link add veth0 type veth peer name veth0p && ip addr add 10.12.0.1/24 dev veth0"
                   " && ip addr add 10.12.0.2/24 dev veth0p && ip link set veth0p up").returncode == 0
    for line in ("ip route add 10.69.0.0/24 via 10.12.0.1 dev veth0", "ip route add 10.69.0.0/24 via 10.12.0.1"):
        r = lab.run(line)
        assert (r.stderr, r.returncode) == ("RTNETLINK answers: Network is down\n", 2), line
    assert lab.run("ip route add 10.69.0.0/24 via 10.12.0.2").returncode == 0
    assert "10.69.0.0/24 via 10.12.0.2 dev veth0p linkdown \n" in lab.run("ip route show").stdout    # peer down
