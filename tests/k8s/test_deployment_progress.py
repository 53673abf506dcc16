"""The Deployment controller's progress check: progress restamps the Progressing condition, a stuck rollout is
synced again when its deadline has passed (one waiting entry a Deployment), a finished rollout stays finished.

As pkg/controller/deployment/progress.go (syncRolloutStatus, requeueStuckDeployment) and
deployment/util (DeploymentProgressing, DeploymentTimedOut) of Kubernetes 1.30 have it."""
from __future__ import annotations

import json

import pytest

from course_lib import Cluster
from course_lib.k8s.store import parse_timestamp
from course_lib.net.events import scheduler

SLOW = """apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: 2
  progressDeadlineSeconds: 60
  strategy: {{rollingUpdate: {{maxSurge: 1, maxUnavailable: 0}}}}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
      - name: web
        image: nginx
        readinessProbe: {{httpGet: {{path: /, port: 80}}, initialDelaySeconds: 40, periodSeconds: 5}}
"""


@pytest.fixture(scope="module")
def c() -> Cluster:
    return Cluster(cni="bridge")


def progressing(c: Cluster, name: str) -> dict:
    conds = json.loads(c.run(f"kubectl get deploy {name} -o jsonpath='{{.status.conditions}}'").stdout)
    return next(cond for cond in conds if cond["type"] == "Progressing")


def checks_waiting(c: Cluster, name: str) -> int:
    return sum(1 for e in scheduler(c.network).queued()
               if getattr(e[2], "__qualname__", "") == "ProgressRequeue._due" and e[3][0][2] == name)


def test_a_rollout_that_keeps_progressing_outlives_its_deadline(c: Cluster) -> None:
    """Each new pod is ready 44 s after the one before, the deadline is 60 s: each one ready is progress and
    restamps lastUpdateTime, so the 88 s rollout completes (it timed out at 60 s when the stamp stayed)."""
    c.run("kubectl apply -f -", stdin=SLOW.format(name="slow"))
    c.run("kubectl rollout status deploy/slow")
    c.run("kubectl set image deploy/slow web=nginx:1.27")
    start = c.now()
    during = c.run("kubectl rollout status deploy/slow --timeout=50s")
    assert during.returncode == 1 and progressing(c, "slow")["reason"] == "ReplicaSetUpdated"
    stamped = parse_timestamp(progressing(c, "slow")["lastUpdateTime"])
    assert start + 40 < stamped <= start + 50                   # the first new pod's readiness
    r = c.run("kubectl rollout status deploy/slow")
    assert (r.stdout.splitlines()[-1], r.returncode) == ('deployment "slow" successfully rolled out', 0)
    assert 85 <= c.now() - start <= 95
    assert progressing(c, "slow")["reason"] == "NewReplicaSetAvailable"


def test_a_stuck_rollout_times_out_a_second_after_its_deadline(c: Cluster) -> None:
    c.run("kubectl create deployment st --image=nginx")
    c.run("kubectl rollout status deploy/st")
    c.run("""kubectl patch deploy st -p '{"spec":{"progressDeadlineSeconds":30}}'""")
    c.run("kubectl set image deploy/st nginx=nosuch/image")
    stamp = parse_timestamp(progressing(c, "st")["lastUpdateTime"])
    r = c.run("kubectl rollout status deploy/st")
    assert (r.stderr, r.returncode) == ('error: deployment "st" exceeded its progress deadline\n', 1)
    assert c.now() == pytest.approx(stamp + 31, abs=0.01)          # requeueStuckDeployment: after + 1 s
    cond = progressing(c, "st")
    assert (cond["reason"], cond["status"]) == ("ProgressDeadlineExceeded", "False")


def test_one_progress_check_waits_however_often_the_rollout_progressed(c: Cluster) -> None:
    c.run("kubectl create deployment many --image=nginx --replicas=6")
    c.run("kubectl rollout status deploy/many")
    c.run("kubectl set image deploy/many nginx=nginx:1.26")
    c.run("kubectl rollout status deploy/many")
    assert checks_waiting(c, "many") == 1          # the earliest asked (client-go's delaying queue keeps one)
    c.run("kubectl scale deploy/many --replicas=12")
    c.run("kubectl rollout status deploy/many")
    assert checks_waiting(c, "many") == 1          # a scale-up is no rollout: no progress estimated


def test_a_finished_rollout_stays_finished_when_a_pod_goes(c: Cluster) -> None:
    """isCompleteDeployment: replicas all updated and the condition NewReplicaSetAvailable, nothing is estimated
    (the Progressing condition "holds even when availability of replicas changes")."""
    c.run("kubectl apply -f -", stdin=SLOW.format(name="fin"))
    c.run("kubectl rollout status deploy/fin")
    before = progressing(c, "fin")
    pod = c.run("kubectl get pods -l app=fin -o name").stdout.split()[0]
    c.run(f"kubectl delete {pod} --force --grace-period=0")
    assert c.run("kubectl get deploy fin --no-headers").stdout.split()[1] == "1/2"     # its successor not ready
    assert progressing(c, "fin") == before
