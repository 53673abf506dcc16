"""The values of an iptables command line: the parsed command, addresses, rule numbers, chain names.

Shared by the option parser (iptables_parse.py) and iptables-restore; texts are iptables 1.8.9's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from course_lib.net.netfilter.rules import ALL_ONES, Rule, ip_to_int
from course_lib.net.netfilter.targets import STANDARD, Target
from course_lib.shell.iptables_ext_base import ParamError

VALID_TABLES = ("filter", "nat", "mangle", "raw", "security")
# target extensions iptables would load (a new chain may not take their names)
TARGET_NAMES = {"REJECT", "LOG", "MARK", "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "CT", "NOTRACK", "TCPMSS",
                "CONNMARK", "NFLOG", "NFQUEUE", "TRACE", "CLASSIFY", "TPROXY", "DSCP", "TOS", "TTL", "ULOG",
                "CHECKSUM", "SET", "AUDIT", "CONNSECMARK", "SECMARK", "HMARK", "IDLETIMER", "LED", "RATEEST",
                "SYNPROXY", "TEE", "NETMAP", "CLUSTERIP", "ECN"}
# iptables' commands_v_options: which options a command refuses ("x"), in the order it checks them

@dataclass
class IptCmd:
    """A parsed iptables command line."""

    command: str = ""
    table: str = "filter"
    chain: Optional[str] = None
    rulenum: Optional[int] = None
    policy: Optional[str] = None
    newname: Optional[str] = None
    numeric: bool = False
    verbose: bool = False
    exact: bool = False
    line_numbers: bool = False
    rule: Rule = field(default_factory=Rule)
    counters: Optional[tuple[int, int]] = None
    jump: Optional[str] = None
    zero: bool = False                  # -L -Z: list, then zero the counters (-Z -L: zero first)
    zero_first: bool = False
    warnings: list = field(default_factory=list)
    deferred: Optional[Exception] = None          # a check nf_tables makes once the chain is found
    more_src: list = field(default_factory=list)   # -s a,b,c: the further (addr, mask) pairs
    more_dst: list = field(default_factory=list)

    def rules(self) -> list[Rule]:
        """One rule per source x destination address (iptables expands -s/-d lists)."""
        if not self.more_src and not self.more_dst:
            return [self.rule]
        import dataclasses
        out = []
        r = self.rule
        for s, sm in [(r.src, r.smsk), *self.more_src]:
            for d, dm in [(r.dst, r.dmsk), *self.more_dst]:
                out.append(dataclasses.replace(r, src=s, smsk=sm, dst=d, dmsk=dm))
        return out


MASKS = [(ALL_ONES << (32 - n)) & ALL_ONES for n in range(33)]
_INV: dict[frozenset, frozenset] = {}


def check_chain_name(name: str) -> None:
    """assert_valid_chain_name() of iptables (for -N and the new name of -E)."""
    if len(name) > 28:
        raise ParamError(f"chain name `{name}' too long (must be under 29 chars)")
    if name[:1] in ("-", "!"):
        raise ParamError(f"chain name not allowed to start with `{name[0]}'")
    if name in STANDARD or name in TARGET_NAMES:
        raise ParamError("chain name may not clash with target name")
    if any(ch.isspace() for ch in name):
        raise ParamError(f"Invalid chain name `{name}'")


def parse_rulenumber(text: str) -> int:
    """strtoul(text, 0) semantics: decimal, 0x hex or 0 octal; at least 1."""
    t = text.lower()
    try:
        if t.startswith("0x"):
            value = int(t[2:], 16)
        elif t.startswith("0") and len(t) > 1:
            value = int(t[1:], 8)
        else:
            value = int(t, 10) if t.isdigit() else -1
    except ValueError:
        value = -1
    if value >= 1:
        return value
    raise ParamError(f"Invalid rule number `{text}'")


def parse_addresses(text: str, resolve: Optional[Callable[[str], list[int]]] = None) -> list[tuple[int, int]]:
    """xtables_ipparse_multiple for one comma-separated item: an address or a host name[/mask]; a name
    gives every IPv4 address getaddrinfo finds for it (`resolve`: name -> addresses), each a rule."""
    try:
        return [parse_address(text, resolve is None)]
    except ParamError:
        addr, slash, mask = text.partition("/")
        if resolve is None or not addr:
            raise
        mask_bits = parse_address("0.0.0.0/" + mask)[1] if slash else ALL_ONES
        found = resolve(addr)
        if not found:
            raise
        return [(ip & mask_bits, mask_bits) for ip in found]


def host_resolver(ctx: Any) -> Callable[[str], list[int]]:
    """getaddrinfo(name, AF_INET) as iptables calls it (host_to_ipaddr): /etc/hosts, then DNS."""
    def resolve(name: str) -> list[int]:
        from course_lib.dns.resolver import AF_INET, ResolveError, resolve_host
        try:
            found = resolve_host(ctx, name, AF_INET)
        except ResolveError:
            return []
        except Exception:            # a resolver bug must not become a traceback: not found
            return []
        return [ip_to_int(a) for a in found if a.count(".") == 3]
    return resolve


def parse_address(text: str, localhost: bool = True) -> tuple[int, int]:
    """An address[/mask] as iptables parses it (masked), or ParamError (`localhost`: that name is 127.0.0.1)."""
    addr, slash, mask = text.partition("/")
    if addr == "localhost" and localhost:
        addr = "127.0.0.1"
    parts = addr.split(".")
    if len(parts) == 1 and addr.isdigit() and 255 < int(addr) <= ALL_ONES:
        value = int(addr)                       # getaddrinfo's inet_aton: one 32-bit number
    elif not 1 <= len(parts) <= 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
        raise ParamError(f"host/network `{addr}' not found")
    else:
        value = ip_to_int(".".join(parts + ["0"] * (4 - len(parts))))
    if not slash:
        m = ALL_ONES
    elif mask.isdigit() and "." not in mask:
        if int(mask) > 32:
            raise ParamError(f"invalid mask `{mask}' specified")
        m = MASKS[int(mask)]
    else:
        mp = mask.split(".")
        if len(mp) != 4 or not all(p.isdigit() and int(p) <= 255 for p in mp):
            raise ParamError(f"invalid mask `{mask}' specified")
        m = ip_to_int(mask)
    return value & m, m


_TARGETS: dict[tuple[str, bool], Target] = {}


def _shared_target(name: str, is_chain: bool) -> Target:
    """One immutable Target per (name, kind): thousands of kube-proxy rules share them."""
    t = _TARGETS.get((name, is_chain))
    if t is None:
        if len(_TARGETS) > 100000:
            _TARGETS.clear()
        t = _TARGETS[(name, is_chain)] = Target(name=name, is_chain=is_chain)
    return t


class TableMissing(Exception):
    """-t names a table the kernel does not have (rc 3)."""

    def __init__(self, table: str) -> None:
        super().__init__(table)
        self.table = table


