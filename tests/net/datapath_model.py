"""Builds small topologies straight on the model (no command layer) for the datapath tests."""
from __future__ import annotations

import ipaddress

from course_lib.net.link import BRIDGE, ETHER, LOOPBACK, VETH, Link
from course_lib.net.machine import Machine
from course_lib.net.netns import Address, NetNS, Route
from course_lib.net.switch import Switch
from course_lib.net.world import Network


def machine(net: Network, name: str) -> Machine:
    m = Machine(name=name, network=net)
    net.machines[name] = m
    lo = add_link(m.root, "lo", LOOPBACK)
    lo.admin_up = True
    add_addr(lo, "127.0.0.1/8", scope="host")
    return m


def netns(m: Machine, name: str) -> NetNS:
    ns = NetNS(name=name, machine=m)
    m.netns[name] = ns
    add_link(ns, "lo", LOOPBACK)
    return ns


def add_link(ns: NetNS, name: str, kind: str, mac: str | None = None) -> Link:
    if mac is None:
        mac = "00:00:00:00:00:00" if kind == LOOPBACK else ns.machine.network.new_mac()
    link = Link(name=name, kind=kind, ifindex=ns.alloc_ifindex(), mac=mac, netns=ns)
    ns.links[link.ifindex] = link
    return link


def veth(ns1: NetNS, n1: str, ns2: NetNS, n2: str, up: bool = True) -> tuple[Link, Link]:
    a = add_link(ns1, n1, VETH)
    b = add_link(ns2, n2, VETH)
    a.peer, b.peer = b, a
    a.admin_up = b.admin_up = up
    return a, b


def bridge(ns: NetNS, name: str) -> Link:
    br = add_link(ns, name, BRIDGE)
    br.admin_up = True
    return br


def enslave(port: Link, br: Link) -> None:
    port.master = br


def nic(m: Machine, sw: Switch, name: str = "eth0") -> Link:
    link = add_link(m.root, name, ETHER)
    link.switch = sw
    sw.ports.append(link)
    link.admin_up = True
    return link


def switch(net: Network, name: str) -> Switch:
    sw = Switch(name=name)
    net.switches[name] = sw
    return sw


def add_addr(link: Link, cidr: str, scope: str = "global") -> Address:
    iface = ipaddress.IPv4Interface(cidr)
    brd = iface.network.broadcast_address if iface.network.prefixlen < 31 else None
    a = Address(link=link, interface=iface, broadcast=brd, scope=scope)
    link.netns.addresses.append(a)
    if iface.network.prefixlen < 32 and link.kind != LOOPBACK:
        link.netns.routes.append(Route(dst=iface.network, dev=link, proto="kernel", scope="link",
                                       src=iface.ip))
    return a


def add_route(ns: NetNS, dst: str, via: str | None = None, dev: Link | None = None, metric: int = 0) -> Route:
    net = ipaddress.IPv4Network("0.0.0.0/0" if dst == "default" else dst)
    gw = ipaddress.IPv4Address(via) if via else None
    if dev is None and gw is not None:
        for r in ns.routes:
            if r.gateway is None and gw in r.dst:
                dev = r.dev
    r = Route(dst=net, dev=dev, gateway=gw, metric=metric, scope="global" if gw else "link")
    ns.routes.append(r)
    return r


def lan_pair(seed: int = 0):
    """Two machines A (192.168.1.10) and B (192.168.1.11) on switch SW1."""
    net = Network(seed=seed)
    sw = switch(net, "SW1")
    a, b = machine(net, "A"), machine(net, "B")
    ea, eb = nic(a, sw), nic(b, sw)
    add_addr(ea, "192.168.1.10/24")
    add_addr(eb, "192.168.1.11/24")
    return net, a, b
