"""IP sets of a netns (the kernel's ip_set): hash:ip, hash:net, hash:ip,port, hash:ip,port,ip, hash:ip,port,net, bitmap:port.

Sets live in `netns.__dict__["ipsets"]` (name -> IpSet, creation order). An entry is a tuple of
dimensions (an int address, (proto, port), a network); `parse_entry` reads ipset's syntax
(`10.96.0.1,tcp:443`, `10.0.0.0/8`, `30080`) with its error texts, `entry_text` prints it back.
`matches(set, pkt, flags)` is the test the iptables `-m set --match-set NAME dst,dst` match makes.
Listings (`ipset list`, `ipset save`) follow ipset 7.17 on this machine's kernel (revisions, sizes).
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any, Optional

HASH_TYPES = ("hash:ip", "hash:net", "hash:ip,port", "hash:ip,port,ip", "hash:ip,port,net")
TYPES = HASH_TYPES + ("bitmap:port",)
REVISION = {"hash:ip": 6, "hash:net": 7, "hash:ip,port": 7, "hash:ip,port,ip": 6, "hash:ip,port,net": 8,
            "bitmap:port": 3}
BASE_SIZE = {"hash:ip": 216, "hash:net": 456, "hash:ip,port": 216, "hash:ip,port,ip": 208,
             "hash:ip,port,net": 464}
ENTRY_SIZE = {"hash:ip": 40, "hash:net": 48, "hash:ip,port": 48, "hash:ip,port,ip": 56, "hash:ip,port,net": 56}
PROTOS = {"tcp": 6, "udp": 17, "sctp": 132, "icmp": 1}
SERVICES = {"http": 80, "https": 443, "domain": 53, "ssh": 22, "dns": 53}


class IpsetError(Exception):
    """An error ipset prints as `ipset v7.17: MESSAGE` (rc 1 unless `rc` says otherwise)."""

    def __init__(self, message: str, rc: int = 1) -> None:
        super().__init__(message)
        self.message, self.rc = message, rc


@dataclass(eq=False)
class IpSet:
    """One set: its type, header options and members (entry -> comment), in insertion order."""

    name: str
    type: str
    initval: int = 0
    hashsize: int = 1024
    maxelem: int = 65536
    comment: bool = False
    port_range: tuple[int, int] = (0, 65535)
    members: dict[tuple, Optional[str]] = field(default_factory=dict)

    def dims(self) -> list[str]:
        return self.type.split(":", 1)[1].split(",")

    def header(self, save: bool = False) -> str:
        if self.type == "bitmap:port":
            return f"range {self.port_range[0]}-{self.port_range[1]}"
        out = f"family inet hashsize {self.hashsize} maxelem {self.maxelem}"
        if self.comment:
            out += " comment"
        return out + f" bucketsize 12 initval 0x{self.initval:08x}"

    def memory(self) -> int:
        """`Size in memory` as the kernel reports it for this many entries (one per bucket)."""
        if self.type == "bitmap:port":
            return 8264 if self.port_range == (0, 65535) else 72 + ((self.port_range[1] - self.port_range[0]) // 64 + 1) * 8
        per = ENTRY_SIZE[self.type] + (16 if self.comment else 0)
        return BASE_SIZE[self.type] + per * len(self.members)


def sets_of(netns: Any) -> dict[str, IpSet]:
    sets = netns.__dict__.get("ipsets")
    if sets is None:
        sets = netns.__dict__["ipsets"] = {}
    return sets


def create(netns: Any, name: str, type_: str, *, exist: bool = False, comment: bool = False,
           port_range: Optional[tuple[int, int]] = None, hashsize: int = 1024, maxelem: int = 65536) -> IpSet:
    sets = sets_of(netns)
    if type_ not in TYPES:
        raise IpsetError(f"Syntax error: typename '{type_}' is unknown")
    old = sets.get(name)
    if old is not None:
        if exist and old.type == type_:
            return old
        raise IpsetError("Set cannot be created: set with the same name already exists")
    if type_ == "bitmap:port" and port_range is None:
        raise IpsetError("Mandatory option `range' is missing\nTry `ipset help' for more information.", 2)
    try:
        initval = netns.machine.network.random().getrandbits(32)
    except AttributeError:
        initval = 0x12345678
    s = IpSet(name, type_, initval, hashsize, maxelem, comment, port_range or (0, 65535))
    sets[name] = s
    return s


def get(netns: Any, name: str) -> IpSet:
    s = sets_of(netns).get(name)
    if s is None:
        raise IpsetError("The set with the given name does not exist")
    return s


# -- entries --------------------------------------------------------------------------------------------
def _ip(text: str) -> int:
    try:
        return int(ipaddress.IPv4Address(text))
    except ValueError:
        raise IpsetError(f"Syntax error: cannot parse {text}: resolving to IPv4 address failed") from None


def _cidr(plen: str) -> int:
    """A /PREFIX as ipset reads it (its number parser, then the CIDR check)."""
    if plen.startswith("-"):
        raise IpsetError(f"Syntax error: '{plen}' is out of range 0-255")
    if not plen.isdigit():
        raise IpsetError(f"Syntax error: '{plen}' is invalid as number")
    if int(plen) > 32:
        raise IpsetError(f"Syntax error: '{plen}' is out of range 0-32")
    if int(plen) == 0:
        raise IpsetError("The value of the CIDR parameter of the IP address is invalid")
    return int(plen)


def _net(text: str) -> tuple[int, int]:
    addr, slash, plen = text.partition("/")
    ip = _ip(addr)
    bits = _cidr(plen) if slash else 32
    mask = (0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF
    return ip & mask, bits


def _ip_span(text: str) -> list[int]:
    """An address, a network (every address in it) or a range a-b, as ipset add/del take for an ip dimension."""
    if "/" in text:
        ip, bits = _net(text)
        return list(range(ip, ip + (1 << (32 - bits))))
    if "-" in text:
        lo, _, hi = text.partition("-")
        a, b = _ip(lo), _ip(hi)
        if a > b:
            a, b = b, a
        return list(range(a, b + 1))
    return [_ip(text)]


def parse_entries(s: IpSet, text: str) -> list[tuple]:
    """The entries `ipset add/del` means by `text`: ip dimensions may be a network or a range."""
    if s.type == "bitmap:port" or not any(dim == "ip" for dim in s.dims()):
        return [parse_entry(s, text)]
    parts = text.split(",")
    spans = [_ip_span(p) if dim == "ip" else None for dim, p in zip(s.dims(), parts)]
    if len(parts) != len(s.dims()) or all(span is None or len(span) == 1 for span in spans):
        return [parse_entry(s, text)]
    base = list(parse_entry(s, ",".join(p.split("/")[0].split("-")[0] if dim == "ip" else p
                                        for dim, p in zip(s.dims(), parts))))
    out: list[tuple] = [()]
    for i, span in enumerate(spans):
        values = span if span is not None else [base[i]]
        out = [prefix + (v,) for prefix in out for v in values]
    return out


def _port(text: str) -> tuple[str, int]:
    proto, sep, port = text.rpartition(":")
    proto = proto.lower() if sep else "tcp"
    if proto not in PROTOS:
        raise IpsetError(f"Syntax error: cannot parse '{proto}' as a protocol")
    if port.isdigit() and int(port) <= 65535:
        return proto, int(port)
    if port in SERVICES:
        return proto, SERVICES[port]
    raise IpsetError(_bad_port(port, proto))


def _bad_port(port: str, proto: str) -> str:
    """ipset's three messages for a port it cannot read (range, number, service name)."""
    first = f"Syntax error: '{port}' is out of range 0-65535" if port.isdigit() else \
        f"Syntax error: '{port}' is invalid as number"
    return f"{first}\nSyntax error: '{proto}' is invalid as number\ncannot parse '{port}' as a {proto} port"


def parse_entry(s: IpSet, text: str) -> tuple:
    """An entry of set `s` from ipset's syntax, or IpsetError with ipset's message."""
    if s.type == "bitmap:port":
        if not text.isdigit() or int(text) > 65535:
            raise IpsetError(_bad_port(text, "tcp"))
        port = int(text)
        if not s.port_range[0] <= port <= s.port_range[1]:
            raise IpsetError("Element is out of the range of the set")
        return (port,)
    parts = text.split(",")
    dims = s.dims()
    if len(parts) < len(dims):
        names = {2: "Second", 3: "Third"}
        raise IpsetError(f"Syntax error: {names[len(parts) + 1]} element is missing from {text}.")
    if len(parts) > len(dims):
        given = {1: "Elem separator", 2: "Two elem separators"}.get(len(parts) - 1, "Three elem separators")
        supports = ("none", "one", "two")[len(dims) - 1]
        raise IpsetError(f"Syntax error: {given} in {text}, but settype {s.type} supports {supports}.")
    out: list[Any] = []
    for dim, part in zip(dims, parts):
        if dim == "ip":
            out.append(_ip(part))
        elif dim == "net":
            out.append(_net(part))
        else:
            out.append(_port(part))
    return tuple(out)


def entry_text(s: IpSet, entry: tuple) -> str:
    words = []
    for dim, value in zip(s.dims() if s.type != "bitmap:port" else ["port0"], entry):
        if dim == "ip":
            words.append(str(ipaddress.IPv4Address(value)))
        elif dim == "net":
            ip, bits = value
            words.append(str(ipaddress.IPv4Address(ip)) + (f"/{bits}" if bits != 32 else ""))
        elif dim == "port0":
            words.append(str(value))
        else:
            words.append(f"{value[0]}:{value[1]}")
    return ",".join(words)


def add(s: IpSet, entry: tuple, exist: bool = False, comment: Optional[str] = None) -> None:
    if entry in s.members:
        if exist:
            return
        raise IpsetError("Element cannot be added to the set: it's already added")
    if len(s.members) >= s.maxelem:
        raise IpsetError("Hash is full, cannot add more elements")
    s.members[entry] = comment if s.comment else None


def delete(s: IpSet, entry: tuple, exist: bool = False) -> None:
    if entry not in s.members:
        if exist:
            return
        raise IpsetError("Element cannot be deleted from the set: it's not added")
    del s.members[entry]


def contains(s: IpSet, entry: tuple) -> bool:
    if entry in s.members:
        return True
    if "net" in s.dims():                       # a network dimension matches any address inside it
        i = s.dims().index("net")
        for m in s.members:
            if m[:i] == entry[:i] and m[i + 1:] == entry[i + 1:] and _in_net(entry[i], m[i]):
                return True
    return False


def _in_net(value: Any, net: tuple[int, int]) -> bool:
    ip = value[0] if isinstance(value, tuple) else value
    mask = (0xFFFFFFFF << (32 - net[1])) & 0xFFFFFFFF
    return ip & mask == net[0]


# -- the packet test of -m set --------------------------------------------------------------------------
def matches(s: IpSet, pkt: Any, flags: tuple[str, ...]) -> bool:
    """Whether the packet's (src|dst) dimensions, in the order of `flags`, are in the set."""
    dims = s.dims() if s.type != "bitmap:port" else ["port"]
    if len(flags) < len(dims):
        return False
    key: list[Any] = []
    for dim, flag in zip(dims, flags):
        src = flag == "src"
        if dim in ("ip", "net"):
            ip = int(pkt.src if src else pkt.dst)
            key.append(ip if dim == "ip" else (ip, 32))
        else:
            proto = pkt.proto
            if proto in ("tcp", "udp", "sctp"):
                port = pkt.sport if src else pkt.dport
            elif proto == "icmp":
                port = ((pkt.icmp_type or 0) << 8) | (pkt.icmp_code or 0)
            else:
                return False
            if s.type == "bitmap:port":
                if proto not in ("tcp", "udp"):
                    return False
                key.append(port)
            else:
                key.append((proto, port))
    entry = tuple(key)
    if "net" in dims:
        return contains(s, entry)
    return entry in s.members


# -- listings -------------------------------------------------------------------------------------------
def references(netns: Any, name: str) -> int:
    """How many iptables rules use the set (the kernel's reference count)."""
    nf = getattr(netns, "netfilter", None)
    if nf is None:
        return 0
    n = 0
    for table in nf.tables.values():
        for chain in table.chains.values():
            for rule in chain.rules:
                n += sum(1 for m in rule.matches if getattr(m, "set_name", None) == name)
    return n


def listing(netns: Any, s: IpSet, terse: bool = False) -> str:
    lines = [f"Name: {s.name}", f"Type: {s.type}", f"Revision: {REVISION[s.type]}", f"Header: {s.header()}",
             f"Size in memory: {s.memory()}", f"References: {references(netns, s.name)}",
             f"Number of entries: {len(s.members)}"]
    if not terse:
        lines.append("Members:")
        lines += [_member(s, e, c) for e, c in s.members.items()]
    return "\n".join(lines) + "\n"


def _member(s: IpSet, entry: tuple, comment: Optional[str]) -> str:
    text = entry_text(s, entry)
    return text + (f' comment "{comment}"' if comment is not None and s.comment else "")


def save(s: IpSet) -> str:
    out = [f"create {s.name} {s.type} {s.header(save=True)}"]
    out += [f"add {s.name} {_member(s, e, c)}" for e, c in s.members.items()]
    return "\n".join(out) + "\n"
