"""A connecting TCP socket's SYN retransmissions (SYN-SENT) on the kernel's schedule, with its counters.

tcp_retransmit_timer in SYN-SENT: the first RTO is TCP_TIMEOUT_INIT (1 s); it stays 1 s while the
retransmissions made so far are at most net.ipv4.tcp_syn_linear_timeouts (4), then doubles (up to
TCP_RTO_MAX, 120 s). The timeout after tcp_syn_retries + tcp_syn_linear_timeouts retransmissions gives
up (ETIMEDOUT; tcp_done counts Tcp AttemptFails). With the defaults (6 and 4) the SYNs leave at
0, 1, 2, 3, 4, 5, 7, 11, 19, 35 and 67 s and connect() fails at 131 s.
Each retransmission counts Tcp RetransSegs and TcpExt TCPSynRetrans; each timeout but the first also
TcpExt TCPLostRetransmit (tcp_timeout_mark_lost finds the SYN it retransmitted lost).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Optional

from course_lib.net import snmp as _snmp

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS
    from course_lib.net.packet import Packet

TIMEOUT_INIT = 1.0
RTO_MAX = 120.0
GAVE_UP = object()          # what await_synack returns when the kernel gave up (ETIMEDOUT)


def _sysctl(netns: "NetNS", name: str, default: int) -> int:
    try:
        return int(netns.sysctls.get("net.ipv4." + name, default))
    except ValueError:
        return default


def timeouts(netns: "NetNS") -> list[float]:
    """Seconds after the first SYN at which the retransmission timer fires; the last one gives up."""
    linear = _sysctl(netns, "tcp_syn_linear_timeouts", 4)
    limit = _sysctl(netns, "tcp_syn_retries", 6) + linear
    out, t, rto = [], 0.0, TIMEOUT_INIT
    for sent in range(1, limit + 2):
        t += rto
        out.append(t)
        if sent > linear:
            rto = min(rto * 2, RTO_MAX)
    return out


def await_synack(netns: "NetNS", syn: "Packet", start: float, deadline: float,
                 wait: Callable[[float], Optional["Packet"]], send: Callable[["Packet"], Optional[str]]) -> Any:
    """Wait for the answer to `syn` (sent at `start`) until `deadline`, retransmitting it on the timer.
    Returns the answer, None when the caller's deadline came first, or GAVE_UP."""
    fires = timeouts(netns)
    for n, when in enumerate(fires):
        answer = wait(min(deadline, start + when))
        if answer is not None or netns.machine.network.clock < start + when or start + when >= deadline:
            return answer                   # a timer due when the caller gives up: the SYN left a bit later
        if n == len(fires) - 1:
            _snmp.inc(netns, "Tcp", "AttemptFails")            # tcp_write_err -> tcp_done in SYN-SENT
            return GAVE_UP
        if n:
            _snmp.inc(netns, "TcpExt", "TCPLostRetransmit")
        _snmp.inc(netns, "Tcp", "RetransSegs")
        _snmp.inc(netns, "TcpExt", "TCPSynRetrans")
        if send(syn.copy()) is not None:
            return wait(deadline)
        _snmp.inc(netns, "Tcp", "OutSegs", -1)      # ip_local_out counted it as new: a retransmitted SYN is
        _snmp.inc(netns, "Tcp", "ActiveOpens", -1)  # neither a new segment (end_seq not after snd_nxt) nor an open
    return None
