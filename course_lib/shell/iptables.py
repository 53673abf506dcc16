"""The `iptables` command on the simulated netns: parse, apply to the model, print as iptables 1.8.9."""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

from course_lib.net.netfilter.tables import BUILTIN_CHAINS, NfError, Table, needs_conntrack, netfilter_of
from course_lib.net.netfilter.rules import Rule
from course_lib.net.netfilter.hooks import check_rule
from course_lib.net.netfilter.targets import Nat, Reject
from course_lib.result import CommandResult
from course_lib.shell.iptables_ext_base import ParamError
from course_lib.shell.iptables_format import VERSION, Lister, rule_verbose, rules_text
from course_lib.shell.iptables_args import host_resolver
from course_lib.shell.iptables_parse import HelpRequested, IptCmd, TableMissing, parse
from course_lib.shell.nettools import netdb
from course_lib.shell.registry import command

TRY = "Try `iptables -h' or 'iptables --help' for more information.\n"
PREFIX = f"iptables {VERSION}: "
SIMPLE = {
    "nochain": "iptables: No chain/target/match by that name.",
    "badrule": "iptables: Bad rule (does a matching rule exist in that chain?).",
    "exists": "iptables: Chain already exists.",
    "index_insert": "iptables: Index of insertion too big.",
    "index_replace": "iptables: Index of replacement too big.",
    "index_delete": "iptables: Index of deletion too big.",
    "index_zero": "iptables: No chain/target/match by that name.",
    "builtin": "iptables: Bad built-in chain name.",
    "badpolicy": "iptables: Bad policy name. Run `dmesg' for more information.",
    "file_exists": "iptables: File exists.",
    "builtin_rename": "iptables: File exists.",
}
RULE_OPS = {"A": "RULE_APPEND", "I": "RULE_INSERT", "R": "RULE_REPLACE", "D": "RULE_DELETE", "C": "RULE_CHECK"}


class ListedError(Exception):
    """A listing was printed, then a later step failed (iptables -L -Z on a table that does not exist)."""

    def __init__(self, stdout: str, stderr: str, rc: int) -> None:
        super().__init__(stderr)
        self.stdout, self.stderr, self.rc = stdout, stderr, rc


def param_error(e: ParamError, prog: str = "iptables") -> str:
    msg = e.message
    head = f"{prog} {VERSION}: {msg}\n" if e.prefix else (f"{msg}\n" if msg else "")
    return head + TRY.replace("iptables", prog)


def nf_error(e: NfError, cmd: Optional[IptCmd]) -> tuple[str, int]:
    if e.kind in SIMPLE:
        return SIMPLE[e.kind] + "\n", 1
    if e.kind in ("busy", "builtin_del"):
        return f"{PREFIX} CHAIN_DEL failed (Device or resource busy): chain {e.chain}\n", 4
    if e.kind == "incompatible":
        table = cmd.table if cmd else "filter"
        return f"{PREFIX}chain `{e.chain}' in table `{table}' is incompatible, use 'nft' tool.\n", 1
    if e.kind == "enoent":
        op = RULE_OPS.get(cmd.command if cmd else "A", "RULE_APPEND")
        return f"{PREFIX} {op} failed (No such file or directory): rule in chain {e.chain}\n", 4
    if e.kind == "invalid":
        op = RULE_OPS.get(cmd.command if cmd else "A", "RULE_APPEND")
        return f"{PREFIX} {op} failed (Invalid argument): rule in chain {e.chain}\n", 4
    return f"iptables: {e.kind}.\n", 1


def incompatible_note(table: str) -> str:
    """What iptables-nft says of a table with a base chain it cannot show (a built-in chain renamed)."""
    return f"# Table `{table}' contains incompatible base-chains, use 'nft' tool to list them.\n"


def _each(verb: str, table: Table, chain: Optional[str]) -> str:
    names = [chain] if chain else [c.name for c in table.ordered_chains()]
    return "".join(f"{verb} chain `{n}'\n" for n in names)


def validate_rule(table: Table, chain: str, rule: Rule) -> None:
    """The kernel's checks of a rule's target and header (nf_tables returns EINVAL)."""
    t = rule.target
    if rule.smsk == 0 and "src" in rule.inv or rule.dmsk == 0 and "dst" in rule.inv:
        raise NfError("invalid", chain)
    check_rule(table, chain, rule)          # the extensions' tables and hooks, through jumps
    if isinstance(t, Reject) and t.with_ == "tcp-reset" and (rule.proto != 6 or "proto" in rule.inv):
        raise NfError("invalid", chain)
    if any(m.name == "sctp" for m in rule.matches) and (rule.proto != 132 or "proto" in rule.inv):
        raise NfError("invalid", chain)         # sctp_mt_check: the rule must be for sctp


def hostname_resolver(ctx: Any):
    """An address -> name function as iptables -L uses it (xtables_ipaddr_to_anyname): getnameinfo's name
    (/etc/hosts, then a PTR query); when that fails with EAI_AGAIN (no nameserver answered), the
    /etc/networks name; else None (the number)."""
    networks = netdb.networks(ctx, fallback=netdb.DEFAULT_NETWORKS)

    def name(addr: str) -> Optional[str]:
        from course_lib.dns.resolver import reverse_lookup
        try:
            names, again = reverse_lookup(ctx, ipaddress.IPv4Address(addr))
        except Exception:            # the resolver must never turn into a traceback here
            names, again = [], True
        if names:
            return names[0]
        return networks.get(addr) if again else None
    return name


def run_iptables(ctx: Any, argv: list[str]) -> CommandResult:
    """Run one iptables command line on ctx.netns."""
    nf = netfilter_of(ctx.netns)
    if len(argv) == 1:
        return CommandResult("", f"{PREFIX}no command specified\n{TRY}", 2)

    def chain_is_user(table: str, name: str) -> bool:
        t = nf.tables.get(table)
        return t is not None and name in t.chains          # a built-in one fails later (ENOENT)

    try:
        cmd = parse(argv, chain_is_user, resolve=host_resolver(ctx))
    except HelpRequested as e:
        return CommandResult(e.text(), "", 0)
    except ParamError as e:
        return CommandResult("", "".join(getattr(e, "warnings", [])) + param_error(e), 2)
    except TableMissing as e:
        return CommandResult("", "".join(getattr(e, "warnings", [])) + f"{PREFIX}table '{e.table}' does not exist\n"
                             "Perhaps iptables or your kernel needs to be upgraded.\n", 3)
    r = _run_parsed(ctx, nf, cmd)
    if cmd.warnings:
        return CommandResult(r.stdout, "".join(cmd.warnings) + r.stderr, r.returncode)
    return r


def _run_parsed(ctx: Any, nf: Any, cmd: IptCmd) -> CommandResult:
    if cmd.command == "V":
        return CommandResult(f"iptables {VERSION}\n", "", 0)
    if cmd.command == "h":
        from course_lib.shell.iptables_help import HELP
        return CommandResult(HELP, "", 0)
    if cmd.table not in BUILTIN_CHAINS:
        return CommandResult("", f"{PREFIX}table '{cmd.table}' does not exist\n"
                             "Perhaps iptables or your kernel needs to be upgraded.\n", 3)
    table = nf.table(cmd.table)
    for m in cmd.rule.matches if cmd.command in ("A", "I", "R", "C", "D") else ():
        if m.name == "set" and m.set_name not in (ctx.netns.__dict__.get("ipsets") or {}):
            return CommandResult("", param_error(ParamError(f"Set {m.set_name} doesn't exist.\n")), 2)
    try:
        out = apply(ctx, table, cmd)
        if cmd.command in ("A", "I", "R") and not nf.conntrack_on:
            nf.conntrack_on = needs_conntrack(cmd.rule)
        elif cmd.command in ("R", "D", "F", "X") and nf.conntrack_on:
            nf.recompute()
        return CommandResult(out, "", 0)
    except NfError as e:
        text, rc = nf_error(e, cmd)
        return CommandResult("", text, rc)
    except ListedError as e:
        return CommandResult(e.stdout, e.stderr, e.rc)
    except ParamError as e:
        return CommandResult("", param_error(e), 2)


def apply(ctx: Any, table: Table, cmd: IptCmd) -> str:
    """Do the parsed command on the table; returns stdout, raises NfError/ParamError."""
    c = cmd.command
    chain = cmd.chain
    if c in ("A", "I", "R", "C", "D"):
        assert chain is not None
        if cmd.rule.outiface and chain in ("PREROUTING", "INPUT"):
            raise ParamError(f"Can't use -o with {chain}\n")
        if cmd.rule.iniface and chain in ("POSTROUTING", "OUTPUT"):
            raise ParamError(f"Can't use -i with {chain}\n")
        if c in ("C", "D") and cmd.rulenum is None and chain not in table.chains:
            raise NfError("badrule", chain)
        shown = rule_verbose(cmd.rule) if cmd.verbose and not (c == "D" and cmd.rulenum is not None) else ""
        try:
            if c in ("A", "I", "R"):
                table.chain(chain)                  # a missing chain is reported before a bad target
            if cmd.deferred is not None and chain in table.chains:
                raise cmd.deferred
            if c in ("A", "I", "R"):
                validate_rule(table, chain, cmd.rule)
            _rule_op(table, cmd, chain)
        except NfError as e:
            if not shown or e.kind.startswith("index_"):
                raise
            text, rc = nf_error(e, cmd)
            raise ListedError(shown, text, rc) from None
        return shown
    return _other_op(ctx, table, cmd)


def _rule_op(table: Table, cmd: IptCmd, chain: str) -> None:
    c = cmd.command
    rules = cmd.rules()
    if c in ("C", "D") and cmd.rulenum is None and chain not in table.chains:
        raise NfError("badrule", chain)
    if c == "R" and len(rules) > 1:
        raise ParamError("Replacement rule does not specify a unique address")
    if c == "A":
        for rule in rules:
            table.append(chain, rule)
    elif c == "I":
        for rule in rules:
            table.insert(chain, cmd.rulenum or 1, rule)
    elif c == "R":
        table.replace(chain, cmd.rulenum or 1, cmd.rule)
    elif c == "C":
        for rule in rules:
            table.find(chain, rule)
    elif cmd.rulenum is not None:
        table.delete_num(chain, cmd.rulenum)
    else:
        for rule in rules:
            table.delete(chain, rule)


def _other_op(ctx: Any, table: Table, cmd: IptCmd) -> str:
    c = cmd.command
    chain = cmd.chain
    if c == "N":
        table.new_chain(chain or "")
        return ""
    if c == "X":
        names = [chain] if chain else [u.name for u in table.user_chains()]
        table.delete_chain(chain)
        return "".join(f"Deleting chain `{n}'\n" for n in names) if cmd.verbose else ""
    if c == "F":
        table.flush(chain)
        return _each("Flushing", table, chain) if cmd.verbose else ""
    if c == "Z":
        if chain is not None and cmd.rulenum is not None and chain not in table.chains:
            raise NfError("badrule", chain)
        table.zero(chain, cmd.rulenum)
        return _each("Zeroing", table, chain) if cmd.verbose and cmd.rulenum is None else ""
    if c == "P":
        table.set_policy(chain or "", cmd.policy or "")
        return ""
    if c == "E":
        table.rename_chain(chain or "", cmd.newname or "")
        return ""
    if c in ("L", "S"):
        if chain is not None and chain not in table.chains:
            raise NfError("incompatible", chain)
        note = incompatible_note(table.name) if chain is None and table.hidden else ""
        if c == "S":
            def render() -> str:
                return rules_text(table, table.chains[chain] if chain else None, cmd.verbose, cmd.rulenum)
        else:
            lister = Lister(table, cmd.numeric, cmd.verbose, cmd.exact, cmd.line_numbers,
                            None if cmd.numeric else hostname_resolver(ctx))

            def render() -> str:
                return lister.chain(table.chains[chain], cmd.rulenum) if chain is not None else lister.table_text()
        if cmd.zero and not table.created:
            first = chain or table.builtin_chains()[0].name
            raise ListedError(render() + (_each("Zeroing", table, chain) if cmd.verbose else ""),
                              f"{PREFIX} CHAIN_ZERO failed (No such file or directory): chain {first}\n", 4)
        if cmd.zero and cmd.zero_first:
            table.zero(chain)
        text = note + render()
        if cmd.zero and not cmd.zero_first:
            table.zero(chain)
        return text + (_each("Zeroing", table, chain) if cmd.zero and cmd.verbose else "")
    return ""


@command("iptables", "iptables-nft")
def iptables(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    """iptables [-t table] COMMAND ... (nf_tables flavour, 1.8.9)."""
    try:
        return run_iptables(ctx, argv)
    except Exception as e:       # noqa: BLE001 - never a traceback to a learner
        return CommandResult("", f"{PREFIX}{e}\n{TRY}", 2)
