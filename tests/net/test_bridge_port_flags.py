"""Bridge port flags steer the forwarding path as br_handle_frame_finish / br_flood / should_deliver do."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.net import flood, port_flags

NO_V6 = "sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1"   # no link-up chatter
SETUP = ["ip netns add sw", f"ip netns exec sw {NO_V6}", "ip -n sw link add br0 type bridge mcast_snooping 0",
         "ip -n sw link set br0 up"]
for _n, _h in enumerate("abc", 1):
    SETUP += [f"ip netns add {_h}", f"ip netns exec {_h} {NO_V6}", f"ip -n {_h} link add e-{_h} type veth peer name p-{_h} netns sw",
              f"ip -n sw link set p-{_h} master br0", f"ip -n sw link set p-{_h} up",
              f"ip -n {_h} addr add 10.0.0.{_n}/24 dev e-{_h}", f"ip -n {_h} link set e-{_h} up"]


@pytest.fixture
def lab() -> Lab:
    lab = Lab()
    assert lab.run("\n".join(SETUP)).returncode == 0
    return lab


def _rx(lab: Lab, host: str) -> int:
    lab.run("sleep 0.1")
    return (lab.network.machines["host"].netns[host].link_by_name(f"e-{host}").stats or {}).get("rx_packets", 0)


def _fdb_lines(lab: Lab, port: str) -> int:
    out = lab.run(f"ip netns exec sw bridge fdb show dev {port}").stdout
    return sum(1 for line in out.splitlines() if "permanent" not in line)


def test_learning_off_learns_nothing_and_replies_are_flooded(lab):
    lab.run("ip netns exec sw bridge link set dev p-a learning off")
    assert "2 received" in lab.run("ip netns exec a ping -c 2 -i 0.2 10.0.0.2").stdout
    assert _fdb_lines(lab, "p-a") == 0 and _fdb_lines(lab, "p-b") == 1
    assert _rx(lab, "c") == 4          # the ARP request, then the ARP reply and both echo replies flooded


def test_flood_off_keeps_unknown_unicast_away(lab):
    lab.run("ip netns exec sw bridge link set dev p-a learning off; ip netns exec sw bridge link set dev p-c flood off")
    lab.run("ip netns exec a ping -c 2 -i 0.2 10.0.0.2")
    assert _rx(lab, "c") == 1          # only the broadcast


@pytest.mark.parametrize("lazy", [True, False])
def test_bcast_flood_off_cuts_a_host_off_from_arp(lab, monkeypatch, lazy):
    monkeypatch.setattr(flood, "LAZY", lazy)
    lab.run("ip netns exec a ping -c 1 -W 1 10.0.0.2")                    # a first flood
    lab.run("ip -n sw link set p-c type bridge_slave bcast_flood off")
    assert "0 received" in lab.run("ip netns exec b ping -c 1 -W 1 10.0.0.3").stdout
    lab.run("ip -n sw link set p-c type bridge_slave bcast_flood on")
    assert "1 received" in lab.run("ip netns exec b ping -c 1 -W 1 10.0.0.3").stdout


def test_hairpin_sends_a_frame_back_out_of_its_port(lab):
    lab.run("ip netns exec sw bridge fdb add 02:00:00:00:00:99 dev p-a master static\n"
            "ip -n a neigh add 10.0.0.99 lladdr 02:00:00:00:00:99 dev e-a")
    before = _rx(lab, "a")
    lab.run("ip netns exec a ping -c 1 -W 1 10.0.0.99")
    assert _rx(lab, "a") == before
    lab.run("ip netns exec sw bridge link set dev p-a hairpin on")
    lab.run("ip netns exec a ping -c 1 -W 1 10.0.0.99")
    assert _rx(lab, "a") == before + 1


def test_isolated_ports_do_not_talk_to_each_other(lab):
    lab.run("ip -n sw link set p-a type bridge_slave isolated on; ip -n sw link set p-b type bridge_slave isolated on")
    assert "0 received" in lab.run("ip netns exec a ping -c 1 -W 1 10.0.0.2").stdout
    assert "1 received" in lab.run("ip netns exec a ping -c 1 -W 1 10.0.0.3").stdout


def test_a_port_that_leaves_forgets_its_flags_and_flush_keeps_static(lab):
    lab.run("ip netns exec a ping -c 1 -W 1 10.0.0.2")
    lab.run("ip netns exec sw bridge fdb add 02:00:00:00:00:98 dev p-a master static")
    lab.run("ip -n sw link set p-a type bridge_slave fdb_flush learning off")
    out = lab.run("ip netns exec sw bridge fdb show dev p-a").stdout
    assert "02:00:00:00:00:98" in out and _fdb_lines(lab, "p-a") == 1
    lab.run("ip -n sw link set p-a nomaster; ip -n sw link set p-a master br0")
    assert "learning on" in lab.run("ip netns exec sw bridge -d link show dev p-a").stdout


def test_bridge_device_counters_and_flag_helpers(lab):
    lab.run("ip netns exec a ping -c 1 -W 1 10.0.0.2")
    br = lab.network.machines["host"].netns["sw"].link_by_name("br0")
    assert br.stats["rx_packets"] == 1 and br.stats["rx_bytes"] == 28      # the ARP broadcast, no Ethernet header
    port = br.port_list[0]
    assert port_flags.plain(port) and port_flags.learns(port)
    assert not port_flags.floods_to(port, port_flags.UNICAST, port, False)
    port.port_opts = {"bcast_flood": "off"}
    assert not port_flags.floods_to(port, port_flags.BROADCAST, None, False)
    assert port_flags.floods_to(port, port_flags.BROADCAST, None, True)      # the bridge's own broadcast


def test_neigh_suppress_answers_from_the_bridge_and_keeps_the_request_away(lab):
    sw = lab.network.machines["host"].netns["sw"]
    b_mac = lab.network.machines["host"].netns["b"].link_by_name("e-b").mac
    lab.run(f"ip -n sw addr add 10.0.0.254/24 dev br0; ip -n sw neigh add 10.0.0.2 lladdr {b_mac} dev br0\n"
            "ip netns exec sw bridge link set dev p-b neigh_suppress on\n"
            "ip netns exec a ping -c 1 10.0.0.2; ip -n a neigh flush dev e-a")
    before = _rx(lab, "b")
    assert "1 received" in lab.run("ip netns exec a ping -c 1 10.0.0.2").stdout
    assert _rx(lab, "b") == before + 1                   # the echo request only: the bridge answered the ARP
    assert sw.link_by_name("br0") is not None


def test_a_proxy_arp_port_gets_no_floods_but_its_requests_are_answered(lab):
    b_mac = lab.network.machines["host"].netns["b"].link_by_name("e-b").mac
    lab.run(f"ip -n sw neigh add 10.0.0.9 lladdr {b_mac} dev br0; ip netns exec b ping -c 1 -W 1 10.0.0.1\n"
            "ip -n sw link set p-c type bridge_slave proxy_arp on")
    assert "0 received" in lab.run("ip netns exec a ping -c 1 -W 1 10.0.0.3").stdout
    lab.run("ip netns exec c ping -c 1 -W 1 10.0.0.9")
    assert lab.run("ip -n c neigh show 10.0.0.9").stdout.split()[-1] == "REACHABLE"


def test_port_numbers_are_the_lowest_free_and_make_the_port_id():
    lab = Lab()
    lab.run("ip link add br0 type bridge\n" + "\n".join(
        f"ip link add c{i} type veth peer name d{i}; ip link set c{i} master br0" for i in (1, 2, 3)))
    lab.run("ip link set c1 nomaster; ip link add c4 type veth peer name d4; ip link set c4 master br0\n"
            "bridge link set dev c2 priority 5")
    ids = {name: lab.run(f"ip -d link show {name}").stdout.split("port_id ")[1].split()[0:5:2] for name in ("c2", "c4")}
    assert ids == {"c2": ["0x1402", "0x2", "5122"], "c4": ["0x8001", "0x1", "32769"]}
