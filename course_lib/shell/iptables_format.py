"""Text of iptables -L, -S and iptables-save, column for column as iptables 1.8.9 (nf_tables) prints it."""
from __future__ import annotations

import time
from typing import Any, Callable, Optional

from course_lib.net.netfilter.netdb import PROTO_NAME
from course_lib.net.wallclock import epoch_of
from course_lib.net.netfilter.rules import Rule, int_to_ip, mask_to_cidr
from course_lib.net.netfilter.tables import Chain, Table

VERSION = "v1.8.9 (nf_tables)"


def model_ctime(network: Any) -> str:
    """The ctime() text of the model clock (deterministic), as iptables-save's header prints it."""
    clock = getattr(network, "clock", 0.0) if network is not None else 0.0
    return time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(epoch_of(network) + int(clock)))


def print_num(n: int, exact: bool) -> str:
    """xtables_print_num: %8llu with -x, else %5llu with K/M/G/T suffixes."""
    if exact:
        return f"{n:>8} "
    if n <= 99999:
        return f"{n:>5} "
    for suffix in "KMGT":
        n = (n + 500) // 1000
        if n <= 9999 or suffix == "T":
            return f"{n:>4}{suffix} "
    return f"{n:>5} "


def notable_num(n: int, exact: bool) -> str:
    """The same without the column width (FMT_NOTABLE), for chain headers."""
    if exact or n <= 99999:
        return f"{n} "
    for suffix in "KMGT":
        n = (n + 500) // 1000
        if n <= 9999 or suffix == "T":
            return f"{n}{suffix} "
    return f"{n} "


class Lister:
    """iptables -L for one table with the given flags."""

    def __init__(self, table: Table, numeric: bool, verbose: bool, exact: bool, line_numbers: bool,
                 hostname: Optional[Callable[[str], Optional[str]]] = None) -> None:
        self.table, self.numeric, self.verbose, self.exact = table, numeric, verbose, exact
        self.line_numbers = line_numbers
        self.hostname = hostname or (lambda ip: "localhost" if ip == "127.0.0.1" else None)
        self._refs: Optional[dict[str, int]] = None

    def header(self, chain: Chain) -> str:
        if chain.builtin:
            out = f"Chain {chain.name} (policy {chain.policy}"
            if self.verbose:
                out += " " + notable_num(chain.pkts, self.exact) + "packets, " + \
                    notable_num(chain.bytes, self.exact) + "bytes"
            out += ")\n"
        else:
            if self._refs is None:
                self._refs = self.table.reference_counts()
            out = f"Chain {chain.name} ({self._refs.get(chain.name, 0)} references)\n"
        cols = ""
        if self.line_numbers:
            cols += f"{'num':<4} "
        if self.verbose:
            cols += (f"{'pkts':>8} {'bytes':>10} " if self.exact else f"{'pkts':>5} {'bytes':>5} ")
        cols += f"{'target':<9} " + " prot " + "opt"
        if self.verbose:
            cols += f" {'in':<6} {'out':<6} "
        cols += f" {'source':<20} " + f"{'destination':<19} "
        return out + cols + "\n"

    def _addr(self, addr: int, mask: int) -> str:
        if mask == 0 and not self.numeric:
            return "anywhere"
        ip = int_to_ip(addr)
        if not self.numeric:
            ip = self.hostname(ip) or ip
        cidr = mask_to_cidr(mask)
        return ip + ("" if cidr == 32 else f"/{cidr}" if cidr >= 0 else "/" + int_to_ip(mask))

    def rule_line(self, rule: Rule, num: int) -> str:
        out = f"{num:<4} " if self.line_numbers else ""
        if self.verbose:
            out += print_num(rule.pkts, self.exact) + print_num(rule.bytes, self.exact)
        target = rule.target.column if rule.target is not None else ""
        out += f"{target:<9} "
        out += "!" if "proto" in rule.inv else " "
        if self.numeric:
            pname = str(rule.proto)
        else:
            pname = "all" if rule.proto == 0 else PROTO_NAME.get(rule.proto, str(rule.proto))
        out += f"{pname:<5}" + "-- "
        if self.verbose:
            anyname = "*" if self.numeric else "any"
            iin = ("!" if "in" in rule.inv else "") + (rule.iniface or anyname)
            iout = ("!" if "out" in rule.inv else "") + (rule.outiface or anyname)
            out += f" {iin:<6} {iout:<6} "
        out += ("!" if "src" in rule.inv else " ") + f"{self._addr(rule.src, rule.smsk):<19} "
        out += ("!" if "dst" in rule.inv else " ") + f"{self._addr(rule.dst, rule.dmsk):<19} "
        if rule.goto:
            out += "[goto] "
        for m in rule.matches:
            text = m.listing(self.numeric)
            if text:
                out += " " + text
        if rule.target is not None:
            text = rule.target.listing(self.numeric)
            if text:
                out += " " + text
        return out + "\n"

    def chain(self, chain: Chain, rulenum: Optional[int] = None) -> str:
        if rulenum is not None:
            if 1 <= rulenum <= len(chain.rules):
                return self.rule_line(chain.rules[rulenum - 1], rulenum)
            return ""
        return self.header(chain) + "".join(self.rule_line(r, i + 1) for i, r in enumerate(chain.rules))

    def table_text(self) -> str:
        return "\n".join(self.chain(c) for c in self.table.ordered_chains())


def rule_verbose(rule: Rule) -> str:
    """The line `iptables -v -A/-I/-D/-C ...` prints for the rule it handles (FMT_NOTABLE)."""
    lister = Lister.__new__(Lister)
    lister.numeric = True
    target = rule.target.column if rule.target is not None else ""
    proto = "all" if rule.proto == 0 else PROTO_NAME.get(rule.proto, str(rule.proto))
    iin = ("!" if "in" in rule.inv else "") + (rule.iniface or "*")
    iout = ("!" if "out" in rule.inv else "") + (rule.outiface or "*")
    out = f"{target} " + ("!" if "proto" in rule.inv else " ") + f"{proto} opt -- in {iin} out {iout} "
    out += ("!" if "src" in rule.inv else " ") + lister._addr(rule.src, rule.smsk) + " "
    out += ("!" if "dst" in rule.inv else " ") + "-> " + lister._addr(rule.dst, rule.dmsk) + "  "
    if rule.goto:
        out += "[goto] "
    for m in rule.matches:
        text = m.listing(True)
        if text:
            out += " " + text
    if rule.target is not None:
        text = rule.target.listing(True)
        if text:
            out += " " + text
    return out + "\n"


def rules_text(table: Table, chain: Optional[Chain], counters: bool, rulenum: Optional[int] = None) -> str:
    """iptables -S [CHAIN [N]] (with -v: `-c pkts bytes`)."""
    if chain is not None and rulenum is not None:
        if 1 <= rulenum <= len(chain.rules):
            return f"-A {chain.name} {chain.rules[rulenum - 1].spec(counters)}".rstrip() + "\n"
        return ""
    chains = [chain] if chain is not None else table.ordered_chains()
    lines: list[str] = []
    for c in chains:
        if c.builtin:
            lines.append(f"-P {c.name} {c.policy}" + (f" -c {c.pkts} {c.bytes}" if counters else ""))
    for c in chains:
        if not c.builtin:
            lines.append(f"-N {c.name}")
    for c in chains:
        for r in c.rules:
            lines.append(f"-A {c.name} {r.spec(counters)}".rstrip())
    return "".join(line + "\n" for line in lines)


def save_table(table: Table, counters: bool, stamp: str) -> str:
    """One table of iptables-save."""
    out = [f"# Generated by iptables-save {VERSION} on {stamp}", f"*{table.name}"]
    chains = table.ordered_chains()
    for c in chains:
        policy = c.policy if c.builtin else "-"
        out.append(f":{c.name} {policy} [{c.pkts}:{c.bytes}]")
    for c in chains:
        for r in c.rules:
            line = f"-A {c.name} {r.spec()}".rstrip()
            out.append(f"[{r.pkts}:{r.bytes}] {line}" if counters else line)
    out += ["COMMIT", f"# Completed on {stamp}"]
    return "".join(line + "\n" for line in out)
