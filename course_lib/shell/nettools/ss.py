"""`ss` (iproute2 6.1): the sockets of sockets.py in ss's column layout (widths from the contents)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course_lib.net.netfilter.netdb import service_name
from course_lib.net.sockets import listeners
from course_lib.result import CommandResult
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

SHORT = set("hVnralotiemp46xwtuS0bEHZzNOK")
LONG = {"--numeric": "n", "--listening": "l", "--all": "a", "--processes": "p", "--tcp": "t", "--udp": "u",
        "--ipv4": "4"}
# (header, left delimiter, right-aligned)
COLUMNS = [("Netid", "", False), ("State", " ", False), ("Recv-Q", " ", False), ("Send-Q", " ", False),
           ("Local Address:", " ", True), ("Port", "", False), ("Peer Address:", " ", True), ("Port", "", False),
           ("Process", "", False)]


def _port(port: int, proto: str, numeric: bool) -> str:
    if numeric:
        return str(port)
    return service_name(port, proto) or str(port)


def render(rows: list[list[str]], show_netid: bool) -> str:
    cols = COLUMNS if show_netid else COLUMNS[1:]
    table = [[c[0] for c in cols]] + [r if show_netid else r[1:] for r in rows]
    widths = []
    first = True
    for i, (head, delim, _right) in enumerate(cols):
        w = max(len(t[i]) for t in table)
        widths.append(w + (0 if first else len(delim)))
        first = False
    lines = []
    for t in table:
        parts = []
        for i, (head, delim, right) in enumerate(cols):
            d = "" if i == 0 else delim
            inner = widths[i] - len(d)
            parts.append(d + (t[i].rjust(inner) if right else t[i].ljust(inner)))
        lines.append("".join(parts) + "\n")
    return "".join(lines)


@command("ss")
def ss(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    flags: set[str] = set()
    for a in argv[1:]:
        if a in LONG:
            flags.add(LONG[a])
        elif a.startswith("-") and not a.startswith("--") and len(a) > 1:
            for ch in a[1:]:
                if ch not in SHORT:
                    return CommandResult("", f"ss: invalid option -- '{ch}'\n", 255)
                flags.add(ch)
        else:
            return CommandResult("", f"ss: bad filter expression '{a}'\n" if False else "", 0)
    numeric = "n" in flags
    tcp, udp = "t" in flags, "u" in flags
    if not tcp and not udp:
        tcp = udp = True
    listening, all_ = "l" in flags, "a" in flags
    show_netid = (tcp and udp)
    rows: list[list[str]] = []
    socks = listeners(ctx.netns) if (listening or all_) else []
    for proto in ("udp", "tcp"):
        if (proto == "tcp" and not tcp) or (proto == "udp" and not udp):
            continue
        for s in socks:
            if s.proto != proto:
                continue
            state = "LISTEN" if proto == "tcp" else "UNCONN"
            sendq = str(s.backlog) if proto == "tcp" else "0"
            proc = f' users:(("{s.process_name}",pid={s.pid},fd={s.fd}))' if "p" in flags else ""
            rows.append([proto, state, "0", sendq, f"{s.ip}:", _port(s.port, proto, numeric), "0.0.0.0:", "*", proc])
    return CommandResult(render(rows, show_netid), "", 0)
