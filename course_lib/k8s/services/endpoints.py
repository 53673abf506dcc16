"""The endpoints and endpointslice controllers: a Service's selector and its pods' readiness -> Endpoints/EndpointSlice.

One controller writes both objects (as kube-controller-manager's two controllers would, same data):
ready pods go to `addresses` (slice condition ready=true), running unready pods to `notReadyAddresses`
(ready=false), unless `publishNotReadyAddresses`. A terminating pod leaves the Endpoints at once and stays in
the slice with ready=false, terminating=true until it is gone. Named targetPorts are looked up in each pod's
container ports. A pod change wakes only the Services of its Namespace whose selector matches.
Both objects carry `endpoints.kubernetes.io/last-change-trigger-time` as the controllers' TriggerTimeTracker
computes it: the earliest trigger time (a pod's Ready transition, the Service's creation) that changed
since the previous sync of the Service; none when nothing changed.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from course_lib.k8s.controllers import Controller, Key, key_of
from course_lib.k8s.store import labels_match, parse_timestamp

Obj = dict[str, Any]
MANAGED_BY = "endpointslice-controller.k8s.io"
TRIGGER = "endpoints.kubernetes.io/last-change-trigger-time"


def target_port(pod: Obj, port: Obj) -> Optional[int]:
    target = port.get("targetPort", port.get("port"))
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    for c in (pod.get("spec") or {}).get("containers") or []:
        for cp in c.get("ports") or []:
            if cp.get("name") == target and cp.get("protocol", "TCP") == port.get("protocol", "TCP"):
                return int(cp["containerPort"])
    return None


def _target_ref(pod: Obj) -> Obj:
    return {"kind": "Pod", "name": pod["metadata"]["name"], "namespace": pod["metadata"]["namespace"],
            "uid": pod["metadata"]["uid"]}


class EndpointsController(Controller):
    kinds = ("Service", "Pod")

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.selectors: dict[str, dict[str, dict[str, str]]] = {}   # ns -> service name -> selector
        self.triggers: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}   # service -> last trigger times
        self.born: Optional[float] = None

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        ns = obj["metadata"].get("namespace", "")
        if obj["kind"] == "Service":
            sel = (obj.get("spec") or {}).get("selector")
            if event == "DELETED" or not sel:
                self.selectors.get(ns, {}).pop(obj["metadata"]["name"], None)
            else:
                self.selectors.setdefault(ns, {})[obj["metadata"]["name"]] = dict(sel)
            return [key_of(obj)]
        labels = obj["metadata"].get("labels") or {}
        return [("Service", ns, name) for name, sel in self.selectors.get(ns, {}).items()
                if labels_match(labels, sel)]

    def sync(self, key: Key) -> None:
        _, ns, name = key
        svc = self.store.get("Service", ns, name)
        if svc is None:
            self.triggers.pop((ns, name), None)
            for kind in ("Endpoints",):
                if self.store.get(kind, ns, name) is not None:
                    self.store.delete(kind, ns, name)
            for es in self.store.list("EndpointSlice", ns, {"kubernetes.io/service-name": name}):
                self.store.delete("EndpointSlice", ns, es["metadata"]["name"])
            return
        selector = (svc.get("spec") or {}).get("selector")
        if not selector or svc["spec"].get("type") == "ExternalName":
            return
        live = [p for p in self.store.list("Pod", ns, selector)
                if (p.get("status") or {}).get("podIP") and (p.get("status") or {}).get("phase") not in
                ("Succeeded", "Failed")]
        pods = [p for p in live if not p["metadata"].get("deletionTimestamp")]
        first = (ns, name) not in self.triggers       # the controller writes a new Service's objects at once:
        self.born = parse_timestamp(svc["metadata"]["creationTimestamp"]) \
            if first and svc["metadata"].get("creationTimestamp") else None     # (kubeadm's are backdated)
        trigger = self._trigger_time(svc, pods)
        self._write_endpoints(svc, pods, trigger)
        self._write_slice(svc, live, trigger)           # terminating pods stay there, ready false, until gone

    def _trigger_time(self, svc: Obj, pods: list[Obj]) -> str:
        """ComputeEndpointLastChangeTriggerTime: the earliest changed trigger time ("" when none changed)."""
        key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
        last_svc, last_pods = self.triggers.get(key, ("", {}))
        times: dict[str, str] = {}
        changed: list[str] = []
        for pod in pods:
            ready = next((c for c in (pod.get("status") or {}).get("conditions") or [] if c.get("type") == "Ready"),
                         None)
            when = (ready or {}).get("lastTransitionTime") or ""
            times[pod["metadata"]["name"]] = when
            if when and when > last_pods.get(pod["metadata"]["name"], ""):
                changed.append(when)
        created = svc["metadata"].get("creationTimestamp") or ""
        if created and created > last_svc:
            changed.append(created)
        self.triggers[key] = (created, times)
        return min(changed) if changed else ""

    def _ready(self, svc: Obj, pod: Obj) -> bool:
        return self.cluster.pod_is_ready(pod) or bool(svc["spec"].get("publishNotReadyAddresses"))

    def _write_endpoints(self, svc: Obj, pods: list[Obj], trigger: str) -> None:
        ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
        groups: dict[tuple, dict[str, list[Obj]]] = {}
        for pod in pods:
            ports = []
            for p in svc["spec"].get("ports") or []:
                tp = target_port(pod, p)
                if tp is None:
                    continue
                port = {"port": tp, "protocol": p.get("protocol", "TCP")}
                if p.get("name"):
                    port = {"name": p["name"], **port}
                ports.append(port)
            if not ports and svc["spec"].get("ports"):
                continue
            addr = {"ip": pod["status"]["podIP"], "nodeName": pod["spec"].get("nodeName"),
                    "targetRef": _target_ref(pod)}
            if pod["spec"].get("hostname") and pod["spec"].get("subdomain") == name:
                addr["hostname"] = pod["spec"]["hostname"]
            key = tuple(sorted((p.get("name", ""), p["port"], p["protocol"]) for p in ports))
            group = groups.setdefault(key, {"ports": ports, "addresses": [], "notReadyAddresses": []})
            group["addresses" if self._ready(svc, pod) else "notReadyAddresses"].append(addr)
        subsets = []
        for group in groups.values():
            subset: Obj = {}
            for field in ("addresses", "notReadyAddresses"):
                if group[field]:
                    subset[field] = sorted(group[field], key=lambda a: tuple(int(x) for x in a["ip"].split(".")))
            if group["ports"]:
                subset["ports"] = group["ports"]
            subsets.append(subset)
        current = self.store.get("Endpoints", ns, name)
        labels = dict(svc["metadata"].get("labels") or {})
        if current is None:
            obj = {"apiVersion": "v1", "kind": "Endpoints",
                   "metadata": {"name": name, "namespace": ns, **({"labels": labels} if labels else {})}}
            _set_trigger(obj, trigger)
            if subsets:
                obj["subsets"] = subsets
            self.store.create(obj, created_at=self.born)
        elif (current.get("subsets") or []) != subsets:
            _set_trigger(current, trigger)
            if subsets:
                current["subsets"] = subsets
            else:
                current.pop("subsets", None)
            self.store.update(current)

    def _write_slice(self, svc: Obj, pods: list[Obj], trigger: str) -> None:
        ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
        ports = []
        endpoints = []
        for p in svc["spec"].get("ports") or [] if pods else []:      # no pod: the placeholder slice, no ports
            tp = target_port(pods[0], p)
            port: Obj = {"name": p.get("name", ""), "port": tp, "protocol": p.get("protocol", "TCP")}
            if tp is None:
                port.pop("port")
            ports.append(port)
        for pod in sorted(pods, key=lambda p: tuple(int(x) for x in p["status"]["podIP"].split("."))):
            serving = self._ready(svc, pod)
            terminating = bool(pod["metadata"].get("deletionTimestamp"))
            ep: Obj = {"addresses": [pod["status"]["podIP"]],
                       "conditions": {"ready": serving and not terminating, "serving": serving,
                                      "terminating": terminating},
                       "nodeName": pod["spec"].get("nodeName"), "targetRef": _target_ref(pod)}
            if pod["spec"].get("hostname") and pod["spec"].get("subdomain") == name:
                ep["hostname"] = pod["spec"]["hostname"]
            endpoints.append(ep)
        existing = self.store.list("EndpointSlice", ns, {"kubernetes.io/service-name": name})
        if not existing:
            labels = {**(svc["metadata"].get("labels") or {}),
                      "endpointslice.kubernetes.io/managed-by": MANAGED_BY, "kubernetes.io/service-name": name}
            if svc["spec"].get("clusterIP") == "None":
                labels["service.kubernetes.io/headless"] = ""
            obj = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                   "metadata": {"name": f"{name}-{self.cluster.suffix(5)}", "namespace": ns,
                                "generateName": f"{name}-", "labels": labels,
                                "ownerReferences": [{"apiVersion": "v1", "blockOwnerDeletion": True,
                                                     "controller": True, "kind": "Service", "name": name,
                                                     "uid": svc["metadata"]["uid"]}]},
                   "endpoints": endpoints or None, "ports": ports or None}
            _set_trigger(obj, trigger)
            self.store.create(obj, created_at=self.born)
            return
        es = existing[0]
        if es.get("endpoints") != (endpoints or None) or es.get("ports") != (ports or None):
            es["endpoints"], es["ports"] = endpoints or None, ports or None
            _set_trigger(es, trigger)
            self.store.update(es)


def _set_trigger(obj: Obj, trigger: str) -> None:
    """Set the trigger-time annotation, or clear it when no trigger changed (as the controllers do)."""
    meta = obj["metadata"]
    annotations = dict(meta.get("annotations") or {})
    if trigger:
        annotations[TRIGGER] = trigger
    else:
        annotations.pop(TRIGGER, None)
    if annotations:
        meta["annotations"] = annotations
    else:
        meta.pop("annotations", None)


class LoadBalancerController(Controller):
    """A simulated cloud load balancer: a LoadBalancer Service gets an address on the LAN after a moment.

    The address comes from a pool at the top of the node LAN (192.168.1.240 up); traffic to it reaches
    kube-proxy's `loadbalancer IP` rules on the nodes (the LAN answers ARP for it from controlplane).
    """

    kinds = ("Service",)
    POOL_START = 240

    def sync(self, key: Key) -> None:
        svc = self.store.get(*key)
        from course_lib.k8s.services import lb
        if svc is None:
            lb.release(self.cluster, key[1:])
            return
        spec = svc.get("spec") or {}
        status = svc.setdefault("status", {"loadBalancer": {}})
        if spec.get("type") != "LoadBalancer":
            lb.release(self.cluster, key[1:])
            if (status.get("loadBalancer") or {}).get("ingress"):
                status["loadBalancer"] = {}
                self.store.touch(svc)
            return
        if (status.get("loadBalancer") or {}).get("ingress"):
            lb.reprogram(self.cluster, svc)
            return
        if getattr(self.cluster, "cloud_lb", True) is False:
            return
        ip = lb.allocate(self.cluster, svc, spec.get("loadBalancerIP"))
        if ip is None:
            return
        status["loadBalancer"] = {"ingress": [{"ip": ip, "ipMode": "VIP"}]}
        self.store.touch(svc)
        self.cluster.event(svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer", "service-controller")
