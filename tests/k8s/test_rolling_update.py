"""Deployment rollouts: RollingUpdate steps by maxSurge/maxUnavailable, Recreate, rollout status over model time."""
from __future__ import annotations

import pytest

from course_lib import Cluster

PROBED = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  {extra}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        readinessProbe:
          httpGet: {{path: /, port: 80}}
          initialDelaySeconds: 5
          periodSeconds: 5
"""


@pytest.fixture(scope="module")
def c() -> Cluster:
    return Cluster(cni="bridge")


def scaling(c: Cluster, name: str) -> list[str]:
    dep = c.store.get("Deployment", "default", name)
    return [e["message"] for e in c.events_for(dep) if e["reason"] == "ScalingReplicaSet"]


def rs_of(c: Cluster, name: str) -> dict[str, tuple[int, int, int]]:
    out = {}
    for rs in c.store.list("ReplicaSet", "default", {"app": name}):
        st = rs.get("status") or {}
        out[rs["spec"]["template"]["spec"]["containers"][0]["image"]] = (
            rs["spec"]["replicas"], st.get("replicas", 0), st.get("readyReplicas", 0))
    return out


def test_rolling_update_steps_and_events(c: Cluster) -> None:
    c.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    dep = c.store.get("Deployment", "default", "web")
    assert dep["spec"]["strategy"] == {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                                       "type": "RollingUpdate"}
    assert c.run("kubectl set image deployment/web nginx=nginx:1.26").stdout == "deployment.apps/web image updated\n"
    c.run("kubectl rollout status deployment/web")                # each step waits for the new pods to start
    old, new = sorted(c.store.list("ReplicaSet", "default", {"app": "web"}), key=lambda r: r["metadata"]["annotations"]
                      ["deployment.kubernetes.io/revision"])
    o, n = old["metadata"]["name"], new["metadata"]["name"]
    assert scaling(c, "web") == [f"Scaled up replica set {o} to 3", f"Scaled up replica set {n} to 1",
                                 f"Scaled down replica set {o} to 2 from 3", f"Scaled up replica set {n} to 2 from 1",
                                 f"Scaled down replica set {o} to 1 from 2", f"Scaled up replica set {n} to 3 from 2",
                                 f"Scaled down replica set {o} to 0 from 1"]
    assert new["metadata"]["labels"]["pod-template-hash"] == n.rsplit("-", 1)[1]
    assert new["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] == "4"
    rows = [line.split() for line in c.run("kubectl get rs").stdout.splitlines()[1:]]
    assert sorted(r[:4] for r in rows) == sorted([[o, "0", "0", "0"], [n, "3", "3", "3"]])
    assert c.run("kubectl set image deployment/web nginx=nginx:1.26").stdout == ""          # nothing to change
    r = c.run("kubectl set image deployment/web nope=nginx")
    assert (r.stderr, r.returncode) == ('error: deployments/web unable to find container named "nope"\n', 1)
    history = c.run("kubectl rollout history deployment/web").stdout
    assert history == "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    r = c.run("kubectl set image deployment/web nginx=nginx:1.27 --record")
    assert r.stderr == "Flag --record has been deprecated, --record will be removed in the future\n"
    assert c.run("kubectl rollout history deployment/web").stdout.splitlines()[-2] == \
        "3         kubectl set image deployment/web nginx=nginx:1.27 --record=true"


def test_rollout_status_follows_a_gradual_rollout(c: Cluster) -> None:
    c.run("kubectl apply -f -", stdin=PROBED.format(name="slow", replicas=3, extra=""))
    r = c.run("kubectl rollout status deploy/slow")          # the pods started 1, 2 and 3 s after the apply
    assert r.stdout == ('Waiting for deployment "slow" rollout to finish: 0 of 3 updated replicas are available...\n'
                        'Waiting for deployment "slow" rollout to finish: 1 of 3 updated replicas are available...\n'
                        'Waiting for deployment "slow" rollout to finish: 2 of 3 updated replicas are available...\n'
                        'deployment "slow" successfully rolled out\n')
    start = c.now()
    r = c.run("kubectl set image deploy/slow nginx=nginx:1.26 && kubectl rollout status deploy/slow")
    assert r.stdout == (
        "deployment.apps/slow image updated\n"
        'Waiting for deployment "slow" rollout to finish: 1 out of 3 new replicas have been updated...\n'
        'Waiting for deployment "slow" rollout to finish: 2 out of 3 new replicas have been updated...\n'
        'Waiting for deployment "slow" rollout to finish: 1 old replicas are pending termination...\n'
        'deployment "slow" successfully rolled out\n')
    # one pod at a time: each starts (1 to 3 s) and is ready after the probe's 5 s delay
    assert 15 + 3 <= c.now() - start <= 15 + 9
    c.run("kubectl set image deploy/slow nginx=nginx:1.27")
    assert rs_of(c, "slow")["nginx:1.27"] == (1, 1, 0)        # surge 1: one new pod, not ready yet
    assert c.run("kubectl get deploy slow --no-headers").stdout.split()[1:4] == ["3/3", "1", "3"]
    out = c.run("kubectl describe deploy slow").stdout
    new = [r["metadata"]["name"] for r in c.store.list("ReplicaSet", "default", {"app": "slow"})
           if r["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"][0]
    assert f"NewReplicaSet:   {new} (1/1 replicas created)\n" in out
    assert "OldReplicaSets:  slow-" in out and " (3/3 replicas created)\n" in out
    r = c.run("kubectl rollout status deploy/slow --timeout=2s")
    assert (r.stderr, r.returncode) == ("error: timed out waiting for the condition\n", 1)
    assert c.run("kubectl rollout status deploy/slow").returncode == 0


def test_recreate_and_max_unavailable(c: Cluster) -> None:
    c.run("kubectl apply -f -", stdin=PROBED.format(name="rec", replicas=2, extra="strategy: {type: Recreate}"))
    c.run("kubectl rollout status deploy/rec")
    c.run("kubectl set image deploy/rec nginx=nginx:1.26")
    assert rs_of(c, "rec") == {"nginx:1.25": (0, 0, 0)}       # the old pods terminate before the new set exists
    c.run("sleep 1")
    assert rs_of(c, "rec") == {"nginx:1.25": (0, 0, 0), "nginx:1.26": (2, 2, 0)}
    assert c.run("kubectl rollout status deploy/rec").returncode == 0
    o = [m for m in scaling(c, "rec")]
    assert o[1].startswith("Scaled down replica set rec-") and o[1].endswith(" to 0 from 2")
    assert o[2].startswith("Scaled up replica set rec-") and o[2].endswith(" to 2")
    extra = "strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}"
    c.run("kubectl apply -f -", stdin=PROBED.format(name="mu", replicas=2, extra=extra))
    c.run("kubectl rollout status deploy/mu; kubectl set image deploy/mu nginx=nginx:1.26")
    assert rs_of(c, "mu") == {"nginx:1.25": (1, 1, 1), "nginx:1.26": (1, 1, 0)}   # down first: surge 0


def test_min_ready_seconds_and_progress_deadline(c: Cluster) -> None:
    c.run("kubectl create deployment mr --image=nginx --replicas=1")
    c.run("""kubectl patch deploy mr -p '{"spec":{"minReadySeconds":10}}'""")
    c.run("kubectl set image deploy/mr nginx=nginx:1.26")
    assert c.run("kubectl get deploy mr --no-headers").stdout.split()[1:4] == ["2/1", "1", "1"]
    start = c.now()
    assert c.run("kubectl rollout status deploy/mr").stdout.endswith('deployment "mr" successfully rolled out\n')
    assert c.now() - start == pytest.approx(10, abs=0.1)
    bad = ('{"spec":{"progressDeadlineSeconds":60,'
           '"template":{"spec":{"containers":[{"name":"nginx","image":"nosuch/x"}]}}}}')
    c.run(f"kubectl patch deploy mr -p '{bad}'")
    start = c.now()
    r = c.run("kubectl rollout status deploy/mr")
    assert (r.stderr, r.returncode) == ('error: deployment "mr" exceeded its progress deadline\n', 1)
    assert 60 <= c.now() - start <= 61
    cond = c.run("kubectl get deploy mr -o jsonpath='{.status.conditions[?(@.type==\"Progressing\")].reason}'")
    assert cond.stdout == "ProgressDeadlineExceeded"


def test_daemonset_rolls_one_node_at_a_time() -> None:
    c = Cluster(cni="bridge", workers=2)
    before = set(c.run("kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name").stdout.split())
    assert c.run("kubectl set image ds/kube-proxy -n kube-system kube-proxy=registry.k8s.io/kube-proxy:v1.30.5"
                 ).stdout == "daemonset.apps/kube-proxy image updated\n"
    rows = c.run("kubectl get pods -n kube-system -l k8s-app=kube-proxy --no-headers").stdout.splitlines()
    assert sorted(r.split()[2] for r in rows) == ["Running", "Running", "Terminating"]     # maxUnavailable 1
    r = c.run("kubectl rollout status ds/kube-proxy -n kube-system")
    assert r.stdout == ('Waiting for daemon set "kube-proxy" rollout to finish: 0 out of 3 new pods have been '
                        'updated...\n'
                        'Waiting for daemon set "kube-proxy" rollout to finish: 1 out of 3 new pods have been '
                        'updated...\n'
                        'Waiting for daemon set "kube-proxy" rollout to finish: 2 out of 3 new pods have been '
                        'updated...\n'
                        'Waiting for daemon set "kube-proxy" rollout to finish: 2 of 3 updated pods are '
                        'available...\n'                       # the last node's new pod is starting
                        'daemon set "kube-proxy" successfully rolled out\n')
    after = set(c.run("kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name").stdout.split())
    assert len(after) == 3 and not before & after
    images = c.run("kubectl get pods -n kube-system -l k8s-app=kube-proxy "
                   "-o jsonpath='{.items[*].spec.containers[0].image}'").stdout.split()
    assert images == ["registry.k8s.io/kube-proxy:v1.30.5"] * 3
