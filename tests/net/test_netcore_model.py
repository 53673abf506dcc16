"""The model under the `ip` command: route lookup, link lifecycle, netns, neighbours (NETCORE)."""
import ipaddress

import pytest

from course_lib import Lab
from course_lib.net.ifindex import nsid_of
from course_lib.net.neigh import neigh_lookup, neigh_update
from course_lib.net.routing import ENETUNREACH, route_lookup, select_src


def run(lab, *cmds, host="host"):
    for cmd in cmds:
        r = lab.host(host).run(cmd)
        assert r.returncode == 0, (cmd, r.stderr)


@pytest.fixture
def lab():
    lab = Lab()
    run(lab, "ip link add va type veth peer name vb", "ip addr add 10.0.0.1/24 dev va", "ip link set va up",
        "ip link set vb up")
    return lab


def root(lab, host="host"):
    return lab.network.machines[host].root


def test_longest_prefix_then_metric(lab):
    run(lab, "ip route add 10.8.0.0/16 via 10.0.0.2", "ip route add 10.8.1.0/24 via 10.0.0.3 metric 10",
        "ip route add 10.8.1.0/24 via 10.0.0.4 metric 5", "ip route add default via 10.0.0.9")
    ns = root(lab)
    assert str(route_lookup(ns, "10.8.1.7")[0].gateway) == "10.0.0.4"
    assert str(route_lookup(ns, "10.8.2.7")[0].gateway) == "10.0.0.2"
    assert str(route_lookup(ns, "1.2.3.4")[0].gateway) == "10.0.0.9"


def test_local_table_first(lab):
    route, err = route_lookup(root(lab), "10.0.0.1")
    assert err is None and route.type == "local"


def test_errors_of_special_routes_and_no_route(lab):
    run(lab, "ip route add blackhole 10.2.0.0/16", "ip route add unreachable 10.3.0.0/16",
        "ip route add prohibit 10.4.0.0/16")
    ns = root(lab)
    assert route_lookup(ns, "10.2.0.1") == (None, "Invalid argument")
    assert route_lookup(ns, "10.3.0.1") == (None, "No route to host")
    assert route_lookup(ns, "10.4.0.1") == (None, "Permission denied")
    assert route_lookup(ns, "8.8.8.8") == (None, ENETUNREACH)


def test_oif_without_route_assumes_on_link(lab):
    ns = root(lab)
    va = ns.link_by_name("va")
    route, err = route_lookup(ns, "8.8.8.8", oif=va)
    assert err is None and route.dev is va and route.scope == "link"


def test_routes_follow_link_and_address(lab):
    run(lab, "ip route add 10.9.0.0/16 via 10.0.0.2", "ip route add 10.7.0.0/16 dev va src 10.0.0.1")
    ns = root(lab)
    assert route_lookup(ns, "10.9.1.1")[0] is not None
    run(lab, "ip addr del 10.0.0.1/24 dev va")
    assert route_lookup(ns, "10.7.0.1") == (None, ENETUNREACH)        # src route died with the address
    run(lab, "ip addr add 10.0.0.1/24 dev va", "ip route add 10.9.0.0/16 via 10.0.0.2", "ip link set va down")
    assert route_lookup(ns, "10.9.1.1") == (None, ENETUNREACH)
    run(lab, "ip link set va up")
    assert route_lookup(ns, "10.9.1.1") == (None, ENETUNREACH)        # static routes do not come back
    assert route_lookup(ns, "10.0.0.7")[0].proto == "kernel"


def test_select_src_prefers_the_subnet(lab):
    run(lab, "ip addr add 172.16.0.1/16 dev va")
    ns = root(lab)
    va = ns.link_by_name("va")
    assert str(select_src(ns, va, ipaddress.ip_address("172.16.3.3"))) == "172.16.0.1"
    assert str(select_src(ns, va, ipaddress.ip_address("10.0.0.9"))) == "10.0.0.1"


def test_netns_move_keeps_ifindex_and_drops_addresses(lab):
    run(lab, "ip netns add red")
    ns = root(lab)
    va = ns.link_by_name("va")
    index = va.ifindex
    run(lab, "ip link set va netns red")
    red = lab.network.machines["host"].netns["red"]
    assert va.netns is red and va.ifindex == index and not va.admin_up
    assert not [a for a in red.addresses if a.link is va] and not [r for r in ns.routes if r.dev is va]
    assert nsid_of(ns, red) == 0 and nsid_of(red, ns) == 0


def test_moved_link_takes_a_new_ifindex_when_taken():
    lab = Lab()
    run(lab, "ip netns add red", "ip -n red link add x0 type bridge", "ip -n red link add x1 type bridge",
        "ip link add va type veth peer name vb")          # vb=2, va=3 in the root netns
    run(lab, "ip link set va netns red")                  # red already has ifindex 3 (x1)
    red = lab.network.machines["host"].netns["red"]
    assert red.link_by_name("va").ifindex == 4


def test_deleting_one_veth_end_deletes_both(lab):
    run(lab, "ip link del vb")
    assert root(lab).link_by_name("va") is None


def test_netns_delete_destroys_veths_and_frees_the_peer():
    lab = Lab()
    run(lab, "ip netns add red", "ip link add v0 type veth peer name v1 netns red", "ip link add br0 type bridge",
        "ip link set v0 master br0", "ip netns del red")
    ns = root(lab)
    assert ns.link_by_name("v0") is None and ns.link_by_name("br0").port_list == []


def test_netns_delete_returns_nics_to_the_root():
    lab = Lab()
    lab.add_switch("S")
    lab.connect("host", "S", "eth0")
    run(lab, "ip netns add red", "ip link set eth0 netns red", "ip netns del red")
    assert root(lab).link_by_name("eth0") is not None


def test_neighbour_updates_from_the_datapath(lab):
    ns = root(lab)
    va = ns.link_by_name("va")
    neigh_update(ns, "10.0.0.2", va, None, "INCOMPLETE")
    assert neigh_lookup(ns, "10.0.0.2").state == "INCOMPLETE"
    neigh_update(ns, "10.0.0.2", va, "02:00:00:00:00:02", "REACHABLE")
    entry = neigh_lookup(ns, "10.0.0.2", va)
    assert entry.mac == "02:00:00:00:00:02" and entry.state == "REACHABLE"
    run(lab, "ip neigh replace 10.0.0.2 lladdr 02:00:00:00:00:99 dev va")
    neigh_update(ns, "10.0.0.2", va, "02:00:00:00:00:02", "REACHABLE")     # PERMANENT is kept
    assert neigh_lookup(ns, "10.0.0.2").mac == "02:00:00:00:00:99"
    r = lab.run("ip neigh show 10.0.0.2")
    assert r.stdout == "10.0.0.2 dev va lladdr 02:00:00:00:00:99 PERMANENT \n"


def test_bridge_learns_macs_of_links_coming_up_behind_ports():
    lab = Lab()
    run(lab, "ip netns add red", "ip link add br0 type bridge", "ip link set br0 up",
        "ip link add v0 type veth peer name v1 netns red", "ip link set v0 master br0", "ip link set v0 up",
        "ip -n red link set v1 up")
    red_mac = lab.network.machines["host"].netns["red"].link_by_name("v1").mac
    out = lab.run("bridge fdb show br br0").stdout
    assert f"{red_mac} dev v0 master br0 \n" in out


def test_lab_hosts_are_separate_machines():
    lab = Lab()
    lab.add_host("A")
    run(lab, "ip netns add red", "hostname lab-host")
    assert lab.host("A").run("ip netns").stdout == ""
    assert lab.host("A").run("hostname").stdout == "A\n"
    assert lab.run("hostname").stdout == "lab-host\n"
    assert lab.host("A").run("ip -br link").stdout == \
        "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n"


def test_connected_nic_is_down_without_address_then_up():
    lab = Lab()
    lab.add_switch("S")
    lab.connect("host", "S")
    r = lab.run("ip addr show eth0")
    assert "<BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN" in r.stdout and "inet" not in r.stdout
    run(lab, "ip link set eth0 up")
    assert "<BROADCAST,MULTICAST,UP,LOWER_UP>" in lab.run("ip link show eth0").stdout
