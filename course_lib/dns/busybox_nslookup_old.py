"""BusyBox 1.28 `nslookup` (the small, pre-1.29 one the Kubernetes DNS docs use, busybox:1.28 on uClibc).

What networking/nslookup.c of 1.28 does, and this module copies:
- one or two arguments (HOST [SERVER]); anything starting with `-` prints the usage, exit 1;
- the server (the argument, else the first `nameserver`) is printed as `print_host(server, "Server:")`
  and an empty line; then `print_host(HOST, "Name:")`;
- print_host: getaddrinfo(HOST) through the C library (/etc/hosts, then DNS with search and ndots),
  `%-10s %s` of the header and the name as given, then `Address N: IP` and, when the address has a
  name (getnameinfo NI_NAMEREQD: /etc/hosts, then PTR), ` NAME`;
- a name that does not resolve: `nslookup: can't resolve 'NAME'` on stderr, exit 1.
"""
from __future__ import annotations

import ipaddress
from dataclasses import replace
from typing import Any, Optional

from course_lib.dns import bindtools, resolver
from course_lib.dns.message import Message
from course_lib.dns.resolver import res_search
from course_lib.result import CommandResult

USAGE = """BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.

Usage: nslookup [HOST] [SERVER]

Query the nameserver for the IP address of the given HOST
optionally using a specified DNS server
"""


def is_busybox_128(ctx: Any) -> bool:
    """The container's toolset comes from busybox:1.28 (image_catalogue marks it)."""
    return getattr(getattr(getattr(ctx, "machine", None), "tools", None), "busybox", "") == "1.28"


def nslookup_128(ctx: Any, argv: list[str]) -> CommandResult:
    args = argv[1:]
    if not args or args[0].startswith("-") or len(args) > 2:
        return CommandResult("", USAGE, 1)
    conf = resolver.load_conf(ctx)
    if len(args) == 2:
        address = bindtools.server_argument(ctx, args[1])
        if address is None:
            return CommandResult("", f"nslookup: bad address '{args[1]}'\n", 1)
        conf = replace(conf, nameservers=[address])
    server = conf.nameservers[0] if conf.nameservers else "127.0.0.1"
    out, err = _print_host(ctx, conf, server, "Server:")
    out += "\n"
    name_out, name_err = _print_host(ctx, conf, args[0], "Name:")
    return CommandResult(out + name_out, err + name_err, 1 if name_err else 0)


def _print_host(ctx: Any, conf: Any, host: str, header: str) -> tuple[str, str]:
    addresses = _getaddrinfo(ctx, conf, host)
    if not addresses:
        return "", f"nslookup: can't resolve '{host}'\n"
    lines = [f"{header:<10} {host}\n"]
    for n, address in enumerate(addresses, 1):
        name = _getnameinfo(ctx, conf, address)
        lines.append(f"Address {n}: {address}" + (f" {name}\n" if name else "\n"))
    return "".join(lines), ""


def _getaddrinfo(ctx: Any, conf: Any, host: str) -> list[str]:
    """uClibc's getaddrinfo(AF_UNSPEC): the IPv6 lookup first, then IPv4."""
    numeric = resolver.numeric_address(host)
    if numeric is not None:
        return [numeric]
    found = resolver._files_lookup(ctx, host, (6, 4))
    if found is not None:
        return found.addresses
    addresses: list[str] = []
    for qtype in ("AAAA", "A"):
        answered, records, _ = res_search(ctx, conf, host, (qtype,))
        if answered is not None:
            addresses += [rr.rdata for rr in records if rr.rdtype == qtype and rr.rdata not in addresses]
    return addresses


def _getnameinfo(ctx: Any, conf: Any, address: str) -> Optional[str]:
    ip = ipaddress.ip_address(address)
    entry = resolver.load_hosts(ctx).by_address(ip)
    if entry is not None:
        return entry.names[0]
    response, status = resolver.send_query(ctx, conf, ip.reverse_pointer + ".", "PTR")
    if isinstance(response, Message) and status == "ok":
        names = [rr.rdata.rstrip(".") for rr in response.answer if rr.rdtype == "PTR"]
        return names[0] if names else None
    return None
