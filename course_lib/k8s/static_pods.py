"""The kubelet's file source: static pods from /etc/kubernetes/manifests and the mirror pods the API shows.

The kubelet re-reads its staticPodPath (every 20 s, and on inotify events): each regular file whose
name does not start with a dot holds one Pod. A pod is named NAME-NODENAME (namespace `default` when
the manifest has none), tolerates every NoExecute taint, and its mirror carries config.hash/mirror/seen
and an ownerReference to its Node. A file removed, or one that no longer parses or validates, stops
its pod (its containers and their ports go, the mirror is deleted); a file added starts a new pod; a
changed pod (the parsed object, not the bytes) is a new pod with a new hash, RESTARTS 0 and a new AGE.
Two files naming the same pod: the first (in name order) wins.

`sync` runs at the cluster's build (kubeadm's manifests) and in the learner's think time before each
command line (k8s/startup.py), so a manifest moved away is seen at the next command line. Only the
nodes a command line ran on since are read again: a command line's cost does not grow with the nodes.

With its static pod gone a component's work waits (`held`, asked by Cluster.reconcile): no
kube-scheduler, new pods stay Pending on no node; no kube-controller-manager, a Deployment gets no
ReplicaSet; no kube-apiserver, kubectl's connection is refused (kubectl/main.py); no etcd, kube-apiserver's requests
time out until its liveness probe has failed (`api_unavailable`), then it is restarted, exits without its
storage, and the connection is refused. It is done when the component starts again (`resume`, from its
runner in k8s/containers.py).
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, replace
from typing import Any, Optional

import yaml

from course_lib.k8s.store import ApiError

Obj = dict[str, Any]
MANIFESTS = "/etc/kubernetes/manifests"          # kubelet config staticPodPath (kubeadm)


@dataclass(frozen=True)
class Seen:
    """A manifest file as the kubelet last read it, and the mirror pod it made (if any)."""

    canon: str                      # the parsed pod as JSON ("" when the file does not hold a valid pod)
    name: str = ""
    namespace: str = ""
    hash: str = ""                  # its config.hash (the mirror may be posted again with a new uid)
    text: str = ""                  # the file's text


class Watched(dict):
    """A kubelet machine's file table (shell.fs.FileSystem.nodes) that notes a change under the staticPodPath,
    as the kubelet's inotify watch does: a command line that wrote nothing there costs no read of the
    directory (a listing walks the machine's whole table)."""

    __slots__ = ("changed",)

    def _note(self, key: Any) -> None:
        if isinstance(key, str) and key.startswith(MANIFESTS):
            self.changed = True

    def __setitem__(self, key: Any, value: Any) -> None:
        self._note(key)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: Any) -> None:
        self._note(key)
        dict.__delitem__(self, key)

    def pop(self, key: Any, *default: Any) -> Any:
        self._note(key)
        return dict.pop(self, key, *default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return dict.setdefault(self, key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.changed = True
        dict.update(self, *args, **kwargs)

    def __ior__(self, other: Any) -> "Watched":
        self.update(other)
        return self

    def popitem(self) -> Any:
        self.changed = True
        return dict.popitem(self)

    def clear(self) -> None:
        self.changed = True
        dict.clear(self)

    def __reduce__(self) -> Any:            # copies and pickles are plain dicts (watched again when read)
        return (dict, (dict(self),))


def written(machine: Any) -> bool:
    """Whether the machine's staticPodPath may have changed since the last call (True the first time)."""
    from course_lib.shell.fs import get_fs
    fs = get_fs(machine)
    table = fs.nodes
    if table.__class__ is not Watched:
        fs.nodes = table = Watched(table)
    elif not table.changed:
        return False
    table.changed = False
    return True


def read_dir(machine: Any) -> dict[str, str]:
    """File name -> text of the regular, non-hidden files in the staticPodPath."""
    from course_lib.shell.fs import FsError, get_fs
    fs = get_fs(machine)
    if not fs.is_dir(MANIFESTS):
        return {}
    out = {}
    for name in sorted(fs.listdir(MANIFESTS)):
        path = f"{MANIFESTS}/{name}"
        if name.startswith(".") or fs.is_dir(path):
            continue
        try:
            out[name] = fs.read(path)
        except FsError:
            continue
    return out


def parse(text: str) -> Optional[Obj]:
    """The file's Pod, or None (the kubelet logs the error and runs nothing from it)."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(doc, dict) or doc.get("kind") != "Pod" or doc.get("apiVersion") != "v1":
        return None
    meta = doc.get("metadata")
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str) or not meta["name"]:
        return None
    if not isinstance(doc.get("spec"), dict) or not isinstance(doc["spec"].get("containers"), list):
        return None
    return doc


def mirror(cluster: Any, node: str, doc: Obj, seen_at: float, path: str = "") -> Obj:
    """The static pod as the kubelet defaults it, with the mirror's annotations and owner."""
    from course_lib.k8s.bootstrap import mirror_annotations
    pod = copy.deepcopy(doc)
    meta = pod["metadata"]
    meta.pop("creationTimestamp", None)
    meta["name"] = f"{meta['name']}-{node}"
    meta["namespace"] = meta.get("namespace") or "default"
    made = mirror_annotations(pod, seen_at, f"host:{node}file:{path}")
    meta["annotations"] = {**(meta.get("annotations") or {}), **made, "kubernetes.io/config.source": "file"}
    owner = cluster.store.get("Node", "", node)
    meta["ownerReferences"] = [{"apiVersion": "v1", "controller": True, "kind": "Node", "name": node,
                                "uid": owner["metadata"]["uid"]}]
    spec = pod["spec"]
    spec["nodeName"] = node
    tolerations = [t for t in spec.get("tolerations") or [] if t != {"effect": "NoExecute", "operator": "Exists"}]
    spec["tolerations"] = tolerations + [{"effect": "NoExecute", "operator": "Exists"}]
    pod.pop("status", None)
    return pod


def _start(cluster: Any, node: str, path: str, doc: Obj, at: Optional[float], taken: set[tuple[str, str]]
           ) -> Seen:
    canon = _canon(doc)
    seen_at = cluster.now() if at is None else at + 3
    pod = mirror(cluster, node, doc, seen_at, path)
    key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
    if key in taken:                                    # a duplicate pod name: the later file is ignored
        return Seen(canon)
    from course_lib.k8s.bootstrap import _create_system
    try:
        _create_system(cluster, pod, cluster.now() if at is None else at + 5)
    except (ApiError, KeyError, TypeError, ValueError):     # invalid pod or a name in use: no mirror
        return Seen(canon)
    taken.add(key)
    return Seen(canon, key[1], key[0], pod["metadata"]["annotations"]["kubernetes.io/config.hash"])


def _stop(cluster: Any, seen: Seen) -> None:
    """The kubelet kills the static pod and deletes its mirror (grace period 0)."""
    if not seen.name:
        return
    cluster.__dict__.setdefault("static_stopped", {})[seen.name] = cluster.now()
    pod = cluster.store.get("Pod", seen.namespace, seen.name)
    if pod is not None and pod["metadata"].get("annotations", {}).get("kubernetes.io/config.hash") == seen.hash:
        cluster.store.delete("Pod", seen.namespace, seen.name)


PORTS = {"kube-apiserver": 6443, "kube-scheduler": 10259, "kube-controller-manager": 10257}
RUN_BY = {"Scheduler": "kube-scheduler",          # the component that runs each of the model's controllers
          **{name: "kube-controller-manager" for name in (
              "NodeIpamController", "DeploymentController", "ReplicaSetController", "DaemonSetController",
              "StatefulSetController", "JobController", "CronJobController", "EndpointsController",
              "GarbageCollector")}}


def held(cluster: Any, controller: Any, key: Any) -> bool:
    """Whether the controller's component is down (its static pod gone): the work waits for it, with no
    events (a Deployment scaled gets no pods, a new pod stays Pending on no node)."""
    component = RUN_BY.get(type(controller).__name__)
    if component is None or component_up(cluster, PORTS[component]):
        return False
    cluster.__dict__.setdefault("held_work", {}).setdefault(component, {})[(controller, key)] = None
    return True


def resume(cluster: Any, component: str) -> None:
    """The component (re)started: its informers list everything again, so the work left waiting is done."""
    cluster._queue.update(cluster.__dict__.get("held_work", {}).pop(component, {}))


def component_up(cluster: Any, port: int) -> bool:
    """Whether a control-plane component listens on its port on the controlplane (its static pod runs):
    6443 kube-apiserver, 10259 kube-scheduler, 10257 kube-controller-manager. Always, during the build."""
    if not getattr(cluster, "started", False):
        return True
    from course_lib.net.sockets import listeners
    return any(s.proto == "tcp" and s.port == port for s in listeners(cluster.machine("controlplane").root))


# kube-apiserver's kubeadm liveness probe (/livez checks etcd): initialDelaySeconds 10, periodSeconds 10,
# failureThreshold 8: the kubelet restarts it ~90 s after etcd went away
APISERVER_LIVENESS = 10 + 10 * 8


def _apiserver_container(cluster: Any) -> Any:
    kubelet = cluster.kubelets.get("controlplane")
    for rt in (kubelet.pods.values() if kubelet is not None else []):
        rc = rt.containers.get("kube-apiserver")
        if rc is not None:
            return rc
    return None


def apiserver_liveness(cluster: Any) -> None:
    """kube-apiserver without etcd: once its liveness window has passed the kubelet restarts it and it exits
    at once (its 6443 listener closes); with etcd listening again it starts and listens again."""
    if not getattr(cluster, "started", False):
        return
    down = cluster.__dict__.get("apiserver_down_for_etcd", False)
    gone = cluster.__dict__.get("static_stopped", {}).get("etcd-controlplane")
    if gone is None and not down:
        return
    rc = _apiserver_container(cluster)
    if rc is None:
        return
    if not component_up(cluster, 2379):
        if not down and cluster.now() - gone >= APISERVER_LIVENESS and rc.sockets:
            rc.stop()
            cluster.__dict__["apiserver_down_for_etcd"] = True
    elif down:
        from course_lib.k8s.containers import RUNNERS
        cluster.__dict__["apiserver_down_for_etcd"] = False
        RUNNERS["kube-apiserver"](rc)


def api_unavailable(cluster: Any) -> str:
    """Why kube-apiserver does not answer: "refused" (nothing on 6443: its static pod is gone, or it was
    restarted without etcd and exits), "timeout" (it runs but etcd is gone), or ""."""
    apiserver_liveness(cluster)
    if not component_up(cluster, 6443):
        return "refused"
    if not getattr(cluster, "started", False) or cluster.kubelets.get("controlplane") is None or \
            component_up(cluster, 2379):
        return ""
    gone = cluster.__dict__.get("static_stopped", {}).get("etcd-controlplane", cluster.now())
    return "timeout" if cluster.now() - gone < APISERVER_LIVENESS else "refused"


def state(kubelet: Any) -> dict[str, Seen]:
    return kubelet.__dict__.setdefault("static_files", {})


def _canon(doc: Optional[Obj]) -> str:
    return json.dumps(doc, sort_keys=True, default=str) if doc is not None else ""


def install(cluster: Any, boot: float) -> None:
    """At the build: the kubelets read kubeadm's manifests; later, a node's directory is read again in the
    think time after a command line ran on it."""
    sync(cluster, boot)


def touched(cluster: Any, node: str) -> None:
    """A command line ran on `node`: its files may have changed."""
    cluster.__dict__.setdefault("static_touched", set()).add(node)


def think(cluster: Any) -> None:
    """The learner's think time: the kubelets of the touched nodes have read their directories."""
    apiserver_liveness(cluster)
    nodes = cluster.__dict__.get("static_touched")
    if nodes:
        names = sorted(nodes)
        nodes.clear()
        sync(cluster, names=names)


def sync(cluster: Any, at: Optional[float] = None, names: Optional[list[str]] = None) -> None:
    """Read the nodes' staticPodPath and start, stop or replace the static pods whose files changed (a
    mirror deleted through the API is posted again at once by the API model: k8s/api.py)."""
    changed = False
    for node in cluster.kubelets if names is None else names:
        kubelet = cluster.kubelets.get(node)
        if kubelet is None:
            continue
        machine = cluster.machine(node)
        if not written(machine) and "static_files" in kubelet.__dict__:
            continue                            # nothing written there since the last read
        files = read_dir(machine)
        seen = state(kubelet)
        if files.keys() == seen.keys() and all(seen[n].text == t for n, t in files.items()):
            continue
        changed = True
        docs = {n: parse(t) for n, t in files.items() if n not in seen or seen[n].text != t}
        for name in sorted(seen):
            canon = _canon(docs[name]) if name in docs else seen[name].canon if name in files else None
            if canon != seen[name].canon or not seen[name].name:     # a duplicate may run now
                _stop(cluster, seen.pop(name))
            elif seen[name].text != files[name]:            # the same pod written differently: nothing restarts
                seen[name] = replace(seen[name], text=files[name])
        taken = {(s.namespace, s.name) for s in seen.values() if s.name}
        for name in sorted(files):
            if name not in seen:
                doc = docs[name] if name in docs else parse(files[name])
                path = f"{MANIFESTS}/{name}"
                started = _start(cluster, node, path, doc, at, taken) if doc is not None else Seen("")
                seen[name] = replace(started, text=files[name])
    if changed:
        cluster.reconcile()
