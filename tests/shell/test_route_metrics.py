"""ip route metrics and realms on the simulation: kept, shown, clamped, matched by delete, refused with iproute2's words."""
from course_lib import Lab


def lab_with_link():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip addr add 10.5.0.1/24 dev v0; ip link set v0 up; "
            "ip link set v1 up")
    return lab


def test_metrics_are_listed_in_rtax_order_with_locks_and_times():
    lab = lab_with_link()
    assert lab.run("ip route add 10.7.0.0/16 via 10.5.0.2 advmss 1260 mtu lock 1300 rtt 1.5s rto_min 200").returncode == 0
    assert lab.run("ip route show 10.7.0.0/16").stdout == \
        "10.7.0.0/16 via 10.5.0.2 dev v0 mtu lock 1300 rtt 1.5s advmss 1260 rto_min lock 200ms \n"
    assert lab.run("ip route get 10.7.1.1").stdout == \
        "10.7.1.1 via 10.5.0.2 dev v0 src 10.5.0.1 uid 0 \n    cache mtu lock 1300 rtt 1.5s advmss 1260 rto_min lock 200ms \n"


def test_kernel_clamps_and_drops_zero():
    lab = lab_with_link()
    lab.run("ip route add 10.14.0.0/16 dev v0 mtu 100000 advmss 70000 window 0")
    assert lab.run("ip route show 10.14.0.0/16").stdout == "10.14.0.0/16 dev v0 scope link mtu 65520 advmss 65495 \n"


def test_delete_matches_the_metrics_given():
    lab = lab_with_link()
    lab.run("ip route add 10.13.0.0/16 dev v0 mtu 1400 realm 5")
    r = lab.run("ip route del 10.13.0.0/16 mtu 1200")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: No such process\n", 2)
    assert lab.run("ip route del 10.13.0.0/16 mtu 1400").returncode == 0


def test_errors():
    lab = lab_with_link()
    r = lab.run("ip route add mtu 10.66.0.0/16 blackhole")
    assert (r.stderr, r.returncode) == ('Error: argument "10.66.0.0/16" is wrong: "mtu" value is invalid\n\n', 255)
    r = lab.run("ip route add 10.20.0.0/16 dev v0 congctl nosuch")
    assert (r.stderr, r.returncode) == ("Error: Unknown tcp congestion algorithm.\n", 2)
    r = lab.run("ip route add 10.20.0.0/16 dev v0 quickack 2")
    assert r.stderr == 'Error: argument "2" is wrong: "quickack" value should be 0 or 1\n\n'
    assert lab.run("ip route show 10.20.0.0/16").stdout == ""
