"""TopologyView (a terminal whose picture of the lab redraws after each command) and RouteLookup."""
from __future__ import annotations

import html
import io
import ipaddress
from typing import Any, Optional

from course_lib.result import CommandResult
from course_lib.widgets.terminal import Terminal


def figure_png(lab: Any, dpi: int = 72) -> bytes:
    """lab.draw() rendered to PNG bytes."""
    from course_lib.widgets.topology import draw

    buffer = io.BytesIO()
    draw(lab).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


class TopologyView:
    """A Terminal on the lab and its picture, redrawn after every command."""

    def __init__(self, lab: Any, host: str = "host") -> None:
        import ipywidgets as w

        self.lab = lab
        self.terminal = Terminal(lab, host=host)
        self.image = w.Image(format="png")
        self.redraws = 0
        self.terminal.listeners.append(lambda cmd, result: self.redraw())
        self.widget = w.HBox([self.terminal.widget, self.image])
        self.redraw()

    def redraw(self) -> None:
        self.image.value = figure_png(self.lab)
        self.redraws += 1

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def matching_routes(route_table: str, dst: str) -> list[tuple[int, str]]:
    """The routes of `ip route show` output that contain DST, as (prefix length, line), longest first."""
    target = ipaddress.IPv4Address(dst)
    found = []
    for line in route_table.splitlines():
        words = line.split()
        if not words:
            continue
        prefix = words[1] if words[0] in ("unreachable", "blackhole", "prohibit", "unicast") and len(words) > 1 \
            else words[0]
        net = ipaddress.IPv4Network("0.0.0.0/0" if prefix == "default" else prefix, strict=False)
        if target in net:
            found.append((net.prefixlen, line.strip()))
    return sorted(found, key=lambda item: -item[0])


class RouteLookup:
    """A destination goes in; out come the routes that contain it, the chosen one (the longest prefix)
    and what the machine itself answers (`ip route get DST`)."""

    def __init__(self, lab: Any, host: str = "host", dst: str = "8.8.8.8") -> None:
        import ipywidgets as w

        self.lab = lab
        self.host = host
        self.dst = w.Text(value=dst, description="destination", continuous_update=False)
        self.output = w.HTML()
        self.dst.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([self.dst, self.output])
        self.update()

    def run(self, cmd: str) -> CommandResult:
        return self.lab.host(self.host).run(cmd)

    def explain(self, dst: Optional[str] = None) -> str:
        """The lookup as text (what the widget shows)."""
        dst = (dst if dst is not None else self.dst.value).strip()
        try:
            ipaddress.IPv4Address(dst)
        except ValueError:
            return f"{dst!r} is not an IPv4 address"
        routes = matching_routes(self.run("ip route show").stdout, dst)
        lines = [f"Routes on {self.host} that contain {dst}:"]
        if not routes:
            lines.append("  none: no route matches, so the packet cannot be sent (Network is unreachable)")
        for i, (length, line) in enumerate(routes):
            mark = "->" if i == 0 else "  "
            lines.append(f"{mark} /{length:<3} {line}")
        if len(routes) > 1:
            lines.append(f"The longest prefix (/{routes[0][0]}) wins.")
        got = self.run(f"ip route get {dst}")
        lines.append(f"{self.host}$ ip route get {dst}")
        lines.append((got.stdout + got.stderr).rstrip())
        return "\n".join(lines)

    def update(self) -> None:
        self.output.value = f"<pre>{html.escape(self.explain())}</pre>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
