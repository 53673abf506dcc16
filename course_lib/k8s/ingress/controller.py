"""An ingress-nginx-like controller: the pod's nginx on :80/:443 routing by the Ingresses of its class.

The controller pod (image registry.k8s.io/ingress-nginx/controller, or the course's older
quay.io/kubernetes-ingress-controller/nginx-ingress-controller) watches Ingresses whose
ingressClassName is its class ("nginx"; Ingresses without a class only when the class is the default
or --watch-ingress-without-class is set), proxies to the backend Service's ready endpoints (pod IP and
target port, as ingress-nginx does, not through the ClusterIP), answers its default backend's 404
otherwise, 503 when a Service has no endpoints, and redirects http to https with 308 for TLS hosts.
Ingress status gets the address of the controller's Service (LB IP) or of its node.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.http import tls as tls_wire
from course_lib.http.message import Request, Response, content_length, http_date
from course_lib.k8s.ingress import routing
from course_lib.k8s.ingress import tls as ingress_tls
from course_lib.k8s.ingress.tls import HSTS
from course_lib.net import trace as _trace
from course_lib.net.socket_family import BACKLOG

Obj = dict[str, Any]
SSL_REDIRECT = "nginx.ingress.kubernetes.io/ssl-redirect"
FORCE_SSL = "nginx.ingress.kubernetes.io/force-ssl-redirect"
CONTROLLER = "k8s.io/ingress-nginx"


def error_page(status: int, reason: str) -> str:
    return (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def _headers(clock: Any, body: str, extra: Optional[list[tuple[str, str]]] = None) -> list[tuple[str, str]]:
    return [("Date", http_date(clock())), ("Content-Type", "text/html"),
            ("Content-Length", str(content_length(body))), ("Connection", "keep-alive")] + (extra or [])


class IngressNginx:
    """One controller process (one pod): its class, its flags, its request handling."""

    def __init__(self, rc: Any, args: list[str]) -> None:
        self.rc = rc
        self.cluster = rc.cluster
        self.ingress_class = "nginx"
        self.without_class = False
        self.default_ssl_certificate = ""       # --default-ssl-certificate=NAMESPACE/SECRET
        self.rr = 0
        for a in args:
            key, _, value = a.lstrip("-").partition("=")
            if key == "ingress-class":
                self.ingress_class = value
            elif key == "watch-ingress-without-class":
                self.without_class = value in ("", "true")
            elif key == "default-ssl-certificate":
                self.default_ssl_certificate = value

    def serves(self, ing: Obj) -> bool:
        cls = (ing.get("spec") or {}).get("ingressClassName") or \
            (ing["metadata"].get("annotations") or {}).get("kubernetes.io/ingress.class")
        if cls:
            return cls == self.ingress_class
        if self.without_class:
            return True
        ic = self.cluster.store.get("IngressClass", "", self.ingress_class)
        return bool(ic and (ic["metadata"].get("annotations") or {}).get(
            "ingressclass.kubernetes.io/is-default-class") == "true")

    def ingresses(self) -> list[Obj]:
        return [i for i in self.cluster.store.list("Ingress") if self.serves(i)]

    # -- requests ------------------------------------------------------------------------------------
    def handler(self, tls: bool) -> Any:
        def handle(request: Any, client: tuple[str, int]) -> Any:
            if not isinstance(request, Request):
                body = error_page(400, "Bad Request")
                return Response(400, _headers(self.rc.clock, body), body)
            response, upstream = self.answer(request, tls)
            self._log(request, client, response, upstream)
            return response
        return handle

    def answer(self, request: Request, tls: bool) -> tuple[Response, str]:
        clock = self.rc.clock
        host = (request.host or "").split(":")[0].lower()
        ings = self.ingresses()
        route, default = routing.match(ings, host, request.path)
        ing = route.ingress if route else (default or {}).get("ingress")
        if _trace.ACTIVE is not None:       # lab.trace(): which rule answered, in the Ingress's own words
            from course_lib.net.l2 import node_name
            _trace.note(node_name(self.rc.netns), "ingress", routing.explain(route, default, host, request.path))
        if ing is not None and not tls and self._redirects(ing, host, self.tls_hosts()):
            location = f"https://{host}{request.target}"      # lua redirect_host(): the Host without its port
            body = error_page(308, "Permanent Redirect")
            return Response(308, _headers(clock, body, [("Location", location)]), body,
                            reason="Permanent Redirect"), "-"
        if route is None and default is None:
            body = error_page(404, "Not Found")
            return Response(404, _headers(clock, body), body), "upstream-default-backend"
        backend = route.backend if route else default["backend"]
        ns = ing["metadata"]["namespace"]
        target = route.rewritten(request.path) if route else request.path
        if "?" in request.target:
            target += "?" + request.target.split("?", 1)[1]
        response, upstream = self._proxy(ns, backend, request, target, tls)
        if tls and host in self.tls_hosts():
            response.headers.append(HSTS)
        return response, upstream

    def tls_hosts(self) -> dict[str, Any]:
        """Hosts nginx has a certificate for (their own, or the default one when theirs is unusable)."""
        certs = self.__dict__.get("certs")
        return certs.servers() if certs is not None else {}

    def _redirects(self, ing: Obj, host: str, tls_hosts: dict[str, Any]) -> bool:
        ann = ing["metadata"].get("annotations") or {}
        if ann.get(FORCE_SSL) == "true":
            return True
        if ann.get(SSL_REDIRECT) == "false":
            return False
        if host in tls_hosts:
            return True
        for tls in (ing.get("spec") or {}).get("tls") or []:
            for h in tls.get("hosts") or []:
                if routing.host_matches(h.lower(), host) >= 2:
                    return True
        return False

    def _proxy(self, ns: str, backend: Obj, request: Request, target: str, tls: bool = False) -> tuple[Response, str]:
        from course_lib.http import transport
        svc_ref = backend.get("service") or {}
        svc = self.cluster.store.get("Service", ns, svc_ref.get("name", ""))
        upstream_name = f"{ns}-{svc_ref.get('name', '')}-{(svc_ref.get('port') or {}).get('number') or (svc_ref.get('port') or {}).get('name')}"
        endpoints = self._endpoints(ns, svc, svc_ref.get("port") or {}) if svc else []
        if not endpoints:
            body = error_page(503, "Service Temporarily Unavailable")
            return Response(503, _headers(self.rc.clock, body), body), upstream_name
        ip, port = endpoints[self.rr % len(endpoints)]
        self.rr += 1
        headers = [(k, v) for k, v in request.headers]
        headers += [("X-Request-ID", f"{self.cluster.network.random().getrandbits(128):032x}"),
                    ("X-Real-IP", "-"), ("X-Forwarded-Host", request.host),
                    ("X-Forwarded-Port", "443" if tls else "80"), ("X-Forwarded-Proto", "https" if tls else "http"),
                    ("X-Scheme", "https" if tls else "http")]
        upstream = Request(request.method, target, headers, request.body, "HTTP/1.1")
        conn = transport.request(self.rc.netns, ip, port, upstream, 5.0)
        if conn.status != transport.OK or not isinstance(conn.response, Response):
            body = error_page(502, "Bad Gateway")
            return Response(502, _headers(self.rc.clock, body), body), f"{upstream_name} {ip}:{port}"
        resp = conn.response
        kept = [(k, v) for k, v in resp.headers if k.lower() not in ("server", "date", "connection")]
        out = Response(resp.status, [("Date", http_date(self.rc.clock()))] + kept[:1] + kept[1:] +
                       [("Connection", "keep-alive")], resp.body, resp.version, resp.reason)
        return out, f"{upstream_name} {ip}:{port}"

    def _endpoints(self, ns: str, svc: Obj, port_ref: Obj) -> list[tuple[str, int]]:
        sport = next((p for p in (svc.get("spec") or {}).get("ports") or []
                      if p.get("port") == port_ref.get("number") or
                      (port_ref.get("name") and p.get("name") == port_ref.get("name"))), None)
        if sport is None:
            return []
        out = []
        for es in self.cluster.store.list("EndpointSlice", ns, {"kubernetes.io/service-name": svc["metadata"]["name"]}):
            port = next((q.get("port") for q in es.get("ports") or [] if (q.get("name") or "") ==
                         (sport.get("name") or "")), None)
            for e in es.get("endpoints") or []:
                if port and (e.get("conditions") or {}).get("ready", True):
                    out += [(a, int(port)) for a in e.get("addresses") or []]
        return sorted(out)

    def _log(self, request: Request, client: tuple[str, int], response: Response, upstream: str) -> None:
        now = self.rc.clock()
        agent = request.header("User-Agent") or "-"
        name, _, addr = upstream.partition(" ")
        self.rc.log(f'{client[0]} - - [{now.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{request.method} '
                    f'{request.target} {request.version}" {response.status} {content_length(response.body)} "-" '
                    f'"{agent}" {len(" ".join(request.head_lines()))} 0.001 [{name}] [] {addr or "-"} '
                    f'{content_length(response.body)} 0.001 {response.status} '
                    f'{self.cluster.network.random().getrandbits(128):032x}')


def run_controller(rc: Any) -> None:
    """The controller container: argv is [/nginx-ingress-controller, flags...] (after dumb-init --)."""
    args = rc.argv[1:]
    ctrl = IngressNginx(rc, args)
    if "kubernetes-ingress-controller/nginx-ingress-controller" in str(rc.spec.get("image", "")):
        ctrl.without_class = True        # pre-IngressClass controllers (0.x) serve Ingresses without a class
    rc.log("-------------------------------------------------------------------------------")
    rc.log("NGINX Ingress controller")
    rc.log("  Release:       v1.11.2")
    rc.log("  Build:         46e76e5916813cfca2a9b0bfdc34b69a0000f6b9")
    rc.log("  Repository:    https://github.com/kubernetes/ingress-nginx")
    rc.log("  nginx version: nginx/1.25.5")
    rc.log("")
    rc.log("-------------------------------------------------------------------------------")
    ctrl.certs = ingress_tls.Certificates(ctrl)
    _listen_all(rc, args, ctrl.handler(False), tls_wire.server(
        ctrl.certs.pick, ctrl.handler(True), ("h2", "http/1.1"), ingress_tls.plain_http_on_tls(rc.clock),
        ticket_size=57, sni_ack=True))
    controllers = rc.cluster.__dict__.setdefault("ingress_controllers", [])
    controllers.append(ctrl)
    update_status(rc.cluster)


def _listen_all(rc: Any, args: list[str], http: Any, https: Any) -> None:
    """The sockets of the real controller pod. nginx.tmpl: `listen 80`, `listen 443`, the default server's
    `listen 8181`, each again as `listen [::]:PORT` (ipv6only) when the pod has an IPv6 address
    (IsIPv6Enabled: ::1 counts), backlog 4096 (somaxconn); its status and stream servers on 127.0.0.1:10246
    and :10247 (nginx's 511). The controller (Go, `nginx-ingress-c`): the profiler on 127.0.0.1:10245,
    healthz/metrics on :10254 and, with --validating-webhook=:8443, the admission webhook: dual-stack."""
    nothing = (lambda payload, client: None)
    ipv6 = any(getattr(a, "family", 4) == 6 for a in rc.netns.addresses)
    for address, v6only in [("0.0.0.0", None)] + ([("::", True)] if ipv6 else []):
        rc.listen(80, http, "nginx", address, v6only)
        rc.listen(443, https, "nginx", address, v6only)
        rc.listen(8181, nothing, "nginx", address, v6only)
    for port in (10246, 10247):
        rc.listen(port, nothing, "nginx", "127.0.0.1", None, BACKLOG["nginx"])
    rc.listen(10245, nothing, "nginx-ingress-c", "127.0.0.1")
    go_any = "::" if ipv6 else "0.0.0.0"
    rc.listen(10254, nothing, "nginx-ingress-c", go_any)
    webhook = next((a.split("=", 1)[1] for a in args if a.startswith("--validating-webhook=")), "")
    if webhook.rpartition(":")[2].isdigit():
        rc.listen(int(webhook.rpartition(":")[2]), nothing, "nginx-ingress-c", webhook.rpartition(":")[0] or go_any)


def update_status(cluster: Any) -> None:
    """Ingress .status.loadBalancer: the controller Service's LB address, else the controller pods' nodes."""
    controllers = [c for c in cluster.__dict__.get("ingress_controllers", []) if c.rc.exit_code is None
                   and cluster.store.get("Pod", c.rc.pod["metadata"]["namespace"], c.rc.pod["metadata"]["name"])]
    for ing in cluster.store.list("Ingress"):
        ips: list[str] = []
        for c in controllers:
            if not c.serves(ing):
                continue
            ips += _addresses(cluster, c)
            synced = cluster.__dict__.setdefault("_ingress_synced", set())
            key = (ing["metadata"]["uid"], ing["metadata"].get("generation", 1), c.rc.pod["metadata"]["name"])
            if key not in synced:
                synced.add(key)
                cluster.event(ing, "Normal", "Sync", "Scheduled for sync", "nginx-ingress-controller")
        want = {"ingress": [{"ip": ip} for ip in sorted(set(ips))]} if ips else {}
        status = ing.setdefault("status", {})
        if status.get("loadBalancer") != want:
            status["loadBalancer"] = want
            cluster.store.touch(ing)


def _addresses(cluster: Any, ctrl: IngressNginx) -> list[str]:
    pod = ctrl.rc.pod
    labels = pod["metadata"].get("labels") or {}
    ns = pod["metadata"]["namespace"]
    for svc in cluster.store.list("Service", ns):
        sel = (svc.get("spec") or {}).get("selector") or {}
        if sel and all(labels.get(k) == v for k, v in sel.items()):
            lb = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
            if lb:
                return [i["ip"] for i in lb if i.get("ip")]
    return [cluster.node_ip(ctrl.rc.node)]
