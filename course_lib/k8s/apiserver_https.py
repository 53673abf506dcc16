"""kube-apiserver 1.30 on :6443 as curl meets it: TLS with apiserver.crt, who is asking, and the answers.

The listener serves the PKI's apiserver certificate (the leaf alone, as --tls-cert-file holds it) with ALPN
h2 and http/1.1; plain HTTP gets Go's `Client sent an HTTP request to an HTTPS server.`. A request without
credentials is system:anonymous, which kubeadm's RBAC lets read /version, /healthz, /livez and /readyz
(system:public-info-viewer) and nothing else; a bearer token is checked as the API server checks a
ServiceAccount token (RS256 signature by sa.key, issuer, expiry) and becomes
system:serviceaccount:NS:NAME (discovery allowed, resources forbidden: the default SA has no RBAC
grant); a bad token is 401. Status bodies are pretty-printed as the API server does for curl's
User-Agent (json.MarshalIndent, no final newline). Header order is Go's: handler headers sorted, then
content-length and date on HTTP/2, date and content-length on HTTP/1.1.
"""
from __future__ import annotations

import json
import random
import uuid
from typing import Any, Optional

from course_lib.http import tls
from course_lib.http.message import Request, Response, content_length, http_date
from course_lib.k8s import pki, satoken
from course_lib.k8s.nodefiles import K8S_VERSION

VERSION_INFO = {"major": "1", "minor": "30", "gitVersion": K8S_VERSION,
                "gitCommit": "a51b3b711150f57ffc1f526a640ec058514ed596", "gitTreeState": "clean",
                "buildDate": "2024-08-14T19:02:46Z", "goVersion": "go1.22.5", "compiler": "gc",
                "platform": "linux/amd64"}
PUBLIC = ("/version", "/healthz", "/livez", "/readyz")
DISCOVERY = ("/api", "/apis", "/openapi/v2", "/openapi/v3", "/version")
PLAIN_ON_TLS = "Client sent an HTTP request to an HTTPS server.\n"
VERBS = {"GET": "get", "POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete", "HEAD": "get"}


def _pretty(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)


class ApiServer:
    """The HTTPS side of one kube-apiserver (the store it serves is the cluster's)."""

    def __init__(self, cluster: Any, clock: Any) -> None:
        self.cluster, self.clock = cluster, clock
        self.certs = pki.of(cluster)
        self.rng = random.Random(f"kube-apiserver/{cluster.network.seed}")
        self.flowschema = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        self.priority = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        self.component = False      # a scheduler/controller-manager secure port: no audit-id, no pf headers

    # -- transport -------------------------------------------------------------------------------------
    def handler(self) -> Any:
        chain = [self.certs.pairs["apiserver"].cert]
        return tls.server(lambda sni: chain, self.serve, ("h2", "http/1.1"), self.plain, ask_client_cert=True)

    def plain(self, payload: Any, client: tuple[str, int]) -> Any:
        """Go's net/http answer to plain HTTP on a TLS port."""
        if not isinstance(payload, Request):
            return None
        return Response(400, [], PLAIN_ON_TLS, "HTTP/1.0")

    def _response(self, request: Request, status: int, body: str, content_type: str,
                  nosniff: bool = False, flow: bool = True) -> Response:
        headers = [] if self.component else [("Audit-Id", str(uuid.UUID(int=self.rng.getrandbits(128), version=4)))]
        headers += [("Cache-Control", "no-cache, private"), ("Content-Type", content_type)]
        if nosniff:
            headers.append(("X-Content-Type-Options", "nosniff"))
        if flow and not self.component:       # priority and fairness runs after authentication: a 401 has no pf headers
            headers += [("X-Kubernetes-Pf-Flowschema-Uid", self.flowschema),
                        ("X-Kubernetes-Pf-Prioritylevel-Uid", self.priority)]
        length = ("Content-Length", str(content_length(body)))
        date = ("Date", http_date(self.clock()))
        headers += [length, date] if request.version == "HTTP/2.0" else [date, length]
        return Response(status, headers, "" if request.method == "HEAD" else body)

    # -- requests ----------------------------------------------------------------------------------------
    def serve(self, request: Any, client: tuple[str, int]) -> Any:
        if not isinstance(request, Request):
            return None
        user = self.authenticate(request.header("Authorization"))
        if user is None:
            return self._status(request, 401, "Unauthorized", "Unauthorized", None)
        path = request.path.rstrip("/") or "/"
        if path in PUBLIC or path.startswith(("/livez/", "/readyz/", "/healthz/")):
            if path == "/version":
                return self._response(request, 200, _pretty(VERSION_INFO), "application/json")
            return self._response(request, 200, "ok", "text/plain; charset=utf-8", nosniff=True)
        if user != "system:anonymous" and path == "/api":
            body = {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": f"{self.cluster.node_ip('controlplane')}:6443"}]}
            return self._response(request, 200, _pretty(body), "application/json")
        return self._forbidden(request, user, path)

    def _forbidden(self, request: Request, user: str, path: str) -> Response:
        parts = [p for p in path.split("/") if p]
        resource = _resource(parts)
        if resource is None:
            verb = request.method.lower()
            message = f'forbidden: User "{user}" cannot {verb} path "{request.path}"'
            return self._status(request, 403, message, "Forbidden", {})
        group, ns, res, name, sub = resource
        verb = VERBS.get(request.method, request.method.lower())
        query = request.target.partition("?")[2]
        if request.method == "GET" and not name:
            verb = "watch" if "watch=true" in query or "watch=1" in query else "list"
        elif request.method == "DELETE" and not name:
            verb = "deletecollection"
        what = f"{res}/{sub}" if sub else res
        scope = f'in the namespace "{ns}"' if ns else "at the cluster scope"
        qualified = f"{res}.{group}" if group else res
        subject = f'{qualified} "{name}"' if name else qualified
        message = (f'{subject} is forbidden: User "{user}" cannot {verb} resource "{what}" '
                   f'in API group "{group}" {scope}')
        details: dict[str, Any] = {"name": name} if name else {}
        if group:
            details["group"] = group
        details["kind"] = res
        return self._status(request, 403, message, "Forbidden", details)

    def _status(self, request: Request, code: int, message: str, reason: str,
                details: Optional[dict[str, Any]]) -> Response:
        body: dict[str, Any] = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                "message": message, "reason": reason}
        if details is not None:
            body["details"] = details
        body["code"] = code
        return self._response(request, code, _pretty(body), "application/json", code != 401, code != 401)

    # -- authentication ------------------------------------------------------------------------------------
    def authenticate(self, authorization: Optional[str]) -> Optional[str]:
        """The user name; None when a bearer token is presented and refused (401)."""
        if not authorization:
            return "system:anonymous"
        kind, _, token = authorization.strip().partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            return "system:anonymous"
        claims = satoken.verify(self.certs, token.strip(), self.clock_seconds())
        if claims is None or not satoken.still_valid(self.cluster, claims):
            return None
        return claims.get("sub")

    def clock_seconds(self) -> int:
        from course_lib.k8s.store import EPOCH
        return int(EPOCH.timestamp() + self.cluster.now())


def _resource(parts: list[str]) -> Optional[tuple[str, str, str, str, str]]:
    """(group, namespace, resource, name, subresource) of an API path, or None for a non-resource path."""
    if len(parts) >= 3 and parts[0] == "api":
        group, rest = "", parts[2:]
    elif len(parts) >= 4 and parts[0] == "apis":
        group, rest = parts[1], parts[3:]
    else:
        return None
    ns = ""
    if len(rest) >= 3 and rest[0] == "namespaces":
        ns, rest = rest[1], rest[2:]
    elif rest[:1] == ["namespaces"] and len(rest) == 2:
        return group, "", "namespaces", rest[1], ""
    return group, ns, rest[0], rest[1] if len(rest) > 1 else "", rest[2] if len(rest) > 2 else ""
