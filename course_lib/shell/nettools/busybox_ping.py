"""BusyBox 1.36 `ping` texts: the header, reply lines (seq from 0, no names), ICMP-error warnings, statistics.

networking/ping.c prints `PING host (ip): N data bytes`, `N+8 bytes from ip: seq=S ttl=T time=X ms`,
the statistics with an integer loss and `round-trip min/avg/max`; it exits 1 when no reply came back,
or with -w when fewer than -c replies did; unknown names give `ping: bad address 'NAME'` (exit 1);
a bad number `ping: invalid number 'X'` (exit 1); no host or an unknown option, the usage (exit 1).
ICMP errors print nothing: unpack4() drops every reply whose ICMP id is not ping's own, and an error's
id field is unused (0) -- the `warning: got ICMP` line is unreachable for them on Linux.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.result import CommandResult

USAGE = """
Usage: ping [OPTIONS] HOST

Send ICMP ECHO_REQUESTs to HOST

\t-4,-6\t\tForce IP or IPv6 name resolution
\t-c CNT\t\tSend only CNT pings
\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)
\t-i SECS\t\tInterval
\t-A\t\tPing as soon as reply is received
\t-t TTL\t\tSet TTL
\t-I IFACE/IP\tSource interface or IP address
\t-W SEC\t\tSeconds to wait for the first response (default 10)
\t\t\t(after all -c CNT packets are sent)
\t-w SEC\t\tSeconds until ping exits (default:infinite)
\t\t\t(can exit earlier with -c CNT)
\t-q\t\tQuiet, only display output at start/finish
\t-p HEXBYTE\tPayload pattern
"""

ICMP_NAMES = {0: "Echo Reply", 3: "Destination Unreachable", 4: "Source Quench", 5: "Redirect",
              8: "Echo Request", 11: "Time Exceeded", 12: "Parameter Problem", 13: "Timestamp",
              14: "Timestamp Reply", 15: "Information Request", 16: "Information Reply",
              17: "Address Mask Request", 18: "Address Mask Reply"}


def uses_busybox_ping(ctx: Any) -> bool:
    """BusyBox images (netshoot's alpine userland carries iputils ping)."""
    return getattr(getattr(ctx, "machine", None), "userland", "debian") == "busybox"


def check_args(ctx: Any, argv: list[str]) -> Optional[CommandResult]:
    """getopt32 "qvAc:+s:t:+w:+W:+I:np:i:46" with exactly one HOST, then xatou16(-s); None when fine."""
    from course_lib.shell.busybox_getopt import getopt32
    found = getopt32(ctx, argv, "qvAc:s:t:w:W:I:np:i:46", USAGE, numeric="ctwW", numeric_after="s",
                     operands=(1, 1))
    return found if isinstance(found, CommandResult) else None


def exit_code(st: dict, count: Optional[int], deadline: Optional[float]) -> int:
    """exit(nrecv == 0 || (deadline && nrecv < pingcount))."""
    nrx = st["nrx"]
    return 1 if nrx == 0 or (deadline is not None and count is not None and nrx < count) else 0


def header(target: str, dst: Any, size: int) -> str:
    return f"PING {target} ({dst}): {size} data bytes\n"


def reply(size: int, src: Any, seq: int, ttl: int, us: int, timing: bool, dup: bool) -> str:
    line = f"{size + 8} bytes from {src}: seq={seq - 1} ttl={ttl}"
    if timing:
        line += f" time={us // 1000}.{us % 1000:03d} ms"
    return line + (" (DUP!)\n" if dup else "\n")


def icmp_warning(icmp_type: int, icmp_id: int = 0, own_id: int = -1) -> str:
    """Only a message that carries ping's own id in its id field would be reported (see the docstring)."""
    if icmp_id != own_id:
        return ""
    return f"ping: warning: got ICMP {icmp_type} ({ICMP_NAMES.get(icmp_type, 'unknown ICMP type')})\n"


def summary(target: str, st: dict) -> str:
    ntx, nrx, dups = st["ntx"], st["nrx"], st.get("dups", 0)
    text = f"\n--- {target} ping statistics ---\n{ntx} packets transmitted, {nrx} packets received, "
    if dups:
        text += f"{dups} duplicates, "
    text += f"{(ntx - nrx) * 100 // ntx if ntx else 0}% packet loss\n"
    rtts = st["rtts"]
    if rtts:
        avg = sum(rtts) // len(rtts)
        text += "round-trip min/avg/max = " + "/".join(
            f"{v // 1000}.{v % 1000:03d}" for v in (min(rtts), avg, max(rtts))) + " ms\n"
    return text
