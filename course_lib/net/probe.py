"""One traced probe through the datapath: where does a packet from a netns to an address go, and why.

    result = probe(netns, "10.96.0.10", proto="tcp", dport=80)
    result.reached, result.error, print(result.trace)     # every hop in the kernel's words

ICMP probes are echo requests (answered by the kernel), TCP probes are SYNs (a listener answers
SYN-ACK, anything else a reset), UDP probes expect a server's answer or ICMP port unreachable.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

from course_lib.net import sockets
from course_lib.net.datapath import ip_send
from course_lib.net.delivery import close_endpoint, open_endpoint
from course_lib.net.events import scheduler
from course_lib.net.icmp import describe
from course_lib.net.packet import ICMP, Packet
from course_lib.net.trace import Trace

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS

PROBE_ID = 0x7E58


@dataclass(frozen=True)
class ProbeResult:
    """What a probe found: whether an answer came back, the error otherwise, and the hop-by-hop trace."""

    reached: bool
    error: Optional[str]          # None, an ICMP error text ("Destination Host Unreachable"), "timeout", ...
    trace: Trace

    def __str__(self) -> str:
        return str(self.trace)


def probe(netns: "NetNS", dst: Union[str, ipaddress.IPv4Address], proto: str = "icmp",
          dport: Optional[int] = None, timeout: float = 3.0) -> ProbeResult:
    """Send one traced probe from `netns` to `dst` and wait (model time) for the outcome."""
    trace = Trace()
    dst_ip = ipaddress.IPv4Address(dst)
    if proto in ("tcp", "udp"):
        port = int(dport or (80 if proto == "tcp" else 53))
        if proto == "tcp":
            res = sockets.tcp_request(netns, dst_ip, port, b"", timeout=timeout, trace=trace)
        else:
            res = sockets.udp_request(netns, dst_ip, port, b"", timeout=timeout, trace=trace)
        return ProbeResult(res.error is None, res.error, trace)
    ep = open_endpoint(netns, ICMP, PROBE_ID)
    try:
        err = ip_send(netns, Packet(src=None, dst=dst_ip, proto=ICMP, icmp_type=8, icmp_code=0,  # type: ignore[arg-type]
                                    icmp_id=PROBE_ID, icmp_seq=1, trace=trace))
        if err is not None:
            return ProbeResult(False, err, trace)
        net = netns.machine.network
        answers = ep.inbox

        def arrived() -> bool:
            answers[:] = [p for p in answers if p.icmp_type != 5]       # redirects are no answer
            return bool(answers)

        scheduler(net).pump(net.clock + timeout, arrived)
        if not arrived():
            return ProbeResult(False, "timeout", trace)
        answer = answers[0]
        if answer.icmp_type == 0:
            return ProbeResult(True, None, trace)
        return ProbeResult(False, describe(answer.icmp_type or 0, answer.icmp_code or 0), trace)
    finally:
        close_endpoint(ep)
