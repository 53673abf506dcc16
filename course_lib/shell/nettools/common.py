"""Helpers the datapath tools share: name resolution through the DNS layer, reverse names, the netns."""
from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

TEMP_FAILURE = "Temporary failure in name resolution"


@lru_cache(maxsize=4096)
def parse_ipv4(text: str) -> Optional[ipaddress.IPv4Address]:
    """An IPv4 address as inet_aton reads it (1.2.3.4, 10.1 = 10.0.0.1, 0x7f.1, 017.0.0.1), or None."""
    parts = text.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = []
    for part in parts:
        try:
            if part[:2].lower() == "0x":
                values.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part[0] == "0":
                values.append(int(part[1:], 8))
            else:
                if not part.isdigit():
                    return None
                values.append(int(part))
        except ValueError:
            return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = 0
    for v in head:
        number = number * 256 + v
    number = number * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(number)


def resolve(ctx: "ExecContext", name: str, family: int = 2) -> tuple[Optional[ipaddress.IPv4Address], Optional[str]]:
    """(address, None) or (None, the gai_strerror text) for a host argument.

    `family` is getaddrinfo's ai_family (2 AF_INET, 10 AF_INET6, 0 AF_UNSPEC: A and AAAA queries, as
    iputils ping asks); the first IPv4 address found is used.
    """
    ip = parse_ipv4(name)
    if ip is not None and family != 10:
        return ip, None
    try:
        from course_lib.dns.resolver import ResolveError, resolve_host
    except ImportError:
        return None, TEMP_FAILURE
    try:
        found = resolve_host(ctx, name, family)
    except ResolveError as exc:
        return None, exc.message
    except Exception:              # the resolver must never turn into a traceback here
        return None, TEMP_FAILURE
    for text in found:
        ip = parse_ipv4(text)
        if ip is not None:
            return ip, None
    if family == 0:                # IPv6 answers only: the model pings over IPv4; say what AF_INET says
        return resolve(ctx, name, 2)
    return None, TEMP_FAILURE


def reverse_name(ctx: "ExecContext", ip: Any) -> Optional[str]:
    """The name net-tools' INET_rresolve prints for `ip`: gethostbyaddr's (nsswitch: /etc/hosts, then a PTR
    query to the nameservers, which costs the time and traffic it does on the kernel), or None."""
    try:
        from course_lib.dns.resolver import gethostbyaddr
        names = gethostbyaddr(ctx, ip)
    except Exception:
        return None
    return names[0] if names else None


def netns_of(ctx: "ExecContext") -> Any:
    """The model netns the command runs in."""
    return ctx.netns


@lru_cache(maxsize=16)
def _optsets(short: str) -> tuple[frozenset, frozenset]:
    with_arg = frozenset(short[i] for i in range(len(short) - 1) if short[i + 1] == ":")
    return with_arg, frozenset(short.replace(":", ""))


def gnu_getopt(args: list[str], short: str) -> "tuple[list[tuple[str, str]], list[str]] | str":
    """glibc getopt with argument permutation for short options; an error text instead on bad input."""
    with_arg, known = _optsets(short)
    opts: list[tuple[str, str]] = []
    rest: list[str] = []
    i, n = 0, len(args)
    while i < n:
        a = args[i]
        i += 1
        if a == "--":
            rest.extend(args[i:])
            break
        if len(a) < 2 or a[0] != "-" or a.startswith("--"):
            if a.startswith("--") and len(a) > 2:
                return f"unrecognized option '{a}'"
            rest.append(a)
            continue
        j = 1
        while j < len(a):
            ch = a[j]
            if ch not in known:
                return f"invalid option -- '{ch}'"
            if ch in with_arg:
                value = a[j + 1:]
                if not value:
                    if i >= n:
                        return f"option requires an argument -- '{ch}'"
                    value = args[i]
                    i += 1
                opts.append(("-" + ch, value))
                break
            opts.append(("-" + ch, ""))
            j += 1
    return opts, rest
