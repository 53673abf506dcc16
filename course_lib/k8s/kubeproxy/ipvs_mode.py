"""Which proxy mode each node's kube-proxy runs: `Cluster(proxy_mode="ipvs")`, or the kube-proxy ConfigMap's `mode`.

A kube-proxy container reads config.conf from the ConfigMap when it starts, as the real one: editing
`mode: ipvs` and deleting the kube-proxy pods (or `kubectl rollout restart ds kube-proxy`) switches
the nodes whose pods restarted; their logs then say "Using ipvs Proxier". Switching from iptables
leaves the iptables-mode chains behind, as kube-proxy 1.30 does (both modes are iptables based).
"""
from __future__ import annotations

from typing import Any

import yaml

from course_lib.k8s import containers
from course_lib.k8s.nodefiles import K8S_VERSION

MODES = ("iptables", "ipvs")


def default_mode(cluster: Any) -> str:
    mode = getattr(cluster, "proxy_mode", "iptables")
    return mode if mode in MODES else "iptables"


def mode_of(proxier: Any, node: str) -> str:
    """The mode the node's kube-proxy runs in (the cluster's until its pod (re)started with a ConfigMap's)."""
    return proxier.__dict__.get("node_modes", {}).get(node) or default_mode(proxier.cluster)


def configured(cluster: Any) -> tuple[str, str]:
    """(mode, scheduler) from the kube-proxy ConfigMap; mode "" is iptables on Linux, scheduler "" is rr."""
    cm = cluster.store.get("ConfigMap", "kube-system", "kube-proxy")
    try:
        conf = yaml.safe_load(((cm or {}).get("data") or {}).get("config.conf") or "") or {}
    except yaml.YAMLError:
        conf = {}
    mode = str(conf.get("mode") or "iptables") if isinstance(conf, dict) else "iptables"
    scheduler = str(((conf.get("ipvs") or {}) if isinstance(conf, dict) else {}).get("scheduler") or "")
    return (mode if mode in MODES else "iptables"), scheduler


def _stamp(rc: Any) -> str:
    return rc.clock().strftime("I%m%d %H:%M:%S.000000")


def _metrics(rc: Any, mode: str) -> Any:
    """kube-proxy's metrics server on 127.0.0.1:10249: /proxyMode answers the mode (Go net/http)."""
    from course_lib.http.message import Request, Response, http_date

    def handle(request: Any, client: tuple) -> Any:
        if not isinstance(request, Request):
            return Response(400, [("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close")],
                            "400 Bad Request")
        date = ("Date", http_date(rc.clock()))          # Go: handler headers sorted, then Date, Content-Length
        head = [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff"), date]
        if request.path == "/proxyMode":
            return Response(200, head + [("Content-Length", str(len(mode)))], mode)
        if request.path == "/healthz":
            return Response(200, head + [("Content-Length", "2")], "ok")
        return Response(404, head + [("Content-Length", "19")], "404 page not found\n")
    return handle


_ORIGINAL = containers.RUNNERS.get("kube-proxy")


def kube_proxy(rc: Any) -> None:
    """The kube-proxy program: reads its configuration, runs the proxier of that mode on its node."""
    cluster = rc.cluster
    proxier = getattr(cluster, "proxier", None)
    mode, scheduler = configured(cluster)
    if proxier is None:
        if _ORIGINAL is not None:
            _ORIGINAL(rc)
        return
    if cluster.store.get("ConfigMap", "kube-system", "kube-proxy") is None:
        mode = default_mode(cluster)
    old = mode_of(proxier, rc.node)
    proxier.__dict__.setdefault("node_modes", {})[rc.node] = mode
    proxier.__dict__["ipvs_scheduler"] = scheduler or "rr"
    if mode == "ipvs":
        rc.listen(10249, _metrics(rc, mode), "kube-proxy", "127.0.0.1")
        rc.listen_raw(10256, "kube-proxy", "::")
        ip = cluster.node_ip(rc.node)
        t = _stamp(rc)
        rc.log(f'{t}       1 server.go:1062] "Successfully retrieved node IP(s)" IPs=["{ip}"]')
        rc.log(f'{t}       1 server_linux.go:221] "Using ipvs Proxier"')
        rc.log(f'{t}       1 server_linux.go:233] "Creating dualStackProxier for ipvs"')
        if not scheduler:
            rc.log(f'{t}       1 proxier.go:364] "IPVS scheduler not specified, use rr by default" ipFamily="IPv4"')
            rc.log(f'{t}       1 proxier.go:364] "IPVS scheduler not specified, use rr by default" ipFamily="IPv6"')
        rc.log(f'{t}       1 server.go:865] "Version info" version="{K8S_VERSION}"')
        rc.log(f'{t}       1 config.go:192] "Starting service config controller"')
        rc.log(f'{t}       1 config.go:101] "Starting endpoint slice config controller"')
    elif _ORIGINAL is not None:
        _ORIGINAL(rc)
    if old != mode:
        proxier.written.pop(rc.node, None)
        proxier.__dict__.get("_ipvs_ready", set()).discard(rc.node)
        cluster._queue[(proxier, ("KubeProxy", "", rc.node))] = None


containers.RUNNERS["kube-proxy"] = kube_proxy
