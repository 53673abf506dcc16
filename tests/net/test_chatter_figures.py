"""The links' own chatter (net.chatter, on by default) against the kernel's figures, and its cost.

Figures measured on this machine's kernel (6.18, HZ 250) in `unshare --net --mount`, as the conformance
scripts chatter_timing.sh, chatter_veth_sysctls.sh and chatter_disable_ipv6.sh hold them (same there on
the kernel, the simulation and the real backend): a veth end's TX after 1 s, 3.5 s and 9-10 s, and with
the sysctls that change what it sends.
"""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.net import chatter
from course_lib.net.events import scheduler


def tx(lab: Lab, dev: str) -> tuple[int, int]:
    """(tx bytes, tx packets) of `ip -s link show DEV`."""
    fields = lab.run(f"ip -s link show {dev}").stdout.splitlines()[5].split()
    return int(fields[0]), int(fields[1])


def pair(lab: Lab, *sysctls: str) -> None:
    lab.run("ip link add va type veth peer name vb")
    for setting in sysctls:
        lab.run(f"sysctl -qw {setting}")
    lab.run("ip link set va up; ip link set vb up")


def test_over_time():
    lab = Lab()
    pair(lab)
    assert tx(lab, "va") == tx(lab, "vb") == (90, 1)    # the join report (the kernel's leaves 8 ms later)
    lab.run("sleep 1")
    assert tx(lab, "va") == (266, 3)                # 2 MLD reports + the DAD solicitation
    lab.run("sleep 2.5")
    assert tx(lab, "va") == (516, 6)                # + 2 reports when DAD is done + the first RS
    lab.run("sleep 6.5")
    assert tx(lab, "va") == tx(lab, "vb") == (586, 7)   # + the second RS


@pytest.mark.parametrize("setting, figure", [
    ("net.ipv6.conf.va.accept_dad=0", (500, 6)),
    ("net.ipv6.conf.va.dad_transmits=0", (500, 6)),
    ("net.ipv6.conf.va.dad_transmits=3", (758, 9)),
    ("net.ipv6.conf.va.accept_ra=0", (446, 5)),
    ("net.ipv6.conf.va.forwarding=1", (826, 7)),        # all-routers groups, the anycast's join, no RS
    ("net.ipv6.conf.va.router_solicitations=1", (516, 6)),
    ("net.ipv6.conf.va.router_solicitations=0", (446, 5)),
    ("net.ipv6.conf.va.disable_ipv6=1", (0, 0)),
    ("net.ipv6.conf.va.addr_gen_mode=1", (0, 0)),
])
def test_sysctls(setting, figure):
    lab = Lab()
    pair(lab, setting)
    lab.run("sleep 9")
    assert tx(lab, "va") == figure
    assert tx(lab, "vb") == (586, 7)


def test_accept_ra_2_solicits_while_forwarding():
    lab = Lab()
    pair(lab, "net.ipv6.conf.va.forwarding=1", "net.ipv6.conf.va.accept_ra=2")
    lab.run("sleep 9")
    assert tx(lab, "va") == (966, 9)


def test_default_disable_ipv6_is_taken_when_the_link_is_made():
    lab = Lab()
    lab.run("sysctl -qw net.ipv6.conf.default.disable_ipv6=1; ip link add va type veth peer name vb; "
            "sysctl -qw net.ipv6.conf.default.disable_ipv6=0; ip link set va up; ip link set vb up; sleep 9")
    assert tx(lab, "va") == tx(lab, "vb") == (0, 0)
    assert "inet6" not in lab.run("ip addr show va").stdout
    assert lab.run("sysctl -n net.ipv6.conf.va.disable_ipv6").stdout == "1\n"


def test_carrier_back_reports_again():
    """The peer went down for a second: va kept its address and reports its groups again (2 x 90) when
    the carrier is back; its third RS follows (the kernel's 836 / 10 at 21 s)."""
    lab = Lab()
    pair(lab)
    lab.run("sleep 10; ip link set vb down; sleep 1; ip link set vb up; sleep 10")
    assert tx(lab, "va") == (836, 10)
    assert tx(lab, "vb") == (1172, 14)


def test_a_build_walks_no_bridge_and_queues_one_event_per_link():
    lab = Lab()
    lab.run("ip link add br0 type bridge; ip link set br0 up")
    for i in range(20):
        lab.run(f"ip link add v{i} type veth peer name p{i}; ip link set p{i} master br0; "
                f"ip link set p{i} up; ip link set v{i} up")
    sched = scheduler(lab.network)
    assert len(sched.queued()) == 2 * 20 + 2        # each veth end, the bridge and its IGMP join
    assert len(sched.heap) == 1                     # behind one stand-in in the heap of work in flight
    assert tx(lab, "v0") == (90, 1) and tx(lab, "br0") == (0, 0)     # the bridge passes it on 8 ms later
    mac = lab.run("cat /sys/class/net/v0/address").stdout.strip()
    assert f"{mac} dev p0 master br0" in lab.run("bridge fdb show br br0").stdout     # learned at once
    scheduler(lab.network).pump()                   # "until the queue is empty": the chatter is no work in flight
    assert lab.network.clock == 0.0
    lab.run("sleep 9")
    assert tx(lab, "v0") == (586, 7)
    assert len(sched.queued()) <= 2 * 20 + 2


def test_off_switch_keeps_the_old_model(monkeypatch):
    monkeypatch.setattr(chatter, "TIMELINE", False)
    lab = Lab()
    pair(lab)
    lab.run("sleep 9")
    assert tx(lab, "va") == (0, 0)


def test_disable_ipv6_after_up_takes_the_address_and_on_again_starts_over():
    """va.disable_ipv6=1 at 2 s: its address goes, it stays silent (426 / 5); 0 again at 12 s: a new
    link-local address and a new sequence, 1012 / 12 at 22 s (the kernel's figures)."""
    lab = Lab()
    pair(lab)
    lab.run("sleep 2; sysctl -qw net.ipv6.conf.va.disable_ipv6=1; sleep 10")
    assert tx(lab, "va") == (426, 5)
    assert "inet6" not in lab.run("ip addr show va").stdout
    lab.run("sysctl -qw net.ipv6.conf.va.disable_ipv6=0; sleep 10")
    assert tx(lab, "va") == (1012, 12)
    assert "inet6 fe80::" in lab.run("ip addr show va").stdout
    lab.run("sysctl -qw net.ipv6.conf.all.disable_ipv6=1")
    assert lab.run("ip -6 addr").stdout == ""
    assert lab.run("sysctl -n net.ipv6.conf.va.disable_ipv6 net.ipv6.conf.default.disable_ipv6").stdout == "1\n1\n"
