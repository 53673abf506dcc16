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
    """An IPv4 literal as inet_aton reads it in the common dotted form, or None."""
    try:
        return ipaddress.IPv4Address(text)
    except ValueError:
        return None


def resolve(ctx: "ExecContext", name: str) -> tuple[Optional[ipaddress.IPv4Address], Optional[str]]:
    """(address, None) or (None, the gai_strerror text) for a host argument."""
    ip = parse_ipv4(name)
    if ip is not None:
        return ip, None
    try:
        from course_lib.dns.resolver import ResolveError, resolve_host
    except ImportError:
        return None, TEMP_FAILURE
    try:
        found = resolve_host(ctx, name)
    except ResolveError as exc:
        return None, exc.message
    except Exception:              # the resolver must never turn into a traceback here
        return None, TEMP_FAILURE
    for text in found:
        ip = parse_ipv4(text)
        if ip is not None:
            return ip, None
    return None, TEMP_FAILURE


def reverse_name(ctx: "ExecContext", ip: Any) -> Optional[str]:
    """The name /etc/hosts gives `ip` (what getnameinfo finds without DNS), or None."""
    try:
        from course_lib.dns.resolver import load_hosts
        entry = load_hosts(ctx).by_address(ip)
    except Exception:
        return None
    return entry.name if entry is not None else None


def netns_of(ctx: "ExecContext") -> Any:
    """The model netns the command runs in."""
    return ctx.netns
