"""lab.draw(): a matplotlib picture of the live simulated lab (machines, netns, switches, bridges, cables).

The graph is built from the model (course_lib.net): one node per machine, per named netns (drawn
next to its machine, joined by a dotted line), per switch and per bridge; one edge per cable or
veth pair, each end labelled with the interface name and its IPv4 addresses. The layout is a
seeded networkx spring layout, so the same lab always gives the same picture.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import networkx as nx

from course_lib.net.link import BRIDGE, ETHER, LOOPBACK, VETH, Link
from course_lib.net.netns import NetNS
from course_lib.net.world import Network

STYLE = {  # kind -> (colour, marker, size)
    "machine": ("#9ecae1", "s", 1600),
    "netns": ("#c7e9c0", "s", 1000),
    "switch": ("#fdd0a2", "D", 1100),
    "bridge": ("#dadaeb", "o", 1500),
}


@dataclass(frozen=True)
class End:
    """One end of an edge: the interface name and its addresses, drawn near the node it belongs to."""

    node: str
    label: str


def network_of(lab: Any) -> Network:
    """The simulated Network behind a Lab (or a Network given directly)."""
    if isinstance(lab, Network):
        return lab
    for owner in (lab, getattr(lab, "_backend", None), getattr(lab, "backend", None)):
        for attr in ("network", "net", "world"):
            net = getattr(owner, attr, None)
            if isinstance(net, Network):
                return net
    raise TypeError("draw() pictures the simulated lab; this lab has no simulated network "
                    f"({getattr(lab, 'backend_name', type(lab).__name__)} backend)")


def netns_node(ns: NetNS) -> str:
    return ns.machine.name if ns.is_root else f"{ns.machine.name}/{ns.name}"


def link_owner(link: Link) -> str:
    """The node an interface hangs from: its bridge when enslaved, else its netns."""
    if link.master is not None and link.master.kind == BRIDGE:
        return f"{netns_node(link.netns)}:{link.master.name}"
    return netns_node(link.netns)


def link_label(link: Link, name: bool = True) -> str:
    addrs = [str(a.interface) for a in link.netns.addresses_of(link) if a.family == 4]
    return "\n".join([link.name, *addrs] if name else addrs)


def build_graph(network: Network) -> nx.Graph:
    """The lab as a graph: nodes carry `kind`; edges carry `ends` (End, End) and `kind`."""
    g = nx.Graph()
    for machine in network.machines.values():
        g.add_node(machine.name, kind="machine")
        for ns in machine.netns.values():
            g.add_node(netns_node(ns), kind="netns")
            g.add_edge(machine.name, netns_node(ns), kind="contains", ends=())
    for switch in network.switches.values():
        g.add_node(switch.name, kind="switch")
    seen: set[int] = set()
    for machine in network.machines.values():
        for ns in [machine.root, *machine.netns.values()]:
            for link in sorted(ns.links.values(), key=lambda l: l.ifindex):
                if link.kind == LOOPBACK or id(link) in seen:
                    continue
                seen.add(id(link))
                owner = link_owner(link)
                if link.kind == BRIDGE:
                    bridge = f"{netns_node(ns)}:{link.name}"
                    g.add_node(bridge, kind="bridge")
                    g.add_edge(netns_node(ns), bridge, kind="bridge",
                               ends=(End(netns_node(ns), ""), End(bridge, link_label(link, name=False))))
                elif link.kind == ETHER and link.switch is not None:
                    g.add_edge(owner, link.switch.name, kind="cable",
                               ends=(End(owner, link_label(link)), End(link.switch.name, "")))
                elif link.kind == VETH and link.peer is not None:
                    seen.add(id(link.peer))
                    peer_owner = link_owner(link.peer)
                    g.add_edge(owner, peer_owner, kind="veth",
                               ends=(End(owner, link_label(link)), End(peer_owner, link_label(link.peer))))
    return g


def layout(g: nx.Graph, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Seeded positions. Each connected part is laid out on its own (a netns sits close to its
    machine: the `contains` edges pull hard), scaled to its size, and the parts are put side by side,
    largest first, so an unconnected machine does not squeeze the rest into a corner."""
    for _, _, data in g.edges(data=True):
        data["weight"] = 5.0 if data["kind"] == "contains" else 1.0
    parts = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    for part in parts:
        radius = max(0.5, 0.9 * len(part) ** 0.5)
        if len(part) == 1:
            local = {part[0]: (0.0, 0.0)}
        else:
            raw = nx.spring_layout(g.subgraph(part), seed=seed, weight="weight", iterations=200, scale=radius)
            local = {v: (float(p[0]), float(p[1])) for v, p in raw.items()}
            _fan_out_leaves(g, local)
        left = min(p[0] for p in local.values())
        right = max(p[0] for p in local.values())
        for v, (px, py) in local.items():
            pos[v] = (x + px - left, py)
        x += right - left + 2.0
    return pos


def _fan_out_leaves(g: nx.Graph, pos: dict[str, tuple[float, float]], reach: float = 1.6) -> None:
    """Many machines (8 or more) on one switch crowd it: put a hub's single-cable neighbours evenly on a circle
    around it (keeping the directions of its other links free), after spreading the rest of the
    picture so that the circles of two hubs do not meet."""
    import math
    fans = {hub: [v for v in g.neighbors(hub) if v in pos and g.degree(v) == 1] for hub in pos}
    fans = {hub: leaves for hub, leaves in fans.items() if len(leaves) >= 8}     # small labs: as drawn before
    if not fans:
        return
    r = max(reach, 0.32 * max(len(leaves) for leaves in fans.values()))
    placed = {v for leaves in fans.values() for v in leaves}
    core = [v for v in pos if v not in placed]
    near = [math.dist(pos[h], pos[v]) for h in fans for v in g.neighbors(h) if v in pos and v not in placed]
    scale = max(1.0, 1.25 * r / min(near)) if near and min(near) > 0 else 1.0
    cx = sum(pos[v][0] for v in core) / len(core)
    cy = sum(pos[v][1] for v in core) / len(core)
    for v in core:
        pos[v] = (cx + (pos[v][0] - cx) * scale, cy + (pos[v][1] - cy) * scale)
    for hub, leaves in fans.items():
        hx, hy = pos[hub]
        taken = [math.atan2(pos[v][1] - hy, pos[v][0] - hx) for v in g.neighbors(hub) if v not in placed]
        n = len(leaves) + len(taken)
        slots = [2 * math.pi * i / n for i in range(n)]
        for a in taken:                          # the slot nearest each other link stays empty
            best = min(slots, key=lambda s: abs(math.remainder(s - a, 2 * math.pi)))
            slots.remove(best)
        leaves.sort(key=lambda v: math.atan2(pos[v][1] - hy, pos[v][0] - hx))
        for v, a in zip(leaves, slots):
            pos[v] = (hx + r * math.cos(a), hy + r * math.sin(a))


def draw(lab: Any, ax: Optional[Any] = None, seed: int = 0, title: Optional[str] = None) -> Any:
    """A Figure of the lab: machines, netns, switches, bridges, cables and veths, all labelled."""
    import matplotlib.pyplot as plt

    g = build_graph(network_of(lab))
    pos = layout(g, seed)
    n = max(1, g.number_of_nodes())
    if ax is None:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        width = min(16.0, 4.0 + 1.3 * (max(xs) - min(xs)))
        height = min(12.0, max(3.5, 3.0 + 1.3 * (max(ys) - min(ys))))
        fig, ax = plt.subplots(figsize=(width, height))
        plt.close(fig)          # the caller displays the returned figure; no second copy
    else:
        fig = ax.figure
    font = 9 if n < 12 else 7
    for kind, (colour, marker, node_size) in STYLE.items():
        nodes = [v for v, d in g.nodes(data=True) if d["kind"] == kind]
        nx.draw_networkx_nodes(g, pos, nodelist=nodes, node_color=colour, node_shape=marker,
                               node_size=node_size, edgecolors="#444444", ax=ax)
    styles = {"cable": ("solid", "#333333"), "veth": ("solid", "#31a354"),
              "bridge": ("solid", "#756bb1"), "contains": ("dotted", "#999999")}
    for kind, (line, colour) in styles.items():
        edges = [(u, v) for u, v, d in g.edges(data=True) if d["kind"] == kind]
        nx.draw_networkx_edges(g, pos, edgelist=edges, style=line, edge_color=colour, width=1.6, ax=ax)
    labels = {v: v.split(":")[-1] for v in g.nodes}
    nx.draw_networkx_labels(g, pos, labels=labels, font_size=font, font_weight="bold", ax=ax)
    for u, v, d in g.edges(data=True):
        for end in d.get("ends", ()):
            if not end.label:
                continue
            other = v if end.node == u else u
            (x0, y0), (x1, y1) = pos[end.node], pos[other]
            f = 0.5 if d["kind"] == "bridge" else 0.3
            ax.text(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, end.label, fontsize=font - 1,
                    ha="center", va="center",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#bbbbbb", "alpha": 0.9})
    ax.set_title(title or "Lab topology", fontsize=font + 2)
    ax.set_axis_off()
    ax.margins(0.15)
    return fig
