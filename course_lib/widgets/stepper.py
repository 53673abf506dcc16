"""TraceStepper: walk a LabTrace hop by hop (previous/next), the current hop ringed on the lab's picture.

```python
t = lab.trace("ping -c 1 10.0.0.2")
TraceStepper(t)          # or just `t` as a cell's last line
```
The picture is drawn once (course_lib.widgets.topology); a step only moves the ring, so stepping is cheap.
"""
from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from typing import Any, Optional

STEP_COLOURS = {"drop": "#fdd0d0", "netfilter": "#fff2cc", "nat": "#fff2cc", "conntrack": "#fff8e0",
                "dns": "#e0f0ff", "ingress": "#e0f0ff", "deliver": "#d9f2d9", "route": "#eef3fb",
                "arp": "#f3eefb"}


@dataclass
class Picture:
    """The lab drawn once: a PNG and where each node sits on it (fractions of width and height)."""

    png_b64: str
    where: dict[str, tuple[float, float]]

    def locate(self, node: str) -> Optional[tuple[float, float]]:
        """A hop's node on the picture: itself, else its machine (`A/red` -> `A`)."""
        if node in self.where:
            return self.where[node]
        return self.where.get(node.split("/", 1)[0])          # a pod (node01/pod/web) or netns: its machine


def picture_of(lab: Any, seed: int = 0, dpi: int = 72, cluster: Any = None) -> Optional[Picture]:
    """Draw `lab` (or `cluster`, pods named) and map its nodes to image fractions; None when it cannot be
    drawn (real backend)."""
    try:
        from course_lib.widgets.topology import build_graph, draw, layout, network_of
        network = network_of(lab)
    except (ImportError, TypeError):
        return None
    if cluster is not None:
        from course_lib.tracing import pod_aliases
        from course_lib.widgets.cluster_draw import cluster_graph, draw_cluster
        fig = draw_cluster(cluster, seed=seed)
        graph = cluster_graph(cluster)[0]
        aliases = pod_aliases(cluster)
    else:
        fig = draw(lab, seed=seed)
        graph = build_graph(network)
        aliases = {}
    fig.set_dpi(dpi)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    ax = fig.axes[0]
    width, height = fig.bbox.width, fig.bbox.height
    where = {}
    for node, xy in layout(graph, seed).items():
        px, py = ax.transData.transform(xy)
        where[node] = (float(px / width), float(1.0 - py / height))
    for netns_node, alias in aliases.items():        # a trace names pods node01/pod/NAME
        if netns_node in where:
            where[alias] = where[netns_node]
    return Picture(base64.b64encode(buffer.getvalue()).decode("ascii"), where)


def hop_line(i: int, hop: Any) -> str:
    return f"{i + 1:>3}. {hop.node:<20} {hop.step:<10} {hop.detail}"


class TraceStepper:
    """Previous/next through a trace's hops; shows the hop, the list (current one marked) and the picture."""

    def __init__(self, trace: Any, lab: Any = None, picture: bool = True) -> None:
        import ipywidgets as w

        self.trace = trace
        self.hops = list(trace.hops)
        self.index = 0
        lab = lab if lab is not None else getattr(trace, "lab", None)
        self.picture = picture_of(lab, cluster=getattr(trace, "cluster", None)) \
            if (picture and lab is not None) else None
        self.prev = w.Button(description="◀ previous", tooltip="previous hop")
        self.next = w.Button(description="next ▶", tooltip="next hop")
        self.prev.add_class("trace-prev")
        self.next.add_class("trace-next")
        self.position = w.Label()
        self.current_view = w.HTML()
        self.hop_list = w.HTML()
        self.image = w.HTML()
        self.prev.on_click(lambda _: self.go(self.index - 1))
        self.next.on_click(lambda _: self.go(self.index + 1))
        header = w.HTML(f"<b>{html.escape(getattr(trace, 'host', ''))}$ "
                        f"{html.escape(getattr(trace, 'command', ''))}</b>")
        parts = [header, w.HBox([self.prev, self.next, self.position]), self.current_view]
        if self.picture is not None:
            parts.append(self.image)
        parts.append(self.hop_list)
        self.widget = w.VBox(parts)
        self.widget.add_class("course-trace-stepper")
        self.show()

    @property
    def current(self) -> Optional[Any]:
        return self.hops[self.index] if self.hops else None

    def go(self, index: int) -> None:
        """Move to hop `index` (clamped to the trace)."""
        self.index = max(0, min(index, len(self.hops) - 1)) if self.hops else 0
        self.show()

    def text(self) -> str:
        """What the stepper shows about the current hop, as text."""
        hop = self.current
        if hop is None:
            return "no hops: no packet left the command"
        return f"hop {self.index + 1}/{len(self.hops)}: {hop.node} [{hop.step}] {hop.detail}"

    def show(self) -> None:
        hop = self.current
        n = len(self.hops)
        self.position.value = f"hop {self.index + 1} of {n}" if n else "no hops"
        self.prev.disabled = self.index <= 0
        self.next.disabled = self.index >= n - 1
        if hop is None:
            self.current_view.value = "<i>no packet left the command</i>"
            self.hop_list.value = ""
            self.image.value = ""
            return
        colour = STEP_COLOURS.get(hop.step, "#f4f4f4")
        self.current_view.value = (
            f'<div class="trace-current" data-index="{self.index}" data-node="{html.escape(hop.node)}" '
            f'style="background:{colour};padding:4px;border-radius:4px;font-family:monospace">'
            f"<b>{html.escape(hop.node)}</b> · {html.escape(hop.step)}<br>{html.escape(hop.detail)}</div>")
        rows = []
        for i, h in enumerate(self.hops):
            mark = ' class="hop current" style="background:#ffe08a;font-weight:bold"' if i == self.index \
                else ' class="hop"'
            rows.append(f'<div{mark} data-index="{i}">{html.escape(hop_line(i, h))}</div>')
        self.hop_list.value = ('<div class="trace-hops" style="font-family:monospace;white-space:pre;'
                               'max-height:16em;overflow:auto;font-size:12px">' + "".join(rows) + "</div>")
        self.image.value = self._picture_html(hop.node)

    def _picture_html(self, node: str) -> str:
        pic = self.picture
        if pic is None:
            return ""
        ring = ""
        spot = pic.locate(node)
        if spot is not None:
            x, y = spot
            ring = (f'<div class="trace-ring" data-node="{html.escape(node)}" style="position:absolute;'
                    f"left:{100 * x:.2f}%;top:{100 * y:.2f}%;width:46px;height:46px;margin:-23px 0 0 -23px;"
                    'border:4px solid #e6550d;border-radius:50%;box-sizing:border-box;pointer-events:none"></div>')
        return (f'<div class="trace-picture" style="position:relative;display:inline-block;max-width:100%">'
                f'<img src="data:image/png;base64,{pic.png_b64}" style="display:block;max-width:100%">'
                f"{ring}</div>")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:
        from IPython.display import display
        display(self.widget)
