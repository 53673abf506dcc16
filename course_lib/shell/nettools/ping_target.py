"""Names for ping as iputils gets them: getaddrinfo's first address and ai_canonname, getnameinfo's reverse names."""
from __future__ import annotations

import ipaddress
from typing import Any, NamedTuple, Optional

from course_lib.shell.nettools.common import TEMP_FAILURE, parse_ipv4

AF_INET, AF_INET6 = 2, 10
ADDRFAMILY = "Address family for hostname not supported"       # EAI_ADDRFAMILY
MARK = "\x00"                                                   # brackets an address whose name comes later


class Target(NamedTuple):
    ip: Any                  # IPv4Address or IPv6Address: the first address getaddrinfo returns
    canonical: str           # ai_canonname (the name given, for an address)
    numeric: bool            # the destination was written as an address: replies are never named


_UNREAD: Any = object()


def lookup(ctx: Any, target: str, family: int, ip4: Any = _UNREAD) -> tuple[Optional[Target], str]:
    """(Target, "") or (None, gai_strerror's text) for ping's destination and -4/-6 (0: AF_UNSPEC);
    `ip4`: parse_ipv4(target) when the caller has it."""
    if ip4 is _UNREAD:
        ip4 = parse_ipv4(target)               # inet_aton's forms (10.1, 0x7f.1) as getaddrinfo reads them
    if ip4 is not None:
        return (None, ADDRFAMILY) if family == AF_INET6 else (Target(ip4, target, True), "")
    try:
        from course_lib.dns import resolver
    except ImportError:
        return None, TEMP_FAILURE
    try:
        found = resolver.getaddrinfo(ctx, target, family)
        first = ipaddress.ip_address(found.addresses[0])
    except resolver.ResolveError as exc:
        if family in (AF_INET, AF_INET6) and exc.message != ADDRFAMILY and _exists(ctx, target, family):
            return None, ADDRFAMILY            # the name is known, in the other family only
        return None, exc.message
    except Exception:  # noqa: BLE001 - the resolver must never turn into a traceback here
        return None, TEMP_FAILURE
    if first.version == 6 and v6_local(ctx.netns, first)[1]:
        # rule 1 of RFC 6724 as glibc applies it: an IPv6 destination without a source goes after a usable
        # IPv4 one (the model's IPv6 reaches the netns's own addresses only)
        for text in found.addresses:
            if ":" not in text and _v4_usable(ctx.netns, ipaddress.IPv4Address(text)):
                first = ipaddress.IPv4Address(text)
                break
    numeric = found.source == "numeric"
    return Target(first, target if numeric else found.name, numeric), ""


def v6_local(netns: Any, ip: Any) -> tuple[bool, str]:
    """(True, "") when `ip` is an address of this netns on an up link with IPv6 enabled, else connect()'s error."""
    sysctls = getattr(netns, "sysctls", {})
    for address in netns.addresses:
        if address.family == 6 and address.interface.ip == ip:
            link = address.link
            if sysctls.get("net.ipv6.conf.all.disable_ipv6") == "1" or \
                    sysctls.get(f"net.ipv6.conf.{link.name}.disable_ipv6") == "1":
                break                                # disable_ipv6 takes the addresses away
            if link.admin_up:
                return True, ""
            return False, "Cannot assign requested address"
    if ip.is_loopback:
        return False, "Cannot assign requested address"      # ::1 goes with lo: down, it is not there
    return False, "Network is unreachable"


def _v4_usable(netns: Any, ip: Any) -> bool:
    from course_lib.net.datapath import lookup_route_err
    try:
        return lookup_route_err(netns, ip, None, None)[0] is not None
    except Exception:  # noqa: BLE001
        return False


def _exists(ctx: Any, target: str, family: int) -> bool:
    from course_lib.dns import resolver
    try:
        return bool(resolver.getaddrinfo(ctx, target, AF_INET6 if family == AF_INET else AF_INET).addresses)
    except Exception:  # noqa: BLE001
        return False


def reverse(ctx: Any, ip: Any) -> Optional[str]:
    """getnameinfo(NI_NAMEREQD): the first name resolver.gethostbyaddr finds; None when there is none."""
    try:
        from course_lib.dns import resolver
        names = resolver.gethostbyaddr(ctx, ip)
    except Exception:  # noqa: BLE001 - a failed lookup prints the bare address
        return None
    return names[0] if names else None


def marked(ip_text: str) -> str:
    """An address in a line whose name is looked up once the run is over (no DNS inside the packet pump)."""
    return f"{MARK}{ip_text}{MARK}"


def fill_names(ctx: Any, lines: list[str], unnamed: str = "{ip}") -> list[str]:
    """Replace each marked address by `NAME (IP)`, or `unnamed` when it has no name (iputils' pr_addr: the
    bare IP; traceroute prints `IP (IP)`)."""
    if not any(MARK in line for line in lines):
        return lines
    names: dict[str, str] = {}
    out = []
    for line in lines:
        if MARK in line:
            parts = line.split(MARK)
            for i in range(1, len(parts), 2):
                text = parts[i]
                if text not in names:
                    name = reverse(ctx, ipaddress.ip_address(text))
                    names[text] = f"{name} ({text})" if name else unnamed.format(ip=text)
                parts[i] = names[text]
            line = "".join(parts)
        out.append(line)
    return out
