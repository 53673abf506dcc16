"""The kubelet (:10250), kube-scheduler (:10259) and kube-controller-manager (:10257) HTTPS endpoints.

Each serves the self-signed pair client-go's GenerateSelfSignedCertKey makes at start-up (a CA
`HOST-ca@UNIX` with serial 1 and a leaf `HOST@UNIX` with serial 2, valid from an hour before for a year,
the chain sent leaf then CA): the kubelet for its hostname, the scheduler and controller manager for
localhost and 127.0.0.1. The pair is dated when the process starts but made at the first handshake, so
building a cluster costs nothing.
The kubelet has anonymous auth disabled (kubeadm), so every request without credentials is 401
`Unauthorized`; the scheduler and controller manager let anyone read /healthz, /livez and /readyz
(--authorization-always-allow-paths) and refuse the rest to system:anonymous with the API server's 403.
"""
from __future__ import annotations

import random
from datetime import timedelta
from typing import Any, Optional

from course_lib.http import tls, x509
from course_lib.http.message import Request, Response, content_length, http_date
from course_lib.k8s import pki

HEALTH = ("/healthz", "/livez", "/readyz")


def self_signed(cluster: Any, host: str, ips: tuple[str, ...] = (), at: float = 0.0) -> list[x509.Cert]:
    """GenerateSelfSignedCertKey(host, ips, nil) at model time `at`, the process's start (leaf, then CA)."""
    from course_lib.k8s.store import EPOCH
    now = (EPOCH + timedelta(seconds=int(at))).replace(microsecond=0)
    unix = int(now.timestamp())
    rng = random.Random(f"self-signed/{cluster.network.seed}/{host}/{unix}")
    pool = pki.KeyPool(rng)
    start = now - timedelta(hours=1)
    ca_key, key = pool.key(), pool.key()
    ca = pki.go_cert(f"{host}-ca@{unix}", ca_key, rng, start, 365, serial=1)
    leaf = pki.go_cert(f"{host}@{unix}", key, rng, start, 365, ca, ca_key, usages=(pki.SERVER,),
                       dns=(host,), ips=ips, serial=2)
    return [leaf, ca]


def _lazy(make: Any) -> Any:
    chain: list[x509.Cert] = []

    def pick(sni: Optional[str]) -> list[x509.Cert]:
        if not chain:
            chain.extend(make())
        return chain
    return pick


def _plain(payload: Any, client: tuple[str, int]) -> Any:
    if not isinstance(payload, Request):
        return None
    return Response(400, [], "Client sent an HTTP request to an HTTPS server.\n", "HTTP/1.0")


def _text(request: Request, status: int, body: str, clock: Any) -> Response:
    """A Go handler's plain-text answer (content type sniffed)."""
    headers = [("Content-Type", "text/plain; charset=utf-8")]
    date, length = ("Date", http_date(clock())), ("Content-Length", str(content_length(body)))
    headers += [length, date] if request.version == "HTTP/2.0" else [date, length]
    return Response(status, headers, "" if request.method == "HEAD" else body)


def kubelet(cluster: Any, node: str) -> Any:
    """The kubelet's :10250 handler."""
    def app(request: Any, client: tuple[str, int]) -> Any:
        if not isinstance(request, Request):
            return None
        return _text(request, 401, "Unauthorized", _clock(cluster))
    at = cluster.now()
    return tls.server(_lazy(lambda: self_signed(cluster, node, (), at)), app, ("h2", "http/1.1"), _plain)


def control_plane_component(cluster: Any, clock: Any) -> Any:
    """kube-scheduler's or kube-controller-manager's secure port handler."""
    from course_lib.k8s.apiserver_https import ApiServer
    api = ApiServer(cluster, clock)
    api.component = True            # no audit or priority-and-fairness filters in its handler chain

    def app(request: Any, client: tuple[str, int]) -> Any:
        if not isinstance(request, Request):
            return None
        if request.path in HEALTH:
            return api._response(request, 200, "ok", "text/plain; charset=utf-8", nosniff=True, flow=False)
        message = f'forbidden: User "system:anonymous" cannot {request.method.lower()} path "{request.path}"'
        return api._status(request, 403, message, "Forbidden", {})
    at = cluster.now()
    return tls.server(_lazy(lambda: self_signed(cluster, "localhost", ("127.0.0.1",), at)), app,
                      ("h2", "http/1.1"), _plain)


def _clock(cluster: Any) -> Any:
    def now() -> Any:
        from course_lib.k8s.store import EPOCH
        return (EPOCH + timedelta(seconds=cluster.now())).replace(tzinfo=None)
    return now
