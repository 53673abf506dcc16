"""Bridges on Lab(backend="real"): port settings (IFLA_PROTINFO), fdb flush, the kernel's own answers."""
from __future__ import annotations

import time

import pytest

from course_lib import Lab

pytestmark = pytest.mark.real


@pytest.fixture
def lab():
    with Lab(backend="real") as made:
        yield made


# then a second, as a person would take: linkwatch enables the port (ENETDOWN for a state change before)
SETUP = ("ip link add c0 type veth peer name c1 && ip link add br0 type bridge && ip link set c0 master br0 && "
         "ip link set br0 up && ip link set c0 up && ip link set c1 up && sleep 1")


def test_bridge_link_set_reaches_the_kernel_port(lab):
    assert lab.run(SETUP).returncode == 0
    assert lab.run("bridge link set dev c0 cost 10 priority 5 hairpin on learning off state 1").returncode == 0
    shown = lab.run("bridge -d link show dev c0").stdout
    assert "state listening priority 5 cost 10" in shown
    assert "hairpin on guard off root_block off fastleave off learning off flood on" in shown
    slave = lab.run("ip -d link show c0").stdout          # the same settings from IFLA_INFO_SLAVE_DATA
    assert "bridge_slave state listening priority 5 cost 10 hairpin on" in slave
    refused = lab.run("bridge link set dev c1 cost 10")    # not a port: the kernel's EOPNOTSUPP
    assert (refused.stderr, refused.returncode) == ("RTNETLINK answers: Operation not supported\n", 255)
    big = lab.run("bridge link set dev c0 priority 64")
    assert big.returncode == 255 and big.stderr.startswith("RTNETLINK answers: ")
    assert "priority 5 cost 10" in lab.run("bridge link show dev c0").stdout   # a refusal changed nothing


def test_fdb_flush_on_the_bridge_and_on_a_port(lab):
    assert lab.run(SETUP).returncode == 0
    assert lab.run("bridge fdb add 02:00:00:00:00:aa dev c0 master static").returncode == 0
    no_self = lab.run("bridge fdb flush dev c0")             # a veth has no fdb of its own
    assert (no_self.stderr, no_self.returncode) == ("RTNETLINK answers: Operation not supported\n", 255)
    assert "02:00:00:00:00:aa" in lab.run("bridge fdb show dev c0").stdout
    assert lab.run("bridge fdb flush dev c0 master").returncode == 0
    assert "02:00:00:00:00:aa" not in lab.run("bridge fdb show dev c0").stdout
    assert lab.run("bridge fdb add 02:00:00:00:00:bb dev c0 master static").returncode == 0
    assert lab.run("bridge fdb flush dev br0").returncode == 0
    assert "02:00:00:00:00:bb" not in lab.run("bridge fdb show").stdout
    assert "permanent" in lab.run("bridge fdb show dev c0").stdout      # the port's own address stays


def test_bridge_options_are_the_kernels(lab):
    assert lab.run("ip link add br3 type bridge forward_delay 400 hello_time 300 max_age 1500 priority 100 "
                   "no_linklocal_learn 1").returncode == 0
    shown = lab.run("ip -d link show br3").stdout
    assert "bridge forward_delay 400 hello_time 300 max_age 1500 ageing_time 30000 stp_state 0 priority 100 " \
           "vlan_filtering 0 bridge_id 0064." in shown
    assert "no_linklocal_learn 1 " in shown
    refused = lab.run("ip link set br3 type bridge hello_time 5000")      # br_changelink's range check
    assert (refused.stderr, refused.returncode) == ("RTNETLINK answers: Numerical result out of range\n", 2)
    assert lab.run("ip link add v0 type veth peer name v1").returncode == 0
    other = lab.run("ip link set v0 type bridge stp_state 1")              # another kind's device
    assert (other.stderr, other.returncode) == ("RTNETLINK answers: Operation not supported\n", 2)


def test_unnamed_devices_are_named_by_the_kernel(lab):
    assert lab.run("ip link add type veth && ip link add type veth peer name vx && ip link add type bridge").returncode == 0
    # the peer is registered first (veth0, lower ifindex), then the device (veth1), as veth_newlink does
    names = [line.split()[0] for line in lab.run("ip -br link").stdout.splitlines()]
    assert names == ["lo", "veth0@veth1", "veth1@veth0", "vx@veth2", "veth2@vx", "bridge0"]
    assert lab.run("ip link set veth2 up && ip link del vx").returncode == 0


def test_bridge_slave_options_reach_the_kernel_port(lab):
    assert lab.run(SETUP).returncode == 0
    assert lab.run("bridge fdb add 02:00:00:00:00:aa dev c0 master && "
                   "bridge fdb add 02:00:00:00:00:bb dev c0 master dynamic").returncode == 0
    assert lab.run("ip link set c0 type bridge_slave learning off proxy_arp on fdb_flush").returncode == 0
    assert "learning off" in lab.run("bridge -d link show dev c0").stdout
    # fdb_flush removes the port's dynamic entries; static and permanent ones stay (br_fdb_delete_by_port)
    left = lab.run("bridge fdb show dev c0").stdout
    assert "02:00:00:00:00:bb" not in left and "02:00:00:00:00:aa master br0 permanent" in left
    refused = lab.run("ip link set c1 type bridge_slave learning off")     # not a port
    assert (refused.stderr, refused.returncode) == ("RTNETLINK answers: Operation not supported\n", 2)


def test_stp_bridge_and_timers_are_the_kernels(lab):
    assert lab.run(SETUP).returncode == 0
    assert lab.run("ip link set br0 type bridge stp_state 1 && ip link set c1 down && ip link set c1 up "
                   "&& sleep 1").returncode == 0
    # the port listens (15 s forward delay), so the bridge has no carrier: shown once linkwatch has set its
    # operstate, which a loaded machine delays (read at once, then after 1 s, the bridge still showed LOWER_UP
    # in CI runs): read again for up to 5 s, well inside the listening state
    wanted = "<NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000"
    for _ in range(10):
        first = lab.run("ip link show br0").stdout.split("\n")[0]
        if first.endswith(wanted):
            break
        time.sleep(0.5)
    assert first.endswith(wanted), first
    port = lab.run("ip -d link show c0").stdout
    assert "state listening" in port and "forward_delay_timer    0.00" not in port    # the kernel's timer runs
    assert "gc_timer    0.00" not in lab.run("ip -d link show br0").stdout
    lab.run("bridge link set dev c0 proxy_arp on")          # bridge(8) has no such word: refused, unchanged
    assert lab.run("ip link set c0 type bridge_slave proxy_arp on group_fwd_mask 8").returncode == 0
    assert "proxy_arp on proxy_arp_wifi off" in lab.run("ip -d link show c0").stdout
