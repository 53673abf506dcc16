"""Parses an iptables command line (getopt-style, with `!`, extensions and implicit protocol matches).

The result is an IptCmd: the command letter, table, chain, rule number, policy, listing flags and the
Rule it describes (a course_lib.net.netfilter.rules.Rule). Errors are the texts of iptables 1.8.9.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.net.netfilter.netdb import PROTO_NUMBER
from course_lib.net.netfilter.rules import ALL_ONES, Rule, ip_to_int
from course_lib.net.netfilter.targets import STANDARD, Target
from course_lib.shell.iptables_ext import MATCHES, Extension, ParamError
from course_lib.shell.iptables_targets import TARGETS

COMMANDS = {"A": "append", "C": "check", "D": "delete", "I": "insert", "R": "replace", "L": "list",
            "S": "list-rules", "F": "flush", "Z": "zero", "N": "new-chain", "X": "delete-chain",
            "P": "policy", "E": "rename-chain", "V": "version", "h": "help"}
LONG_COMMANDS = {v: k for k, v in COMMANDS.items()}
# short options taking one argument (besides commands)
SHORT_ARG = {"t": "table", "p": "protocol", "s": "source", "d": "destination", "j": "jump", "g": "goto",
             "i": "in-interface", "o": "out-interface", "m": "match", "w": "wait", "W": "wait-interval"}
SHORT_FLAG = {"n": "numeric", "v": "verbose", "x": "exact", "f": "fragment", "4": "ipv4", "6": "ipv6"}
LONG_OPTS = {"table": 1, "protocol": 1, "source": 1, "src": 1, "destination": 1, "dst": 1, "jump": 1, "goto": 1,
             "in-interface": 1, "out-interface": 1, "match": 1, "numeric": 0, "verbose": 0, "exact": 0,
             "line-numbers": 0, "fragment": 0, "set-counters": 2, "wait": 0, "wait-interval": 1,
             "modprobe": 1, "ipv4": 0, "ipv6": 0}
NEEDS_RULE = ("A", "C", "D", "I", "R")
# iptables' commands_v_options: which options a command refuses ("x"), in the order it checks them
OPT_ORDER = "nsdpjvxio0cf"
ILLEGAL = {
    "I": "nx0", "D": "nx0c", "Dn": "nsdpjxio0cf", "R": "nx0", "A": "nx0", "L": "sdpjiocf",
    "F": "nsdpjxio0cf", "Z": "nsdpjxio0cf", "N": "nsdpjxio0cf", "X": "nsdpjxio0cf", "P": "nsdpjxio0f",
    "E": "nsdpjxio0cf", "S": "nsdpjxio0cf", "C": "nx0c",
}
OPT_LETTER = {"numeric": "n", "source": "s", "destination": "d", "protocol": "p", "jump": "j", "goto": "j",
              "verbose": "v", "exact": "x", "in-interface": "i", "out-interface": "o", "line-numbers": "0",
              "set-counters": "c", "fragment": "f"}


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


MASKS = [(ALL_ONES << (32 - n)) & ALL_ONES for n in range(33)]
_INV: dict[frozenset, frozenset] = {}


def parse_rulenumber(text: str) -> int:
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise ParamError(f"Invalid rule number `{text}'")


def parse_address(text: str) -> tuple[int, int]:
    """An address[/mask] as iptables parses it (masked), or ParamError."""
    addr, slash, mask = text.partition("/")
    if addr == "localhost":
        addr = "127.0.0.1"
    parts = addr.split(".")
    if not 1 <= len(parts) <= 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
        raise ParamError(f"host/network `{addr}' not found")
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


class Parser:
    """One pass over argv, as iptables' do_parse (getopt_long with `!` and extension options)."""

    def __init__(self, argv: list[str], chains_exist: Any) -> None:
        self.args = argv[1:]
        self.pos = 0
        self.cmd = IptCmd()
        self.chain_is_user = chains_exist          # callable(table, name) -> bool
        self.exts: list[Extension] = []
        self.target_ext: Optional[Extension] = None
        self.proto_name = ""
        self.invert = False
        self.proto_inv = False
        self.seen: set[str] = set()
        self.given: set[str] = set()

    # -- helpers -------------------------------------------------------------------------------------
    def _peek_free(self) -> Optional[str]:
        if self.pos < len(self.args):
            a = self.args[self.pos]
            if not a.startswith("-") and a != "!":
                self.pos += 1
                return a
        return None

    def _set_command(self, letter: str) -> None:
        if self.cmd.command:
            pair = {self.cmd.command, letter}
            if pair == {"L", "Z"}:
                self.cmd.zero = True
                self.cmd.zero_first = self.cmd.command == "Z"
                self.cmd.command = "L"
                self._merging = True
                return
            raise ParamError(f"Cannot use -{letter} with -{self.cmd.command}")
        self.cmd.command = letter

    def _need(self, opt: str, value: Optional[str], n: int = 1) -> list[str]:
        out = [] if value is None else [value]
        while len(out) < n:
            if self.pos >= len(self.args):
                raise ParamError(f'option "{opt}" requires an argument')
            out.append(self.args[self.pos])
            self.pos += 1
        return out

    # -- main loop -----------------------------------------------------------------------------------
    def parse(self) -> IptCmd:
        while self.pos < len(self.args):
            a = self.args[self.pos]
            self.pos += 1
            if a == "!":
                if self.invert:
                    raise ParamError("multiple consecutive ! not allowed")
                self.invert = True
                continue
            if a.startswith("--") and len(a) > 2:
                name, eq, value = a[2:].partition("=")
                self._long(a, name, value if eq else None)
            elif a.startswith("-") and len(a) > 1:
                self._short_cluster(a)
            else:
                raise ParamError(f"Bad argument `{a}'", prefix=False)
        return self._finish()

    def _short_cluster(self, a: str) -> None:
        i = 1
        while i < len(a):
            ch = a[i]
            i += 1
            rest = a[i:] or None
            if ch in COMMANDS:
                self._command(ch, rest if ch not in ("L", "S", "F", "Z", "X", "V", "h") else None)
                if ch in ("L", "S", "F", "Z", "X", "V", "h"):
                    continue
                return
            if ch == "w":
                if rest is None and self.pos < len(self.args) and self.args[self.pos].replace(".", "", 1).isdigit():
                    self.pos += 1
                return
            if ch in SHORT_ARG:
                self._option(SHORT_ARG[ch], f"-{ch}", self._need(f"-{ch}", rest))
                return
            if ch in SHORT_FLAG:
                self._option(SHORT_FLAG[ch], f"-{ch}", [])
                continue
            if ch == "c":
                vals = self._need("-c", rest, 1)
                if self.pos >= len(self.args) or self.args[self.pos][:1] in ("-", "!"):
                    raise ParamError("-c requires packet and byte counter")
                vals.append(self.args[self.pos])
                self.pos += 1
                self._option("set-counters", "-c", vals)
                return
            raise ParamError(f"unknown option \"-{ch}\"")

    def _long(self, raw: str, name: str, value: Optional[str]) -> None:
        if name in LONG_COMMANDS:
            letter = LONG_COMMANDS[name]
            self._command(letter, value)
            return
        if name == "wait":
            if value is None and self.pos < len(self.args) and self.args[self.pos].replace(".", "", 1).isdigit():
                self.pos += 1
            return
        if name in LONG_OPTS:
            self._option(name, raw, self._need(raw, value, LONG_OPTS[name]))
            return
        # extension options: loaded matches, then the target, then an implicit protocol match
        for ext in self._candidates(name):
            n = ext.options[name] if name in ext.options else ext.options[self._unique(ext, name)]
            opt = name if name in ext.options else self._unique(ext, name)
            inv, self.invert = self.invert, False
            if opt == "tcp-flags" and (self.pos + 1 >= len(self.args) or self.args[self.pos + 1][:1] in ("-", "!")):
                raise ParamError("--tcp-flags requires two args.")
            vals = self._need(raw, value, n)
            ext.check_option(opt)
            ext.parse(opt, vals, inv)
            return
        raise ParamError(f'unknown option "{raw}"')

    def _unique(self, ext: Extension, name: str) -> str:
        hits = [o for o in ext.options if o.startswith(name)]
        return hits[0] if len(hits) == 1 else ""

    def _candidates(self, name: str) -> list[Extension]:
        for ext in [*self.exts, *([self.target_ext] if self.target_ext else [])]:
            if name in ext.options:
                return [ext]
        for ext in [*self.exts, *([self.target_ext] if self.target_ext else [])]:
            if self._unique(ext, name):
                return [ext]
        if self.proto_name in ("tcp", "udp", "icmp") and not any(e.name == self.proto_name for e in self.exts):
            ext = MATCHES[self.proto_name](self.proto_name)
            if name in ext.options or self._unique(ext, name):
                self._add_match(ext)
                return [ext]
        return []

    def _add_match(self, ext: Extension) -> None:
        self.exts.append(ext)
        self.cmd.rule.matches.append(ext.obj)

    def _command(self, letter: str, value: Optional[str]) -> None:
        if self.invert:
            raise ParamError("unexpected ! flag before --" + COMMANDS[letter])
        self._set_command(letter)
        c = self.cmd
        if letter in ("A", "C", "D", "I", "R", "N", "P", "E"):
            if value is None:
                if self.pos >= len(self.args):
                    raise ParamError(f'option "-{letter}" requires an argument')
                value = self.args[self.pos]
                self.pos += 1
            c.chain = value
            if letter == "N":
                if value.startswith("-"):
                    raise ParamError("chain name not allowed to start with `-'")
                if len(value) > 28:
                    raise ParamError(f"chain name `{value}' too long (must be under 29 chars)")
            if letter in ("D", "I"):
                free = self._peek_free()
                if free is not None:
                    c.rulenum = parse_rulenumber(free)
            elif letter == "R":
                free = self._peek_free()
                if free is None:
                    raise ParamError("-R requires a rule number")
                c.rulenum = parse_rulenumber(free)
            elif letter == "P":
                free = self._peek_free()
                if free is None:
                    raise ParamError("-P requires a chain and a policy")
                c.policy = free
            elif letter == "E":
                free = self._peek_free()
                if free is None:
                    raise ParamError("-E requires old-chain-name and new-chain-name")
                c.newname = free
        elif letter in ("L", "S", "F", "Z", "X"):
            chain = value if value is not None else self._peek_free()
            if chain is None and getattr(self, "_merging", False):
                return              # -Z CHAIN -L: the chain given to -Z
            c.chain = chain
            if c.chain is not None and letter in ("L", "S", "Z"):
                free = self._peek_free()
                if free is not None:
                    c.rulenum = parse_rulenumber(free)

    def _option(self, name: str, raw: str, vals: list[str]) -> None:
        c, r = self.cmd, self.cmd.rule
        key0 = {"src": "source", "dst": "destination"}.get(name, name)
        if key0 in OPT_LETTER:
            self.given.add(OPT_LETTER[key0])
        inv, self.invert = self.invert, False
        key = {"src": "source", "dst": "destination"}.get(name, name)
        if key in ("source", "destination", "protocol", "in-interface", "out-interface", "jump", "goto",
                   "table"):
            letter = {"source": "s", "destination": "d", "protocol": "p", "in-interface": "i",
                      "out-interface": "o", "jump": "j", "goto": "g", "table": "t"}[key]
            if key in self.seen and key != "table":
                raise ParamError(f"multiple -{letter} flags not allowed")
            if inv and key in ("jump", "goto", "table"):
                raise ParamError(f"cannot have ! before -{letter}")
            self.seen.add(key)
        if key == "table":
            c.table = vals[0]
        elif key in ("source", "destination"):
            addr, mask = parse_address(vals[0])
            if key == "source":
                r.src, r.smsk = addr, mask
            else:
                r.dst, r.dmsk = addr, mask
            if inv:
                r.inv = r.inv | {"src" if key == "source" else "dst"}
        elif key == "protocol":
            p = vals[0].lower()
            if p == "all":
                num = 0
            elif p.isdigit() and int(p) <= 255:
                num = int(p)
            elif p in PROTO_NUMBER:
                num = PROTO_NUMBER[p]
            else:
                raise ParamError(f'unknown protocol "{vals[0]}" specified')
            r.proto = num
            self.proto_name = {6: "tcp", 17: "udp", 1: "icmp", 132: "sctp", 33: "dccp", 136: "udplite"}.get(num, "")
            self.proto_inv = inv
            if inv:
                r.inv = r.inv | {"proto"}
        elif key in ("in-interface", "out-interface"):
            if len(vals[0]) > 15:
                raise ParamError(f"interface name `{vals[0]}' must be shorter than IFNAMSIZ (15)")
            if key == "in-interface":
                r.iniface = vals[0]
            else:
                r.outiface = vals[0]
            if inv:
                r.inv = r.inv | {"in" if key == "in-interface" else "out"}
        elif key in ("jump", "goto"):
            self._target(vals[0], key == "goto")
        elif key == "match":
            if inv:
                raise ParamError("unexpected ! flag before --match")
            factory = MATCHES.get(vals[0])
            if factory is None:
                raise ParamError(f"Couldn't load match `{vals[0]}':No such file or directory\n")
            if vals[0] in ("tcp", "udp") and any(e.name == vals[0] for e in self.exts):
                return              # nf_tables merges the port expressions of one protocol
            self._add_match(factory(self.proto_name))
        elif key == "numeric":
            c.numeric = True
        elif key == "verbose":
            c.verbose = True
        elif key == "exact":
            c.exact = True
        elif key == "line-numbers":
            c.line_numbers = True
        elif key == "set-counters":
            try:
                c.counters = (int(vals[0]), int(vals[1]))
            except ValueError:
                raise ParamError("-c packet counter not numeric") from None
        elif key == "fragment":
            raise ParamError("-f is not supported by this course's iptables model")

    def _target(self, name: str, goto: bool) -> None:
        c = self.cmd
        c.jump = name
        c.rule.goto = goto
        if name in STANDARD:
            c.rule.target = _shared_target(name, False)
            return
        if name in TARGETS and not goto:
            self.target_ext = TARGETS[name](self.proto_name)
            c.rule.target = self.target_ext.obj
            return
        c.rule.target = _shared_target(name, True)

    def _finish(self) -> IptCmd:
        c = self.cmd
        if self.invert:
            raise ParamError("nothing appropriate following !")
        if not c.command:
            raise ParamError("no command specified")
        kind = "Dn" if c.command == "D" and c.rulenum is not None else c.command
        illegal = ILLEGAL.get(kind, "")
        for letter in OPT_ORDER:
            if letter in self.given and letter in illegal:
                raise ParamError(f"Illegal option `-{letter}' with this command")
        if c.command in ("A", "C", "D", "I", "R"):
            ctx = {"proto_name": self.proto_name if c.rule.proto else "", "proto_inv": "proto" in c.rule.inv}
            for ext in self.exts:
                ext.final_check(ctx)
            if self.target_ext is not None:
                self.target_ext.final_check(ctx)
            if c.table == "nat" and c.jump == "DROP":
                raise ParamError('\nThe "nat" table is not intended for filtering, the use of DROP is '
                                 'therefore inhibited.\n\n')
            t = c.rule.target
            if t is not None and t.is_chain and not self.chain_is_user(c.table, t.name):
                raise ParamError(f"Chain '{t.name}' does not exist")
            if c.counters is not None:
                c.rule.pkts, c.rule.bytes = c.counters
            c.rule.matches = tuple(c.rule.matches)      # frozen (may be shared between netns)
            c.rule.inv = _INV.setdefault(c.rule.inv, c.rule.inv)
        return c


_TARGETS: dict[tuple[str, bool], Target] = {}


def _shared_target(name: str, is_chain: bool) -> Target:
    """One immutable Target per (name, kind): thousands of kube-proxy rules share them."""
    t = _TARGETS.get((name, is_chain))
    if t is None:
        if len(_TARGETS) > 100000:
            _TARGETS.clear()
        t = _TARGETS[(name, is_chain)] = Target(name=name, is_chain=is_chain)
    return t


def parse(argv: list[str], chains_exist: Any) -> IptCmd:
    return Parser(argv, chains_exist).parse()
