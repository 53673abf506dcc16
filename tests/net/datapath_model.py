"""Builds small topologies on the model through NETCORE's mutation functions (no command layer)."""
from __future__ import annotations

import ipaddress

from course_lib.net import addrs, links, namespaces
from course_lib.net.link import Link
from course_lib.net.machine import Machine
from course_lib.net.netns import NetNS, Route
from course_lib.net.routing import insert_route
from course_lib.net.switch import Switch
from course_lib.net.world import Network


def machine(net: Network, name: str) -> Machine:
    m = Machine(name=name, network=net)
    net.machines[name] = m
    lo = links.create_loopback(m.root)
    links.set_up(lo, True)
    return m


def netns(m: Machine, name: str) -> NetNS:
    return namespaces.netns_add(m, name)


def up(*ls: Link) -> None:
    for link in ls:
        links.set_up(link, True)


def veth(ns1: NetNS, n1: str, ns2: NetNS, n2: str, set_up: bool = True) -> tuple[Link, Link]:
    a, b = links.create_veth(ns1, n1, n2, ns2)
    if set_up:
        up(a, b)
    return a, b


def bridge(ns: NetNS, name: str) -> Link:
    br = links.create_bridge(ns, name)
    up(br)
    return br


def enslave(port: Link, br: Link) -> None:
    links.set_master(port, br)


def switch(net: Network, name: str) -> Switch:
    sw = Switch(name=name)
    net.switches[name] = sw
    return sw


def nic(m: Machine, sw: Switch, name: str = "eth0") -> Link:
    link = links.create_nic(m.root, name, sw)
    up(link)
    return link


def add_addr(link: Link, cidr: str):
    iface = ipaddress.IPv4Interface(cidr)
    brd = iface.network.broadcast_address if iface.network.prefixlen < 31 else None
    return addrs.add_address(link, iface, broadcast=brd)


def add_route(ns: NetNS, dst: str, via: str | None = None, dev: Link | None = None, metric: int = 0) -> Route:
    net = ipaddress.IPv4Network("0.0.0.0/0" if dst == "default" else dst)
    gw = ipaddress.IPv4Address(via) if via else None
    if dev is None and gw is not None:
        for r in ns.routes:
            if r.table == 254 and r.gateway is None and r.dev is not None and gw in r.dst:
                dev = r.dev
    r = Route(dst=net, dev=dev, gateway=gw, metric=metric, scope="global" if gw else "link")
    insert_route(ns, r)
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
