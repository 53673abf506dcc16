"""The kubelet's container restarts: liveness and startup probe results, kills, and the restart back-off.

A liveness probe that fails failureThreshold times in a row (each failure a Warning `Unhealthy` event
"Liveness probe failed: ...") kills the container: Normal `Killing` "Container nginx failed liveness probe,
will be restarted". A startup probe does the same ("failed startup probe"); once it succeeds the container
is started (containerStatuses[].started) and its readiness and liveness probes begin.

A killed container stops (a program that handles SIGTERM exits 0, `Completed`, at once; one that ignores
it is killed when the grace period ends, 137 `Error`), its status keeps it as lastState.terminated,
restartCount grows, and the kubelet starts it again (Pulled/Created/Started events counted on the first ones). Restarts back off as the
kubelet's flowcontrol.Backoff(10s, 300s) does: the first at once, then 10 s, 20 s, 40 s ... 5 min; while
it waits the container is `CrashLoopBackOff` ("back-off 20s restarting failed container=...") with a Warning
`BackOff` event "Back-off restarting failed container nginx in pod web_default(uid)". A back-off entry
older than 10 minutes is forgotten (the back-off's GC), so a container that has run well starts afresh.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.k8s.controllers import Key, key_of
from course_lib.k8s.image_backoff import record

Obj = dict[str, Any]
INITIAL, MAXIMUM = 10.0, 300.0          # the kubelet's container back-off
STALE = 2 * MAXIMUM                      # Backoff.GC forgets entries idle this long


def go_duration(seconds: float) -> str:
    """time.Duration's String for whole seconds: 10s, 1m20s, 5m0s."""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"


def probe_result(prober: Any, w: Any, pod: Obj, ok: bool, output: str) -> bool:
    """A liveness or startup probe's result; False when the worker stops (killed, or started)."""
    if ok:
        w.successes, w.failures = w.successes + 1, 0
        if w.kind == "startup":
            _started(prober, pod, w.container)
            return False                                      # the startup worker's job is done
        return True
    w.successes, w.failures = 0, w.failures + 1
    prober._unhealthy(pod, w, output)
    if w.failures < int(w.probe.get("failureThreshold", 3) or 3):
        return True
    grace = w.probe.get("terminationGracePeriodSeconds")
    kill(prober.cluster, w.node, pod, w.container, f"Container {w.container} failed {w.kind} probe, will be restarted",
         int(grace) if isinstance(grace, int) else None)
    return False


def _status(pod: Obj, container: str) -> Obj:
    return next(cs for cs in pod["status"].get("containerStatuses") or [] if cs.get("name") == container)


def _started(prober: Any, pod: Obj, container: str) -> None:
    cs = _status(pod, container)
    cs["started"] = True
    spec = next(c for c in pod["spec"].get("containers") or [] if c["name"] == container)
    if not isinstance(spec.get("readinessProbe"), dict):
        prober.set_container_ready(pod, container, True)          # no readiness probe: ready once started
    else:
        prober.cluster.store.touch(pod)


def kill(cluster: Any, node: str, pod: Obj, container: str, message: str, grace: Optional[int] = None) -> None:
    """SIGTERM the container: a program that handles it ends at once, one that ignores it (a shell, sleep)
    is killed when the grace period ends (the probe's terminationGracePeriodSeconds, else the pod's)."""
    from course_lib.k8s.gc import IGNORES_TERM
    from course_lib.net.events import scheduler
    rt = cluster.kubelets[node].runtime(pod)
    rc = rt.containers.get(container) if rt is not None else None
    if rc is None:
        return
    record(cluster, pod, "Normal", "Killing", message, f"spec.containers{{{container}}}")
    if grace is None:
        grace = int(pod["spec"].get("terminationGracePeriodSeconds", 30) or 0)
    if (rc.argv[0].rsplit("/", 1)[-1] if rc.argv else "") in IGNORES_TERM and grace > 0:
        scheduler(cluster.network).after(float(grace), _ended, cluster, node, key_of(pod), pod["metadata"]["uid"],
                                         rc, 137)
    else:
        _ended(cluster, node, key_of(pod), pod["metadata"]["uid"], rc, 0)


def _ended(cluster: Any, node: str, key: Key, uid: str, rc: Any, code: int) -> None:
    """The killed container is gone: lastState terminated, then a restart now or after the back-off."""
    from course_lib.k8s.probes import prober_of
    from course_lib.net.events import scheduler
    pod = cluster.store.get(*key)
    kubelet = cluster.kubelets[node]
    rt = kubelet.runtime(pod) if pod is not None else None
    if pod is None or rt is None or pod["metadata"].get("uid") != uid or rt.containers.get(rc.name) is not rc:
        return
    container = rt.containers.pop(rc.name).name
    rc.stop()
    cluster.remove_process(node, rc.pid)
    now, stamp = cluster.now(), cluster.timestamp()
    cs = _status(pod, container)
    started = ((cs.get("state") or {}).get("running") or {}).get("startedAt", stamp)
    cs["lastState"] = {"terminated": {"containerID": cs.get("containerID", ""), "exitCode": code,
                                      "finishedAt": stamp, "reason": "Completed" if code == 0 else "Error",
                                      "startedAt": started}}
    cs["started"] = False
    delay = back_off(kubelet, pod, container, 0.0)
    if delay:
        _waiting(cluster, pod, container, cs, delay)
    prober = prober_of(cluster)
    if prober is not None:
        prober.set_container_ready(pod, container, False)
    else:
        cluster.store.touch(pod)
    if delay:
        scheduler(cluster.network).at(now + delay, restart, cluster, node, key, uid, container)
    else:
        restart(cluster, node, key, uid, container)      # the first restart comes at once


def crashed(kubelet: Any, pod: Obj, container: str, status: Obj, restarts: int) -> None:
    """A container whose program ended under restartPolicy Always (or OnFailure with an error): the first
    start is retried at once (restartCount 1), then each restart waits out the back-off in CrashLoopBackOff."""
    from course_lib.net.events import scheduler
    cluster = kubelet.cluster
    fresh = not restarts or (pod["metadata"]["uid"], container) not in kubelet.__dict__.get("restart_backoff", {})
    if fresh:                                                    # the immediate retry crashed as well
        back_off(kubelet, pod, container, 0.0)
        restarts += 1
    delay = back_off(kubelet, pod, container, INITIAL)
    status["restartCount"] = restarts
    _waiting(cluster, pod, container, status, delay)
    scheduler(cluster.network).at(cluster.now() + delay, restart, cluster, kubelet.node, key_of(pod),
                                  pod["metadata"]["uid"], container)


def back_off(kubelet: Any, pod: Obj, container: str, first: float) -> float:
    """The wait before the next restart (`first` when there is no recent entry); the entry doubles."""
    now = kubelet.cluster.now()
    entries = kubelet.__dict__.setdefault("restart_backoff", {})
    key = (pod["metadata"]["uid"], container)
    entry = entries.get(key)
    if entry is None or now - entry[0] > STALE:
        entries[key] = [now, max(first * 2, INITIAL) if first else INITIAL]
        return first
    entries[key] = [now, min(entry[1] * 2, MAXIMUM)]
    return entry[1]


def _waiting(cluster: Any, pod: Obj, container: str, status: Obj, delay: float) -> None:
    name = f"{pod['metadata']['name']}_{pod['metadata']['namespace']}({pod['metadata']['uid']})"
    status["state"] = {"waiting": {"reason": "CrashLoopBackOff", "message": f"back-off {go_duration(delay)} "
                                   f"restarting failed container={container} pod={name}"}}
    record(cluster, pod, "Warning", "BackOff", f"Back-off restarting failed container {container} in pod {name}",
           f"spec.containers{{{container}}}")


def restart(cluster: Any, node: str, key: Key, uid: str, container: str) -> None:
    """Start the container again in its pod's sandbox; its probes start over."""
    from course_lib.k8s.probes import prober_of
    pod = cluster.store.get(*key)
    kubelet = cluster.kubelets.get(node)
    rt = kubelet.runtime(pod) if kubelet is not None and pod is not None else None
    running = rt.containers.get(container) if rt is not None else None
    if pod is None or rt is None or pod["metadata"].get("uid") != uid or pod["metadata"].get("deletionTimestamp") \
            or (running is not None and running.exit_code is None):
        return
    spec = next(c for c in pod["spec"].get("containers") or [] if c["name"] == container)
    old = _status(pod, container)
    fresh = kubelet.start_container(pod, rt, spec, restarts=int(old.get("restartCount", 0)) + 1)
    fresh["lastState"] = fresh.get("lastState") or old.get("lastState") or {}
    old.clear()
    old.update(fresh)
    prober = prober_of(cluster)
    if prober is not None:
        prober.set_container_ready(pod, container, bool(fresh.get("ready")))
        prober.start(node, pod, cluster.now(), container=container)
    else:
        cluster.store.touch(pod)
