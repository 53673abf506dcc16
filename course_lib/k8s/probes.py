"""The kubelet's probes on the model clock (httpGet, tcpSocket, exec): readiness, liveness and startup.

Liveness and startup probes run on the same workers and the same probe code as readiness; what their results
do is in course_lib.k8s.restarts (a container killed and restarted after failureThreshold failures, the
restart back-off). A container with a startupProbe is not started (containerStatuses[].started false) until
that probe succeeds: its readiness and liveness workers tick without probing until then.

A container with a readinessProbe starts unready. Its worker ticks every periodSeconds of model time from
the container's start (events on the Network's scheduler: `sleep`, ping, curl... let model time pass);
the first tick is at the start itself. A tick before initialDelaySeconds probes nothing (the kubelet's
doProbe). Otherwise the probe runs as the kubelet runs it: an HTTP GET or a TCP connect from the node to
the pod IP, or the command inside the container. successThreshold consecutive successes make the container
ready, failureThreshold consecutive failures make it unready; every failure is a Warning `Unhealthy`
event "Readiness probe failed: ...", repeats counted on one event as the kubelet's event recorder does.

A change of readiness rewrites the pod's status (containerStatuses[].ready, the Ready and ContainersReady
conditions with ContainersNotReady) and runs the controllers: the endpoints controller moves the address
to notReadyAddresses (EndpointSlice `ready: false`), kube-proxy drops it from the KUBE-SVC chain.

A port held by a daemon the model does not speak HTTP for (a raw listener) answers its health checks.

Ticks never nest: a probe's own request lets model time pass, and a tick that comes due while a probe runs,
or while anything waits on the network (a learner's curl, a handler's request), is deferred and runs once
that outermost operation returns -- after the probe, after the command line (the lab backend's `run`), at
the end of the outermost reconcile, or before a `sleep`. A deferred worker runs once, however many of its
periods went by (missed ticks are dropped, as the kubelet's worker drops them); its next tick stays on its
period grid. Ticks that come due in a plain `sleep` run at their model time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from course_lib.k8s.controllers import Key, key_of

Obj = dict[str, Any]
AGENT = "kube-probe/1.30"
KINDS = ("startup", "liveness", "readiness")


@dataclass(eq=False)
class Worker:
    """One container's probe worker (the kubelet's prober worker): kind readiness, liveness or startup."""

    node: str
    pod_key: Key
    uid: str
    container: str
    probe: Obj
    started: float
    ticks: int = 0
    ready: bool = False
    successes: int = 0
    failures: int = 0
    kind: str = "readiness"


def describe_probe(probe: Obj) -> str:
    """kubectl's DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`."""
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 1)}s "
             f"period={probe.get('periodSeconds', 10)}s #success={probe.get('successThreshold', 1)} "
             f"#failure={probe.get('failureThreshold', 3)}")
    if "exec" in probe:
        return f"exec [{' '.join(str(a) for a in (probe['exec'] or {}).get('command') or [])}] {attrs}"
    if "httpGet" in probe:
        h = probe["httpGet"] or {}
        port = str(h.get("port", ""))
        host = f"[{h.get('host', '')}]:{port}" if ":" in str(h.get("host", "")) else f"{h.get('host', '')}:{port}"
        path = h.get("path", "")
        return f"http-get {str(h.get('scheme', 'HTTP')).lower()}://{host if port else h.get('host', '')}{path} {attrs}"
    if "tcpSocket" in probe:
        t = probe["tcpSocket"] or {}
        return f"tcp-socket {t.get('host', '')}:{t.get('port', '')} {attrs}"
    if "grpc" in probe:
        g = probe["grpc"] or {}
        return f"grpc <pod>:{g.get('port', '')} {g.get('service', '')} {attrs}"
    return f"unknown {attrs}"


def container_port(pod: Obj, container: Obj, port: Any) -> Optional[int]:
    """A probe's port: a number, or the name of one of the container's ports."""
    if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
        return int(port)
    for p in container.get("ports") or []:
        if p.get("name") == port:
            return int(p["containerPort"])
    return None


class Prober:
    """The readiness workers of every kubelet of a cluster (made by services.install)."""

    def __init__(self, cluster: Any) -> None:
        from course_lib.net.events import scheduler
        self.cluster = cluster
        self.workers: dict[tuple[str, str], Worker] = {}
        self.reconciling = 0
        self.busy = 0                   # a probe (and what its result sets off) is running
        self.idle_depth = 0             # the scheduler depth a tick may run at: 0, or 1 inside a plain `sleep`
        self.due: dict[Worker, None] = {}           # deferred ticks, in the order they came due
        self.events = scheduler(cluster.network)
        inner: Callable[..., None] = cluster.reconcile

        def reconcile(limit: int = 1_000_000) -> None:      # a tick inside reconcile must not start another
            self.reconciling += 1
            try:
                inner(limit)
            finally:
                self.reconciling -= 1
            if not self.reconciling:
                self.drain()
        cluster.reconcile = reconcile
        network, backend = cluster.network, cluster.lab._backend
        advance: Callable[[float], None] = network.advance
        run: Callable[..., Any] = backend.run

        def sleep(seconds: float) -> None:                  # ticks in a plain sleep run at their time
            self.drain()
            outer = self.idle_depth
            if self.events.depth == 0 and not self.busy:
                self.idle_depth = 1
            try:
                advance(seconds)
            finally:
                self.idle_depth = outer
            self.drain()

        def run_line(host: str, script: str, stdin: Optional[str] = None) -> Any:
            try:
                return run(host, script, stdin)
            finally:
                self.drain()                                # what came due while the command waited
        network.advance = sleep
        backend.run = run_line

    # -- workers -----------------------------------------------------------------------------------
    def start(self, node: str, pod: Obj, started: float, container: Optional[str] = None) -> None:
        """Workers for the probes of the pod's containers (or of one restarted container); first ticks at once."""
        uid = pod["metadata"]["uid"]
        for c in pod["spec"].get("containers") or []:
            if container is not None and c["name"] != container:
                continue
            for kind in KINDS:
                probe = c.get(f"{kind}Probe")
                if not isinstance(probe, dict):
                    continue
                w = Worker(node, key_of(pod), uid, c["name"], probe, started, kind=kind)
                self.workers[(uid, c["name"], kind)] = w
                self._due(w)

    def _idle(self) -> bool:
        """No probe runs and nothing waits on the network but, at most, a plain `sleep`."""
        return not self.busy and self.events.depth in (0, self.idle_depth)

    def _due(self, w: Worker) -> None:
        """A tick came due (a scheduler event): run it now if nothing is in flight, else defer it."""
        if not self._idle():
            self.due[w] = None
            return
        self._tick(w)
        self.drain()

    def drain(self) -> None:
        """Run the deferred ticks, one after the other, once nothing is in flight."""
        while self.due and self._idle():
            w = next(iter(self.due))
            del self.due[w]
            self._tick(w)

    def _alive(self, w: Worker) -> Optional[tuple[Obj, Any]]:
        kubelet = self.cluster.kubelets.get(w.node)
        rt = kubelet.pods.get(w.uid) if kubelet is not None else None
        pod = self.cluster.store.get(*w.pod_key)
        if rt is None or pod is None or pod["metadata"].get("uid") != w.uid:
            self.workers.pop((w.uid, w.container, w.kind), None)
            return None
        if self.workers.get((w.uid, w.container, w.kind)) is not w or pod["metadata"].get("deletionTimestamp"):
            return None                                  # replaced when the container restarted, or terminating
        rc = rt.containers.get(w.container)
        if rc is None or rc.exit_code is not None:
            return None
        return pod, rt

    def _tick(self, w: Worker) -> None:
        self.busy += 1
        try:
            self._probe_once(w)
        finally:
            self.busy -= 1

    def _probe_once(self, w: Worker) -> None:
        alive = self._alive(w)
        if alive is None:
            return
        pod, rt = alive
        now = self.cluster.now()
        gated = w.kind != "startup" and not next((cs.get("started", True) for cs in
                                                  (pod.get("status") or {}).get("containerStatuses") or []
                                                  if cs.get("name") == w.container), True)
        if not gated and int(now - w.started) >= int(w.probe.get("initialDelaySeconds", 0) or 0):
            ok, output = self.run(pod, rt, w)
            if w.kind != "readiness":
                from course_lib.k8s import restarts
                if not restarts.probe_result(self, w, pod, ok, output):
                    return                               # the container was killed: new workers come with it
            elif ok:
                w.successes, w.failures = w.successes + 1, 0
                if not w.ready and w.successes >= int(w.probe.get("successThreshold", 1) or 1):
                    self._set_ready(w, pod, True)
            else:
                w.successes, w.failures = 0, w.failures + 1
                self._unhealthy(pod, w, output)
                if w.ready and w.failures >= int(w.probe.get("failureThreshold", 3) or 3):
                    self._set_ready(w, pod, False)
        period = max(1, int(w.probe.get("periodSeconds", 10) or 10))
        w.ticks = max(w.ticks + 1, int((self.cluster.now() - w.started) // period) + 1)   # missed ticks are dropped
        self.events.at(w.started + w.ticks * period, self._due, w)

    # -- running a probe ---------------------------------------------------------------------------
    def run(self, pod: Obj, rt: Any, w: Worker) -> tuple[bool, str]:
        """(success, output) of one probe; its packets stay out of a learner's trace (the kubelet's own)."""
        from course_lib.net.trace import recording
        with recording(None):            # type: ignore[arg-type]
            return self._run(pod, rt, w)

    def _run(self, pod: Obj, rt: Any, w: Worker) -> tuple[bool, str]:
        spec = next(c for c in pod["spec"].get("containers") or [] if c["name"] == w.container)
        timeout = float(w.probe.get("timeoutSeconds", 1) or 1)
        pod_ip = (pod.get("status") or {}).get("podIP") or rt.ip
        if "exec" in w.probe:
            return self._exec(pod, rt, spec, (w.probe["exec"] or {}).get("command") or [])
        action = w.probe.get("httpGet") if "httpGet" in w.probe else w.probe.get("tcpSocket")
        if not isinstance(action, dict):
            return False, ""
        port = container_port(pod, spec, action.get("port"))
        host = action.get("host") or pod_ip
        if port is None:
            return False, f"unable to find port {action.get('port')!r}" if "httpGet" in w.probe else \
                f"dial tcp {host}: missing port in address"
        netns = self.cluster.machine(w.node).root
        if "tcpSocket" in w.probe:
            return self._tcp(netns, host, port, timeout)
        return self._http(netns, host, port, action, timeout)

    @staticmethod
    def _dial_error(conn: Any, target: str) -> str:
        from course_lib.net.icmp_errno import GO_TEXT
        texts = {"refused": "connect: connection refused", "network-unreachable": "connect: network is unreachable",
                 "not-permitted": "connect: operation not permitted", **GO_TEXT}
        return f"dial tcp {target}: " + texts.get(conn.error, "connect: no route to host")

    def _tcp(self, netns: Any, host: str, port: int, timeout: float) -> tuple[bool, str]:
        from course_lib.http import transport
        conn = transport.request(netns, host, port, b"", timeout)       # connect (the kubelet then closes)
        if conn.status == transport.OK:
            return True, ""
        if conn.error == "timeout":
            return False, f"dial tcp {host}:{port}: i/o timeout"
        return False, self._dial_error(conn, f"{host}:{port}")

    def _http(self, netns: Any, host: str, port: int, action: Obj, timeout: float) -> tuple[bool, str]:
        from course_lib.http import transport
        from course_lib.http.message import Request, Response
        path = str(action.get("path") or "/")
        scheme = str(action.get("scheme") or "HTTP").lower()
        url = f"{scheme}://{host}:{port}{path}"
        headers = [("Host", f"{host}:{port}"), ("User-Agent", AGENT), ("Accept", "*/*"), ("Connection", "close")]
        for h in action.get("httpHeaders") or []:
            headers = [(k, v) for k, v in headers if k.lower() != str(h.get("name", "")).lower()]
            headers.append((str(h.get("name", "")), str(h.get("value", ""))))
        payload: Any = Request("GET", path, headers)
        if scheme == "https":                    # the kubelet's prober skips certificate verification
            from course_lib.http import tls
            sni = None if all(p.isdigit() for p in host.split(".")) or ":" in host else host
            payload = tls.ClientHello(sni, ("http/1.1",), lambda chain: True, payload)
        conn = transport.request(netns, host, port, payload, timeout)
        if conn.status == transport.OK:
            reply = conn.response
            if scheme == "https" and hasattr(reply, "chain"):
                if getattr(reply, "alert", "") or reply.response is None:
                    return False, f'Get "{url}": remote error: tls: {reply.alert or "handshake failure"}'
                reply = reply.response
            if not isinstance(reply, Response):
                return True, ""                     # a daemon that only holds its port
            if 200 <= reply.status < 400:
                return True, ""
            return False, f"HTTP probe failed with statuscode: {reply.status}"
        if conn.error == "timeout":
            return False, f'Get "{url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
        return False, f'Get "{url}": ' + self._dial_error(conn, f"{host}:{port}")

    def _exec(self, pod: Obj, rt: Any, spec: Obj, command: list[Any]) -> tuple[bool, str]:
        from course_lib.docker.hostops import box_context
        from course_lib.k8s.kubelet import process_env
        argv = [str(a) for a in command]
        rc = rt.containers.get(spec["name"])
        if not argv or (rc is not None and rc.tools is not None and argv[0].rsplit("/", 1)[-1] not in rc.tools
                        and not argv[0].startswith("/")):
            return False, ("OCI runtime exec failed: exec failed: unable to start container process: exec: "
                           f'"{argv[0] if argv else ""}": executable file not found in $PATH: unknown')
        env = process_env(pod, spec, rc)
        ctx = box_context(self.cluster.context(pod["spec"]["nodeName"]), rt.box, env, spec.get("workingDir") or "/")
        result = ctx.run_argv(argv, "")
        return result.returncode == 0, result.stdout + result.stderr

    # -- status and events -------------------------------------------------------------------------
    def _set_ready(self, w: Worker, pod: Obj, ready: bool) -> None:
        w.ready = ready
        self.set_container_ready(pod, w.container, ready)

    def set_container_ready(self, pod: Obj, container: str, ready: bool) -> None:
        """A container's ready flag, the pod's Ready/ContainersReady conditions, then the controllers."""
        status = pod.setdefault("status", {})
        statuses = status.get("containerStatuses") or []
        for cs in statuses:
            if cs.get("name") == container:
                cs["ready"] = ready
        names = [c["name"] for c in pod["spec"].get("containers") or []]
        unready = [cs["name"] for cs in statuses if not cs.get("ready")]
        all_ready = not unready and len(statuses) == len(names)
        now = self.cluster.timestamp()
        for cond in status.get("conditions") or []:
            if cond.get("type") not in ("Ready", "ContainersReady"):
                continue
            flag = "True" if all_ready else "False"
            if cond.get("status") != flag:
                cond["lastTransitionTime"] = now
            cond["status"] = flag
            cond.pop("reason", None)
            cond.pop("message", None)
            if not all_ready:
                cond["message"] = f"containers with unready status: [{' '.join(unready)}]"
                cond["reason"] = "ContainersNotReady"
        self.cluster.store.touch(pod)
        if all_ready:
            for hook in list(self.cluster.hooks["pod_ready"]):
                hook(self.cluster, pod)
        if not self.reconciling:
            self.cluster.reconcile()

    def _unhealthy(self, pod: Obj, w: Worker, output: str) -> None:
        message = f"{w.kind.capitalize()} probe failed: {output}"
        part = f"spec.containers{{{w.container}}}"
        store = self.cluster.store
        for ev in store.list("Event", pod["metadata"]["namespace"]):
            if ev["involvedObject"].get("uid") == w.uid and ev["reason"] == "Unhealthy" and ev["message"] == message \
                    and ev["involvedObject"].get("fieldPath") == part:
                ev["count"] = int(ev.get("count", 1)) + 1
                ev["lastTimestamp"] = self.cluster.timestamp()
                store.touch(ev)
                return
        self.cluster.event(pod, "Warning", "Unhealthy", message, field_path=part)


def prober_of(cluster: Any) -> Optional[Prober]:
    return cluster.__dict__.get("prober")


def install(cluster: Any) -> Prober:
    prober = cluster.__dict__.get("prober")
    if prober is None:
        prober = cluster.__dict__["prober"] = Prober(cluster)
    return prober
