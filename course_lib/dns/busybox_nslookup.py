"""BusyBox 1.36 `nslookup` (FEATURE_NSLOOKUP_BIG): every search-list query at once, one block per reply.

What BusyBox does (networking/nslookup.c), and this module copies:
- servers: the command line's, else every `nameserver` of /etc/resolv.conf, else 127.0.0.1;
- the search list: `search` (or `domain` when there is no `search`), else the hostname's domain;
  it applies only to names without a dot (no ndots): `mysql` asks mysql.<each domain>, A for every
  domain then AAAA for every domain; `mysql.default` is asked as it is;
- an address argument asks PTR; `-type=` picks the types (table order SOA NS A AAAA CNAME MX TXT SRV PTR ANY);
- the first reply prints `Server:\\t\\t<name>` and `Address:\\t<ip>:<port>`; then each reply prints
  `** server can't find <name>: <RCODE>` (exit 1), or `Non-authoritative answer:` when not authoritative
  and its answer records; each reply block ends with an empty line;
- no reply from any server: `;; connection timed out; no servers could be reached` and an empty line, exit 1;
  a server whose port is closed (ICMP port unreachable) adds `nslookup: write to 'IP': Connection refused`.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.dns import bindtools, files, resolver
from course_lib.dns.digfmt import reverse_name
from course_lib.dns.message import RR, Message
from course_lib.dns.transport import OK, REFUSED, exchange
from course_lib.result import CommandResult

QTYPES = ("SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "ANY")
RCODES = ("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED")
OPTIONS = ("type", "querytype", "port", "retry", "debug", "t", "timeout")
USAGE = """BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.

Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any
"""
_LABELS = {"NS": "nameserver", "CNAME": "canonical name", "PTR": "name"}


def uses_busybox_nslookup(ctx: Any) -> bool:
    """BusyBox images; an alpine image with bind-tools (dig) has BIND's nslookup instead."""
    machine = getattr(ctx, "machine", None)
    userland = getattr(machine, "userland", "debian")
    if userland == "busybox":
        return True
    tools = getattr(machine, "tools", None)
    return userland == "alpine" and not (tools and "dig" in tools)


def _usage() -> CommandResult:
    return CommandResult("", USAGE, 1)


def busybox_nslookup(ctx: Any, argv: list[str]) -> CommandResult:
    from course_lib.dns import busybox_nslookup_old
    if busybox_nslookup_old.is_busybox_128(ctx):          # busybox:1.28's small nslookup
        return busybox_nslookup_old.nslookup_128(ctx, argv)
    types: list[str] = []
    port, timeout = 53, 5
    args = argv[1:]
    while args and args[0].startswith("-"):
        key, _, value = args.pop(0)[1:].partition("=")
        if key not in OPTIONS:
            return _usage()
        if key in ("type", "querytype"):
            found = next((t for t in QTYPES if t.lower() == value.lower()), None)
            if found is None:
                return CommandResult("", f'nslookup: invalid query type "{value}"\n', 1)
            if found not in types:
                types.append(found)
        elif key in ("port", "retry", "t", "timeout"):
            if not value.isdigit() or int(value) < 1 or (key == "port" and int(value) > 0xFFFF):
                return CommandResult("", f"nslookup: invalid number '{value}'\n", 1)
            if key == "port":
                port = int(value)
            elif key in ("t", "timeout"):
                timeout = int(value)
    if not args or len(args) > 2:
        return _usage()
    name = args[0]
    if len(args) == 2:
        address = bindtools.server_argument(ctx, args[1])
        if address is None:
            return CommandResult("", f"nslookup: bad address '{args[1]}'\n", 1)
        servers = [(args[1], address)]
        search = _search_list(ctx)[1]
    else:
        listed, search = _search_list(ctx)
        servers = [(s, s) for s in listed] or [("127.0.0.1", "127.0.0.1")]
    queries = _queries(name, types, search)
    if not queries:
        return CommandResult("", "", 0)
    errors: list[str] = []
    for shown, address in servers:
        answered = _ask(ctx, shown, address, port, queries, float(timeout), errors)
        if answered is not None:
            return CommandResult(answered.stdout, "".join(errors) + answered.stderr, answered.returncode)
    return CommandResult(";; connection timed out; no servers could be reached\n\n", "".join(errors), 1)


def _search_list(ctx: Any) -> tuple[list[str], list[str]]:
    """(nameservers, search domains) as BusyBox reads /etc/resolv.conf itself."""
    servers: list[str] = []
    search: Optional[str] = None
    have_search = False
    for line in (files.read_file(ctx, files.RESOLV_CONF) or "").splitlines():
        parts = line.split(None, 1)
        if len(parts) < 2:
            continue
        key, arg = parts[0], parts[1].strip()
        if key == "domain" and not have_search or key == "search":
            have_search = have_search or key == "search"
            search = arg
        elif key == "nameserver":
            servers.append(arg)
    if search is None:
        hostname = files.hostname_of(ctx)
        if "." in hostname:
            search = hostname.split(".", 1)[1]
    if search == ".":
        search = None
    return servers, (search.split() if search else [])


def _queries(name: str, types: list[str], search: list[str]) -> list[tuple[str, str]]:
    """(query name, type) in the order BusyBox builds (and sends) them."""
    def with_search(qtype: str) -> list[tuple[str, str]]:
        if qtype == "PTR" or not search or "." in name:
            return [(name, qtype)]
        return [(f"{name}.{domain}", qtype) for domain in search]

    if not types:
        numeric = resolver.numeric_address(name)
        if numeric is not None:
            return [(reverse_name(numeric).rstrip("."), "PTR")]
        return with_search("A") + with_search("AAAA")
    return [q for t in QTYPES if t in types for q in with_search(t)]


def _ask(ctx: Any, shown: str, address: str, port: int, queries: list[tuple[str, str]],
         timeout: float, errors: list[str]) -> Optional[CommandResult]:
    """All queries to one server; None when it answered none of them (BusyBox moves to the next).

    A port unreachable comes back to the connected UDP socket as ECONNREFUSED on the next write:
    `nslookup: write to 'IP': Connection refused` on stderr, and this server is given up at once."""
    rng = resolver._rng(ctx)
    out: list[str] = []
    unanswered: list[str] = []
    rc = 0
    for qname, qtype in queries:
        if not out and unanswered:
            return None                 # the server answered nothing within the timeout
        wire = qname if qname.endswith(".") else qname + "."
        query = Message(id=rng.randrange(65536), qname=wire, qtype=qtype, rd=True, edns=None)
        result = exchange(ctx, address, port, query, timeout)
        if result.status == REFUSED and not out:
            errors.append(f"nslookup: write to '{address}': Connection refused\n")
            return None
        if result.status != OK or result.response is None:
            unanswered.append(qname)
            continue
        if not out:
            where = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
            out += [f"Server:\t\t{shown}\n", f"Address:\t{where}\n\n"]
        response = result.response
        if response.rcode != "NOERROR":
            out.append(f"** server can't find {qname}: {response.rcode}\n")
            rc = 1
        else:
            if not response.aa:
                out.append("Non-authoritative answer:\n")
            out += [_record(rr) for rr in response.answer]
        out.append("\n")
    if not out:
        return None
    if unanswered:
        out += [f"*** Can't find {q}: No answer\n" for q in unanswered] + ["\n"]
    return CommandResult("".join(out), "", rc)


def _record(rr: RR) -> str:
    owner = rr.name.rstrip(".")
    data = str(rr.rdata)
    if rr.rdtype in ("A", "AAAA"):
        return f"Name:\t{owner}\nAddress: {data}\n"
    if rr.rdtype in _LABELS:
        return f"{owner}\t{_LABELS[rr.rdtype]} = {data.rstrip('.')}\n"
    if rr.rdtype == "MX":
        pref, target = data.split(None, 1)
        return f"{owner}\tmail exchanger = {pref} {target.rstrip('.')}\n"
    if rr.rdtype == "TXT":
        text = data.split('" "')[0].strip('"')
        return f'{owner}\ttext = "{text}"\n' if text else ""
    if rr.rdtype == "SRV":
        prio, weight, sport, target = data.split()
        return f"{owner}\tservice = {prio} {weight} {sport} {target.rstrip('.')}\n"
    if rr.rdtype == "SOA":
        mname, rname, *numbers = data.split()
        labels = ("serial", "refresh", "retry", "expire", "minimum")
        return (f"{owner}\n\torigin = {mname.rstrip('.')}\n\tmail addr = {rname.rstrip('.')}\n"
                + "".join(f"\t{k} = {v}\n" for k, v in zip(labels, numbers)))
    return ""
