"""ICMP of the model: echo replies, and errors (unreachable, time exceeded) sent back to a source.

The names are the ones iputils ping prints for each type and code.
"""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Optional

from course_lib.net import trace as _trace
from course_lib.net.packet import ICMP, Packet

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS

ECHO_REPLY, DEST_UNREACH, ECHO_REQUEST, TIME_EXCEEDED = 0, 3, 8, 11
ERROR_TYPES = (3, 4, 5, 11, 12)
_new = object.__new__

UNREACH_TEXT = {
    0: "Destination Net Unreachable",
    1: "Destination Host Unreachable",
    2: "Destination Protocol Unreachable",
    3: "Destination Port Unreachable",
    4: "Frag needed and DF set",
    5: "Source Route Failed",
    6: "Destination Net Unknown",
    7: "Destination Host Unknown",
    8: "Source Host Isolated",
    9: "Destination Net Prohibited",
    10: "Destination Host Prohibited",
    11: "Destination Net Unreachable for Type of Service",
    12: "Destination Host Unreachable for Type of Service",
    13: "Packet filtered",
    14: "Precedence Violation",
    15: "Precedence Cutoff",
}

# REJECT --reject-with names -> (type, code)
REJECT_WITH = {
    None: (3, 3),
    "icmp-port-unreachable": (3, 3),
    "icmp-net-unreachable": (3, 0),
    "icmp-host-unreachable": (3, 1),
    "icmp-proto-unreachable": (3, 2),
    "icmp-net-prohibited": (3, 9),
    "icmp-host-prohibited": (3, 10),
    "icmp-admin-prohibited": (3, 13),
}


def describe(type_: int, code: int) -> str:
    """The text ping prints after `From X icmp_seq=N`."""
    if type_ == DEST_UNREACH:
        return UNREACH_TEXT.get(code, f"Dest Unreachable, Bad Code: {code}")
    if type_ == TIME_EXCEEDED:
        return "Time to live exceeded" if code == 0 else "Frag reassembly time exceeded"
    if type_ == 5:
        return "Redirect Host"
    if type_ == 4:
        return "Source Quench"
    if type_ == 12:
        return "Parameter problem"
    return f"Bad ICMP type: {type_}"


def _is_broadcast(netns: "NetNS", ip: ipaddress.IPv4Address) -> bool:
    if ip.packed == b"\xff\xff\xff\xff" or ip.is_multicast:
        return True
    return _datapath.is_broadcast(netns, ip)


def icmp_error(netns: "NetNS", orig: Packet, type_: int, code: int, src: Optional[ipaddress.IPv4Address] = None) -> None:
    """Send an ICMP error about `orig` back to its source (never about an ICMP error or a broadcast)."""
    if orig.proto == ICMP and orig.icmp_type in ERROR_TYPES:
        return
    if orig.src.packed == b"\0\0\0\0" or _is_broadcast(netns, orig.dst) or _is_broadcast(netns, orig.src):
        return
    if not _ratelimit.allow(netns, orig.src, type_, code):
        _snmp.inc(netns, "Icmp", "OutRateLimitHost")
        if orig.trace is not None:
            orig.trace.add(_datapath.node_name(netns), "drop", f"ICMP error to {orig.src} rate-limited (icmp_ratelimit)")
        return
    inner = orig.copy()
    inner.trace = None
    err = Packet(src=src, dst=orig.src, proto=ICMP, icmp_type=type_, icmp_code=code,  # type: ignore[arg-type]
                 inner=inner, length=28 + min(orig.length, 548), trace=orig.trace,     # 576-byte bound
                 tos=0xC0 | (orig.tos & 0x1E))        # IPTOS_PREC_INTERNETCONTROL with the TOS bits
    _datapath.ip_send(netns, err, error_reply=True)


def route_error(netns: "NetNS", orig: Packet, code: int) -> None:
    """A forwarded packet without a usable route (ip_error): rate-limited once there, then by icmp_send."""
    if _ratelimit.route_error_allow(netns, orig.src):
        icmp_error(netns, orig, DEST_UNREACH, code)
    elif orig.trace is not None:
        orig.trace.add(_datapath.node_name(netns), "drop", f"ICMP error to {orig.src} rate-limited (ip_error)")


def echo_reply(netns: "NetNS", req: Packet, broadcast: bool = False) -> None:
    """Answer an echo request delivered locally. Source: the address it was sent to; for a broadcast or
    multicast request, the source ip_send picks toward the requester (fib_compute_spec_dst)."""
    _datapath.ip_send(netns, echo_reply_packet(req, broadcast), None, True)               # error_reply


def echo_reply_packet(req: Packet, broadcast: bool = False) -> Packet:
    """The echo reply to `req` (no source yet for a broadcast or multicast request): Packet(...) with every
    field given, made without the class call (CPython 3.11 calls a Python __init__ from C, at twice the cost
    of these stores; tests/net/test_express.py holds it equal to the Packet(...) it stands for); icmp_reply
    keeps the request's TOS."""
    rep = _new(Packet)
    rep.src, rep.dst, rep.proto, rep.ttl, rep.sport, rep.dport = None if broadcast else req.dst, req.src, ICMP, 64, None, None
    rep.tcp_flags, rep.icmp_type, rep.icmp_code, rep.icmp_id, rep.icmp_seq = "", ECHO_REPLY, 0, req.icmp_id, req.icmp_seq
    rep.inner, rep.payload, rep.length, rep.mark, rep.src_mac, rep.tos = None, req.payload, req.length, 0, None, req.tos
    rep.ct, rep.ct_state = None, None
    trace = req.trace
    rep.trace = trace if trace is not None else _trace.ACTIVE                # Packet.__post_init__
    return rep


# the datapath's modules call each other; bound here, after every definition
from course_lib.net import datapath as _datapath  # noqa: E402
from course_lib.net import icmp_ratelimit as _ratelimit  # noqa: E402
from course_lib.net import snmp as _snmp  # noqa: E402
