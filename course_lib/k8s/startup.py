"""The time a pod's containers take to start, and the learner's think time between command lines.

Once the cluster is up, a pod's sandbox is made when the kubelet syncs it (pod IP, ContainerCreating),
and its containers start later: the image pull when the node does not have the image (the time the
Pulled event reports, 1.021s; 452ms to pull a :latest tag again; a pod whose image another pod is pulling
waits for that pull), plus the sandbox, create and start work, 1 to 3 s (the node's pods in turn); the
model starts containers on whole seconds (a pull's time rounded up), so timings stay whole seconds.
So `kubectl create deployment web --image=nginx --replicas=3 && kubectl rollout status deployment/web`
watches the pods become available one after another, as on a kubeadm cluster.

A learner types one command line after another, seconds apart: before each command line on a cluster
machine, model time passes until no container is being started (`settle`; at most a minute), so a pod
made by one command line is Running at the next (a StatefulSet's pods one after another), and the next
command line comes as the last of them starts; within one command line a new pod is still being created.
The system pods of the cluster's build started long before the lab begins, at once.
"""
from __future__ import annotations

import dataclasses
import logging
import math
from typing import Any

Obj = dict[str, Any]
BASE, SPREAD = 1, 3                     # sandbox + create + start: 1, 2 or 3 s
PULL, REPULL = 1.021, 0.452             # the Pulled events' "in 1.021s" / "in 452ms"
THINK = 60.0                            # the longest a learner's think time lets starts go on


def delay(kubelet: Any, pod: Obj) -> float:
    """Seconds from the sandbox to the containers' start (0 while the cluster is being built)."""
    cluster = kubelet.cluster
    if not getattr(cluster, "started", False):
        return 0.0
    now = cluster.now()
    pulling: dict[str, float] = kubelet.__dict__.setdefault("pulling", {})
    pull = 0.0
    for spec in pod["spec"].get("containers") or []:
        ref = str(spec.get("image", ""))
        policy = spec.get("imagePullPolicy")
        if pulling.get(ref, 0.0) > now:                       # another pod is pulling it: wait for that pull
            pull = max(pull, pulling[ref] - now)
        elif policy != "Never" and (ref not in kubelet.images or policy == "Always"):
            took = REPULL if ref in kubelet.images else PULL
            pulling[ref] = now + took
            pull = max(pull, took)
    kubelet.started_pods = getattr(kubelet, "started_pods", 0) + 1      # the node's n-th pod: 1, 2, 3, 1 ... s
    return float(math.ceil(pull) + BASE + (kubelet.started_pods - 1) % SPREAD)


def schedule(cluster: Any, when: float, start: Any, *args: Any) -> None:
    """`start(*args)` at `when`; the starts due at one time run in one event, then one reconcile (so a
    burst of pods makes a handful of kube-proxy syncs, as its minSyncPeriod batches them)."""
    batches: dict[float, list[tuple[Any, tuple[Any, ...]]]] = cluster.__dict__.setdefault("start_batches", {})
    if when not in batches:
        from course_lib.net.events import scheduler
        batches[when] = []
        scheduler(cluster.network).at(when, _run_batch, cluster, when)
    batches[when].append((start, args))


def _run_batch(cluster: Any, when: float) -> None:
    from course_lib.k8s.bulk import bulk
    with bulk():                    # a scale-up's full collections: one when it ends (k8s/bulk.py)
        for start, args in cluster.__dict__.get("start_batches", {}).pop(when, []):
            start(*args)
        cluster.reconcile()


def pending(cluster: Any) -> dict[str, float]:
    """Pod uid -> the model time its containers start."""
    return cluster.__dict__.setdefault("pending_starts", {})


def settle(cluster: Any) -> None:
    """The learner's think time: let model time pass until the containers being started have started."""
    waiting = pending(cluster)
    if not waiting or not getattr(cluster, "started", False):
        return
    from course_lib.k8s.gc import wait_until
    wait_until(cluster, lambda: not waiting, THINK)


def install(cluster: Any) -> None:
    """After the build: containers take time to start, and each command line on a cluster machine first
    lets the kubelets read their static pod manifests and the pending starts happen."""
    cluster.started = True
    backend = cluster.lab.backend
    inner = backend.run

    def run(host: str, script: str, stdin: Any = None) -> Any:
        from course_lib.k8s import static_pods
        try:
            static_pods.think(cluster)      # the kubelets saw their manifest directories change meanwhile
            settle(cluster)
            failed = ""
        except Exception as error:          # noqa: BLE001  (a model error is the shell's one line, no traceback)
            logging.getLogger(__name__).debug("internal error settling the cluster", exc_info=True)
            failed = f"bash: internal error: {type(error).__name__}: {error}\n"
        try:
            result = inner(host, script, stdin)
        finally:
            static_pods.touched(cluster, host)
        if failed:
            chunks = ((True, failed),) + result.chunks if result.chunks else ()
            result = dataclasses.replace(result, stderr=failed + result.stderr, chunks=chunks)
        return result
    backend.run = run
