"""Netfilter speed with kube-proxy-sized nat tables: per-packet time with 10 vs 1,000 services, and load time.

Run: python benchmarks/netfilter_services.py   (prints the times and the 1000/10 ratio, which should stay ~1)
"""
from __future__ import annotations

import ipaddress
import time

from course_lib.net.link import Link
from course_lib.net.machine import Machine
from course_lib.net.netfilter import nf_hook
from course_lib.net.netns import Address
from course_lib.net.packet import Packet
from course_lib.net.world import Network
from course_lib.shell.context import ExecContext
from course_lib.shell.iptables_save import iptables_restore


def kube_proxy_rules(n: int, endpoints: int = 3) -> str:
    """An iptables-restore input shaped like kube-proxy's nat table for n services."""
    chains = [":KUBE-SERVICES - [0:0]", ":KUBE-MARK-MASQ - [0:0]", ":KUBE-POSTROUTING - [0:0]",
              ":KUBE-NODEPORTS - [0:0]"]
    rules = ['-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
             '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
             '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
             "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
             "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
             "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
             '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" '
             "-j MASQUERADE --random-fully"]
    for i in range(n):
        vip = f"10.96.{i // 250}.{i % 250 + 1}"
        svc = f"KUBE-SVC-{i:016d}"
        chains.append(f":{svc} - [0:0]")
        rules.append(f'-A KUBE-SERVICES -d {vip}/32 -p tcp -m comment --comment "default/svc{i}:http cluster IP" '
                     f"-m tcp --dport 80 -j {svc}")
        rules.append(f'-A {svc} ! -s 10.244.0.0/16 -d {vip}/32 -p tcp -m comment --comment "default/svc{i}:http '
                     f'cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ')
        for e in range(endpoints):
            sep = f"KUBE-SEP-{i:012d}{e:04d}"
            pod = f"10.244.{(i * endpoints + e) // 250}.{(i * endpoints + e) % 250 + 2}"
            chains.append(f":{sep} - [0:0]")
            left = endpoints - e
            stat = f"-m statistic --mode random --probability {1 / left:.11f} " if left > 1 else ""
            rules.append(f'-A {svc} -m comment --comment "default/svc{i}:http -> {pod}:8080" {stat}-j {sep}')
            rules.append(f'-A {sep} -s {pod}/32 -m comment --comment "default/svc{i}:http" -j KUBE-MARK-MASQ')
            rules.append(f'-A {sep} -p tcp -m comment --comment "default/svc{i}:http" -m tcp '
                         f"-j DNAT --to-destination {pod}:8080")
    rules.append('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the '
                 'last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS')
    return "*nat\n" + "\n".join(chains) + "\n" + "\n".join(rules) + "\nCOMMIT\n"


def node(n: int) -> tuple[Network, Machine, Link, Link, float]:
    net = Network()
    m = Machine("node", net)
    ns = m.root
    links = []
    for name, addr in (("eth0", "192.168.0.10/24"), ("cni0", "10.244.0.1/16")):
        link = Link(name=name, kind="ether", ifindex=ns.alloc_ifindex(), mac="02:00:00:00:00:01", netns=ns,
                    admin_up=True)
        ns.links[link.ifindex] = link
        ns.addresses.append(Address(link=link, interface=ipaddress.IPv4Interface(addr)))
        links.append(link)
    text = kube_proxy_rules(n)
    t0 = time.perf_counter()
    r = iptables_restore(ExecContext(m, ns), ["iptables-restore"], text)
    assert r.returncode == 0, r.stderr
    return net, m, links[0], links[1], time.perf_counter() - t0


def per_packet(n: int, packets: int = 3000) -> tuple[float, float]:
    net, m, eth0, cni0, load = node(n)
    ns = m.root
    t0 = time.perf_counter()
    for k in range(packets):
        i = k % n
        pkt = Packet(src=ipaddress.IPv4Address("192.168.0.50"), dst=ipaddress.IPv4Address(f"10.96.{i // 250}.{i % 250 + 1}"),
                     proto="tcp", sport=10000 + k, dport=80, tcp_flags="S")
        nf_hook(ns, "PREROUTING", pkt, eth0, None)
        nf_hook(ns, "FORWARD", pkt, eth0, cni0)
        nf_hook(ns, "POSTROUTING", pkt, None, cni0)
        assert pkt.dst.packed[0] == 10 and pkt.dport == 8080
    return (time.perf_counter() - t0) / packets, load


def main() -> None:
    small, load_small = per_packet(10)
    big, load_big = per_packet(1000)
    print(f"new connection through the service path, 10 services:    {small * 1e6:8.1f} us")
    print(f"new connection through the service path, 1,000 services: {big * 1e6:8.1f} us")
    print(f"ratio 1000/10: {big / small:.2f} (about flat when <= 2)")
    print(f"iptables-restore of the nat table: 10 services {load_small * 1e3:.1f} ms, "
          f"1,000 services {load_big * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
