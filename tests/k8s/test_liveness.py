"""Liveness and startup probes: restarts, RESTARTS column, events, CrashLoopBackOff back-off, startup gating."""
from __future__ import annotations

import pytest

from course_lib import Cluster

EXEC = """apiVersion: v1
kind: Pod
metadata:
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
"""
HTTP = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: nginx
    image: nginx
    {probe}:
      httpGet: {{path: {path}, port: 80}}
      periodSeconds: 5
      failureThreshold: 2
"""


@pytest.fixture(scope="module")
def c() -> Cluster:
    return Cluster(cni="bridge")


def events(c: Cluster, pod: str) -> list[tuple[str, str, int]]:
    obj = c.store.get("Pod", "default", pod)
    return [(e["reason"], e["message"], int(e.get("count", 1))) for e in c.events_for(obj)]


def test_exec_liveness_probe_restarts_the_container(c: Cluster) -> None:
    c.run("kubectl apply -f -", stdin=EXEC)
    assert c.run("kubectl exec liveness-exec -- ls /tmp").stdout == "healthy\n"
    c.run("sleep 35")
    assert c.run("kubectl exec liveness-exec -- ls /tmp").stdout == ""       # the script's rm ran at 30 s
    assert c.run("kubectl get pod liveness-exec --no-headers").stdout.split()[3] == "0"
    c.run("sleep 5")                        # third failure: SIGTERM, which sh as PID 1 ignores
    assert ("Killing", "Container liveness failed liveness probe, will be restarted", 1) in events(c, "liveness-exec")
    assert c.run("kubectl get pod liveness-exec --no-headers").stdout.split()[1:4] == ["1/1", "Running", "0"]
    c.run("sleep 30")                       # killed when the grace period ends, restarted at once
    row = c.run("kubectl get pod liveness-exec").stdout.splitlines()[1].split()
    assert row[1:6] == ["1/1", "Running", "1", "(0s", "ago)"]
    ev = events(c, "liveness-exec")
    assert ("Unhealthy", "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n", 3) in ev
    assert ("Killing", "Container liveness failed liveness probe, will be restarted", 1) in ev
    assert ("Created", "Created container liveness", 2) in ev
    out = c.run("kubectl describe pod liveness-exec").stdout
    for line in ("    Last State:     Terminated\n", "      Reason:       Error\n", "      Exit Code:    137\n",
                 "    Restart Count:  1\n",
                 "    Liveness:       exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3\n"):
        assert line in out, line
    assert c.run("kubectl exec liveness-exec -- ls /tmp").stdout == "healthy\n"    # the new container's touch


def test_http_liveness_backs_off(c: Cluster) -> None:
    c.run("kubectl apply -f -", stdin=HTTP.format(name="live", probe="livenessProbe", path="/healthz"))
    c.run("kubectl expose pod live --port=80 --name=live --selector=run=live")
    status = []
    for _ in range(6):
        c.run("sleep 10")
        pod = c.store.get("Pod", "default", "live")
        cs = pod["status"]["containerStatuses"][0]
        status.append((cs["restartCount"], next(iter(cs["state"]))))
    assert status[-1][1] == "waiting" and status[-1][0] >= 3
    cs = c.store.get("Pod", "default", "live")["status"]["containerStatuses"][0]
    assert cs["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert cs["state"]["waiting"]["message"].startswith(
        "back-off 40s restarting failed container=nginx pod=live_default(")
    assert cs["lastState"]["terminated"]["reason"] == "Completed" and cs["lastState"]["terminated"]["exitCode"] == 0
    assert c.run("kubectl get pod live --no-headers").stdout.split()[1:3] == ["0/1", "CrashLoopBackOff"]
    ev = events(c, "live")
    assert any(r == "BackOff" and m.startswith("Back-off restarting failed container nginx in pod live_default(")
               for r, m, _ in ev)
    assert ("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404", 8) in ev
    assert c.run("kubectl exec live -- true").returncode == 1           # no container while it backs off


def test_startup_probe_gates_readiness_and_liveness(c: Cluster) -> None:
    c.run("kubectl apply -f -", stdin=HTTP.format(name="boot", probe="startupProbe", path="/"))
    c.run("kubectl get pod boot")                                         # the next command line: started
    pod = c.store.get("Pod", "default", "boot")
    cs = pod["status"]["containerStatuses"][0]
    assert cs["started"] is True and cs["ready"] is True                 # nginx answers the first probe at once
    c.run("kubectl apply -f -", stdin=HTTP.format(name="never", probe="startupProbe", path="/missing"))
    c.run("kubectl get pod never")
    cs = c.store.get("Pod", "default", "never")["status"]["containerStatuses"][0]
    assert (cs["started"], cs["ready"]) == (False, False)
    assert c.run("kubectl get pod never --no-headers").stdout.split()[1:3] == ["0/1", "Running"]
    c.run("sleep 5")
    ev = events(c, "never")
    assert ("Unhealthy", "Startup probe failed: HTTP probe failed with statuscode: 404", 3) in ev   # 0 s, 5 s, restart
    assert ("Killing", "Container nginx failed startup probe, will be restarted", 1) in ev
    assert c.store.get("Pod", "default", "never")["status"]["containerStatuses"][0]["restartCount"] == 1


def test_a_crashing_program_backs_off_10_20_40(c: Cluster) -> None:
    c.run("kubectl run crash --image=busybox -- false")
    seen = []
    for wait in (0, 10, 20, 40):
        c.run(f"sleep {wait}")
        seen.append(c.run("kubectl get pod crash --no-headers").stdout.split()[1:5])
    assert seen == [["0/1", "CrashLoopBackOff", "1", "(0s"], ["0/1", "CrashLoopBackOff", "2", "(0s"],
                    ["0/1", "CrashLoopBackOff", "3", "(0s"], ["0/1", "CrashLoopBackOff", "4", "(0s"]]
    cs = c.store.get("Pod", "default", "crash")["status"]["containerStatuses"][0]
    assert cs["state"]["waiting"]["message"].startswith("back-off 1m20s restarting failed container=crash pod=crash_")
    assert cs["lastState"]["terminated"]["exitCode"] == 1 and cs["lastState"]["terminated"]["reason"] == "Error"
    c.run("kubectl run once --image=busybox --restart=Never -- false")
    assert c.run("kubectl get pod once --no-headers").stdout.split()[1:4] == ["0/1", "Error", "0"]
