"""IngressTester: a URL goes in; out comes the Ingress rule that matches it, and why (host, pathType, longest path).

Uses the cluster's own Ingress matching (course_lib.k8s.ingress.routing): hosts (exact beats a one-label
wildcard beats no host), Exact/Prefix/ImplementationSpecific paths, the longest path wins, Exact beats Prefix.
"""
from __future__ import annotations

import html
from typing import Any, Optional
from urllib.parse import urlsplit

UNAVAILABLE = "IngressTester needs a Cluster with Ingress support (course_lib.k8s.ingress); it is not available here"


def _routing() -> Any:
    try:
        from course_lib.k8s.ingress import routing
    except ImportError:
        return None
    return routing if hasattr(routing, "match") else None


def ingresses_of(cluster: Any) -> list[dict]:
    """The Ingresses an ingress controller of the cluster serves (all of them when no controller runs)."""
    ctrls = cluster.__dict__.get("ingress_controllers") or []
    objs = list(ctrls.values()) if isinstance(ctrls, dict) else list(ctrls)
    for ctrl in objs:
        if hasattr(ctrl, "ingresses"):
            return ctrl.ingresses()
    return cluster.store.list("Ingress")


def explain_url(cluster: Any, url: str) -> str:
    """Which rule answers `url`, as text: every candidate at the best host level, matched or not, and why."""
    routing = _routing()
    if routing is None or not hasattr(cluster, "store"):
        return UNAVAILABLE
    url = url.strip()
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    ings = ingresses_of(cluster)
    lines = [f"Request: host {host or '(none)'} path {path}", f"Ingresses served: {len(ings)}"]
    routes, default = routing.candidates(ings, host)
    if routes:
        level = routing.host_matches((routes[0].host or "").lower(), host)
        lines.append(f"Host rules considered: {_level_text(level, routes[0].host)}")
    for r in routes:
        regex = (r.annotations.get(routing.USE_REGEX) == "true" or "$" in r.annotations.get(routing.REWRITE, "")) \
            and r.path_type == "ImplementationSpecific"
        ok = routing.path_matches(r.path, r.path_type, path, regex)
        lines.append(f"  {'match   ' if ok else 'no match'} {r.path_type:<22} {r.path:<20} -> "
                     f"{routing.backend_text(r.backend)}   ({_path_reason(r.path, r.path_type, path, ok, regex)})")
    chosen, default = routing.match(ings, host, path)
    lines.append("Result: " + routing.explain(chosen, default, host, path))
    if chosen is not None and sum(1 for line in lines if line.startswith("  match ")) > 1:
        lines.append("Why: among matching paths the longest wins; at equal length Exact beats Prefix")
    if chosen is not None and chosen.rewritten(path) != path:
        lines.append(f"Rewrite: {path} -> {chosen.rewritten(path)} (rewrite-target)")
    return "\n".join(lines)


def _level_text(level: int, rule_host: str) -> str:
    return {3: f"exact host {rule_host}", 2: f"wildcard host {rule_host} (one label)",
            1: "rules without a host (any host)"}.get(level, "none")


def _path_reason(rule: str, path_type: str, path: str, ok: bool, regex: bool) -> str:
    if path_type == "Exact":
        return "the whole path, case-sensitive" + ("" if ok else f": {path} != {rule}")
    if path_type == "Prefix":
        return f"element-wise prefix of {path}" if ok else f"{rule} is not an element-wise prefix of {path}"
    return ("regex" if regex else "string prefix (ingress-nginx)") + ("" if ok else ": no match")


class IngressTester:
    """A URL box; shows the matching Ingress rule and the reasons, from the cluster's Ingress objects."""

    def __init__(self, cluster: Any, url: str = "http://example.com/") -> None:
        import ipywidgets as w

        self.cluster = cluster
        self.url = w.Text(value=url, description="URL", continuous_update=False)
        self.output = w.HTML()
        self.url.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([self.url, self.output])
        self.widget.add_class("course-ingress-tester")
        self.update()

    def explain(self, url: Optional[str] = None) -> str:
        return explain_url(self.cluster, self.url.value if url is None else url)

    def update(self) -> None:
        self.output.value = f"<pre>{html.escape(self.explain())}</pre>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
