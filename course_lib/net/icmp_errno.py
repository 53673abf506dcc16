"""The errno an ICMP error gives a socket: the kernel's icmp_err_convert table, as sockets.py's error kinds.

tcp_v4_err() ends a connect() in SYN-SENT with icmp_err_convert[code].errno for every destination
unreachable code but "fragmentation needed" (a path-MTU update, no error), and with EHOSTUNREACH for
time exceeded. The kinds are the names sockets.py uses (STRERROR gives the libc text):
ENETUNREACH "network-unreachable", EHOSTUNREACH "unreachable", ECONNREFUSED "refused",
ENOPROTOOPT "protocol-unavailable", EOPNOTSUPP "not-supported", EHOSTDOWN "host-down",
ENONET "not-on-network", EMSGSIZE "message-too-long", EPROTO "protocol-error" (parameter problem).
"""
from __future__ import annotations

from typing import Optional

ERRNO_KIND = {"ENETUNREACH": "network-unreachable", "EHOSTUNREACH": "unreachable", "ECONNREFUSED": "refused",
              "ENOPROTOOPT": "protocol-unavailable", "EOPNOTSUPP": "not-supported", "EHOSTDOWN": "host-down",
              "ENONET": "not-on-network", "EMSGSIZE": "message-too-long", "EPROTO": "protocol-error"}

# icmp_err_convert[code] = (errno, fatal), net/ipv4/icmp.c
ICMP_ERR_CONVERT = (
    ("ENETUNREACH", False),     # 0 net unreachable
    ("EHOSTUNREACH", False),    # 1 host unreachable
    ("ENOPROTOOPT", True),      # 2 protocol unreachable
    ("ECONNREFUSED", True),     # 3 port unreachable
    ("EMSGSIZE", False),        # 4 fragmentation needed
    ("EOPNOTSUPP", False),      # 5 source route failed
    ("ENETUNREACH", True),      # 6 net unknown
    ("EHOSTDOWN", True),        # 7 host unknown
    ("ENONET", True),           # 8 host isolated
    ("ENETUNREACH", True),      # 9 net administratively prohibited
    ("EHOSTUNREACH", True),     # 10 host administratively prohibited
    ("ENETUNREACH", False),     # 11 net unreachable for TOS
    ("EHOSTUNREACH", False),    # 12 host unreachable for TOS
    ("EHOSTUNREACH", True),     # 13 communication administratively prohibited
    ("EHOSTUNREACH", True),     # 14 host precedence violation
    ("EHOSTUNREACH", True),     # 15 precedence cutoff in effect
)

STRERROR = {"protocol-unavailable": "Protocol not available", "not-supported": "Operation not supported",
            "host-down": "Host is down", "not-on-network": "Machine is not on the network",
            "message-too-long": "Message too long", "protocol-error": "Protocol error"}
GO_TEXT = {"protocol-unavailable": "connect: protocol not available", "not-supported": "connect: operation not supported",
           "host-down": "connect: host is down", "not-on-network": "connect: machine is not on the network",
           "message-too-long": "connect: message too long", "protocol-error": "connect: protocol error"}


def icmp_errno(type_: int, code: int) -> Optional[tuple[str, bool]]:
    """(errno name, fatal) for an ICMP error of type/code, None when the kernel ignores it."""
    if type_ == 11:
        return "EHOSTUNREACH", False
    if type_ == 3 and 0 <= code < len(ICMP_ERR_CONVERT):
        return ICMP_ERR_CONVERT[code]
    if type_ == 12:
        return "EPROTO", True
    return None


def error_kind(type_: int, code: int) -> str:
    """The sockets.py error kind a connect() gets from this ICMP error (EHOSTUNREACH for what has no kind)."""
    found = icmp_errno(type_, code)
    return ERRNO_KIND.get(found[0], "unreachable") if found is not None else "unreachable"
