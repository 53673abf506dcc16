"""Seeded random DNS cases: random zones, resolv.conf, hosts files and dig/nslookup/host/getent/ping lines.

`random_case(seed)` is a pure function of the seed (dns_harness.DnsCase): one to three forward zones
(A with one to three addresses, AAAA, CNAME chains in and out of the zone and dangling, MX, TXT, SRV,
a delegated NS, names one to three labels deep, mixed case) served by the `file` plugin, sometimes a
reverse zone with PTRs and an inline `hosts` block; a resolv.conf with search/domain lists, ndots,
timeout/attempts/rotate and sometimes a nameserver that never answers (on the LAN, on lo with nothing
listening, or without a route); a hosts file; then queries of every kind the chapter shows (existing
names, relative names through the search list, NXDOMAIN and NODATA, outside the served zones, CNAMEs,
reverse lookups) through the tools with random options. A second random stream of the seed widens each
case without changing what the first one draws: resolv.conf options (edns0, single-request[-reopen],
trust-ad, no-aaaa), hosts-file forms (comments, aliases, tabs, a name twice, IPv6, blank lines), a wildcard
and a name under empty non-terminals in the zones, and two more lines asking for them. A third stream adds,
to some cases, a DNAME (`dn`, into the zone, into another zone or to a name nowhere) and one line asking for
a name below it. Everything runs in the harness's private namespaces: the only addresses asked are 127.0.0.x
and the lab's LAN 10.0.0.0/24.
"""
from __future__ import annotations

import random

from tests.dns.dns_harness import COREDNS_DIR, DnsCase

ORIGINS = ("example.org", "lab.test", "corp.local", "svc.test")
LABELS = ("www", "web", "db", "api", "mail", "app.v1", "a.b.c", "Mixed", "x")
TYPES = ("A", "AAAA", "MX", "TXT", "CNAME", "SRV", "NS", "SOA", "PTR", "ANY")
VETH = ["ip link add v0 type veth peer name v1", "ip link set v0 up", "ip link set v1 up",
        "ip addr add 10.0.0.1/24 dev v0"]
DEAD = ("10.0.0.2", "127.0.0.2", "192.0.2.1")       # unanswered on the LAN; nothing listening; no route


class Generator:
    def __init__(self, seed: int, length: int = 8):
        self.rng = random.Random(seed)
        # the widened parts (more resolv.conf options, hosts file forms, wildcard and empty non-terminal
        # names, two more commands) draw from their own stream, so a seed's earlier parts stay as they were
        self.more = random.Random(f"more-{seed}")
        self.redirect = random.Random(f"dname-{seed}")        # the DNAMEs and the line asking below one
        self.dnames: list[str] = []                             # the origins with a DNAME `dn`
        self.seed, self.length = seed, length
        self.zones: dict[str, list[tuple[str, str, str]]] = {}     # origin -> (owner, type, data)
        self.addresses: list[str] = []
        self.search: list[str] = []
        self.dead = False

    def pick(self, items):
        return self.rng.choice(list(items))

    # ------------------------------------------------------------ data
    def zone(self, origin: str, index: int) -> str:
        rng = self.rng
        records: list[tuple[str, str, str]] = []
        owners = rng.sample(LABELS, rng.randint(3, 6))
        for n, owner in enumerate(owners):
            roll = rng.random()
            if roll < 0.5:
                for k in range(rng.choice([1, 1, 1, 2, 3])):
                    address = f"10.{index + 1}.{n}.{k + 1}"
                    records.append((owner, "A", address))
                    self.addresses.append(address)
                if rng.random() < 0.3:
                    records.append((owner, "AAAA", f"2001:db8:{index}::{n + 1}"))
            elif roll < 0.6:
                records.append((owner, "AAAA", f"2001:db8:{index}::{n + 1}"))
            elif roll < 0.8:
                target = rng.choice([o for o in owners if o != owner] + ["nowhere", "www.elsewhere.test."])
                records.append((owner, "CNAME", target))
            elif roll < 0.87:
                records.append((owner, "TXT", rng.choice(['"hello world"', '"v=spf1 -all"', '"a" "b"'])))
            elif roll < 0.94:
                records.append((owner, "MX", f"{rng.choice([5, 10, 20])} {rng.choice(owners)}"))
            else:
                records.append((owner, "NS", f"ns.{owner}"))          # a delegation: a referral below it
        if rng.random() < 0.3:
            records.append(("_http._tcp", "SRV", f"0 5 80 {owners[0]}"))
        self.zones[origin] = records
        ttl = rng.choice([60, 300, 3600])
        head = (f"$ORIGIN {origin}.\n$TTL {ttl}\n@ IN SOA ns.{origin}. admin.{origin}. "
                f"{rng.randint(1, 2024010199)} 7200 3600 1209600 {rng.choice([0, 30, 3600])}\n"
                f"@ IN NS ns.{origin}.\nns IN A 10.{index + 1}.9.53\n")
        ttls = {o: rng.choice(["", "", "120 "]) for o, _, _ in records}     # one TTL an RRset, as in zones
        body = "".join(f"{o} {ttls[o]}IN {t} {d}\n" for o, t, d in records)
        if self.more.random() < 0.5:            # a wildcard and a name under empty non-terminals
            body += f"*.wild IN A 10.{index + 1}.7.7\ndeep.ent.sub IN TXT \"deep\"\n"
        if self.redirect.random() < 0.35:       # a DNAME: below `dn` is below its target
            target = self.redirect.choice([f"{origin}.", f"{owners[0]}.{origin}.", "nothere.test.",
                                           *(f"{o}." for o in ORIGINS if o != origin)])
            body += f"dn {self.redirect.choice(['', '300 '])}IN DNAME {target}\n"
            self.dnames.append(origin)
        return head + body

    def reverse_zone(self) -> str:
        head = ("$ORIGIN 10.in-addr.arpa.\n$TTL 300\n@ IN SOA ns.example.org. admin.example.org. 1 7200 3600 "
                "1209600 300\n@ IN NS ns.example.org.\n")
        lines = []
        for origin, records in self.zones.items():
            for owner, rtype, data in records:
                if rtype == "A" and self.rng.random() < 0.6:
                    octets = data.split(".")
                    lines.append(f"{octets[3]}.{octets[2]}.{octets[1]} IN PTR {owner}.{origin}.\n")
        return head + "".join(lines)

    def corefile(self, zone_files: dict[str, str]) -> str:
        blocks = []
        for origin in self.zones:
            extra = self.rng.choice(["", "", "    errors\n", "    log\n"])
            blocks.append(f"{origin} {{\n    file {COREDNS_DIR}/db.{origin}\n{extra}}}\n")
        if "db.10.in-addr.arpa" in zone_files:
            blocks.append(f"10.in-addr.arpa {{\n    file {COREDNS_DIR}/db.10.in-addr.arpa\n}}\n")
        if self.rng.random() < 0.35:
            fall = self.rng.choice(["", "        fallthrough\n"])
            blocks.append("hosts.test {\n    hosts {\n        10.7.0.1 h1.hosts.test\n        10.7.0.2 h2.hosts.test\n"
                          f"        2001:db8:7::1 h1.hosts.test\n{fall}    }}\n}}\n")
            self.zones["hosts.test"] = [("h1", "A", "10.7.0.1"), ("h2", "A", "10.7.0.2")]
        return "".join(blocks)

    def resolv(self) -> tuple[str, list[str]]:
        rng = self.rng
        servers, setup = ["127.0.0.1"], []
        if rng.random() < 0.3:
            dead = self.pick(DEAD)
            servers.insert(0 if rng.random() < 0.8 else 1, dead)
            setup = VETH if dead.startswith("10.") else []
            self.dead = True
        lines = []
        if rng.random() < 0.7:
            self.search = rng.sample(list(self.zones) + ["nothere.test"], rng.randint(1, min(3, len(self.zones) + 1)))
            if rng.random() < 0.2:
                lines.append(f"domain {self.pick(self.zones)}\n")
            lines.append("search " + " ".join(self.search) + "\n")
        lines += [f"nameserver {s}\n" for s in servers]
        options = []
        if rng.random() < 0.4:
            options.append(f"ndots:{rng.randint(0, 5)}")
        if self.dead or rng.random() < 0.2:
            options += [f"timeout:{rng.choice([1, 1, 2])}", f"attempts:{rng.choice([1, 1, 2])}"]
        if rng.random() < 0.15 and not self.dead:    # glibc's rotate starts at a random server: not with a
            options.append("rotate")                   # silent one, or the kernel's timing is a coin toss
        if options:
            lines.append("options " + " ".join(options) + "\n")
        rng.shuffle(lines)
        more = self.more
        if more.random() < 0.4:
            extra = more.sample(["edns0", "single-request", "single-request-reopen", "trust-ad", "no-aaaa",
                                 "ndots:1", "attempts:1"], more.randint(1, 2))
            lines.append("options " + " ".join(extra) + "\n")
        return "".join(lines), setup

    def hosts(self) -> str:
        text = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n"
        if self.rng.random() < 0.5:
            origin = self.pick(self.zones)
            text += f"10.8.0.1 pinned.{origin} pinned\n"
        if self.rng.random() < 0.3:
            origin, records = self.pick(self.zones.items())
            owner = self.pick(records)[0]
            text += f"10.8.0.2 {owner}.{origin}\n"                # the file wins over DNS for getent
        more, origin = self.more, self.more.choice(sorted(self.zones))
        extra = [f"# pinned names for {origin}\n", f"10.8.0.3\tmulti.{origin} multi alias2  # trailing comment\n",
                 f"10.8.0.4 multi.{origin}\n", f"2001:db8:8::1 v6only.{origin} v6only\n",
                 f"10.8.0.5 MixedCase.{origin}\n", "   \n"]
        return text + "".join(more.sample(extra, more.randint(0, len(extra))))

    # ------------------------------------------------------------ queries
    def name(self) -> str:
        rng = self.rng
        origin = self.pick(self.zones)
        owner, rtype, _ = self.pick(self.zones[origin])
        roll = rng.random()
        if roll < 0.4:
            name = f"{owner}.{origin}"
        elif roll < 0.6:
            name = owner                                          # relative: through the search list
        elif roll < 0.7:
            name = f"nothere.{origin}"
        elif roll < 0.78:
            name = f"{owner}.{rng.choice(['other.test', 'nothere.test'])}"
        elif roll < 0.85:
            name = rng.choice(["pinned", "localhost", "h1", "h1.hosts.test", "h2.hosts.test"])
        elif roll < 0.92:
            name = f"{owner}.{origin}".upper() if rng.random() < 0.5 else f"{owner}.{origin}".title()
        else:
            name = owner.split(".")[0]
        if "." in name and rng.random() < 0.15:
            name += "."
        return name

    def address(self) -> str:
        return self.pick(self.addresses + ["10.8.0.1", "10.9.9.9", "127.0.0.1", "2001:db8:0::1"])

    def slow_opts(self, tool: str) -> str:
        """Short timeouts when a nameserver will not answer (the tools' defaults are tested too, seldom)."""
        if not self.dead or self.rng.random() < 0.15:
            return ""
        return {"dig": " +time=1 +tries=1", "nslookup": " -timeout=1 -retry=1", "host": " -W 1 -R 0"}[tool]

    def dig(self) -> str:
        rng = self.rng
        opts = rng.sample(["+short", "+noall +answer", "+search", "+nosearch", "+search +showsearch", "+tcp",
                           "+norec", "+nocmd", "+nostats", "+noquestion", "+multiline", "+nocomments",
                           "+noedns", "+ndots=2", "+noall +authority", "+identify +short", "+ttlunits"],
                          rng.choice([0, 1, 1, 2, 3]))
        if rng.random() < 0.15:
            query = f"-x {self.address()}"
        else:
            query = self.name()
            if rng.random() < 0.45:
                rtype = self.pick(TYPES)
                query = rng.choice([f"{query} {rtype}", f"-t {rtype.lower()} {query}", f"{rtype} {query}"])
        if rng.random() < 0.15:
            query += " @127.0.0.1"
        return f"dig{self.slow_opts('dig')} {' '.join(opts + [query])}".replace("  ", " ")

    def nslookup(self) -> str:
        rng = self.rng
        opts = rng.sample(["-debug", "-norecurse", "-vc", "-nosearch", "-ndots=1", "-fail", "-type=mx",
                           "-query=AAAA", "-type=txt", "-type=any", "-type=soa", "-q=cname", "-type=ns"],
                          rng.choice([0, 0, 1, 1, 2]))
        target = self.address() if rng.random() < 0.15 else self.name()
        server = " 127.0.0.1" if rng.random() < 0.15 else ""
        return f"nslookup{self.slow_opts('nslookup')} {' '.join(opts + [target])}{server}".replace("  ", " ")

    def host(self) -> str:
        rng = self.rng
        opts = rng.sample(["-v", "-a", "-T", "-t mx", "-t aaaa", "-t txt", "-t cname", "-t soa", "-t ns", "-r",
                           "-s", "-N 0", "-N 3", "-t any"], rng.choice([0, 0, 1, 1, 2]))
        target = self.address() if rng.random() < 0.15 else self.name()
        return f"host{self.slow_opts('host')} {' '.join(opts + [target])}".replace("  ", " ")

    def getent(self) -> str:
        db = self.pick(["hosts", "hosts", "ahosts", "ahostsv4", "ahostsv6"])
        keys = [self.address() if self.rng.random() < 0.15 else self.name()
                for _ in range(self.rng.choice([1, 1, 1, 2]))]
        return f"getent {db} {' '.join(keys)}"

    def ping(self) -> str:
        return f"ping -c 1 -W 1 {self.name()} 2>&1 | head -1"

    def command(self) -> str:
        kind = self.rng.choices(["dig", "nslookup", "host", "getent", "ping"], [4, 3, 3, 3, 1])[0]
        return getattr(self, kind)()

    def more_command(self) -> str:
        """The widened lines: hosts-file aliases and forms, wildcards, empty non-terminals, sections."""
        more = self.more
        origin = more.choice(sorted(self.zones))
        name = more.choice(["multi", "alias2", "v6only", "MixedCase", f"multi.{origin}", f"v6only.{origin}",
                            f"x.wild.{origin}", f"a.b.wild.{origin}", f"ent.sub.{origin}", f"sub.{origin}",
                            f"deep.ent.sub.{origin}", f"wild.{origin}"])
        return more.choice([f"getent hosts {name}", f"getent ahosts {name}", f"getent ahostsv4 {name}",
                            f"getent ahostsv6 {name}", f"dig +short {name}", f"dig +noall +answer +authority {name}",
                            f"dig {name} TXT +noall +answer", f"host {name}", f"host -t txt {name}",
                            f"nslookup {name}", f"nslookup -type=soa {name}", f"dig +search +short {name}"])

    def dname_command(self) -> str:
        """A line asking for a name below a DNAME (its own stream: the other lines stay as they were)."""
        pick = self.redirect.choice
        origin = pick(self.dnames)
        name = pick([f"{pick(LABELS).lower()}.dn.{origin}", f"x.y.dn.{origin}", f"dn.{origin}", "www.dn"])
        return pick([f"dig +noall +answer {name}", f"dig +short {name}", f"dig {name} CNAME +noall +answer",
                     f"dig {name} DNAME +short", f"host {name}", f"host -t cname {name}", f"nslookup {name}",
                     f"getent hosts {name}", f"getent ahostsv4 {name}", f"ping -c 1 -W 1 {name} 2>&1 | head -1"])

    def case(self) -> DnsCase:
        zone_files = {}
        for index, origin in enumerate(self.rng.sample(ORIGINS, self.rng.randint(1, 3))):
            zone_files[f"db.{origin}"] = self.zone(origin, index)
        if self.rng.random() < 0.4:
            zone_files["db.10.in-addr.arpa"] = self.reverse_zone()
        corefile = self.corefile(zone_files)
        resolv, setup = self.resolv()
        hosts = self.hosts()
        commands = [self.command() for _ in range(self.length)]
        commands += [self.more_command() for _ in range(2)]
        if self.dnames:
            commands.append(self.dname_command())
        return DnsCase(f"dns-{self.seed}", resolv, hosts, corefile, zone_files, commands, setup)


def random_case(seed: int, length: int = 8) -> DnsCase:
    """The case of one seed; the same seed always gives the same files and lines."""
    return Generator(seed, length).case()
