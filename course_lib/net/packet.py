"""An IPv4 packet as the datapath moves it: addresses, protocol, ports, TTL, mark and payload."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace
from typing import Any, Optional

from course_lib.net import trace as _trace
from course_lib.net.trace import Trace

ICMP, TCP, UDP = "icmp", "tcp", "udp"


@dataclass(slots=True)
class Packet:
    """One IPv4 packet. NAT rewrites its addresses in place; `copy()` before keeping one."""

    src: ipaddress.IPv4Address
    dst: ipaddress.IPv4Address
    proto: str                                  # "icmp", "tcp" or "udp"
    ttl: int = 64
    sport: Optional[int] = None                 # tcp/udp
    dport: Optional[int] = None
    tcp_flags: str = ""                         # "S", "SA", "A", "R", "RA", "FA", "PA"...
    icmp_type: Optional[int] = None             # 8 echo request, 0 echo reply, 3 unreachable, 11 time exceeded
    icmp_code: Optional[int] = None
    icmp_id: Optional[int] = None               # echo identifier (conntrack uses it like a port)
    icmp_seq: Optional[int] = None
    inner: Optional["Packet"] = None            # for ICMP errors: the offending packet's header
    payload: Any = None                         # application data: DNS message, HTTP request, bytes...
    length: int = 84                            # bytes on the wire (IP header included)
    mark: int = 0                               # skb mark (iptables MARK / -m mark)
    src_mac: Optional[str] = None               # Ethernet source of the frame it arrived in (-m mac)
    tos: int = 0                                # the IPv4 TOS byte (-m tos/dscp, -j TOS/DSCP)
    ct: Any = None                              # the conntrack entry netfilter attached
    ct_state: Optional[str] = None              # NEW, ESTABLISHED, RELATED, INVALID (set by conntrack)
    trace: Optional[Trace] = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.trace is None and _trace.ACTIVE is not None:      # a command under lab.trace()
            self.trace = _trace.ACTIVE

    def copy(self) -> "Packet":
        """An independent copy (the trace is shared: it follows the flow)."""
        return replace(self)

    @property
    def key(self) -> tuple:
        """The 5-tuple (ports are the echo id for ICMP echo)."""
        return (self.proto, self.src, self.sport if self.proto != ICMP else self.icmp_id,
                self.dst, self.dport if self.proto != ICMP else self.icmp_id)
