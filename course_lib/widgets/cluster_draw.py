"""cluster.draw(): a matplotlib picture of a Cluster: nodes, their bridges, pods with IPs, the overlay, Services.

Built on the lab graph (course_lib.widgets.topology.build_graph): a pod's netns is labelled with the pod's
name and IP, each node with its LAN address, each bridge with its address; Services are added as boxes
joined (dashed) to the pods behind them (their Endpoints).
"""
from __future__ import annotations

from typing import Any, Optional

import networkx as nx

from course_lib.widgets.topology import STYLE, build_graph, layout, link_label

SERVICE_STYLE = ("#fcbba1", "h", 1300)


def _pods_by_netns(cluster: Any) -> dict[str, tuple[str, str]]:
    """graph node of a pod's netns (`node01/cni-...`) -> (pod name, pod IP)."""
    from course_lib.tracing import pod_aliases
    out = {}
    for netns_node, alias in pod_aliases(cluster).items():
        name = alias.split("/pod/", 1)[1]
        ip = ""
        for pod in cluster.store.list("Pod"):
            meta = pod["metadata"]
            full = meta["name"] if meta.get("namespace", "default") == "default" else f"{meta['namespace']}/{meta['name']}"
            if full == name:
                ip = (pod.get("status") or {}).get("podIP", "")
                break
        out[netns_node] = (name, ip)
    return out


def cluster_graph(cluster: Any) -> tuple[nx.Graph, dict[str, str]]:
    """The graph and the label of every node."""
    g = build_graph(cluster.network)
    if "host" in g and g.degree("host") == 0 and "host" not in cluster.nodes:
        g.remove_node("host")                   # the lab's default machine plays no part in a cluster
    labels: dict[str, str] = {}
    pods = _pods_by_netns(cluster)
    for v, data in list(g.nodes(data=True)):
        kind = data["kind"]
        if kind == "machine" and v in cluster.nodes:
            labels[v] = f"{v}\n{cluster.node_ip(v)}"
        elif kind == "netns" and v in pods:
            name, ip = pods[v]
            labels[v] = f"{name.split('/')[-1]}\n{ip}"
            data["kind"] = "pod"
        elif kind == "bridge":
            machine = cluster.network.machines.get(v.split(":")[0])
            link = machine.root.link_by_name(v.split(":")[-1]) if machine is not None and \
                hasattr(machine.root, "link_by_name") else None
            labels[v] = v.split(":")[-1] + ("\n" + link_label(link, name=False) if link is not None else "")
        else:
            labels[v] = v.split(":")[-1].split("/")[-1][:18]
    ip_to_pod = {ip: v for v, (_, ip) in pods.items() if ip}
    for svc in cluster.store.list("Service"):
        spec = svc.get("spec") or {}
        ip = spec.get("clusterIP")
        if not ip or ip == "None":
            continue
        meta = svc["metadata"]
        node = f"svc:{meta.get('namespace', 'default')}/{meta['name']}"
        ports = ",".join(str(p.get("port")) for p in spec.get("ports") or [])
        g.add_node(node, kind="service")
        labels[node] = f"svc {meta['name']}\n{ip}:{ports}"
        eps = cluster.store.get("Endpoints", meta.get("namespace", "default"), meta["name"]) or {}
        for subset in eps.get("subsets") or []:
            for addr in subset.get("addresses") or []:
                target = ip_to_pod.get(addr.get("ip", ""))
                if target is not None:
                    g.add_edge(node, target, kind="service", ends=())
    return g, labels


def draw_cluster(cluster: Any, ax: Optional[Any] = None, seed: int = 0, title: Optional[str] = None) -> Any:
    """A Figure of the cluster (nodes, bridges, pods with IPs, overlay, Services)."""
    import matplotlib.pyplot as plt

    g, labels = cluster_graph(cluster)
    pos = layout(g, seed)
    if ax is None:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        fig, ax = plt.subplots(figsize=(min(18.0, 5.0 + 1.2 * (max(xs) - min(xs))),
                                        min(13.0, max(4.0, 3.0 + 1.2 * (max(ys) - min(ys))))))
        plt.close(fig)
    else:
        fig = ax.figure
    styles = dict(STYLE, pod=("#c7e9c0", "o", 1100), service=SERVICE_STYLE)
    for kind, (colour, marker, size) in styles.items():
        nodes = [v for v, d in g.nodes(data=True) if d["kind"] == kind]
        nx.draw_networkx_nodes(g, pos, nodelist=nodes, node_color=colour, node_shape=marker, node_size=size,
                               edgecolors="#444444", ax=ax)
    edge_styles = {"cable": ("solid", "#333333"), "veth": ("solid", "#31a354"), "bridge": ("solid", "#756bb1"),
                   "contains": ("dotted", "#999999"), "service": ("dashed", "#e6550d")}
    for kind, (line, colour) in edge_styles.items():
        edges = [(u, v) for u, v, d in g.edges(data=True) if d["kind"] == kind]
        nx.draw_networkx_edges(g, pos, edgelist=edges, style=line, edge_color=colour, width=1.4, ax=ax)
    font = 8 if g.number_of_nodes() < 25 else 6
    nx.draw_networkx_labels(g, pos, labels=labels, font_size=font, ax=ax,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.set_title(title or f"Cluster: {len(cluster.nodes)} nodes, CNI {cluster.cni or 'none'}", fontsize=font + 3)
    ax.set_axis_off()
    ax.margins(0.12)
    return fig
