"""Parses an iptables command line (getopt-style, with `!`, extensions and implicit protocol matches).

The result is an IptCmd: the command letter, table, chain, rule number, policy, listing flags and the
Rule it describes (a course_lib.net.netfilter.rules.Rule). Errors are the texts of iptables 1.8.9.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from course_lib.net.netfilter.netdb import PROTO_NUMBER
from course_lib.net.netfilter.targets import STANDARD
from course_lib.shell.iptables_args import (_INV, VALID_TABLES, IptCmd, TableMissing, _shared_target,
                                            check_chain_name, parse_address, parse_addresses, parse_rulenumber)
from course_lib.shell.iptables_ext_base import Extension, ParamError
from course_lib.shell.iptables_ext import MATCHES
from course_lib.shell.iptables_targets import TARGETS

__all__ = ["IptCmd", "TableMissing", "parse", "parse_address", "parse_rulenumber"]

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
OPT_ORDER = "nsdpjvxio0cf"
ILLEGAL = {
    "I": "nx0", "D": "nx0c", "Dn": "nsdpjxio0cf", "R": "nx0", "A": "nx0", "L": "sdpjiocf",
    "F": "nsdpjxio0cf", "Z": "nsdpjxio0cf", "N": "nsdpjxio0cf", "X": "nsdpjxio0cf", "P": "nsdpjxio0f",
    "E": "nsdpjxio0cf", "S": "nsdpjxio0cf", "C": "nx0c",
}
OPT_LETTER = {"numeric": "n", "source": "s", "destination": "d", "protocol": "p", "jump": "j", "goto": "j",
              "verbose": "v", "exact": "x", "in-interface": "i", "out-interface": "o", "line-numbers": "0",
              "set-counters": "c", "fragment": "f"}


class HelpRequested(Exception):
    """`iptables ... -h`: the help text, with the loaded matches' and target's own parts."""

    def __init__(self, matches: list[str], target: Optional[str]) -> None:
        super().__init__("help")
        self.matches, self.target = matches, target

    def text(self) -> str:
        from course_lib.shell.iptables_help import HELP
        from course_lib.shell.iptables_help_ext import MATCH_HELP, TARGET_HELP
        return HELP + (TARGET_HELP.get(self.target, "") if self.target else "") + \
            "".join(MATCH_HELP.get(m, "") for m in self.matches)


class Parser:
    """One pass over argv, as iptables' do_parse (getopt_long with `!` and extension options)."""

    def __init__(self, argv: list[str], chains_exist: Any, restore: bool = False,
                 resolve: Optional[Callable[[str], list[int]]] = None) -> None:
        self.restore = restore              # a line of iptables-restore (which gave its own -t first)
        self.resolve = resolve              # host name -> its IPv4 addresses (getaddrinfo), for -s/-d
        self.tables_given = 0
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
        self.addresses: list[tuple[str, str]] = []
        self.warnings: list[str] = []

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
            if pair in ({"L", "Z"}, {"S", "Z"}):
                self.cmd.zero = True
                self.cmd.zero_first = self.cmd.command == "Z"
                self.cmd.command = letter if letter != "Z" else self.cmd.command
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
            self.invert = False             # as iptables' loop: a `!` only applies to the next option
        return self._finish()

    def _short_cluster(self, a: str) -> None:
        i = 1
        while i < len(a):
            ch = a[i]
            i += 1
            rest = a[i:] or None
            if ch in COMMANDS:
                if ch == "h":
                    raise self._help()
                if ch == "V":
                    self._command(ch, None)
                    continue
                self._command(ch, rest)          # getopt: -L/-S/-F/-Z/-X take the rest of the word as the chain
                return
            if ch == "w":
                self._wait(rest)
                return
            if ch in SHORT_ARG:
                self._option(SHORT_ARG[ch], f"-{ch}", self._need(f"-{ch}", rest))
                return
            if ch in SHORT_FLAG:
                self._option(SHORT_FLAG[ch], f"-{ch}", [])
                continue
            if ch == "c":
                self._option("set-counters", "-c", self._counters(self._need("-c", rest, 1)[0]))
                return
            raise ParamError(f"unknown option \"-{ch}\"")

    def _counters(self, first: str) -> list[str]:
        """-c PKTS BYTES, or -c PKTS,BYTES."""
        if "," in first[1:]:
            i = first.index(",", 1)
            return [first[:i], first[i + 1:]]
        if self.pos >= len(self.args) or self.args[self.pos][:1] in ("-", "!"):
            raise ParamError("-c requires packet and byte counter")
        self.pos += 1
        return [first, self.args[self.pos - 1]]

    def _wait(self, value: Optional[str]) -> None:
        """-w [seconds]: the next word is taken when it does not start with - or !."""
        if value is None and self.pos < len(self.args) and self.args[self.pos][:1] not in ("-", "!"):
            value = self.args[self.pos]
            self.pos += 1
        if value is not None and not re.match(r"\s*[+-]?(0[xX][0-9a-fA-F]|[0-9])", value):
            raise ParamError("wait seconds not numeric")       # sscanf("%i") reads a number prefix

    def _help(self) -> "HelpRequested":
        """-h stops the parse (exit_printhelp): the help of the extensions loaded so far, a protocol's match
        when none was loaded."""
        names = [e.name for e in self.exts]
        if not names and self.proto_name in ("tcp", "udp", "icmp"):
            names = [self.proto_name]
        return HelpRequested(names, self.target_ext.name if self.target_ext is not None else None)

    def _long(self, raw: str, name: str, value: Optional[str]) -> None:
        if name == "help":
            raise self._help()
        if name in LONG_COMMANDS:
            letter = LONG_COMMANDS[name]
            self._command(letter, value)
            return
        if name == "wait":
            self._wait(value)
            return
        if name == "set-counters":
            self._option(name, raw, self._counters(self._need(raw, value, 1)[0]))
            return
        if name in LONG_OPTS:
            self._option(name, raw, self._need(raw, value, LONG_OPTS[name]))
            return
        # extension options: loaded matches, then the target, then an implicit protocol match
        for ext in self._candidates(name):
            n = ext.options[name] if name in ext.options else ext.options[self._unique(ext, name)]
            opt = name if name in ext.options else self._unique(ext, name)
            inv, self.invert = self.invert, False
            if opt == "tcp-flags" and value is None and self.pos >= len(self.args):
                raise ParamError(f'option "{raw}" requires an argument')
            if opt == "tcp-flags" and (self.pos + 1 >= len(self.args) or self.args[self.pos + 1][:1] in ("-", "!")):
                raise ParamError("--tcp-flags requires two args.")
            vals = self._need(raw, value, n)
            ext.check_option(opt, inv)
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
        if self.proto_name in ("tcp", "udp", "sctp", "icmp") and \
                not any(e.name == self.proto_name for e in self.exts):
            ext = MATCHES[self.proto_name](self.proto_name)
            if name in ext.options or self._unique(ext, name):
                self._add_match(ext)
                return [ext]
        return []

    def _add_match(self, ext: Extension) -> None:
        self.exts.append(ext)
        self.cmd.rule.matches.append(ext.obj)

    def _command(self, letter: str, value: Optional[str]) -> None:
        if letter in ("A", "C", "D", "I", "R", "N", "P", "E") and value is None:
            if self.pos >= len(self.args):
                raise ParamError(f'option "-{letter}" requires an argument')
            value = self.args[self.pos]
            self.pos += 1
        if letter == "N" and value is not None:
            check_chain_name(value)
        if self.invert:
            raise ParamError("unexpected '!' flag")
        self._set_command(letter)
        c = self.cmd
        if letter in ("A", "C", "D", "I", "R", "N", "P", "E"):
            c.chain = value
            if letter == "N":
                check_chain_name(value)
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
            letter0 = OPT_LETTER[key0]
            if self.invert and letter0 in "nvx0c":
                raise ParamError(f"cannot have ! before -{letter0}")
            if letter0 in "nx0cf" and letter0 in self.given:
                shown = "--line-numbers" if letter0 == "0" else f"-{letter0}"
                raise ParamError(f"multiple {shown} flags not allowed")
            self.given.add(letter0)
        inv, self.invert = self.invert, False
        key = {"src": "source", "dst": "destination"}.get(name, name)
        if key in ("source", "destination", "protocol", "in-interface", "out-interface", "jump", "goto",
                   "table"):
            letter = {"source": "s", "destination": "d", "protocol": "p", "in-interface": "i",
                      "out-interface": "o", "jump": "j", "goto": "g", "table": "t"}[key]
            seen_key = "jump" if key == "goto" else key
            if seen_key in self.seen and key != "table":
                raise ParamError(f"multiple -{'j' if key == 'goto' else letter} flags not allowed")
            if inv and key == "table":
                raise ParamError("unexpected ! flag before --table")
            if inv and key in ("jump", "goto"):
                raise ParamError("cannot have ! before -j")
            self.seen.add(seen_key)
        if key == "ipv6":
            raise ParamError("", prefix=False)           # an IPv6 option to iptables: only the Try line
        if key == "table":
            if self.restore and self.tables_given:
                raise ParamError("The -t option cannot be used in iptables-restore.\n")
            self.tables_given += 1
            c.table = vals[0]
        elif key in ("source", "destination"):
            self.addresses.append((key, vals[0]))       # parsed after the option loop, as iptables does
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
                raise ParamError(f'unknown protocol "{p}" specified')
            r.proto = num
            self.proto_name = {6: "tcp", 17: "udp", 1: "icmp", 132: "sctp", 33: "dccp", 136: "udplite"}.get(num, "")
            self.proto_inv = inv
            if inv:
                r.inv = r.inv | {"proto"}
        elif key in ("in-interface", "out-interface"):
            if "/" in vals[0] or " " in vals[0]:
                self.warnings.append(f"Warning: weird character in interface `{vals[0]}' "
                                     "('/' and ' ' are not allowed by the kernel).\n")
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
            counts = []
            for what, text in (("packet", vals[0]), ("byte", vals[1])):
                m = re.match(r"\s*\+?(\d+)", text)          # sscanf("%llu"): a number prefix
                if m is None:
                    raise ParamError(f"-c {what} counter not numeric")
                counts.append(int(m.group(1)))
            c.counters = (counts[0], counts[1])
        elif key == "fragment":
            raise ParamError("-f is not supported by this course's iptables model")

    def _target(self, name: str, goto: bool) -> None:
        if any(ch.isspace() for ch in name):
            raise ParamError(f"Invalid target name `{name}'")
        c = self.cmd
        c.jump = name
        c.rule.goto = goto
        if name in STANDARD and not goto:
            c.rule.target = _shared_target(name, False)
            return
        if name in TARGETS and not goto:
            self.target_ext = TARGETS[name](self.proto_name)
            c.rule.target = self.target_ext.obj
            return
        c.rule.target = _shared_target(name, True)

    def _finish(self) -> IptCmd:
        """The checks iptables' do_parse makes after its option loop, in its order."""
        c = self.cmd
        if c.table == "nat" and (c.jump == "DROP" or (c.command == "P" and c.policy == "DROP")):
            raise ParamError('\nThe "nat" table is not intended for filtering, the use of DROP is '
                             'therefore inhibited.\n\n')
        ctx = {"proto_name": self.proto_name if c.rule.proto else "", "proto_inv": "proto" in c.rule.inv,
               "warnings": self.warnings}
        for ext in self.exts:
            ext.final_check(ctx)
        if self.target_ext is not None:
            self.target_ext.final_check(ctx)
        if not c.command:
            raise ParamError("no command specified")
        if self.invert:
            raise ParamError("nothing appropriate following !")
        r = c.rule
        for key, text in self.addresses:
            parsed = [pair for part in text.split(",") for pair in parse_addresses(part, self.resolve)]
            if key == "source":
                (r.src, r.smsk), c.more_src = parsed[0], parsed[1:]
            else:
                (r.dst, r.dmsk), c.more_dst = parsed[0], parsed[1:]
        if (c.more_src or c.more_dst) and ("src" in r.inv or "dst" in r.inv):
            raise ParamError("! not allowed with multiple source or destination IP addresses")
        kind = "Dn" if c.command == "D" and c.rulenum is not None else c.command
        illegal = ILLEGAL.get(kind, "")
        for letter in OPT_ORDER:
            if letter in self.given and letter in illegal:
                raise ParamError(f"Illegal option `-{letter}' with this command")
        if c.command in ("A", "C", "D", "I", "R"):
            t = r.target
            if c.table not in VALID_TABLES:
                raise TableMissing(c.table)
            if t is not None and t.is_chain and not self.chain_is_user(c.table, t.name):
                raise ParamError(f"Chain '{t.name}' does not exist")
            for ext in self.exts:
                try:
                    ext.proto_check(ctx)
                except ParamError as e:
                    c.deferred = e              # reported when the rule reaches its chain
                    break
            if c.counters is not None:
                r.pkts, r.bytes = c.counters
            r.matches = tuple(r.matches)      # frozen (may be shared between netns)
            r.inv = _INV.setdefault(r.inv, r.inv)
        return c


def parse(argv: list[str], chains_exist: Any, restore: bool = False,
          resolve: Optional[Callable[[str], list[int]]] = None) -> IptCmd:
    """Parse argv; errors carry `warnings` (texts printed before them on stderr)."""
    parser = Parser(argv, chains_exist, restore, resolve)
    try:
        cmd = parser.parse()
    except (ParamError, TableMissing) as e:
        e.warnings = parser.warnings + list(getattr(e, "warnings", []))        # type: ignore[union-attr]
        raise
    cmd.warnings = parser.warnings
    return cmd
