"""The wider areas of the seeded random scripts: bridge fdb/vlan/port flags, policy routing, route types,
loopback edges, neighbour states and proxies, behaviour sysctls with traffic, NAT with UDP, traceroute.

`WideActions` is mixed into random_scripts.Generator (the "wide" profile; the "classic" profile gives
these actions no weight, so its seeds keep their old lines). Every method takes one Place and writes
one to a few lines, mostly valid and building on what the script made, some a learner's mistake.

Kernel races avoided here, on top of random_scripts' own: lab-chosen MACs are 02:0e:00:00:00:NN (the
harness keeps those, so fdb and neighbour listings are grepped for them and sorted); no neighbour is
added REACHABLE/DELAY/PROBE (their timers run out 15-45 s later, random per boot); UDP goes from a
fixed source port (`nc -p`), so conntrack lines need no rewriting; a ping or traceroute that can draw
ICMP errors waits a second after the one before (a router's per-peer ICMP rate limit: 6, then 1/s).
"""
from __future__ import annotations

MAC = "02:0e:00:00:00:{:02x}"
REJECTS = ("icmp-net-unreachable", "icmp-host-unreachable", "icmp-port-unreachable", "icmp-proto-unreachable",
           "icmp-net-prohibited", "icmp-host-prohibited", "icmp-admin-prohibited")
BEHAVIOUR_KEYS = {"rp_filter": "012", "arp_ignore": "0128", "arp_announce": "012", "accept_local": "01",
                  "send_redirects": "01", "forwarding": "01", "proxy_arp": "01", "arp_filter": "01",
                  "accept_redirects": "01", "route_localnet": "01"}


# The kernel keys every IPv4 neighbour on lo as 0.0.0.0 (arp_constructor), so `ip neigh add IP [lladdr M] dev lo`
# updates that one entry (made NOARP 00:00:00:00:00:00 by local traffic), and an entry whose lladdr is not lo's drops
# all local traffic: act_lo draws such lines (the sim models it since session 5: net.arp.loopback_entry).


class WideActions:
    """Actions for random_scripts.Generator; they use its rng, places, emit, settle and pick."""

    WIDE_ACTIONS: tuple[tuple[str, int], ...] = (
        ("act_fdb", 5), ("act_brport", 4), ("act_vlan", 1), ("act_rule", 5), ("act_route2", 7), ("act_lo", 3),
        ("act_neigh2", 5), ("act_sysctl", 5), ("act_nat", 6), ("act_udp", 4), ("act_trace", 4))

    # ------------------------------------------------------------ helpers
    def mac(self) -> str:
        return MAC.format(self.rng.randint(1, 40))

    def ports(self, p) -> list:
        return [link for link in p.links.values() if link.master]

    def bridges(self, p) -> list:
        return [link for link in p.links.values() if link.kind == "bridge"]

    def table(self) -> str:
        return self.rng.choice(["100", "100", "200", "main", "local", "default", "255", "nosuch"])

    def icmp_wait(self) -> None:
        """A second after the last line that could draw ICMP errors (their per-peer rate limit)."""
        if getattr(self, "icmp_lines", 0) and not self.steps[-1][1].startswith("sleep"):
            self.emit(self.place(self.hosts[0] if self.hosts else "host", None), "sleep 1")
        self.icmp_lines = 1

    def neigh_states(self) -> str:
        """Wide scripts run long enough for a confirmed entry to age: REACHABLE turns STALE after a random
        15-45 s (reachable_time, drawn per boot), so a neighbour read names the two alike (a kernel race)."""
        return " | sed -E 's/ (REACHABLE|STALE|DELAY|PROBE) *$/ REACHABLE-OR-STALE/'" if self.profile == "wide" else ""

    def gateway(self, p) -> str:
        nets = p.nets()
        if not nets:
            return f"10.{self.rng.randint(70, 79)}.0.1"
        base = self.pick(nets).split("/")[0].rsplit(".", 1)[0]
        return f"{base}.{self.rng.randint(1, 9)}"

    # ------------------------------------------------------------ bridge
    def act_fdb(self, p) -> None:
        ports, bridges = self.ports(p), self.bridges(p)
        if not ports:
            self.emit(p, p.tool(self.rng.choice([f"bridge fdb add {self.mac()} dev {self.link(p).name} master",
                                                 "bridge fdb show br nosuch", f"bridge fdb add {self.mac()} dev nosuch"])))
            return
        port = self.pick(ports)
        roll = self.rng.random()
        if roll < 0.45:
            where = self.rng.choice(["master", "master", "self", "master static", "master permanent",
                                     "self permanent", "master dynamic", "static", "", "master sticky"])
            verb = self.rng.choice(["add", "add", "add", "replace", "append"])
            dev = port.name if self.rng.random() < 0.85 else self.pick(bridges or ports).name
            self.emit(p, p.tool(f"bridge fdb {verb} {self.mac()} dev {dev} {where}".rstrip()))
        elif roll < 0.65:
            where = self.rng.choice(["master", "self", "", "master static"])
            self.emit(p, p.tool(f"bridge fdb del {self.mac()} dev {port.name} {where}".rstrip()))
        elif roll < 0.75:
            self.emit(p, p.tool(self.rng.choice([
                f"bridge fdb add zz:00 dev {port.name}", f"bridge fdb add {self.mac()}",
                f"bridge fdb add {self.mac()} dev {port.name} master vlan 5",
                f"bridge fdb add {self.mac()} dev {port.name} dst 10.1.0.1",
                f"bridge fdb flush dev {port.name}", f"bridge fdb flush br {port.master} static",
                f"bridge fdb flush br {port.master} permanent", f"bridge fdb get {self.mac()} br {port.master}"])))
        else:
            self.settle()
            self.emit(p, p.tool(self.rng.choice([
                f"bridge fdb show br {port.master} | grep 02:0e | sort", f"bridge fdb show dev {port.name} | grep 02:0e | sort",
                f"bridge fdb | grep 02:0e | sort", f"bridge -s fdb show dev {port.name} | grep -c permanent",
                f"bridge fdb show br {port.master} | grep -c self"])))

    def act_brport(self, p) -> None:
        ports = self.ports(p)
        port = self.pick(ports).name if ports else self.link(p).name
        flag = self.rng.choice(["learning", "flood", "hairpin", "mcast_flood", "bcast_flood", "guard",
                                "neigh_suppress", "isolated", "root_block"])
        onoff = self.rng.choice(["on", "off"])
        roll = self.rng.random()
        if roll < 0.4:
            self.emit(p, p.tool(f"bridge link set dev {port} {flag} {onoff}"))
        elif roll < 0.55:
            self.emit(p, p.ip(self.rng, f"link set {port} type bridge_slave {flag} {onoff}"))
        elif roll < 0.7:
            self.emit(p, p.tool(self.rng.choice([f"bridge link set dev {port} state {self.rng.randint(0, 5)}",
                                                 f"bridge link set dev {port} cost {self.rng.choice([1, 5, 100, 0])}",
                                                 f"bridge link set dev {port} priority {self.rng.choice([3, 63, 64])}",
                                                 f"bridge link set dev {port} learning maybe",
                                                 f"bridge link set dev nosuch {flag} {onoff}"])))
        else:
            self.settle()
            self.emit(p, p.tool(self.rng.choice([f"bridge -d link show dev {port}", "bridge link",
                                                 "bridge link show", f"bridge -d link | grep -c {flag}"])))

    def act_vlan(self, p) -> None:
        ports, bridges = self.ports(p), self.bridges(p)
        port = self.pick(ports).name if ports else "nosuch"
        br = self.pick(bridges).name if bridges else "nosuch"
        self.emit(p, p.tool(self.rng.choice([
            f"ip link set {br} type bridge vlan_filtering {self.rng.choice('01')}",
            f"bridge vlan add vid {self.rng.choice([10, 20, '30-32', 4095, 0])} dev {port} "
            f"{self.rng.choice(['', 'pvid untagged', 'pvid', 'untagged', 'master'])}".rstrip(),
            f"bridge vlan del vid {self.rng.choice([1, 10, 99])} dev {port}", "bridge vlan show",
            f"bridge vlan show dev {port}", "bridge -c vlan show", f"ip -d link show {br} | grep -o 'vlan_filtering [0-9]'"])))

    # ------------------------------------------------------------ policy routing and route types
    def act_rule(self, p) -> None:
        roll = self.rng.random()
        addrs = [a.split("/")[0] for a in p.nets()] or ["10.1.0.2"]
        if roll < 0.45:
            sel = []
            for word, value in (("from", lambda: self.pick(addrs) + self.rng.choice(["", "/24", "/32"])),
                                ("to", lambda: f"10.{self.rng.randint(60, 62)}.0.0/16"),
                                ("iif", lambda: self.link(p).name), ("oif", lambda: self.link(p).name),
                                ("fwmark", lambda: self.rng.choice(["1", "0x2", "3/0xff"])),
                                ("priority", lambda: str(self.rng.choice([50, 100, 100, 32765, 40000])))):
                if self.rng.random() < 0.3:
                    sel.append(f"{word} {value()}")
            action = self.rng.choice([f"table {self.table()}", f"lookup {self.table()}", "blackhole", "prohibit",
                                      "unreachable", f"table {self.table()}", "goto 32766", ""])
            verb = self.rng.choice(["add", "add", "add", "del", "delete"])
            self.emit(p, p.ip(self.rng, f"rule {verb} {' '.join(sel)} {action}".replace("  ", " ").rstrip()))
        elif roll < 0.55:
            self.emit(p, p.ip(self.rng, self.rng.choice(["rule add from 10.0.0.300 table 100", "rule add table",
                                                         "rule add from all tabel 100", "rule flush",
                                                         "rule del priority 7", "rule add fwmark x table 1"])))
        elif roll < 0.8:
            targets = self.all_addrs() + ["10.60.0.1", "10.61.3.4", "127.0.0.1"]
            opts = self.rng.choice(["", f" from {self.pick(addrs)}", f" mark {self.rng.randint(1, 3)}",
                                    f" iif {self.link(p).name} from {self.pick(self.all_addrs() or addrs)}",
                                    f" oif {self.link(p).name}", f" tos 0x10", f" table {self.table()}"])
            self.emit(p, p.ip(self.rng, f"route get {self.pick(targets)}{opts}"))
        else:
            self.emit(p, p.ip(self.rng, self.rng.choice(["rule", "rule show", "-4 rule", f"route show table {self.table()}",
                                                         "rule show table 100", "rule list", "-4 route show table all"])))

    def act_route2(self, p) -> None:
        dest = f"10.{self.rng.randint(60, 62)}.{self.rng.choice([0, 0, 1])}.0/{self.rng.choice([16, 24, 24])}"
        table = self.rng.choice(["", "", "", f" table {self.table()}"])
        metric = self.rng.choice(["", "", " metric 10", " metric 20", " metric 0"])
        roll = self.rng.random()
        if roll < 0.3:
            verb = self.rng.choice(["replace", "change", "append", "prepend", "add"])
            via = f"via {self.gateway(p)}" if self.rng.random() < 0.7 else f"dev {self.link(p).name}"
            self.emit(p, p.ip(self.rng, f"route {verb} {dest} {via}{metric}{table}"))
        elif roll < 0.45:
            hops = " ".join(f"nexthop via {self.gateway(p)}{self.rng.choice(['', ' weight 2'])}"
                            for _ in range(self.rng.randint(1, 3)))
            self.emit(p, p.ip(self.rng, f"route {self.rng.choice(['add', 'replace', 'append'])} {dest}{metric} {hops}{table}"))
        elif roll < 0.65:
            kind = self.rng.choice(["blackhole", "unreachable", "prohibit", "throw", "local", "broadcast"])
            self.emit(p, p.ip(self.rng, f"route {self.rng.choice(['add', 'add', 'replace'])} {kind} {dest}{metric}{table}"
                              + (f" dev {self.link(p).name}" if kind in ("local", "broadcast") else "")))
        elif roll < 0.75:
            self.emit(p, p.ip(self.rng, f"route {self.rng.choice(['del', 'delete'])} {dest}{metric}{table}"))
        elif roll < 0.82:
            self.emit(p, p.ip(self.rng, self.rng.choice([
                f"route add {dest} via {self.gateway(p)} metric x", f"route add blackhole {dest} via {self.gateway(p)}",
                f"route change 10.63.0.0/24 via {self.gateway(p)}", f"route add {dest} nexthop via",
                f"route prepend {dest} nexthop dev nosuch", f"route add {dest} via {self.gateway(p)} table 0",
                f"route add {dest} via {self.gateway(p)} table 4294967296"])))
        else:
            dest_ip = f"10.{self.rng.randint(60, 62)}.{self.rng.choice([0, 1])}.{self.rng.randint(1, 9)}"
            self.settle()
            if self.rng.random() < 0.5:
                self.emit(p, p.ip(self.rng, self.rng.choice([f"route get {dest_ip}", f"route show {dest}",
                                                             f"route show match {dest_ip}", "route", "-4 route show table all"])))
            else:
                self.arp_settle(p)
                self.icmp_wait()
                self.emit(p, p.tool(f"ping -c 1 -W 1 {dest_ip}"))
                self.pinged.add((p.machine, p.ns))

    # ------------------------------------------------------------ loopback
    def act_lo(self, p) -> None:
        lo = p.links["lo"]
        roll = self.rng.random()
        if roll < 0.2:
            self.link_updown(p, lo, not lo.up if self.rng.random() < 0.7 else lo.up)
        elif roll < 0.45:
            self.settle()
            self.arp_settle(p)
            own = [a.split("/")[0] for a in p.nets()]
            self.emit(p, p.tool(f"ping -c 1 -W 1 {self.pick(own + ['127.0.0.1', '127.0.0.1', '127.1.2.3'])}"))
            self.pinged.add((p.machine, p.ns))
        elif roll < 0.6:
            addr = self.rng.choice(["127.0.0.2/8", "127.1.0.1/16", f"10.{self.rng.randint(60, 62)}.9.9/32", "10.63.0.1/24"])
            verb = self.rng.choice(["add", "add", "del"])
            self.emit(p, p.ip(self.rng, f"addr {verb} {addr} dev lo"))
            if verb == "add" and not addr.startswith("127."):
                lo.addrs.append(addr)
            elif verb == "del" and addr in lo.addrs:
                lo.addrs.remove(addr)
        elif roll < 0.72:
            self.emit(p, p.ip(self.rng, f"link set lo mtu {self.rng.choice([0, 67, 68, 1280, 1500, 65536, 70000, 2147483647])}"))
        elif roll < 0.84:                   # lo's one IPv4 neighbour entry, keyed 0.0.0.0 (net.arp.loopback_entry)
            self.emit(p, p.ip(self.rng, self.rng.choice([
                "neigh show dev lo", "neigh flush dev lo", "neigh show dev lo nud all", "-s neigh show dev lo nud all",
                f"neigh add 10.{self.rng.randint(60, 62)}.0.5 dev lo", "neigh del 0.0.0.0 dev lo",
                f"neigh replace 127.0.0.9 lladdr {self.mac()} dev lo", "neigh replace 0.0.0.0 dev lo nud stale"])))
        else:
            self.emit(p, p.ip(self.rng, self.rng.choice([
                f"route add 10.{self.rng.randint(60, 62)}.0.0/24 dev lo", "route add 10.60.0.0/24 dev lo table 100",
                "route show table main", "route show table local", "-br addr show dev lo", "-s link show lo"])))

    # ------------------------------------------------------------ neighbours
    def act_neigh2(self, p) -> None:
        link = self.link(p)
        if link.kind == "lo":
            self.emit(p, p.ip(self.rng, "neigh show dev lo"))      # (entries on lo: act_lo)
            return
        ip = f"10.{link.seg or 60}.0.{self.rng.randint(50, 56)}"
        roll = self.rng.random()
        if roll < 0.4:
            verb = self.rng.choice(["add", "replace", "change", "replace"])
            nud = self.rng.choice(["", " nud permanent", " nud stale", " nud noarp", " nud none", " nud failed"])
            self.emit(p, p.ip(self.rng, f"neigh {verb} {ip} lladdr {self.mac()} dev {link.name}{nud}"))
        elif roll < 0.55:
            self.emit(p, p.ip(self.rng, self.rng.choice([
                f"neigh add proxy {ip} dev {link.name}", f"neigh del proxy {ip} dev {link.name}",
                f"neigh show proxy", f"neigh add proxy {ip}", f"neigh replace {ip} dev {link.name} nud stale"])))
        elif roll < 0.75:
            self.emit(p, p.ip(self.rng, self.rng.choice([
                f"neigh flush dev {link.name} nud {self.rng.choice(['all', 'permanent', 'stale', 'noarp', 'failed'])}",
                f"neigh flush to {ip.rsplit('.', 1)[0]}.0/24", f"neigh flush nud permanent", "-s neigh flush all",
                f"neigh del {ip} dev {link.name}", f"neigh flush {ip}", f"neigh change {ip} dev {link.name}"])))
        else:
            self.settle()
            self.arp_settle()
            self.emit(p, p.ip(self.rng, self.rng.choice([
                "neigh show nud all", f"neigh show dev {link.name} nud stale", "neigh show nud noarp",
                "-4 neigh show nud permanent", f"neigh get {ip} dev {link.name}", f"neigh show to {ip}"]))
                      + " | grep 02:0e" + self.neigh_states() + " | sort")

    # ------------------------------------------------------------ sysctls with traffic
    def act_sysctl(self, p) -> None:
        key = self.pick(BEHAVIOUR_KEYS)
        dev = self.rng.choice(["all", "default", self.link(p).name, self.link(p).name])
        if self.rng.random() < 0.6:
            self.emit(p, p.tool(f"sysctl -qw net.ipv4.conf.{dev}.{key}={self.rng.choice(BEHAVIOUR_KEYS[key])}"))
        elif self.rng.random() < 0.5:
            self.emit(p, p.tool(f"sysctl net.ipv4.conf.{dev}.{key}"))
        else:
            self.settle()
            self.arp_settle(p)
            self.icmp_wait()
            target = self.pick(self.all_addrs() or ["10.60.0.1"])
            self.emit(p, p.tool(f"ping -c 1 -W 1 {target}"))
            self.pinged.add((p.machine, p.ns))
            self.traffic = True

    # ------------------------------------------------------------ NAT, conntrack, UDP
    def act_nat(self, p) -> None:
        addrs = self.all_addrs() or ["10.60.0.1"]
        a = self.pick(addrs)
        head = a.rsplit(".", 1)[0]
        lines = [
            f"iptables -t nat -A PREROUTING -p udp --dport {self.rng.choice([53, 5353])} -j REDIRECT --to-ports {self.rng.choice([5353, '6000-6010'])}",
            f"iptables -t nat -A OUTPUT -p udp -d {a} -j REDIRECT --to-ports 5353",
            f"iptables -t nat -A POSTROUTING -o {self.link(p).name} -j SNAT --to-source {head}.200-{head}.201",
            f"iptables -t nat -A POSTROUTING -p udp -j SNAT --to-source {a}:{self.rng.choice(['7000-7001', '7000'])}",
            f"iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 9000",
            f"iptables -t nat -A PREROUTING -d {a} -p udp --dport 53 -j DNAT --to-destination {self.pick(addrs)}:5353",
            f"iptables -A INPUT -p icmp -m limit --limit {self.rng.choice(['1/s', '2/min'])} --limit-burst 2 -j ACCEPT",
            f"iptables -A INPUT -p icmp -m hashlimit --hashlimit-name h{self.rng.randint(1, 3)} --hashlimit-upto 1/s "
            f"--hashlimit-burst 2 --hashlimit-mode srcip -j ACCEPT",
            f"iptables -A INPUT -p udp -m multiport --dports 53,5353,{self.rng.choice(['6000:6010', '7000'])} -j DROP",
            f"iptables -A {self.rng.choice(['INPUT', 'FORWARD'])} -m iprange --src-range {head}.1-{head}.3 -j DROP",
            f"iptables -A INPUT -m mac --mac-source {self.mac()} -j DROP",
            f"iptables -A INPUT -m tos --tos {self.rng.choice(['0x10', 'Minimize-Delay', '0x00'])} -j ACCEPT",
            f"iptables -A {self.rng.choice(['INPUT', 'FORWARD'])} -m state --state {self.rng.choice(['NEW', 'ESTABLISHED,RELATED', 'INVALID', 'UNTRACKED'])} -j {self.rng.choice(['ACCEPT', 'DROP'])}",
            f"iptables -t raw -A {self.rng.choice(['PREROUTING', 'OUTPUT'])} -p {self.rng.choice(['icmp', 'udp'])} -j {self.rng.choice(['NOTRACK', 'CT --notrack'])}",
            f"iptables -t raw -A INPUT -j NOTRACK", "iptables -A INPUT -m state -j ACCEPT",
            "iptables -t nat -A PREROUTING -j REDIRECT --to-ports 70000",
            f"iptables -t nat -A POSTROUTING -j SNAT --to-source {head}.9-{head}.1",
            f"iptables -A INPUT -m multiport --dports 53 -j DROP",
        ]
        roll = self.rng.random()
        if roll < 0.55:
            self.emit(p, p.tool(self.pick(lines)))
        elif roll < 0.75:
            self.arp_settle()
            self.emit(p, p.tool(self.rng.choice([
                "conntrack -L | sort", "conntrack -L -p udp | sort", "conntrack -L -p icmp | sort", "conntrack -F",
                f"conntrack -D -p udp", f"conntrack -D -s {a}", f"conntrack -L -d {a} | sort", "conntrack -C",
                "conntrack -L --src-nat | sort", "conntrack -L --dst-nat | sort", "conntrack -D -p tcp"])))
        else:
            self.emit(p, p.tool(f"iptables -t {self.rng.choice(['nat', 'raw', 'filter'])} "
                                f"{self.rng.choice(['-S', '-L -n -v -x', '-L -n'])}"))

    def act_udp(self, p) -> None:
        targets = self.all_addrs() or ["10.60.0.1"]
        target = self.pick(targets + ["127.0.0.1"])
        port = self.rng.choice([53, 5353, 6000, 7000])
        self.settle()
        self.arp_settle(p)
        self.icmp_wait()
        sport = 4000 + len(self.steps)              # a fresh source port each time: no flow reuse
        line = f"echo hi | nc -u -w 1 -p {sport} {target} {port}; echo $?"
        self.emit(p, line if p.ns is None else f"ip netns exec {p.ns} sh -c '{line}'")
        self.pinged.add((p.machine, p.ns))
        self.traffic = True

    # ------------------------------------------------------------ traceroute and REJECT
    def act_trace(self, p) -> None:
        roll = self.rng.random()
        if roll < 0.35:
            chain = self.rng.choice(["FORWARD", "INPUT", "OUTPUT"])
            proto = self.rng.choice(["udp", "icmp", "tcp", ""])
            how = "tcp-reset" if proto == "tcp" and self.rng.random() < 0.5 else self.rng.choice(REJECTS)
            verb = self.rng.choice(["-A", "-I"])
            self.emit(p, p.tool(f"iptables {verb} {chain}{' -p ' + proto if proto else ''} -j REJECT --reject-with {how}"))
            return
        if roll < 0.45:
            self.emit(p, p.tool(self.rng.choice(["iptables -F", "iptables -A INPUT -j REJECT --reject-with tcp-reset",
                                                 "iptables -A INPUT -j REJECT --reject-with icmp-bogus",
                                                 "iptables -L -n -v -x"])))
            return
        target = self.pick(self.all_addrs() or ["10.60.0.1"])
        self.settle()
        self.arp_settle(p)
        self.icmp_wait()
        if roll < 0.75:
            opts = self.rng.choice(["", " -I", " -T", " -U -p 5353"])
            self.emit(p, p.tool(f"traceroute -n -q 1 -w 1 -m 3{opts} {target}"))
        else:
            self.emit(p, p.tool(f"ping -c 1 -W 1 {target}"))
        self.pinged.add((p.machine, p.ns))
        self.traffic = True
