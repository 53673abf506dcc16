"""Which Ingress backend answers a request: host rules (exact, one-label wildcard) and paths per the spec.

Path matching (networking.k8s.io/v1): Exact is the whole path, case-sensitive; Prefix matches element by
element split on "/" (`/foo` matches `/foo` and `/foo/bar`, not `/foobar`; a trailing slash is ignored);
ImplementationSpecific is ingress-nginx's: a prefix of the path string (a regex when use-regex or a
rewrite-target with capture groups is set). Among matches the longest path wins and Exact beats Prefix.
Hosts: an exact host beats a wildcard, which beats rules without host; `*.foo.com` covers one label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

Obj = dict[str, Any]
REWRITE = "nginx.ingress.kubernetes.io/rewrite-target"
USE_REGEX = "nginx.ingress.kubernetes.io/use-regex"


@dataclass
class Route:
    ingress: Obj
    backend: Obj
    path: str
    path_type: str
    host: str

    @property
    def annotations(self) -> dict[str, str]:
        return self.ingress["metadata"].get("annotations") or {}

    def rewritten(self, request_path: str) -> str:
        target = self.annotations.get(REWRITE)
        if not target:
            return request_path
        if "$" in target:
            try:
                m = re.match(self.path, request_path)
            except re.error:
                return request_path
            if m is None:
                return request_path
            def group(g: Any) -> str:
                n = int(g.group(1))
                return (m.group(n) or "") if n <= (m.re.groups or 0) else ""
            return re.sub(r"\$(\d)", group, target)
        return target


def host_matches(rule_host: str, host: str) -> int:
    """0 no match; 3 exact; 2 wildcard; 1 any host."""
    if not rule_host:
        return 1
    if rule_host == host:
        return 3
    if rule_host.startswith("*.") and host.endswith(rule_host[1:]) and "." not in host[: -len(rule_host) + 1]:
        return 2
    return 0


def _elements(path: str) -> list[str]:
    return [p for p in path.split("/") if p]


def path_matches(route_path: str, path_type: str, path: str, regex: bool) -> bool:
    if path_type == "Exact":
        return path == route_path
    if path_type == "Prefix":
        want = _elements(route_path)
        return _elements(path)[: len(want)] == want
    if regex:
        try:
            return re.match(route_path, path) is not None
        except re.error:                 # nginx would refuse the config; the location never matches
            return False
    return path.startswith(route_path or "/")


def candidates(ingresses: list[Obj], host: str) -> tuple[list[Route], Optional[Obj]]:
    """Routes of the best host level, and a default backend (spec.defaultBackend of an Ingress)."""
    best, routes, default = 0, [], None
    for ing in ingresses:
        spec = ing.get("spec") or {}
        if spec.get("defaultBackend") and default is None:
            default = {"ingress": ing, "backend": spec["defaultBackend"]}
        for rule in spec.get("rules") or []:
            level = host_matches((rule.get("host") or "").lower(), host)
            if not level or level < best:
                continue
            if level > best:
                best, routes = level, []
            for p in (rule.get("http") or {}).get("paths") or []:
                routes.append(Route(ing, p.get("backend") or {}, p.get("path") or "/", p.get("pathType", "Prefix"),
                                    rule.get("host") or ""))
    return routes, default


def match(ingresses: list[Obj], host: str, path: str) -> tuple[Optional[Route], Optional[Obj]]:
    routes, default = candidates(ingresses, host.lower())
    found = []
    for r in routes:
        regex = (r.annotations.get(USE_REGEX) == "true" or "$" in r.annotations.get(REWRITE, "")) and \
            r.path_type == "ImplementationSpecific"
        if path_matches(r.path, r.path_type, path, regex):
            found.append(r)
    if not found:
        return None, default
    found.sort(key=lambda r: (len(r.path.rstrip("/") or "/"), r.path_type == "Exact"), reverse=True)
    return found[0], default


def backend_text(backend: Obj) -> str:
    """`service NAME:PORT` (or the resource) as kubectl describe ingress shows a backend."""
    svc = backend.get("service") or {}
    if svc:
        port = svc.get("port") or {}
        return f"{svc.get('name', '')}:{port.get('number') or port.get('name') or ''}"
    res = backend.get("resource") or {}
    return f"{res.get('kind', '')}/{res.get('name', '')}" if res else "<default>"


def explain(route: Optional[Route], default: Optional[Obj], host: str, path: str) -> str:
    """Why a request went where it went: the rule (host, path, pathType, Ingress) or the fallback."""
    if route is not None:
        meta = route.ingress["metadata"]
        return (f"{host}{path}: host {route.host or '*'} path {route.path} ({route.path_type}) of ingress "
                f"{meta.get('namespace', 'default')}/{meta['name']} -> {backend_text(route.backend)}")
    if default is not None:
        meta = default["ingress"]["metadata"]
        return (f"{host}{path}: no rule matches; defaultBackend of ingress {meta.get('namespace', 'default')}/"
                f"{meta['name']} -> {backend_text(default['backend'])}")
    return f"{host}{path}: no rule matches and no defaultBackend: 404 from the default backend"
