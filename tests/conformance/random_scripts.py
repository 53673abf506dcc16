"""Seeded random conformance scenarios: learner-like command lines over the harness's topologies.

`random_scenario(seed)` gives a Scenario (conformance_harness) that is a pure function of the seed:
a topology (one host with its own netns and veths; a switch with two machines; netns joined by the
bridge v-net-0; two nets and a router), then lines that mostly succeed and build on each other
(links, addresses, routes, neighbours, netns, bridges, sysctls, pings inside the lab, iptables rules,
conntrack) mixed with the mistakes a learner makes (typos, missing words, unknown devices, duplicate
objects, bad prefixes, gateways not on-link, wrong netns). The "wide" profile (the default) adds the
actions of random_areas.py; "classic" draws these first areas only, so its seeds keep their lines. The generator keeps a rough model of what
the lines built only to choose likely-valid arguments: both sides run the same lines, so a guess that
turns out wrong is just one more error case.

Kernel races the generator avoids: a read of link state right after a link changed gets a `sleep 1`
first, 2 s once there is a bridge (linkwatch sets operstate, a bridge's carrier one round later, and
flushes a carrier-less device's neighbours); packet counters (`-s`) are read on `lo` only (IPv6
DAD/MLD chatter on the other links has random delays); neighbour dumps are sorted (the kernel lists
them in hash order, random per boot); no `-d` on bridge ports (running timers); bridge fdb counts only
permanent entries (what a bridge learns in the first seconds comes from IPv6 chatter at random times);
an ARP settle (`sleep 3`) before a neighbour read, a conntrack dump or a second ping from a place
that pinged (an unanswered resolution turns FAILED 3 s after its first probe; until then the queued
packet holds its connection: use=2). Ping targets and route gateways are
lab addresses only (everything runs in the harness's private namespaces).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Optional

from conformance_harness import Scenario, topology
from random_areas import WideActions
from random_iptables import iptables_line

TOPOLOGIES = ("single", "switch", "bridge", "router")
PROFILES = ("wide", "classic")      # classic: the areas of the first random scripts only (its seeds keep their lines)


@dataclass
class Link:
    name: str
    kind: str                              # lo, veth, bridge, nic
    seg: int = 0                           # the 10.SEG.0.0/24 net it belongs to (0: none)
    up: bool = False
    master: Optional[str] = None
    addrs: list[str] = field(default_factory=list)


@dataclass
class Place:
    """One netns of one machine (ns None: the machine's own)."""
    machine: str
    ns: Optional[str]
    links: dict[str, Link] = field(default_factory=dict)
    routes: list[str] = field(default_factory=list)
    rules: list[tuple[str, str]] = field(default_factory=list)   # (table, "-A CHAIN ...") for -D
    chains: list[str] = field(default_factory=list)

    def ip(self, rng: random.Random, rest: str) -> str:
        if self.ns is None:
            return f"ip {rest}"
        return f"ip -n {self.ns} {rest}" if rng.random() < 0.7 else f"ip netns exec {self.ns} ip {rest}"

    def tool(self, rest: str) -> str:
        return rest if self.ns is None else f"ip netns exec {self.ns} {rest}"

    def nets(self) -> list[str]:
        return [a for link in self.links.values() if link.up for a in link.addrs if not a.startswith("127.")]


class Generator(WideActions):
    def __init__(self, seed: int, length: int = 30, profile: str = "wide"):
        self.rng = random.Random(seed)
        self.seed, self.length, self.profile = seed, length, profile
        self.places: dict[tuple[str, Optional[str]], Place] = {}
        self.steps: list[tuple[str, str]] = []
        self.hosts: list[str] = []
        self.switches: list[str] = []
        self.cables: list[tuple[str, str, Optional[str]]] = []
        self.next_seg, self.next_host = 10, {}
        self.dirty = False                 # a link changed since the last sleep: reads wait for linkwatch
        self.traffic = False
        self.pinged: set[tuple[str, Optional[str]]] = set()    # places that pinged since the last ARP settle

    # ------------------------------------------------------------ bookkeeping
    def place(self, machine: str, ns: Optional[str]) -> Place:
        key = (machine, ns)
        if key not in self.places:
            self.places[key] = Place(machine, ns, {"lo": Link("lo", "lo", addrs=["127.0.0.1/8"])})
        return self.places[key]

    def emit(self, place: Place, line: str) -> None:
        self.steps.append((place.machine, line))

    def new_seg(self) -> int:
        self.next_seg += 1
        return self.next_seg

    def new_addr(self, seg: int) -> str:
        self.next_host[seg] = self.next_host.get(seg, 0) + 1
        return f"10.{seg}.0.{self.next_host[seg]}"

    def all_addrs(self) -> list[str]:
        return [a.split("/")[0] for p in self.places.values() for link in p.links.values()
                for a in link.addrs if not a.startswith("127.")]

    def pick(self, items):
        return self.rng.choice(list(items))

    def fresh_name(self, place: Place, stem: str) -> str:
        n = 0
        while f"{stem}{n}" in place.links:
            n += 1
        return f"{stem}{n}"

    def netns_of(self, machine: str) -> list[str]:
        return sorted(ns for (m, ns) in self.places if m == machine and ns is not None)

    def settle(self) -> None:
        """Wait for linkwatch before a read: 1 s; 2 s with a bridge, whose carrier follows its ports' (a
        second, non-urgent linkwatch round)."""
        if self.dirty:
            bridged = any(link.kind == "bridge" for q in self.places.values() for link in q.links.values())
            self.emit(self.place(self.hosts[0] if self.hosts else "host", None), f"sleep {2 if bridged else 1}")
            self.dirty = False

    def arp_settle(self, p: Optional[Place] = None) -> None:
        """Let the ARP resolutions that pings started end before a neighbour read (p None) or another ping
        from the same place: an unanswered one turns FAILED 3 s after its first probe, and a read or a
        ping near that moment races the kernel's neighbour timer."""
        if self.pinged and (p is None or (p.machine, p.ns) in self.pinged):
            self.emit(self.place(self.hosts[0] if self.hosts else "host", None), "sleep 3")
            self.pinged.clear()
            self.dirty = False

    # ------------------------------------------------------------ topologies
    def top_single(self) -> None:
        host = self.place("host", None)
        self.emit(host, "ip link set lo up")
        host.links["lo"].up = True
        for _ in range(self.rng.randint(1, 3)):
            self.act_link(host, roll=self.rng.random() * 0.35)
        for link in list(host.links.values())[1:]:
            if self.rng.random() < 0.7:
                self.addr_add(host, link, valid=True)
                self.link_updown(host, link, True)

    def top_switch(self) -> None:
        self.hosts, self.switches = ["A", "B"], ["SW1"]
        self.cables = [("A", "SW1", "eth0"), ("B", "SW1", "eth0")]
        seg = self.new_seg()
        for name in self.hosts:
            p = self.place(name, None)
            p.links["lo"].up = True
            p.links["eth0"] = Link("eth0", "nic", seg)
            if self.rng.random() < 0.7:
                self.addr_add(p, p.links["eth0"], valid=True)
                self.link_updown(p, p.links["eth0"], True)

    def top_bridge(self) -> None:
        host = self.place("host", None)
        self.emit(host, "ip link add v-net-0 type bridge")
        seg = self.new_seg()
        host.links["v-net-0"] = Link("v-net-0", "bridge", seg)
        self.link_updown(host, host.links["v-net-0"], True)
        for ns in ("red", "blue"):
            self.emit(host, f"ip netns add {ns}")
            p = self.place("host", ns)
            self.emit(host, f"ip link add veth-{ns} type veth peer name veth-{ns}-br")
            self.emit(host, f"ip link set veth-{ns} netns {ns}")
            self.emit(host, f"ip link set veth-{ns}-br master v-net-0")
            p.links[f"veth-{ns}"] = Link(f"veth-{ns}", "veth", seg)
            host.links[f"veth-{ns}-br"] = Link(f"veth-{ns}-br", "veth", seg, master="v-net-0")
            self.addr_add(p, p.links[f"veth-{ns}"], valid=True)
            self.link_updown(p, p.links[f"veth-{ns}"], True)
            self.link_updown(host, host.links[f"veth-{ns}-br"], True)
        if self.rng.random() < 0.6:
            self.addr_add(host, host.links["v-net-0"], valid=True)

    def top_router(self) -> None:
        host = self.place("host", None)
        for line in topology("a_r_b").splitlines():
            self.emit(host, line)
        for ns, links in (("a", {"va": (1, "10.1.0.2/24")}), ("b", {"vb": (2, "10.2.0.2/24")}),
                          ("r", {"ra": (1, "10.1.0.1/24"), "rb": (2, "10.2.0.1/24")})):
            p = self.place("host", ns)
            p.links["lo"].up = True
            for name, (seg, addr) in links.items():
                p.links[name] = Link(name, "veth", seg, up=True, addrs=[addr])
            if ns != "r":
                p.routes.append("default")
        self.next_host = {1: 2, 2: 2}
        self.dirty = True
        if self.rng.random() < 0.6:
            self.emit(host, "ip netns exec r sysctl -w net.ipv4.ip_forward=1")

    # ------------------------------------------------------------ actions that build
    def addr_add(self, p: Place, link: Link, valid: bool) -> None:
        seg = link.seg or self.new_seg()
        link.seg = seg
        addr = self.new_addr(seg)
        prefix = self.rng.choice(["/24"] * 8 + ["", "/16", "/32"])
        if not valid:
            addr, prefix = self.rng.choice([(addr, "/33"), (f"10.{seg}.0.256", "/24"), (addr, "/-1"),
                                            (addr, "/24 dev"), (f"10.{seg}.0", "/24"), (addr, "/24 brd")])
        self.emit(p, p.ip(self.rng, f"addr add {addr}{prefix} dev {link.name}"))
        if valid:
            link.addrs.append(addr + (prefix or "/32"))

    def link_updown(self, p: Place, link: Link, up: bool) -> None:
        self.emit(p, p.ip(self.rng, f"link set {'dev ' if self.rng.random() < 0.3 else ''}{link.name} "
                                    f"{'up' if up else 'down'}"))
        link.up = up
        self.dirty = True

    def act_addr(self, p: Place) -> None:
        link = self.link(p)
        roll = self.rng.random()
        if roll < 0.6 and link.kind != "lo":
            self.addr_add(p, link, valid=self.rng.random() < 0.8)
        elif roll < 0.7 and link.addrs:
            self.emit(p, p.ip(self.rng, f"addr add {link.addrs[0]} dev {link.name}"))    # duplicate
        elif roll < 0.85 and link.addrs:
            addr = link.addrs.pop() if link.kind != "lo" else link.addrs[0]
            self.emit(p, p.ip(self.rng, f"addr del {addr} dev {link.name}"))
            if link.kind == "lo":
                link.addrs.remove(addr)
        elif roll < 0.9:                     # a device that is not there, or in another netns
            elsewhere = [name for q in self.places.values() if q is not p for name in q.links if name not in p.links]
            dev = self.pick(elsewhere) if elsewhere and self.rng.random() < 0.6 else f"nosuch{self.rng.randint(0, 9)}"
            self.emit(p, p.ip(self.rng, f"addr add 10.99.0.1/24 dev {dev}"))
        else:
            self.emit(p, p.ip(self.rng, f"addr flush dev {link.name}"))
            link.addrs.clear()

    def link(self, p: Place) -> Link:
        """A link of the place, seldom lo."""
        others = [link for link in p.links.values() if link.kind != "lo"]
        return self.pick(others) if others and self.rng.random() < 0.85 else self.pick(p.links.values())

    def act_link(self, p: Place, roll: Optional[float] = None) -> None:
        roll = self.rng.random() if roll is None else roll
        if roll < 0.25:
            name = self.fresh_name(p, "veth")
            peer = name + "p"
            seg = self.new_seg()
            typo = self.rng.random() < 0.15
            kind = self.rng.choice(["veht", "vet", "veth peer", "veth peer name"]) if typo else "veth"
            tail = "" if kind.startswith("veth peer") else f" peer name {peer}"
            self.emit(p, p.ip(self.rng, f"link add {name} type {kind}{tail}"))
            if not typo:
                p.links[name] = Link(name, "veth", seg)
                p.links[peer] = Link(peer, "veth", seg)
        elif roll < 0.35:
            name = self.fresh_name(p, "br")
            self.emit(p, p.ip(self.rng, f"link add {name} type bridge"))
            p.links[name] = Link(name, "bridge", self.new_seg())
        elif roll < 0.45 and p.links:
            link = self.link(p)                          # duplicate
            self.emit(p, p.ip(self.rng, f"link add {link.name} type {self.rng.choice(['bridge', 'dummy'])}"))
        elif roll < 0.7:
            link = self.link(p)
            self.link_updown(p, link, self.rng.random() < 0.75)
        elif roll < 0.8:
            bridges = [link for link in p.links.values() if link.kind == "bridge"]
            ports = [link for link in p.links.values() if link.kind in ("veth", "nic")]
            if bridges and ports:
                br, port = self.pick(bridges), self.pick(ports)
                if self.rng.random() < 0.8:
                    self.emit(p, p.ip(self.rng, f"link set {port.name} master {br.name}"))
                    port.master, port.seg = br.name, br.seg
                else:
                    self.emit(p, p.ip(self.rng, f"link set {port.name} nomaster"))
                    port.master = None
                self.dirty = True
            else:
                self.emit(p, p.ip(self.rng, "link set nosuch master v-net-0"))
        elif roll < 0.85:
            veths = [link for link in p.links.values() if link.kind == "veth" and link.master is None]
            others = self.netns_of(p.machine)
            if veths and others and p.ns is None:
                link, ns = self.pick(veths), self.pick(others)
                self.emit(p, p.ip(self.rng, f"link set {link.name} netns {ns}"))
                target = self.place(p.machine, ns)
                if link.name not in target.links:
                    del p.links[link.name]
                    link.up, link.addrs = False, []
                    target.links[link.name] = link
            else:
                self.emit(p, p.ip(self.rng, f"link set {self.pick(p.links)} netns nosuch"))
        elif roll < 0.92:
            candidates = [link for link in p.links.values() if link.kind in ("veth", "bridge")]
            if candidates:
                link = self.pick(candidates)
                self.emit(p, p.ip(self.rng, f"link del {link.name}"))
                del p.links[link.name]
                if link.kind == "veth":
                    p.links.pop(link.name[:-1] if link.name.endswith("p") else link.name + "p", None)
                self.dirty = True
            else:
                self.emit(p, p.ip(self.rng, "link del nosuch"))
        else:
            link = self.link(p)
            self.emit(p, p.ip(self.rng, self.rng.choice([
                f"link set {link.name} mtu {self.rng.choice([1400, 1500, 9000, 70000])}" if link.kind != "lo"
                else f"link set {link.name} mtu 1500",
                f"link set {link.name} upp", f"link sett {link.name} up", f"line set {link.name} up",
                f"link set dev {link.name}", f"link set {link.name} up down"])))
            self.dirty = self.dirty or self.profile == "wide"     # `up down` and an MTU change: linkwatch

    def act_route(self, p: Place) -> None:
        nets = p.nets()
        roll = self.rng.random()
        dest = f"10.{self.rng.randint(60, 69)}.0.0/{self.rng.choice([16, 24, 24])}"
        if nets and roll < 0.45:
            addr = self.pick(nets)
            base = addr.split("/")[0].rsplit(".", 1)[0]
            onlink = self.rng.random() < 0.8
            gw = f"{base}.{self.rng.randint(1, 9)}" if onlink else f"10.{self.rng.randint(70, 79)}.0.1"
            dest = "default" if self.rng.random() < 0.3 else dest
            verb = self.rng.choice(["add"] * 5 + ["replace", "append"])
            self.emit(p, p.ip(self.rng, f"route {verb} {dest} via {gw}"
                                        f"{self.rng.choice(['', '', ' metric 100', ' dev ' + self.dev_of(p, addr)])}"))
            p.routes.append(dest)
        elif roll < 0.55:
            link = self.link(p)
            self.emit(p, p.ip(self.rng, f"route add {dest} dev {link.name}"))
            p.routes.append(dest)
        elif roll < 0.7 and p.routes:
            dest = self.pick(p.routes)
            self.emit(p, p.ip(self.rng, f"route del {dest}"))
            if dest in p.routes:
                p.routes.remove(dest)
        elif roll < 0.8:
            self.emit(p, p.ip(self.rng, self.rng.choice([
                f"route add {dest} via", f"route add {dest} gw 10.1.0.1", "route add 10.60.0.0/33 dev lo",
                f"route del {dest}", "route flush", f"route add {dest} dev nosuch",
                f"route flush dev {self.link(p).name}", f"route flush {dest}"])))
        else:
            targets = self.all_addrs() + ["10.60.0.1", "127.0.0.1"]
            self.emit(p, p.ip(self.rng, f"route get {self.pick(targets)}"))

    def dev_of(self, p: Place, addr: str) -> str:
        return next(link.name for link in p.links.values() if addr in link.addrs)

    def act_neigh(self, p: Place) -> None:
        link = self.link(p)
        roll = self.rng.random() if link.kind != "lo" else 0.9     # entries on lo: not a learner's
        base = f"10.{link.seg or 60}.0"
        if roll < 0.4:
            self.emit(p, p.ip(self.rng, f"neigh {self.rng.choice(['add', 'replace'])} {base}.{self.rng.randint(50, 59)} "
                                        f"lladdr 02:00:00:00:00:{self.rng.randint(10, 99)} dev {link.name}"
                                        f"{self.rng.choice(['', '', ' nud permanent'])}"))
        elif roll < 0.6:
            self.emit(p, p.ip(self.rng, f"neigh del {base}.{self.rng.randint(50, 59)} dev {link.name}"))
        elif roll < 0.7:
            self.emit(p, p.ip(self.rng, self.rng.choice([
                f"neigh add {base}.5 dev {link.name}", f"neigh flush dev {link.name}", "neigh flush",
                f"neigh get {base}.{self.rng.randint(50, 59)} dev {link.name}", f"neigh del {base}.5"])))
        else:
            self.settle()                   # the kernel dumps neighbours in hash order (random per boot): sorted
            self.arp_settle()
            self.emit(p, p.ip(self.rng, self.rng.choice([
                "neigh", "neigh show", f"neigh show dev {link.name}", "-4 neigh", "neigh show nud permanent"]))
                      + self.neigh_states() + " | sort")

    def act_netns(self, p: Place) -> None:
        machine = p.machine
        roll = self.rng.random()
        name = self.rng.choice(["red", "blue", "green", "ns1"])
        if roll < 0.5:
            self.emit(p, f"ip netns add {name}")
            q = self.place(machine, name)
            if self.rng.random() < 0.5:
                self.emit(p, f"ip -n {name} link set lo up")
                q.links["lo"].up = True
        elif roll < 0.6:
            self.emit(p, self.rng.choice(["ip netns", "ip netns list", "ip netns ls"]))
        elif roll < 0.75:
            self.emit(p, self.rng.choice([f"ip netns exec nosuch ip link", "ip -n nosuch addr",
                                          f"ip netns del nosuch", "ip netns exec", "ip netns add"]))
        elif roll < 0.85 and self.netns_of(machine):
            ns = self.pick(self.netns_of(machine))
            if ns not in ("a", "r", "b", "red", "blue") or self.rng.random() < 0.2:
                self.emit(p, f"ip netns del {ns}")
                gone = self.places.pop((machine, ns))
                self.dirty = True
                root = self.place(machine, None)     # veths whose peer died go with it
                for link in list(root.links.values()):
                    if link.kind == "veth" and any(link.seg == q.seg for q in gone.links.values()):
                        root.links.pop(link.name)
        else:
            ns = self.pick(self.netns_of(machine) or ["nosuch"])
            self.settle()
            self.emit(p, f"ip netns exec {ns} {self.rng.choice(['ip -br addr', 'ip route', 'ip link', 'ip -br link'])}")

    def act_show(self, p: Place) -> None:
        self.settle()
        link = self.link(p)
        self.emit(p, p.ip(self.rng, self.rng.choice([
            "link", "link show", f"link show {link.name}", f"link show dev {link.name}", "-br link", "-o link",
            "addr", "a", f"addr show {link.name}", f"-4 addr show dev {link.name}", "-br addr", "-br -4 a",
            "-o -4 addr", "route", "r", "route show table main", f"route show dev {link.name}", "-4 route",
            "-s link show lo", "-d link show lo", "link show type bridge",
            "link show type veth" if not self.cables else "link show type bridge",   # a cable is a veth there
            f"link show master {link.name}", "-br link show up", "link show nosuch", "addr show dev nosuch",
            # a bridge port's details hold running timers (forward_delay_timer...): no -d there
            "-d link show " + link.name if link.kind == "veth" and not link.master else "-br addr show up"])))

    def act_tools(self, p: Place) -> None:
        self.settle()
        bridges = [link.name for link in p.links.values() if link.kind == "bridge"]
        choices = ["arp -n | sort", "route -n", "netstat -rn", "sysctl net.ipv4.ip_forward",
                   "cat /proc/sys/net/ipv4/ip_forward", "sysctl net.ipv4.no_such_key",
                   "sysctl -w net.ipv4.ip_forward=" + self.rng.choice("01"),
                   "sysctl net.ipv4.conf.all.forwarding", "sysctl net.ipv4.conf.lo.rp_filter"]
        if bridges:
            br = self.pick(bridges)
            choices += ["bridge link", f"bridge link show dev {self.pick(p.links)}",
                        f"bridge fdb show br {br} | grep permanent | wc -l", f"ip link show master {br}"]
        line = self.pick(choices)
        if line.startswith("arp"):
            self.arp_settle()
        if line.startswith("cat") and self.rng.random() < 0.5:
            line = f"echo {self.rng.choice('01')} > /proc/sys/net/ipv4/ip_forward"
            line = line if p.ns is None else f"ip netns exec {p.ns} sh -c '{line}'"
            self.emit(p, line)
            return
        self.emit(p, p.tool(line))

    def act_ping(self, p: Place) -> None:
        targets = self.all_addrs()
        if not targets or self.rng.random() < 0.1:
            segs = sorted({link.seg for q in self.places.values() for link in q.links.values() if link.seg})
            target = f"10.{self.pick(segs or [60])}.0.{self.rng.randint(200, 209)}"
        else:
            target = self.pick(targets)
        self.settle()
        self.arp_settle(p)
        opts = self.rng.choice(["-c 1 -W 1", "-c 1 -W 1", "-c 2 -i 0.2 -W 1", "-c 1 -W 1 -q"])
        self.emit(p, p.tool(f"ping {opts} {target}"))
        self.traffic = True
        self.pinged.add((p.machine, p.ns))

    def act_iptables(self, p: Place) -> None:
        line = iptables_line(self.rng, p, self.all_addrs(), self.traffic)
        if line.startswith("conntrack -L"):
            self.arp_settle()               # a packet queued on an unresolved neighbour holds its entry (use=2)
        self.emit(p, p.tool(line))

    # ------------------------------------------------------------ the script
    ACTIONS: tuple[tuple[str, int], ...] = (("act_addr", 10), ("act_link", 12), ("act_route", 10),
                                            ("act_neigh", 5), ("act_netns", 5), ("act_show", 14),
                                            ("act_tools", 7), ("act_ping", 10), ("act_iptables", 12))

    def scenario(self) -> Scenario:
        kind = self.rng.choice(TOPOLOGIES)
        getattr(self, f"top_{kind}")()
        names, weights = zip(*(self.ACTIONS + (self.WIDE_ACTIONS if self.profile == "wide" else ())))
        for _ in range(self.length):
            place = self.pick(self.places.values())
            action: Callable[[Place], None] = getattr(self, self.rng.choices(names, weights)[0])
            action(place)
        return Scenario(name=f"random-{self.seed}-{kind}{'-classic' if self.profile == 'classic' else ''}", steps=self.steps, hosts=self.hosts,
                        switches=self.switches, links=self.cables)


def random_scenario(seed: int, length: int = 30, profile: str = "wide") -> Scenario:
    """The scenario of one seed; the same seed always gives the same lines (per profile, PROFILES)."""
    return Generator(seed, length, profile).scenario()


def seed_range(text: str) -> list[int]:
    """"7" -> [7]; "1-300" -> [1, ..., 300]."""
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))
