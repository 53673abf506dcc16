"""kubectl for StatefulSets: `describe statefulset` (kubectl 1.30's StatefulSetDescriber) and the
`rollout status sts/NAME` lines (kubectl's StatefulSetStatusViewer)."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl.describe import DESCRIBERS, W, annotations, events, kv, pod_template, when

Obj = dict[str, Any]


def describe_statefulset(kx: Any, sts: Obj) -> str:
    w = W()
    meta, spec, st = sts["metadata"], sts["spec"], sts.get("status") or {}
    w.w(0, "Name:", meta["name"])
    w.w(0, "Namespace:", meta["namespace"])
    w.w(0, "CreationTimestamp:", when(meta.get("creationTimestamp")))
    w.w(0, "Selector:", ",".join(f"{k}={v}" for k, v in
                                 sorted(((spec.get("selector") or {}).get("matchLabels") or {}).items())))
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})
    w.w(0, "Replicas:", f"{spec.get('replicas', 1)} desired | {st.get('replicas', 0)} total")
    strategy = spec.get("updateStrategy") or {}
    w.w(0, "Update Strategy:", strategy.get("type", "RollingUpdate"))
    rolling = strategy.get("rollingUpdate") or {}
    if "partition" in rolling:
        w.w(1, "Partition:", rolling["partition"])
        if "maxUnavailable" in rolling:
            w.w(1, "MaxUnavailable:", rolling["maxUnavailable"])
    phases = [(p.get("status") or {}).get("phase", "Pending") for p in kx.cluster.owned(sts, "Pod")]
    w.w(0, "Pods Status:", f"{phases.count('Running')} Running / {phases.count('Pending')} Waiting / "
                           f"{phases.count('Succeeded')} Succeeded / {phases.count('Failed')} Failed")
    pod_template(w, spec["template"])
    claims = spec.get("volumeClaimTemplates") or []
    w.w(0, "Volume Claims:", None if claims else "<none>")
    for claim in claims:
        cmeta, cspec = claim.get("metadata") or {}, claim.get("spec") or {}
        w.w(1, "Name:", cmeta.get("name", ""))
        w.w(1, "StorageClass:", cspec.get("storageClassName", ""))
        kv(w, 1, "Labels:", cmeta.get("labels") or {})
        kv(w, 1, "Annotations:", cmeta.get("annotations") or {})
        storage = ((cspec.get("resources") or {}).get("requests") or {}).get("storage")
        w.w(1, "Capacity:", storage if storage is not None else "<default>")
        w.w(1, "Access Modes:", f"[{' '.join(cspec.get('accessModes') or [])}]")
    events(w, kx, sts)
    return w.text()


DESCRIBERS["StatefulSet"] = describe_statefulset


def status_line(sts: Obj) -> tuple[str, bool]:
    """kubectl's StatefulSetStatusViewer.Status: (line, done)."""
    spec, st = sts["spec"], sts.get("status") or {}
    if (spec.get("updateStrategy") or {}).get("type", "RollingUpdate") != "RollingUpdate":
        return "rollout status is only available for RollingUpdate strategy type", False
    if not st.get("observedGeneration") or sts["metadata"].get("generation", 1) > st["observedGeneration"]:
        return "Waiting for statefulset spec update to be observed...\n", False
    want, ready = int(spec.get("replicas", 1)), int(st.get("readyReplicas", 0))
    if ready < want:
        return f"Waiting for {want - ready} pods to be ready...\n", False
    partition = int(((spec.get("updateStrategy") or {}).get("rollingUpdate") or {}).get("partition", 0) or 0)
    if partition > 0:
        if st.get("updatedReplicas", 0) < want - partition:
            return (f"Waiting for partitioned roll out to finish: {st.get('updatedReplicas', 0)} out of "
                    f"{want - partition} new pods have been updated...\n", False)
        return (f"partitioned roll out complete: {st.get('updatedReplicas', 0)} new pods have been updated...\n",
                True)
    if st.get("updateRevision") != st.get("currentRevision"):
        return (f"waiting for statefulset rolling update to complete {st.get('updatedReplicas', 0)} pods at "
                f"revision {st.get('updateRevision')}...\n", False)
    return (f"statefulset rolling update complete {st.get('currentReplicas', 0)} pods at revision "
            f"{st.get('currentRevision')}...\n", True)
