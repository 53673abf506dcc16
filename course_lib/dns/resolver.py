"""The glibc stub resolver: nsswitch `hosts: files dns`, the hosts file, then nameservers with search and ndots.

Entry point for other commands (ping, traceroute, curl, getent):
    resolve_host(ctx, name, family=AF_INET) -> list[str]       # addresses, in getaddrinfo order
    raises ResolveError(message, code)   # message is gai_strerror's, e.g. "Name or service not known"
"""
from __future__ import annotations

import ipaddress
import operator
import socket
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, Optional

from course_lib.dns import files
from course_lib.dns.hostsfile import HostsFile, ntop
from course_lib.dns.resolvconf import ResolvConf, _inet_aton
from course_lib.dns.ressearch import (HOST_NOT_FOUND, NO_DATA, NO_RECOVERY, TRY_AGAIN,  # noqa: F401 (API)
                                      ResolveStats, _rng, res_search, send_query)
from course_lib.net import trace as _trace

AF_INET, AF_INET6, AF_UNSPEC = socket.AF_INET, socket.AF_INET6, socket.AF_UNSPEC

# gai_strerror texts and EAI codes
EAI_NONAME = (-2, "Name or service not known")
EAI_AGAIN = (-3, "Temporary failure in name resolution")
EAI_FAIL = (-4, "Non-recoverable failure in name resolution")
EAI_NODATA = (-5, "No address associated with hostname")


class ResolveError(Exception):
    """A failed lookup, carrying glibc's message (gai_strerror) and EAI code."""

    def __init__(self, message: str, code: int = EAI_NONAME[0]) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class HostResult:
    """A successful lookup: the canonical name, aliases and addresses (as getaddrinfo/gethostbyname give)."""

    name: str
    aliases: list[str]
    addresses: list[str]
    source: str                 # "files", "dns" or "numeric"


def load_conf(ctx: Any) -> ResolvConf:
    return settings(ctx).conf


@lru_cache(maxsize=256)
def _parse_conf(text: Optional[str], hostname: str, localdomain: Optional[str],
                res_options: Optional[str]) -> ResolvConf:
    env = {k: v for k, v in (("LOCALDOMAIN", localdomain), ("RES_OPTIONS", res_options)) if v}
    return ResolvConf.parse(text, hostname, env)


def load_hosts(ctx: Any) -> HostsFile:
    return _parse_hosts(files.read_file(ctx, files.HOSTS))


@lru_cache(maxsize=256)
def _parse_hosts(text: Optional[str]) -> HostsFile:
    return HostsFile.parse(text)


def nss_sources(ctx: Any) -> list[tuple[str, bool]]:
    """The `hosts:` line of nsswitch.conf as (source, return-on-NOTFOUND); default files then dns."""
    return _parse_nsswitch(files.read_file(ctx, files.NSSWITCH))


def gethostbyaddr(ctx: Any, address: Any) -> list[str]:
    """The names of `address` as glibc's reverse lookup finds them (getent hosts ADDR, getnameinfo): the
    hosts file's line (name, then aliases) or the DNS PTR records, in nsswitch order, the first source with
    a name winning and [NOTFOUND=return] ending the walk; [] when no name is found."""
    return reverse_lookup(ctx, address)[0]


def reverse_lookup(ctx: Any, address: Any) -> tuple[list[str], bool]:
    """gethostbyaddr's names and whether it failed with TRY_AGAIN (no server answered, or SERVFAIL):
    getnameinfo then fails with EAI_AGAIN instead of giving the number (iptables -L falls back to
    /etc/networks names on that)."""
    from course_lib.dns.message import Message
    again = False
    for source, return_on_notfound in nss_sources(ctx):
        if source == "files":
            entry = load_hosts(ctx).by_address(address)
            if entry is not None:
                return list(entry.names), False
        elif source == "dns":
            response, status = send_query(ctx, load_conf(ctx), address.reverse_pointer + ".", "PTR")
            if isinstance(response, Message) and status == "ok" and response.rcode not in ("SERVFAIL", "REFUSED"):
                names = [rr.rdata.rstrip(".") for rr in response.answer if rr.rdtype == "PTR"]
                if names:
                    return names, False
                again = False
            else:
                again = True
        if return_on_notfound:
            break
    return [], again


class Settings(NamedTuple):
    """What a lookup reads, parsed: nsswitch.conf's hosts sources, the hosts file and resolv.conf."""

    sources: list[tuple[str, bool]]
    hosts: HostsFile
    conf: ResolvConf


_FILES = (files.NSSWITCH, files.HOSTS, files.RESOLV_CONF)
_NO_ENV: dict[str, str] = {}


def settings(ctx: Any) -> Settings:
    """The three files as the process in `ctx` sees them now. They are read at every lookup and parsed
    once per content, so an edit applies to the next lookup (as glibc rereads a changed resolv.conf)."""
    env = getattr(ctx, "env", None) or _NO_ENV
    key = (files.hostname_of(ctx), env.get("LOCALDOMAIN"), env.get("RES_OPTIONS"))
    nodes = files.etc_nodes(ctx, _FILES)
    if nodes is not None:       # the same file nodes (immutable) and environment: the same settings
        memo = ctx.machine.__dict__.get("_dns_settings")
        if memo is not None and memo[0] == nodes and memo[1] == key:
            return memo[2]
        if files.plain_files(nodes):
            found = _parse_settings(*(node.data for node in nodes), *key)
            ctx.machine.__dict__["_dns_settings"] = (nodes, key, found)
            return found
    return _parse_settings(*files.read_etc_files(ctx, _FILES), *key)


@lru_cache(maxsize=256)
def _parse_settings(nsswitch: Optional[str], hosts: Optional[str], resolv: Optional[str], hostname: str,
                    localdomain: Optional[str], res_options: Optional[str]) -> Settings:
    return Settings(_parse_nsswitch(nsswitch), _parse_hosts(hosts),
                    _parse_conf(resolv, hostname, localdomain, res_options))


@lru_cache(maxsize=64)
def _parse_nsswitch(text: Optional[str]) -> list[tuple[str, bool]]:
    for line in (text or "").splitlines():
        line = line.split("#", 1)[0]
        if line.strip().startswith("hosts:"):
            sources: list[tuple[str, bool]] = []
            for token in line.split(":", 1)[1].split():
                if token.startswith("["):
                    if "NOTFOUND=return" in token and sources:
                        sources[-1] = (sources[-1][0], True)
                elif token in ("files", "dns"):
                    sources.append((token, False))
            return sources
    return [("files", False), ("dns", False)]


# ---- getaddrinfo / gethostbyname ---------------------------------------------------------------
def numeric_address(name: str) -> Optional[str]:
    """The address `name` spells (inet_aton forms like 10.1 included), or None."""
    if ":" in name:
        try:
            return ntop(ipaddress.IPv6Address(name.split("%", 1)[0]))
        except ValueError:
            return None
    return _inet_aton(name) if name and name[0].isdigit() else None


_VERSIONS = {AF_INET: (4,), AF_INET6: (6,)}


def _families(ctx: Any, family: int, addrconfig: bool) -> Optional[tuple[int, ...]]:
    """The IP versions to ask for; None when AI_ADDRCONFIG rules the request out (EAI_NONAME)."""
    if not addrconfig:
        return _VERSIONS.get(family, (4, 6))
    seen4 = seen6 = False
    for address in getattr(ctx.netns, "addresses", []):
        if address.family == 4 and str(address.ip) != "127.0.0.1":
            seen4 = True
        elif address.family == 6 and str(address.ip) != "::1":
            seen6 = True
    if family == AF_INET:
        return (4,) if seen4 else None
    if family == AF_INET6:
        return (6,) if seen6 else None
    if seen4 != seen6:
        return (4,) if seen4 else (6,)
    return (4, 6)


def gethostbyname(ctx: Any, name: str, version: int, stats: Optional[ResolveStats] = None) -> HostResult:
    """gethostbyname2(name, AF_INET or AF_INET6) through nsswitch."""
    numeric = numeric_address(name)
    if numeric is not None:
        if (6 if ":" in numeric else 4) != version:
            raise ResolveError(*reversed(EAI_NONAME))
        return HostResult(name, [], [numeric], "numeric")
    return _lookup(ctx, name, (version,), stats)


def getaddrinfo(ctx: Any, name: str, family: int = AF_UNSPEC, addrconfig: bool = False,
                stats: Optional[ResolveStats] = None) -> HostResult:
    """getaddrinfo() for a host name: the canonical name and the addresses in the order returned."""
    versions = _families(ctx, family, addrconfig)      # AI_ADDRCONFIG first: it rules out numeric hosts too
    if versions is None:
        raise ResolveError(*reversed(EAI_NONAME))
    numeric = numeric_address(name)
    if numeric is not None:
        if ":" in numeric and 6 not in versions:         # IPv4-mapped text asked as IPv4: its IPv4 address
            mapped = ipaddress.IPv6Address(numeric).ipv4_mapped
            numeric = str(mapped) if mapped is not None else None
        elif ":" not in numeric and 4 not in versions:
            numeric = None
        if numeric is None:
            raise ResolveError("Address family for hostname not supported", -9)
        return HostResult(numeric, [], [numeric], "numeric")
    result = _lookup(ctx, name, versions, stats)
    addresses = result.addresses
    if len(versions) == 2 and len(addresses) > 1:
        v6 = ":" in addresses[0]
        for address in addresses:
            if (":" in address) is not v6:        # both families: destination ordering
                result.addresses = _rfc3484_sort(ctx, addresses)
                break
    return result


def resolve_host(ctx: Any, name: str, family: int = AF_INET) -> list[str]:
    """The addresses of `name` as getaddrinfo gives them to ping/traceroute/curl; ResolveError on failure."""
    return getaddrinfo(ctx, name, family).addresses


def _lookup(ctx: Any, name: str, versions: tuple[int, ...], stats: Optional[ResolveStats]) -> HostResult:
    if not name or len(name) > 1024 or name.split() != [name] or ".." in name:
        raise ResolveError(*reversed(EAI_NONAME))
    herrno = HOST_NOT_FOUND
    current = settings(ctx)
    for source, return_on_notfound in current.sources:
        if source == "files":
            found = _files_lookup(ctx, name, versions, current.hosts)
            if found is not None:
                return found
        elif source == "dns":
            found_or_errno = _dns_lookup(ctx, name, versions, stats, current.conf)
            if isinstance(found_or_errno, HostResult):
                return found_or_errno
            herrno = found_or_errno
        if return_on_notfound:
            break
    if herrno == TRY_AGAIN:
        raise ResolveError(*reversed(EAI_AGAIN))
    if herrno == NO_DATA:
        raise ResolveError(*reversed(EAI_NODATA))
    if herrno == NO_RECOVERY:
        raise ResolveError(*reversed(EAI_FAIL))
    raise ResolveError(*reversed(EAI_NONAME))


def _files_lookup(ctx: Any, name: str, versions: tuple[int, ...], hosts: Optional[HostsFile] = None
                  ) -> Optional[HostResult]:
    found = (hosts or load_hosts(ctx)).lookup(name, versions[0] if len(versions) == 1 else 0)   # 0: gethostbyname4
    if found is None:
        return None
    canonical, aliases = found[0], found[1]
    addresses = [ntop(a) for a in found[2]]
    if _trace.ACTIVE is not None:
        from course_lib.net.l2 import node_name
        _trace.note(node_name(ctx.netns), "dns", f"/etc/hosts: {name} -> {' '.join(addresses)}")
    return HostResult(canonical, aliases, addresses, "files")


_QTYPES = {(4,): ("A",), (6,): ("AAAA",), (4, 6): ("A", "AAAA"), (6, 4): ("AAAA", "A")}


def _dns_lookup(ctx: Any, name: str, versions: tuple[int, ...], stats: Optional[ResolveStats],
                conf: Optional[ResolvConf] = None) -> HostResult | int:
    conf = conf or load_conf(ctx)
    qtypes = _QTYPES[versions]
    if conf.no_aaaa:
        qtypes = tuple(t for t in qtypes if t != "AAAA") or ("A",)
    answered, records, herrno = res_search(ctx, conf, name, qtypes, stats)
    if answered is None:
        return herrno
    canonical = answered.rstrip(".")
    aliases: list[str] = []
    addresses: list[str] = []
    for rr in records:
        if rr.rdtype == "CNAME":
            if rr.name.rstrip(".") not in aliases:
                aliases.append(rr.name.rstrip("."))
            canonical = rr.rdata.rstrip(".")
        elif rr.rdtype in qtypes and rr.rdata not in addresses:
            addresses.append(rr.rdata)
    if canonical in aliases:
        aliases.remove(canonical)
    if not addresses:       # getanswer_r: "a result [that] only contains a CNAME ... we fail with NOTFOUND"
        return HOST_NOT_FOUND
    return HostResult(canonical, aliases, addresses, "dns")


_ADMIN_UP = operator.attrgetter("admin_up")


def _rfc3484_sort(ctx: Any, addresses: list[str]) -> list[str]:
    """getaddrinfo's destination ordering, reduced to what labs show: reachable first, ::1 > IPv6 > IPv4."""
    netns = ctx.netns
    routes = getattr(netns, "routes", [])
    links = getattr(netns, "links", {})
    # memo per netns, valid while the routes (compared one by one, by identity: a C loop), the number of
    # addresses and the link states stay the same
    states = tuple(map(_ADMIN_UP, links.values()))
    n_addrs = len(getattr(netns, "addresses", ()))
    attrs = netns.__dict__
    memo = attrs.get("_dns_sort_memo")
    if memo is None or memo[1] != n_addrs or memo[2] != states or memo[0] != routes or len(memo[3]) > 256:
        memo = attrs["_dns_sort_memo"] = (list(routes), n_addrs, states, {})
    key = tuple(addresses)
    cached = memo[3].get(key)
    if cached is None:
        cached = memo[3][key] = tuple(_rfc3484_order(netns, routes, addresses))
    return list(cached)


def _rfc3484_order(netns: Any, routes: list[Any], addresses: list[str]) -> list[str]:
    def reachable(ip: Any) -> bool:
        if ip.is_loopback:
            return True
        version, number = ip.version, int(ip)
        for route in routes:
            dst = route.dst
            if dst._version == version and (number & int(dst.netmask)) == int(dst.network_address) \
                    and route.type in ("unicast", "local") and (route.dev is None or route.dev.admin_up):
                return True
        return any(a.interface.ip == ip for a in getattr(netns, "addresses", []) if a.family == version)

    def key(text: str) -> tuple[int, int]:
        ip = _ip(text)
        precedence = 50 if text == "::1" else (40 if ip.version == 6 else 35)
        return (0 if reachable(ip) else 1, -precedence)
    return sorted(addresses, key=key)


@lru_cache(maxsize=4096)
def _ip(text: str) -> Any:
    return ipaddress.ip_address(text)
