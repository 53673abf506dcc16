"""BusyBox 1.36 `ping` texts: the header, reply lines (seq from 0, no names), ICMP-error warnings, statistics.

networking/ping.c prints `PING host (ip): N data bytes`, `N+8 bytes from ip: seq=S ttl=T time=X ms`,
`ping: warning: got ICMP T (Name)` on stderr for ICMP errors, and the statistics with an integer loss
and `round-trip min/avg/max`; it exits 0 when a reply came back, else 1; unknown names give
`ping: bad address 'NAME'` (exit 1).
"""
from __future__ import annotations

from typing import Any

ICMP_NAMES = {0: "Echo Reply", 3: "Destination Unreachable", 4: "Source Quench", 5: "Redirect",
              8: "Echo Request", 11: "Time Exceeded", 12: "Parameter Problem", 13: "Timestamp",
              14: "Timestamp Reply", 15: "Information Request", 16: "Information Reply",
              17: "Address Mask Request", 18: "Address Mask Reply"}


def uses_busybox_ping(ctx: Any) -> bool:
    """BusyBox images (netshoot's alpine userland carries iputils ping)."""
    return getattr(getattr(ctx, "machine", None), "userland", "debian") == "busybox"


def header(target: str, dst: Any, size: int) -> str:
    return f"PING {target} ({dst}): {size} data bytes\n"


def reply(size: int, src: Any, seq: int, ttl: int, us: int, timing: bool, dup: bool) -> str:
    line = f"{size + 8} bytes from {src}: seq={seq - 1} ttl={ttl}"
    if timing:
        line += f" time={us // 1000}.{us % 1000:03d} ms"
    return line + (" (DUP!)\n" if dup else "\n")


def icmp_warning(icmp_type: int) -> str:
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
