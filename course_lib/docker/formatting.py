"""Docker CLI output shapes: tab-aligned tables, human durations, ports and command columns."""
from __future__ import annotations

from typing import Iterable, Sequence


def table(rows: Sequence[Sequence[str]], minwidth: int = 10, padding: int = 3) -> str:
    """Columns aligned as Go's tabwriter with the CLI's settings (minwidth 10, padding 3)."""
    if not rows:
        return ""
    ncols = max(len(r) for r in rows)
    widths = [0] * ncols
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(cell))
    lines = []
    for row in rows:
        parts = []
        for i, cell in enumerate(row):
            if i == len(row) - 1:
                parts.append(cell)
            else:
                parts.append(cell.ljust(max(widths[i] + padding, minwidth)))
        lines.append("".join(parts))
    return "\n".join(lines) + "\n"


def human_duration(seconds: float) -> str:
    """go-units HumanDuration."""
    s = int(seconds)
    if s < 1:
        return "Less than a second"
    if s == 1:
        return "1 second"
    if s < 60:
        return f"{s} seconds"
    minutes = s // 60
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = round(seconds / 3600)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds / 3600) // 24 // 365} years"


def command_column(argv: Iterable[str], width: int = 20) -> str:
    """The quoted, truncated COMMAND cell of `docker ps`."""
    text = " ".join(argv)
    if len(text) > width:
        text = text[:width - 1] + "…"
    return f'"{text}"'


def ports_column(exposed: Iterable[str], published: Sequence[tuple[str, int, int, str]]) -> str:
    """PORTS: `0.0.0.0:8080->80/tcp, :::8080->80/tcp` for bindings, `80/tcp` for exposed-only ports.

    `published` holds (host_ip, host_port, container_port, proto).
    """
    cells: list[tuple[int, str, str]] = []
    bound = {(c, p) for _, _, c, p in published}
    for host_ip, host_port, cport, proto in published:
        if host_ip in ("", "0.0.0.0"):
            cells.append((cport, proto, f"0.0.0.0:{host_port}->{cport}/{proto}"))
            cells.append((cport, proto, f":::{host_port}->{cport}/{proto}"))
        else:
            cells.append((cport, proto, f"{host_ip}:{host_port}->{cport}/{proto}"))
    for spec in exposed:
        port, _, proto = spec.partition("/")
        if (int(port), proto or "tcp") not in bound:
            cells.append((int(port), proto or "tcp", f"{port}/{proto or 'tcp'}"))
    cells.sort(key=lambda c: (c[0], c[1]))
    return ", ".join(c[2] for c in cells)
