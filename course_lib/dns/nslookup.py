"""The `nslookup` command (BIND 9.18): the search list, A then AAAA, interactive mode, and its answer texts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import dns.rdatatype

from course_lib.dns import bindconf, bindtools, resolver
from course_lib.dns.busybox_nslookup import busybox_nslookup, uses_busybox_nslookup
from course_lib.dns.digfmt import reverse_name
from course_lib.dns.nslookup_text import (USAGE, debug_block, format_rr, section_lines, server_lines,
                                          settings_lines)
from course_lib.result import CommandResult
from course_lib.shell.registry import command

__all__ = ["nslookup", "format_rr"]


@dataclass
class Settings:
    """nslookup's options (command line `-opt` or interactive `set opt`) and its server list."""

    qtype: str = "A"
    explicit_type: bool = False
    timeout: int = 5
    timeout_set: int = 0          # `set all` shows 0 until one is given
    tries: int = 3
    tries_set: bool = False       # -retry given: else resolv.conf's attempts, when it has them
    search: bool = True
    debug: bool = False
    vc: bool = False
    recurse: bool = True
    servfail_stops: bool = False
    port: int = 53
    ndots: Optional[int] = None   # -ndots=N; else resolv.conf's
    check_ra: bool = True         # off once a server is named (command line or `server`)
    servers: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)

    def apply(self, text: str, out: list[str]) -> None:
        """One option (without its '-' or 'set '); a bad one is reported as nslookup reports it."""
        key, eq, value = text.partition("=")
        key = key.lower()
        if key in ("type", "query", "querytype", "q", "ty") and eq:
            if _valid_type(value):
                self.qtype, self.explicit_type = value.upper(), True
            else:
                out.append(f"unknown query type: {value}")
        elif key in ("timeout", "t", "ti") and value.isdigit():
            self.timeout = self.timeout_set = max(int(value), 1)
        elif key in ("retry", "ret") and value.isdigit():
            self.tries, self.tries_set = max(int(value), 1), True
        elif key in ("port", "po") and value.isdigit():
            self.port = int(value)
        elif key == "ndots" and value.isdigit():
            self.ndots = int(value)
        elif key in ("search", "sea", "nosearch", "nosea"):
            self.search = not key.startswith("no")
        elif key in ("debug", "deb", "nodebug", "nodeb"):
            self.debug = not key.startswith("no")
        elif key in ("vc", "novc"):
            self.vc = key == "vc"
        elif key in ("recurse", "rec", "norecurse", "norec"):
            self.recurse = not key.startswith("no")
        elif key in ("fail", "nofail"):
            self.servfail_stops = key == "fail"
        elif key in ("d2", "nod2", "class", "cl", "domain", "do", "srchlist", "sil", "nosil", "all"):
            pass
        else:
            out.append(f"*** Invalid option: {text}")


@command("nslookup")
def nslookup(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    if uses_busybox_nslookup(ctx):
        return busybox_nslookup(ctx, argv)
    st = Settings()
    out: list[str] = []
    positional: list[str] = []
    for token in argv[1:]:
        if token.startswith("-") and len(token) > 1:
            st.apply(token[1:], out)
        else:
            positional.append(token)
    if len(positional) > 2:
        return CommandResult("", USAGE, 1)
    failed = bindtools.conf_error(ctx, "nslookup")
    if failed:
        return failed
    st.servers = bindtools.system_servers(ctx)
    conf = bindconf.load(ctx)
    st.ndots = conf.ndots if st.ndots is None else st.ndots
    if conf.timeout is not None and not st.timeout_set:        # options timeout:/attempts: (irs_resconf)
        st.timeout = max(conf.timeout, 1)
    if conf.attempts is not None and not st.tries_set:
        st.tries = max(conf.attempts, 1)
    st.shown = list(st.servers)
    if len(positional) == 2:
        address, why = bindtools.server_lookup(ctx, positional[1])
        if address is None:
            return CommandResult("", f"nslookup: couldn't get address for '{positional[1]}': {why}\n", 1)
        st.servers, st.shown, st.check_ra = [address], [positional[1]], False
    if not positional or positional[0] == "-":
        return _interactive(ctx, st, stdin, out)
    rc = lookup(ctx, st, positional[0], out)
    return CommandResult("\n".join(out + [""]) + "\n", "", 1 if rc else 0)


def _interactive(ctx: Any, st: Settings, stdin: str, out: list[str]) -> CommandResult:
    """Commands from standard input: a name to look up, `set OPTION`, `server NAME`, `exit`.
    The exit status is 1 unless some lookup got an answer and none failed."""
    answered, failed = False, False
    for line in stdin.splitlines():
        words = line.split()
        if not words:
            continue
        verb = words[0]
        if verb == "exit":
            break
        if verb == "set" and len(words) > 1:
            if words[1].lower() == "all":
                out += server_lines(st.servers, st.shown, st.port) + settings_lines(st, _search_list(ctx))
            else:
                st.apply(words[1], out)
        elif verb in ("server", "lserver"):
            if len(words) > 1:
                address = bindtools.server_argument(ctx, words[1])
                if address is None:
                    out.append(f"*** Can't find address for server {words[1]}: NXDOMAIN")
                    continue
                st.servers, st.shown, st.check_ra = [address], [words[1]], False
            out += server_lines(st.servers, st.shown, st.port)
        else:
            rc = lookup(ctx, st, verb, out)
            answered = answered or rc != 9
            failed = failed or rc != 0
    return CommandResult("\n".join(out + [""]) + "\n", "", 1 if failed or not answered else 0)


def _search_list(ctx: Any) -> list[str]:
    return [d.strip(".") for d in bindconf.load(ctx).search if d.strip(".")]


def lookup(ctx: Any, st: Settings, name: str, out: list[str]) -> int:
    """One lookup as nslookup prints it; 0, 1 (an error status) or 9 (no server answered)."""
    # an address is looked up as its PTR name whatever -type says (nslookup's get_reverse)
    reverse = reverse_name(name) if resolver.numeric_address(name) else None
    policy = bindtools.Policy(check_ra=st.check_ra, servfail_stops=st.servfail_stops,     # (a reverse asks PTR:
                              tcp=st.vc or not reverse and st.qtype in ("ANY", "AXFR"))   # UDP whatever -type)
    kw = dict(rd=st.recurse, port=st.port, policy=policy, edns=False)     # BIND 9.18 nslookup: no OPT record
    if reverse:
        # get_reverse builds an ip6.arpa name without the root's dot (an in-addr.arpa one keeps it), as dig -x
        shown = reverse.rstrip(".") if ":" in name else reverse
        outcome = bindtools.ask(ctx, st.servers, reverse, "PTR", st.tries, st.timeout, shown=shown, **kw)
        return _print(st, outcome, "PTR", not st.explicit_type, out, header=st.explicit_type)
    default = not st.explicit_type
    qtypes = ["A", "AAAA"] if default else [st.qtype]
    a_answered = False
    final_name = name
    searched_failed = []

    def show_search(step: Any) -> None:          # -debug shows every search-list reply (showsearch)
        searched_failed.append(_print(st, step, current, default, out, header=True, name=name))

    for index, current in enumerate(qtypes):
        outcome = bindtools.lookup(ctx, st.servers, final_name if index else name, current,
                                   st.search and index == 0, st.tries, st.timeout,
                                   shown=name if index == 0 else final_name.rstrip("."), ndots=st.ndots,
                                   on_search=show_search if st.debug else None, **kw)
        shown = name if index == 0 else final_name.rstrip(".")        # the name as typed, its dot kept
        rc = _print(st, outcome, current, default, out, header=index == 0, a_answered=a_answered, name=shown)
        if current == "AXFR" and rc != 9 and not (outcome.response.answer[:1]
                                                  and outcome.response.answer[0].rdtype == "SOA"):
            out.append("; Transfer failed.")     # no zone transfer came back
        if rc:
            return rc
        assert outcome.response is not None
        final_name = bindtools.chase(outcome.response)
        a_answered = bool(outcome.response.answer)
    return 1 if searched_failed else 0


def _print(st: Settings, outcome: Any, qtype: str, default: bool, out: list[str], header: bool,
           a_answered: bool = False, name: str = "") -> int:
    """printmessage(): the server, -debug's sections, the error or the answer."""
    response = outcome.response
    if response is None:
        out += bindtools.unanswered(outcome)
        return 9
    out += outcome.messages
    if header:
        shown = dict(zip(st.servers, st.shown)).get(outcome.server, outcome.server)
        out += [f"Server:\t\t{shown}", f"Address:\t{outcome.server}#{outcome.port}", ""]
    if st.debug:
        out += debug_block(response)
    if response.rcode != "NOERROR":
        out.append(f"** server can't find {response.qname.rstrip('.')}: {response.rcode}")
        return 1
    first = not default or qtype == "A"
    if not response.aa and first:
        out.append("Non-authoritative answer:")
    if response.answer:                  # the AAAA follow-up asks the chased name: its aliases are new ones
        out += section_lines(response.answer, True)
    elif not default or (qtype == "AAAA" and not a_answered):
        out.append(f"*** Can't find {name or response.qname.rstrip('.')}: No answer")
    if not response.aa and qtype not in ("A", "AAAA"):
        out += ["", "Authoritative answers can be found from:"]
        out += section_lines(response.authority, False) + section_lines(response.additional, False)
    return 0


def _valid_type(text: str) -> bool:
    if not text:
        return False
    try:
        dns.rdatatype.from_text(text)
        return True
    except Exception:
        return False
