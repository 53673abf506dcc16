"""lab.draw()'s picture: the graph built from a hand-made model, and a figure drawn from it."""
from __future__ import annotations

import ipaddress

import matplotlib

matplotlib.use("Agg")

from course_lib.net.link import BRIDGE, ETHER, LOOPBACK, VETH, Link  # noqa: E402
from course_lib.net.machine import Machine  # noqa: E402
from course_lib.net.netns import Address, NetNS  # noqa: E402
from course_lib.net.switch import Switch  # noqa: E402
from course_lib.net.world import Network  # noqa: E402
from course_lib.widgets import topology  # noqa: E402


def add_link(ns: NetNS, name: str, kind: str, **kw) -> Link:
    link = Link(name=name, kind=kind, ifindex=ns.alloc_ifindex(), mac=ns.machine.network.new_mac(), netns=ns, **kw)
    ns.links[link.ifindex] = link
    return link


def machine(net: Network, name: str) -> Machine:
    m = net.machines[name] = Machine(name, net)
    add_link(m.root, "lo", LOOPBACK, admin_up=True)
    return m


def small_lab() -> Network:
    net = Network(seed=0)
    sw = net.switches["SW1"] = Switch("SW1")
    for name, ip in (("A", "192.168.1.10/24"), ("B", "192.168.1.11/24")):
        m = machine(net, name)
        eth0 = add_link(m.root, "eth0", ETHER, switch=sw)
        sw.ports.append(eth0)
        m.root.addresses.append(Address(eth0, ipaddress.ip_interface(ip)))
    a = net.machines["A"]
    red = a.netns["red"] = NetNS(name="red", machine=a)
    br = add_link(a.root, "v-net-0", BRIDGE, admin_up=True)
    a.root.addresses.append(Address(br, ipaddress.ip_interface("192.168.15.5/24")))
    outer = add_link(a.root, "veth-red-br", VETH, master=br)
    inner = add_link(red, "veth-red", VETH)
    outer.peer, inner.peer = inner, outer
    red.addresses.append(Address(inner, ipaddress.ip_interface("192.168.15.1/24")))
    return net


def test_graph_has_machines_netns_switch_bridge_and_labelled_ends():
    g = topology.build_graph(small_lab())
    kinds = dict(g.nodes(data="kind"))
    assert kinds == {"A": "machine", "B": "machine", "A/red": "netns", "SW1": "switch", "A:v-net-0": "bridge"}
    assert g.edges["A", "SW1"]["kind"] == "cable"
    assert g.edges["A", "SW1"]["ends"][0].label == "eth0\n192.168.1.10/24"
    veth = g.edges["A:v-net-0", "A/red"]
    assert veth["kind"] == "veth"
    assert {e.label for e in veth["ends"]} == {"veth-red-br", "veth-red\n192.168.15.1/24"}
    assert g.edges["A", "A/red"]["kind"] == "contains"
    assert g.edges["A", "A:v-net-0"]["ends"][1].label == "192.168.15.5/24"


def test_draw_returns_a_figure_with_every_label_and_is_deterministic():
    fig = topology.draw(small_lab())
    texts = [t.get_text() for t in fig.axes[0].texts]
    for label in ("A", "B", "SW1", "A/red", "v-net-0", "eth0\n192.168.1.10/24", "veth-red\n192.168.15.1/24"):
        assert label in texts
    pos1 = topology.layout(topology.build_graph(small_lab()))
    pos2 = topology.layout(topology.build_graph(small_lab()))
    assert {k: tuple(v) for k, v in pos1.items()} == {k: tuple(v) for k, v in pos2.items()}


def test_twenty_machines_on_one_switch_still_draw():
    net = Network(seed=1)
    sw = net.switches["SW1"] = Switch("SW1")
    for i in range(20):
        m = machine(net, f"H{i}")
        link = add_link(m.root, "eth0", ETHER, switch=sw)
        sw.ports.append(link)
    fig = topology.draw(net)
    assert len(topology.build_graph(net)) == 21
    assert fig.get_size_inches()[0] <= 16


def test_network_of_rejects_a_lab_without_a_model():
    class RealLab:
        backend_name = "real"
    try:
        topology.network_of(RealLab())
    except TypeError as exc:
        assert "real backend" in str(exc)
    else:
        raise AssertionError("expected TypeError")
