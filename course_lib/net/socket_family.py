"""Socket address families as the kernel keeps them: AF_INET, AF_INET6 dual-stack and AF_INET6 v6only.

An AF_INET6 socket is opened for any address with ":" in it; IPV6_V6ONLY comes from the caller or from
net.ipv6.bindv6only (0 by default), so a Go program's ":10250" is ONE dual-stack socket on "::".
What IPv4 a socket receives (its sk_rcv_saddr) is `ipv4_part`: the AF_INET address, 0.0.0.0 for a
dual-stack "::", the embedded address of a v4-mapped "::ffff:a.b.c.d", None for v6only or another
IPv6 address (binding one sets IPV6_V6ONLY, as inet6_bind does). bind() conflicts follow inet_rcv_saddr_equal / ipv6_rcv_saddr_equal
(net/ipv4/inet_connection_sock.c), checked against the real kernel (tests/net/test_socket_family.py):
a dual-stack "::" conflicts with 0.0.0.0 and with any IPv4 address; "::" v6only and 0.0.0.0 coexist;
two "::" always conflict; "::1" and 0.0.0.0 coexist.
"""
from __future__ import annotations

import ipaddress
from typing import Any, Callable, Optional

AF_INET, AF_INET6 = 2, 10
IPv4, IPv6 = ipaddress.IPv4Address, ipaddress.IPv6Address
ANY4 = IPv4(0)


def parse_bind(netns: Any, ip: Any, v6only: Optional[bool]) -> tuple[Any, bool]:
    """(address object, v6only) for a bind: IPv6 text or object -> AF_INET6, else AF_INET (v6only False)."""
    if isinstance(ip, (IPv4, IPv6)):
        addr = ip
    else:
        text = str(ip)
        addr = IPv6(text.strip("[]")) if ":" in text else IPv4(text)
    if addr.version == 4:
        return addr, False
    if v6only is None:
        v6only = netns.sysctls.get("net.ipv6.bindv6only", "0") == "1"
    if addr._ip != 0 and addr.ipv4_mapped is None and not addr.is_multicast:
        v6only = True              # inet6_bind: a socket bound to a real IPv6 address becomes v6only
    return addr, bool(v6only)


def ipv4_part(ip: Any, v6only: bool) -> Optional[IPv4]:
    """The IPv4 destination a socket bound to `ip` receives: itself, 0.0.0.0 (any), or None (no IPv4)."""
    if ip.version == 4:
        return ip
    if v6only:
        return None
    if ip._ip == 0:
        return ANY4
    return ip.ipv4_mapped


def check_bind6(netns: Any, addr: IPv6, v6only: bool, bindable: Callable[[Any, IPv4], bool]
                ) -> Optional[tuple[str, str]]:
    """inet6_bind's address checks: (strerror, errno name) or None when the address can be bound."""
    mapped = addr.ipv4_mapped
    if mapped is not None:
        if v6only:
            return ("Invalid argument", "EINVAL")
        if mapped != ANY4 and not bindable(netns, mapped):
            return ("Cannot assign requested address", "EADDRNOTAVAIL")
        return None
    if addr._ip == 0 or addr.is_multicast:
        return None
    if any(a.family == 6 and a.interface.ip == addr for a in netns.addresses):
        return None
    return ("Cannot assign requested address", "EADDRNOTAVAIL")


def bind_conflict(new: Any, old: Any) -> bool:
    """inet_rcv_saddr_equal(new, old, match_wildcard=true): do the two bound addresses overlap?"""
    if new.ip.version == 4:
        if old.ip.version == 6 and (old.v6only or old.ip.ipv4_mapped is None and old.ip._ip != 0):
            return False
        other = ipv4_part(old.ip, old.v6only)
        return other == new.ip or new.ip == ANY4 or other == ANY4
    mapped1 = new.ip.ipv4_mapped is not None
    mapped2 = old.ip.version == 4 or old.ip.ipv4_mapped is not None
    if mapped1 and mapped2:
        if old.ip.version == 6 and old.v6only:
            return False
        a, b = new.ip.ipv4_mapped, ipv4_part(old.ip, False)
        return a == b or a == ANY4 or b == ANY4
    any1 = new.ip._ip == 0
    any2 = old.ip.version == 6 and old.ip._ip == 0
    if any1 and any2:
        return True
    if any2 and not (old.v6only and mapped1):
        return True
    if any1 and not (new.v6only and mapped2):
        return True
    return old.ip.version == 6 and old.ip == new.ip


def ntop6(ip: IPv6) -> str:
    """inet_ntop(AF_INET6): a v4-mapped address keeps its dotted quad (::ffff:10.0.0.1)."""
    mapped = ip.ipv4_mapped
    return f"::ffff:{mapped}" if mapped is not None else str(ip)



# -- how programs bind ---------------------------------------------------------------------------
def go_listen(listen: str, default_port: int) -> tuple[str, int]:
    """(address, port) of Go's net.Listen("tcp", listen): ":P" and "0.0.0.0:P" are wildcards, which Go
    opens as ONE dual-stack AF_INET6 socket on "::" (favoriteAddrFamily); a given address binds itself."""
    host, _, port = listen.rpartition(":")
    host = host.strip("[]")
    return ("::" if host in ("", "0.0.0.0", "::") else host), (int(port) if port.isdigit() else default_port)


def nginx_addresses(version: str) -> list[tuple[str, bool]]:
    """(address, v6only) of the nginx image's default.conf: `listen 80;`, and since 1.19 the
    `listen [::]:80;` its 10-listen-on-ipv6-by-default.sh adds (nginx sets IPV6_V6ONLY: ipv6only=on)."""
    try:
        major, minor = (int(x) for x in version.split(".")[:2])
    except ValueError:
        major, minor = 1, 27
    return [("0.0.0.0", False)] + ([("::", True)] if (major, minor) >= (1, 19) else [])


# the backlog each program passes to listen(): Go reads net.core.somaxconn; nginx's NGX_LISTEN_BACKLOG,
# redis's tcp-backlog and Apache's ListenBacklog are 511; mysqld's back_log is max_connections (151);
# busybox httpd calls xlisten(fd, 9); Python's socket.listen() gives 128. The kernel caps it at somaxconn.
BACKLOG = {"go": 4096, "nginx": 511, "redis": 511, "apache": 511, "mysqld": 151, "busybox-httpd": 9, "python": 128}

# redis (6 without a config file, 7's default `bind * -::*`): 0.0.0.0 and [::] with IPV6_V6ONLY
REDIS_ADDRESSES = [("0.0.0.0", False), ("::", True)]
