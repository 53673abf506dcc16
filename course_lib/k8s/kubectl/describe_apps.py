"""`kubectl describe replicaset|daemonset` as kubectl 1.30's ReplicaSetDescriber and DaemonSetDescriber print them."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl.describe import DESCRIBERS, W, annotations, events, kv, pod_template

Obj = dict[str, Any]


def _selector(obj: Obj) -> str:
    labels = ((obj["spec"].get("selector") or {}).get("matchLabels") or {})
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items())) or "<none>"


def _pods_status(kx: Any, obj: Obj) -> str:
    """getPodStatusForController: the phases of the pods the selector matches."""
    labels = ((obj["spec"].get("selector") or {}).get("matchLabels") or {})
    phases = [(p.get("status") or {}).get("phase", "Pending")
              for p in kx.cluster.store.list("Pod", obj["metadata"]["namespace"], labels or None)]
    return (f"{phases.count('Running')} Running / {phases.count('Pending')} Waiting / "
            f"{phases.count('Succeeded')} Succeeded / {phases.count('Failed')} Failed")


def describe_replicaset(kx: Any, rs: Obj) -> str:
    w = W()
    meta, st = rs["metadata"], rs.get("status") or {}
    w.w(0, "Name:", meta["name"])
    w.w(0, "Namespace:", meta["namespace"])
    w.w(0, "Selector:", _selector(rs))
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})
    owner = next((r for r in meta.get("ownerReferences") or [] if r.get("controller")), None)
    if owner:
        w.w(0, "Controlled By:", f"{owner['kind']}/{owner['name']}")
    w.w(0, "Replicas:", f"{st.get('replicas', 0)} current / {rs['spec'].get('replicas', 1)} desired")
    w.w(0, "Pods Status:", _pods_status(kx, rs))
    pod_template(w, rs["spec"]["template"])
    events(w, kx, rs)
    return w.text()


def describe_daemonset(kx: Any, ds: Obj) -> str:
    w = W()
    meta, st = ds["metadata"], ds.get("status") or {}
    node_selector = ((ds["spec"].get("template") or {}).get("spec") or {}).get("nodeSelector") or {}
    w.w(0, "Name:", meta["name"])
    w.w(0, "Selector:", _selector(ds))
    w.w(0, "Node-Selector:", ",".join(f"{k}={v}" for k, v in sorted(node_selector.items())) or "<none>")
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})
    w.w(0, f"Desired Number of Nodes Scheduled: {st.get('desiredNumberScheduled', 0)}")
    w.w(0, f"Current Number of Nodes Scheduled: {st.get('currentNumberScheduled', 0)}")
    w.w(0, f"Number of Nodes Scheduled with Up-to-date Pods: {st.get('updatedNumberScheduled', 0)}")
    w.w(0, f"Number of Nodes Scheduled with Available Pods: {st.get('numberAvailable', 0)}")
    w.w(0, f"Number of Nodes Misscheduled: {st.get('numberMisscheduled', 0)}")
    w.w(0, "Pods Status:", _pods_status(kx, ds))
    pod_template(w, ds["spec"]["template"])
    events(w, kx, ds)
    return w.text()


DESCRIBERS["ReplicaSet"] = describe_replicaset
DESCRIBERS["DaemonSet"] = describe_daemonset
