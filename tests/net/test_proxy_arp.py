"""Proxy ARP: pneigh entries and proxy_arp answer for others only with forwarding on and a route out of
another device; the table's dump order, the proxy_delay wait, and the bridge flood paths."""
from __future__ import annotations

import re

import pytest

from course_lib import Lab
from course_lib.net import flood, proxy_arp
from tests.conformance.conformance_harness import topology

SETUP = topology("a_r_b") + "ip -n a route del default\nip -n a route add 10.2.0.0/24 dev va\n"


def _state(lab: Lab, ip: str) -> str:
    return lab.run(f"ip -n a neigh show {ip}").stdout.split()[-1]


@pytest.fixture
def lab() -> Lab:
    lab = Lab()
    assert lab.run(SETUP).returncode == 0
    return lab


def test_entry_answers_only_with_forwarding_on(lab):
    lab.run("ip -n r neigh add proxy 10.2.0.2 dev ra")
    lab.run("ip netns exec a ping -c 1 -W 1 10.2.0.2")
    assert _state(lab, "10.2.0.2") == "INCOMPLETE"
    lab.run("ip netns exec r sysctl -qw net.ipv4.ip_forward=1")
    out = lab.run("ip netns exec a ping -c 1 -W 2 10.2.0.3; ip -n r neigh add proxy 10.2.0.3 dev ra; "
                  "ip netns exec a ping -c 1 -W 2 10.2.0.2").stdout
    assert "1 received" in out
    assert _state(lab, "10.2.0.2") == "REACHABLE"
    assert lab.run("ip -n r neigh show 10.1.0.2").stdout.startswith("10.1.0.2 dev ra lladdr")


def test_no_answer_for_a_target_routed_back_out_of_the_same_device(lab):
    lab.run("ip netns exec r sysctl -qw net.ipv4.ip_forward=1; ip netns exec r sysctl -qw net.ipv4.conf.ra.proxy_arp=1")
    lab.run("ip -n r neigh add proxy 10.1.0.77 dev ra")
    lab.run("ip netns exec a ping -c 1 -W 1 10.1.0.77; ip netns exec a ping -c 1 -W 1 10.2.0.9")
    assert _state(lab, "10.1.0.77") == "INCOMPLETE"
    assert _state(lab, "10.2.0.9") == "REACHABLE"             # proxy_arp: any target routed elsewhere


def test_proxy_arp_on_the_other_device_does_not_count(lab):
    lab.run("ip netns exec r sysctl -qw net.ipv4.ip_forward=1; ip netns exec r sysctl -qw net.ipv4.conf.rb.proxy_arp=1")
    lab.run("ip netns exec a ping -c 1 -W 1 10.2.0.9")
    assert _state(lab, "10.2.0.9") == "INCOMPLETE"


def _rtt(out: str) -> float:
    return float(re.search(r"time=([0-9.]+) ms", out).group(1))


def test_a_broadcast_request_waits_proxy_delay():
    times = {}
    for delay in ("0", "80"):
        lab = Lab()
        lab.run(SETUP + "ip netns exec r sysctl -qw net.ipv4.ip_forward=1\nip -n r neigh add proxy 10.2.0.2 dev ra\n"
                f"ip netns exec r sysctl -qw net.ipv4.neigh.ra.proxy_delay={delay}")
        times[delay] = _rtt(lab.run("ip netns exec a ping -c 1 -W 2 10.2.0.2").stdout)
    assert times["0"] < 1.0 < times["80"] < 800.0


def test_dump_order_is_the_kernels_hash_order():
    assert [proxy_arp.bucket(a) for a in ("10.2.0.9", "10.1.0.77", "10.2.0.2", "10.2.0.5")] == [1, 2, 10, 13]
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1")
    lab.run("ip neigh add proxy 10.2.0.5 dev v0; ip neigh add proxy 10.2.0.2 dev v0; ip neigh add proxy 10.2.0.9")
    assert lab.run("ip neigh show proxy").stdout == \
        "10.2.0.9 proxy \n10.2.0.2 dev v0 proxy \n10.2.0.5 dev v0 proxy \n"
    assert lab.run("ip neigh show").stdout == ""


def test_entries_go_with_their_device():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip neigh add proxy 10.0.0.5 dev v0; ip link del v0")
    assert lab.run("ip neigh show proxy").stdout == ""


@pytest.mark.parametrize("lazy", [True, False])
def test_router_behind_a_bridge_answers_in_the_flood_paths(lazy, monkeypatch):
    monkeypatch.setattr(flood, "LAZY", lazy)
    lab = Lab()
    script = ["ip netns add sw", "ip -n sw link add br0 type bridge", "ip -n sw link set br0 up"]
    for name, addr in (("a", "10.1.0.2/24"), ("c", "10.1.0.3/24"), ("r", "10.1.0.1/24")):
        script += [f"ip netns add {name}", f"ip link add e-{name} type veth peer name p-{name} netns sw",
                   f"ip link set e-{name} netns {name}", f"ip -n {name} addr add {addr} dev e-{name}",
                   f"ip -n {name} link set e-{name} up", f"ip -n sw link set p-{name} master br0",
                   f"ip -n sw link set p-{name} up"]
    script += ["ip -n r link add dummy0 type veth peer name dummy1", "ip -n r addr add 10.9.0.1/24 dev dummy0",
               "ip -n r link set dummy0 up", "ip -n r link set dummy1 up",
               "ip netns exec r sysctl -qw net.ipv4.ip_forward=1",
               "ip -n a route add 10.9.0.0/24 dev e-a", "ip -n c route add 10.9.0.0/24 dev e-c"]
    assert lab.run("\n".join(script)).returncode == 0
    lab.run("ip netns exec c ping -c 1 -W 1 10.9.0.5")          # a first flood (the runs come from the second)
    lab.run("ip netns exec r sysctl -qw net.ipv4.conf.e-r.proxy_arp=1")
    lab.run("ip netns exec a ping -c 1 -W 1 10.9.0.6")
    assert lab.run("ip -n a neigh show 10.9.0.6").stdout.split()[-1] == "REACHABLE"


def test_a_proxy_arp_switch_after_the_runs_were_made_is_seen(monkeypatch):
    monkeypatch.setattr(flood, "LAZY", True)
    lab = Lab()
    script = ["ip netns add sw", "ip -n sw link add br0 type bridge", "ip -n sw link set br0 up"]
    for name, addr in (("a", "10.1.0.2/24"), ("c", "10.1.0.3/24"), ("r", "10.1.0.1/24")):
        script += [f"ip netns add {name}", f"ip link add e-{name} type veth peer name p-{name} netns sw",
                   f"ip link set e-{name} netns {name}", f"ip -n {name} addr add {addr} dev e-{name}",
                   f"ip -n {name} link set e-{name} up", f"ip -n sw link set p-{name} master br0",
                   f"ip -n sw link set p-{name} up"]
    script += ["ip -n r link add d0 type veth peer name d1", "ip -n r addr add 10.9.0.1/24 dev d0",
               "ip -n r link set d0 up", "ip -n r link set d1 up", "ip netns exec r sysctl -qw net.ipv4.ip_forward=1",
               "ip -n a route add 10.9.0.0/24 dev e-a", "ip -n c route add 10.9.0.0/24 dev e-c"]
    lab.run("\n".join(script))
    lab.run("ip netns exec c ping -c 1 -W 1 10.9.0.5; ip netns exec c ping -c 1 -W 1 10.9.0.4")   # runs made, looked at
    lab.run("ip netns exec r sysctl -qw net.ipv4.conf.e-r.proxy_arp=1")
    lab.run("ip netns exec a ping -c 1 -W 1 10.9.0.6")
    assert lab.run("ip -n a neigh show 10.9.0.6").stdout.split()[-1] == "REACHABLE"


def test_ipv4_proxies_list_before_ipv6_ones():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip -6 neigh add proxy 2001:db8::5 dev v0\n"
            "ip neigh add proxy 10.0.0.5 dev v0; ip -6 neigh add proxy 2001:db8::1 dev v0")
    assert lab.run("ip neigh show proxy").stdout == \
        "10.0.0.5 dev v0 proxy \n2001:db8::1 dev v0 proxy \n2001:db8::5 dev v0 proxy \n"
    assert lab.run("ip -4 neigh show proxy").stdout == "10.0.0.5 dev v0 proxy \n"
