"""Routes on Lab(backend="real"): metrics (RTA_METRICS) and realms (RTA_FLOW) are the kernel's."""
from __future__ import annotations

import pytest

from course_lib import Lab

pytestmark = pytest.mark.real


def test_route_metrics_and_realms_round_trip_through_the_kernel():
    with Lab(backend="real") as lab:
        assert lab.run("ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up && "
                       "ip addr add 10.5.0.1/24 dev v0").returncode == 0
        assert lab.run("ip route add 10.6.0.0/16 via 10.5.0.2 mtu lock 1300 advmss 70000 rtt 12ms "
                       "fastopen_no_cookie 1 realms 3/4").returncode == 0
        assert lab.run("ip route add 10.7.0.0/16 dev v0 window lock 0").returncode == 0
        shown = lab.run("ip route show 10.6.0.0/16").stdout      # the kernel clamped advmss
        assert shown == ("10.6.0.0/16 via 10.5.0.2 dev v0 realms 3/4 mtu lock 1300 rtt 12ms advmss 65495 "
                         "fastopen_no_cookie 1 \n")
        assert lab.run("ip route show 10.7.0.0/16").stdout == "10.7.0.0/16 dev v0 scope link window lock 0 \n"
        refused = lab.run("ip route add 10.8.0.0/16 dev v0 congctl nosuch")
        assert (refused.stderr, refused.returncode) == ("Error: Unknown tcp congestion algorithm.\n", 2)
        wrong = lab.run("ip route del 10.6.0.0/16 mtu 1500")           # fib_metrics_match: no such route
        assert wrong.returncode == 2
        assert lab.run("ip route del 10.6.0.0/16 mtu lock 1300").returncode == 0


def test_proxy_neighbours_are_the_kernels_pneigh_table():
    with Lab(backend="real") as lab:
        assert lab.run("ip link add v0 type veth peer name v1").returncode == 0
        assert lab.run("ip neigh add proxy 10.2.0.2 dev v0 && ip neigh add proxy 10.2.0.2 dev v0 && "
                       "ip neigh add proxy 10.2.0.9").returncode == 0            # add never says EEXIST
        assert sorted(lab.run("ip neigh show proxy").stdout.splitlines()) == \
            ["10.2.0.2 dev v0 proxy ", "10.2.0.9 proxy "]
        assert lab.run("ip neigh show").stdout == ""                           # not in the neighbour table
        assert lab.run("ip neigh del proxy 10.2.0.2 dev v0").returncode == 0
        gone = lab.run("ip neigh del proxy 10.2.0.2 dev v0")
        assert (gone.stderr, gone.returncode) == ("RTNETLINK answers: No such file or directory\n", 2)


def test_deviceless_proxy_entries_are_deleted_before_their_netns_goes():
    """The kernel frees no proxy entry of no device with its netns (it then shows up in a later netns made at
    the same address, anyone's): the lab deletes its own before it drops a netns."""
    from course_lib.backends.real.proxyneigh import forget_deviceless
    with Lab(backend="real") as lab:
        assert lab.run("ip link add v0 type veth peer name v1 && ip neigh add proxy 10.77.0.8 && "
                       "ip neigh add proxy 10.77.0.7 dev v0").returncode == 0
        forget_deviceless(lab.backend.machines["host"].root.nl)
        assert lab.run("ip neigh show proxy").stdout == "10.77.0.7 dev v0 proxy \n"
