"""lo below MTU 68 has no in_device: output to any local address is EINVAL until its MTU is valid again."""
from course_lib import Lab


def test_local_ping_is_einval_while_lo_has_no_in_device():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v0p; ip link set v0 up; ip link set v0p up;"
            " ip addr add 10.1.0.1/24 dev v0; sleep 2")
    assert lab.run("ping -c 1 -W 1 10.1.0.1").returncode == 0              # cached before the change
    lab.run("ip link set lo mtu 67")
    r = lab.run("ping -c 1 -W 1 10.1.0.1")
    assert (r.stdout, r.stderr, r.returncode) == ("", "ping: connect: Invalid argument\n", 2)
    lab.run("ip link set lo mtu 68")
    assert lab.run("ping -c 1 -W 1 10.1.0.1").returncode == 0


def test_input_to_a_local_address_is_delivered_without_lo_in_device():
    """fuzz_lo_mtu_input_local.sh (wide random seed 934): only output to a local address fails."""
    from pathlib import Path
    lab = Lab()
    assert lab.run((Path(__file__).parents[1] / "conformance/scripts/topologies/a_r_b.sh").read_text()).returncode == 0
    lab.run("ip netns exec r ip link set lo mtu 0")
    assert lab.run("ip netns exec a ping -c 1 -W 1 10.2.0.1").returncode == 0
    assert lab.run("ip netns exec r ping -c 1 -W 1 10.2.0.1").stderr == "ping: connect: Invalid argument\n"
