"""etcd 3.5 as kubeadm runs it: mutual TLS on 2379 (clients) and 2380 (peers), plain HTTP metrics on 2381.

--client-cert-auth and --trusted-ca-file make etcd's Go TLS server require a client certificate issued
by etcd-ca (kubeadm gives the API server apiserver-etcd-client and the probes healthcheck-client), so
curl without --cert completes its side of the TLS 1.3 handshake and then reads the server's
`certificate required` alert (exit 56). Behind TLS, and on 2381, /health and /version answer as etcd does.
"""
from __future__ import annotations

import json
from typing import Any

from course_lib.http import tls
from course_lib.http.message import Request, Response, content_length, http_date
from course_lib.k8s import pki

SERVER_VERSION, CLUSTER_VERSION = "3.5.12", "3.5.0"
NOT_FOUND = "404 page not found\n"


def http_app(clock: Any) -> Any:
    """etcd's HTTP mux: /health, /version, else Go's 404."""
    def handle(request: Any, client: tuple[str, int]) -> Any:
        if not isinstance(request, Request):
            return None
        headers: list[tuple[str, str]] = []
        if request.path == "/health":
            body, ctype = json.dumps({"health": "true", "reason": ""}, separators=(",", ":")), \
                "text/plain; charset=utf-8"
        elif request.path == "/version":
            body, ctype = json.dumps({"etcdserver": SERVER_VERSION, "etcdcluster": CLUSTER_VERSION},
                                     separators=(",", ":")), "application/json"
        else:
            body = NOT_FOUND
            headers = [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")]
        status = 404 if headers else 200
        if not headers:
            headers = [("Content-Type", ctype)]
        date, length = ("Date", http_date(clock())), ("Content-Length", str(content_length(body)))
        headers += [length, date] if request.version == "HTTP/2.0" else [date, length]
        return Response(status, headers, "" if request.method == "HEAD" else body)
    return handle


def plain_on_tls(payload: Any, client: tuple[str, int]) -> Any:
    if not isinstance(payload, Request):
        return None
    return Response(400, [], "Client sent an HTTP request to an HTTPS server.\n", "HTTP/1.0")


def listeners(cluster: Any, clock: Any) -> tuple[Any, Any, Any]:
    """(client 2379, peer 2380, metrics 2381) handlers."""
    certs = pki.of(cluster)
    trusted = [certs.pairs["etcd/ca"].cert]
    app = http_app(clock)
    server = [certs.pairs["etcd/server"].cert]
    peer = [certs.pairs["etcd/peer"].cert]
    return (tls.server(lambda sni: server, app, ("h2", "http/1.1"), plain_on_tls, client_ca=trusted),
            tls.server(lambda sni: peer, app, ("h2", "http/1.1"), plain_on_tls, client_ca=trusted), app)
