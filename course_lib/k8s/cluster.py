"""A kubeadm 1.30-style cluster on a simulated LAN: controlplane + workers, API store, controllers, kubelets.

```python
from course_lib import Cluster
c = Cluster()                                  # controlplane + node01, Weave Net installed
c.run("kubectl get nodes -o wide")             # the learner's terminal on the controlplane
c.node("node01").run("ip route")               # a node is a Lab host
c = Cluster(cni=None)                          # NotReady nodes until a CNI is applied
```
Extension points for services, DNS and Ingress:
- `cluster.hooks["pod_ready"|"pod_deleted"|"service_changed"|"node_ready"]`: lists of fn(cluster, obj)
- `cluster.add_controller(ctrl)`: a course_lib.k8s.controllers.Controller run by reconcile()
- `cluster.store.watch(kind, fn)`: every change of a kind
- course_lib.k8s.kinds.register: new kinds with validation and `get` columns
- course_lib.k8s.containers.RUNNERS: what an image's program does when a pod runs it
- course_lib.k8s.addons.MANIFEST_URLS: URLs `kubectl apply -f URL` knows offline
"""
from __future__ import annotations

import ipaddress
from typing import Any, Callable, Optional

from course_lib.k8s import controllers as ctl
from course_lib.k8s.api import Api
from course_lib.k8s.kinds_core import node_ready
from course_lib.k8s.store import Store, timestamp
from course_lib.result import CommandResult

Obj = dict[str, Any]
Hook = Callable[["Cluster", Obj], None]
CNIS = ("weave", "bridge", "flannel", None)
LAN = ipaddress.IPv4Network("192.168.1.0/24")
FIRST_NODE_HOST = 10                 # controlplane 192.168.1.10, node01 .11, node02 .12 ...
BOOT_AGE = 900.0                     # the cluster was made 15 minutes before the lab starts


class SetupError(Exception):
    """A command line the model runs to set a node up (not the learner's) failed: a bug, never a lab state."""


def run_setup(host: Any, script: str) -> CommandResult:
    """Run a set-up command line on a node as its daemon would, and raise if it fails: the shell turns an
    internal error (even a RecursionError) into a message and an exit status, which left a wrong cluster."""
    result = host.run(script)
    if result.returncode != 0 or result.stderr:      # a script's status is its last command's: stderr too
        raise SetupError(f"{script!r} failed on {getattr(host, 'name', host)} "
                         f"(exit {result.returncode}): {result.stderr.strip()}")
    return result


class Cluster:
    """A kubeadm cluster: `run` is a terminal on the controlplane."""

    def __init__(self, workers: int = 1, cni: Optional[str] = "weave", pod_cidr: str = "10.244.0.0/16",
                 service_cidr: str = "10.96.0.0/12", seed: int = 0, proxy_mode: str = "iptables") -> None:
        from course_lib.k8s import bulk
        from course_lib.lab import Lab
        if not isinstance(workers, int) or isinstance(workers, bool) or not 0 <= workers <= 200:
            raise ValueError(f"workers must be an int from 0 to 200, not {workers!r}")
        if cni not in CNIS:
            raise ValueError(f'cni must be "weave", "bridge", "flannel" or None, not {cni!r}')
        self.pod_cidr = str(ipaddress.IPv4Network(pod_cidr))
        self.service_cidr = str(ipaddress.IPv4Network(service_cidr))
        self.cni = cni
        if proxy_mode not in ("iptables", "ipvs"):     # kube-proxy's mode on every node (kubeproxy/ipvs_mode.py)
            raise ValueError(f'proxy_mode must be "iptables" or "ipvs", not {proxy_mode!r}')
        self.proxy_mode = proxy_mode
        bulk.building()                  # what an earlier build froze may be garbage now (k8s/bulk.py)
        self.lab = Lab(seed=seed)
        self.network = self.lab._backend.network
        self.store = Store(lambda: self.network.clock, self.network.random())
        self.api = Api(self)
        self.hooks: dict[str, list[Hook]] = {"pod_ready": [], "pod_deleted": [], "service_changed": [],
                                             "node_ready": []}
        self.controllers: list[ctl.Controller] = []
        self._queue: dict[tuple[Any, ctl.Key], None] = {}
        self._reconciling = False                # reconcile() is running (it does not nest)
        self._owned: dict[str, dict[str, set[ctl.Key]]] = {}
        self._by_uid: dict[str, ctl.Key] = {}
        self.kubelets: dict[str, Any] = {}
        self.node_names = ["controlplane"] + [f"node{i:02d}" for i in range(1, workers + 1)]
        self.scheduler = ctl.Scheduler(self)
        from course_lib.k8s.deployment import DeploymentController
        for controller in (ctl.NodeIpamController(self), DeploymentController(self),
                           ctl.ReplicaSetController(self), ctl.DaemonSetController(self), self.scheduler):
            self.add_controller(controller)
        from course_lib.k8s import statefulset
        statefulset.install(self)
        from course_lib.k8s import job
        job.install(self)
        from course_lib.k8s import gc
        gc.install(self)
        self.store.watch("*", self._index)
        from course_lib.k8s import bootstrap, services
        services.install(self)           # Services, endpoints, kube-proxy, cluster DNS, Ingress (services engineer)
        bootstrap.build(self)
        services.bootstrap(self)
        from course_lib.k8s import startup
        startup.install(self)            # from now on containers take time to start
        bulk.built()                     # the build's objects out of later full collections (k8s/bulk.py)

    # -- the learner's side ----------------------------------------------------------------------------
    def run(self, cmd: str, stdin: Optional[str] = None) -> CommandResult:
        """A command line on the controlplane (where kubectl is configured)."""
        return self.lab.host("controlplane").run(cmd, stdin)

    def node(self, name: str) -> Any:
        return self.lab.host(name)

    def trace(self, cmd: str, node: str = "controlplane", stdin: Optional[str] = None, chains: bool = False) -> Any:
        """Run `cmd` on a node (kubectl exec POD -- ... reaches pods) and return its LabTrace (course_lib.tracing)."""
        from course_lib.tracing import trace_command
        return trace_command(self, cmd, node, stdin, chains)

    def draw(self, **kwargs: Any) -> Any:
        """A matplotlib Figure of the cluster: nodes, pods with IPs, bridges, overlay, Services (widgets)."""
        from course_lib.widgets.cluster_draw import draw_cluster
        return draw_cluster(self, **kwargs)

    @property
    def nodes(self) -> list[str]:
        return list(self.node_names)

    def machine(self, name: str) -> Any:
        return self.network.machines[name]

    def context(self, name: str) -> Any:
        return self.lab._backend.context(name)

    def node_ip(self, name: str) -> str:
        return str(LAN.network_address + FIRST_NODE_HOST + self.node_names.index(name))

    # -- time, names, events ---------------------------------------------------------------------------
    def now(self) -> float:
        return self.network.clock

    def timestamp(self, at: Optional[float] = None) -> str:
        return timestamp(self.now() if at is None else at)

    def suffix(self, n: int) -> str:
        rng = self.network.random()
        return "".join(rng.choice(ctl.ALPHANUMS) for _ in range(n))

    def event(self, obj: Obj, type_: str, reason: str, message: str, source: str = "",
              at: Optional[float] = None, field_path: str = "") -> None:
        """An Event about obj (kubectl describe's Events and `kubectl get events`), now or at model time `at`;
        `field_path` names the part of it (a container: `spec.containers{web}`) as involvedObject.fieldPath."""
        ns = obj["metadata"].get("namespace") or "default"
        when = self.now() if at is None else at
        self._event_seq = getattr(self, "_event_seq", 0) + 1
        nanos = int((parse_ts_base() + when) * 1e9) + self._event_seq
        name = f"{obj['metadata']['name']}.{nanos:x}"
        stamp = self.timestamp(when)
        involved = {"apiVersion": obj.get("apiVersion"), "kind": obj["kind"], "name": obj["metadata"]["name"],
                    "namespace": ns, "uid": obj["metadata"].get("uid")}
        if not obj["metadata"].get("namespace"):        # a cluster-scoped object (a Node)
            del involved["namespace"]
        if field_path:
            involved["fieldPath"] = field_path
        ev = {"apiVersion": "v1", "kind": "Event",
              "metadata": {"name": name, "namespace": ns},
              "involvedObject": involved,
              "reason": reason, "message": message, "type": type_, "count": 1,
              "firstTimestamp": stamp, "lastTimestamp": stamp,
              "source": {"component": source or "kubelet"}, "reportingComponent": source or "kubelet",
              "reportingInstance": ""}
        host = (obj.get("spec") or {}).get("nodeName") if obj["kind"] == "Pod" else obj["metadata"]["name"] \
            if obj["kind"] == "Node" else None
        if host and source in ("", "kube-proxy"):
            ev["source"]["host"] = ev["reportingInstance"] = host     # the kubelet's (kube-proxy's) recorder
        self.store.create(ev, created_at=when)

    def events_for(self, obj: Obj) -> list[Obj]:
        uid = obj["metadata"].get("uid")
        ns = obj["metadata"].get("namespace") or "default"
        evs = [e for e in self.store.list("Event", ns) if e["involvedObject"].get("uid") == uid]
        return sorted(evs, key=lambda e: (e.get("lastTimestamp") or "", int(e["metadata"]["resourceVersion"])))

    # -- controllers and the reconcile loop ------------------------------------------------------------
    def add_controller(self, controller: ctl.Controller) -> None:
        self.controllers.append(controller)
        for kind in controller.kinds:
            self.store.watch(kind, lambda event, obj, c=controller: self._enqueue(c, event, obj))

    def _enqueue(self, controller: ctl.Controller, event: str, obj: Obj) -> None:
        for key in controller.keys(event, obj):
            self._queue[(controller, key)] = None

    def reconcile(self, limit: int = 1_000_000) -> None:
        """Run controllers and kubelets until no work is left.

        Not reentrant: a sync that asks for a reconcile (a node's flanneld refreshing the node, which
        starts the next node's flanneld, ...) only leaves its work in the queue, and the outer loop runs
        it, so the stack depth stays the same whatever the number of nodes (it grew one level per node
        and passed Python's recursion limit at ~96 flannel nodes)."""
        from course_lib.k8s.bulk import bulk
        from course_lib.k8s.static_pods import held
        if self._reconciling:
            return
        self._reconciling = True
        try:
            steps = 0
            with bulk():                # a scale-up's full collections: one when it ends (k8s/bulk.py)
                while self._queue and steps < limit:
                    (controller, key) = next(iter(self._queue))
                    del self._queue[(controller, key)]
                    if held(self, controller, key):      # its component's static pod is gone (k8s/static_pods.py)
                        continue
                    controller.sync(key)
                    steps += 1
        finally:
            self._reconciling = False

    # -- owner index -----------------------------------------------------------------------------------
    def _index(self, event: str, obj: Obj) -> None:
        key = ctl.key_of(obj)
        uid = obj["metadata"].get("uid", "")
        owner = ctl.controller_uid(obj)
        if event == "DELETED":
            self._by_uid.pop(uid, None)
            if owner:
                self._owned.get(owner, {}).get(obj["kind"], set()).discard(key)
            if obj["kind"] == "Pod":
                for hook in list(self.hooks["pod_deleted"]):
                    hook(self, obj)
            return
        self._by_uid[uid] = key
        if owner:
            self._owned.setdefault(owner, {}).setdefault(obj["kind"], set()).add(key)

    def owned(self, owner: Obj, kind: str) -> list[Obj]:
        keys = self._owned.get(owner["metadata"]["uid"], {}).get(kind, set())
        objs = [self.store.get(*k) for k in keys]
        return sorted((o for o in objs if o is not None), key=lambda o: o["metadata"]["name"])

    def owner_of(self, obj: Obj, kind: str) -> Optional[ctl.Key]:
        for ref in obj["metadata"].get("ownerReferences") or []:
            if ref.get("controller") and ref.get("kind") == kind:
                return self._by_uid.get(ref.get("uid", ""))
        return None

    def ds_waits_for_nodes(self, ds: Obj) -> bool:
        status = ds.get("status") or {}
        return status.get("desiredNumberScheduled", -1) != len(self.node_names)

    # -- hooks the API calls ---------------------------------------------------------------------------
    def before_create(self, info: Any, obj: Obj) -> None:
        for fn in BEFORE_CREATE.get(info.kind, []):
            fn(self, obj)

    def before_update(self, info: Any, old: Obj, new: Obj) -> None:
        for fn in BEFORE_UPDATE.get(info.kind, []):
            fn(self, old, new)

    @staticmethod
    def pod_is_ready(pod: Obj) -> bool:
        for cond in (pod.get("status") or {}).get("conditions") or []:
            if cond.get("type") == "Ready":
                return cond.get("status") == "True"
        return False

    def node_is_ready(self, name: str) -> bool:
        node = self.store.get("Node", "", name)
        return node is not None and node_ready(node)

    # -- processes (ps aux) ------------------------------------------------------------------------------
    def new_pid(self, node: str) -> int:
        machine = self.machine(node)
        pid = machine.__dict__.get("_next_pid", 700) + self.network.random().randrange(1, 40)
        machine.__dict__["_next_pid"] = pid + 1
        return pid

    def add_process(self, node: str, pid: int, argv: list[str], owner: Any) -> None:
        from course_lib.k8s.bootstrap import Process
        name = argv[0].rsplit("/", 1)[-1] if argv else "?"
        self.machine(node).processes.append(Process(pid, name, " ".join(argv), started=self.now(), owner=owner))

    def remove_process(self, node: str, pid: int) -> None:
        procs = self.machine(node).processes
        procs[:] = [p for p in procs if getattr(p, "pid", None) != pid]

    def __repr__(self) -> str:
        return f"Cluster(nodes={self.node_names!r}, cni={self.cni!r})"


def parse_ts_base() -> float:
    from course_lib.k8s.store import EPOCH
    return EPOCH.timestamp()


# Kind -> fn(cluster, obj) run on an admitted object before it is stored (e.g. allocate a ClusterIP).
BEFORE_CREATE: dict[str, list[Callable[[Cluster, Obj], None]]] = {}
BEFORE_UPDATE: dict[str, list[Callable[[Cluster, Obj, Obj], None]]] = {}
