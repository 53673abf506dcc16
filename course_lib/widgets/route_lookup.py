"""RouteLookup: a destination goes in; out comes the route the kernel picks and why (longest prefix, metric).

Computed from the model with the datapath's own lookup (local table, then main; longest prefix, then
lowest metric; a route whose device is down is skipped), and checked against `ip route get DST`.
"""
from __future__ import annotations

import html
import ipaddress
from typing import Any, Optional

from course_lib.net.netns import RT_TABLE_LOCAL, RT_TABLE_MAIN

TABLE_NAMES = {RT_TABLE_LOCAL: "local", RT_TABLE_MAIN: "main", 253: "default"}


def _netns(lab: Any, host: str, netns: Optional[str]) -> Any:
    network = getattr(lab, "network", None)
    if network is None:
        raise ValueError("RouteLookup reads the simulated lab's routes; this lab has no simulated network")
    machine = network.machines[host]
    return machine.netns[netns] if netns else machine.root


def explain_lookup(lab: Any, host: str, dst: str, netns: Optional[str] = None) -> str:
    """The route lookup for `dst` on `host` (or its named netns), as text: candidates, winner, reasons."""
    from course_lib.net.datapath import lookup_route_err, route_text

    dst = dst.strip()
    try:
        target = ipaddress.IPv4Address(dst)
    except ValueError:
        return f"{dst!r} is not an IPv4 address"
    ns = _netns(lab, host, netns)
    where = f"{host}" + (f" (netns {netns})" if netns else "")
    chosen, err = lookup_route_err(ns, target)
    lines = [f"Route lookup on {where} for {target}:"]
    for table in (RT_TABLE_LOCAL, RT_TABLE_MAIN, 253):
        cands = [r for r in ns.routes if r.table == table and r.family == 4 and target in r.dst]
        if not cands:
            continue
        cands.sort(key=lambda r: (-r.dst.prefixlen, r.metric))
        lines.append(f"  table {TABLE_NAMES[table]}: {len(cands)} route(s) contain {target}")
        for r in cands:
            mark = "->" if r is chosen else "  "
            note = ""
            if r.dev is not None and not r.dev.admin_up and r.type == "unicast":
                note = f"   (skipped: {r.dev.name} is down)"
            lines.append(f"   {mark} /{r.dst.prefixlen:<3} {route_text(r)}{note}")
    if chosen is None:
        lines.append(f"No usable route: {err or 'Network is unreachable'} (ping: connect: {err or 'Network is unreachable'})")
    else:
        lines.append("Chosen: " + route_text(chosen))
        lines.append("Why: " + _why(ns, chosen, target))
    return "\n".join(lines)


def _why(ns: Any, chosen: Any, target: ipaddress.IPv4Address) -> str:
    if chosen.table == RT_TABLE_LOCAL:
        return f"{target} is an address of this machine: the local table is looked up first"
    same_table = [r for r in ns.routes if r.table == chosen.table and r.family == 4 and target in r.dst
                  and r is not chosen]
    shorter = sorted({r.dst.prefixlen for r in same_table if r.dst.prefixlen < chosen.dst.prefixlen}, reverse=True)
    ties = [r for r in same_table if r.dst.prefixlen == chosen.dst.prefixlen]
    parts = []
    if shorter:
        parts.append(f"longest prefix: /{chosen.dst.prefixlen} beats " + ", ".join(f"/{p}" for p in shorter))
    elif not ties:
        parts.append(f"the only route containing {target}")
    if ties:
        worse = [r for r in ties if r.metric > chosen.metric]
        down = [r for r in ties if r.dev is not None and not r.dev.admin_up]
        if worse:
            parts.append(f"same prefix /{chosen.dst.prefixlen}: lowest metric {chosen.metric} beats "
                         + ", ".join(str(r.metric) for r in worse))
        if down:
            parts.append("routes through a down device are skipped")
    nexthop = f"via {chosen.gateway}" if chosen.gateway is not None else "directly (on-link)"
    parts.append(f"sent {nexthop} out of {chosen.dev.name if chosen.dev else '?'}")
    return "; ".join(parts)


class RouteLookup:
    """A destination box; shows the lookup explained and what `ip route get DST` answers on the machine."""

    def __init__(self, lab: Any, host: str = "host", dst: str = "8.8.8.8", netns: Optional[str] = None) -> None:
        import ipywidgets as w

        self.lab = lab
        self.host = host
        self.netns = netns
        self.dst = w.Text(value=dst, description="destination", continuous_update=False)
        self.output = w.HTML()
        self.dst.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([self.dst, self.output])
        self.widget.add_class("course-route-lookup")
        self.update()

    def explain(self, dst: Optional[str] = None) -> str:
        """What the widget shows, as text."""
        dst = self.dst.value if dst is None else dst
        text = explain_lookup(self.lab, self.host, dst, self.netns)
        try:
            ipaddress.IPv4Address(dst.strip())
        except ValueError:
            return text
        prefix = f"ip netns exec {self.netns} " if self.netns else ""
        got = self.lab.host(self.host).run(f"{prefix}ip route get {dst.strip()}")
        return text + f"\n{self.host}$ {prefix}ip route get {dst.strip()}\n" + (got.stdout + got.stderr).rstrip()

    def update(self) -> None:
        self.output.value = f"<pre>{html.escape(self.explain())}</pre>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
