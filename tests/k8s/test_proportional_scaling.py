"""kubectl scale during a rollout: the deployment controller spreads the change over the old and new ReplicaSets."""
from __future__ import annotations

from course_lib import Cluster
from course_lib.k8s import deployment_scale as scale


def sizes(c: Cluster, name: str) -> dict[str, tuple[int, str, str]]:
    """image -> (spec.replicas, desired-replicas, max-replicas)."""
    out = {}
    for rs in c.store.list("ReplicaSet", "default", {"app": name}):
        notes = rs["metadata"]["annotations"]
        out[rs["spec"]["template"]["spec"]["containers"][0]["image"]] = (
            rs["spec"]["replicas"], notes[scale.DESIRED], notes[scale.MAX])
    return out


def test_the_docs_example_scales_both_sets_in_proportion() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl create deployment nginx-deployment --image=nginx:1.14.2 --replicas=10")
    c.run("""kubectl patch deploy nginx-deployment -p '{"spec":{"strategy":{"rollingUpdate":"""
          """{"maxSurge":3,"maxUnavailable":2}}}}'""")
    c.run("kubectl rollout status deploy/nginx-deployment")
    c.run("kubectl set image deployment/nginx-deployment nginx=nginx:sometag")      # a tag that cannot be pulled
    assert sizes(c, "nginx-deployment") == {"nginx:1.14.2": (8, "10", "13"), "nginx:sometag": (5, "10", "13")}
    assert c.run("kubectl scale deployment/nginx-deployment --replicas=15").stdout == \
        "deployment.apps/nginx-deployment scaled\n"
    # 5 more replicas within maxSurge: 8*18/13 -> 11 (+3) for the old set, 5*18/13 -> 7 (+2) for the new one
    assert sizes(c, "nginx-deployment") == {"nginx:1.14.2": (11, "15", "18"), "nginx:sometag": (7, "15", "18")}
    events = [e["message"] for e in c.events_for(c.store.get("Deployment", "default", "nginx-deployment"))
              if e["reason"] == "ScalingReplicaSet"][-2:]
    assert [(m.startswith("Scaled up replica set nginx-deployment-"), m.split(" to ")[1]) for m in events] == \
        [(True, "11 from 8"), (True, "7 from 5")]
    assert c.run("kubectl get deploy nginx-deployment --no-headers").stdout.split()[1:4] == ["11/15", "7", "11"]
    # down to 4: 7 allowed of 18, the older set first among equals: 11*7/18 -> 4, 7*7/18 -> 3; then the
    # rolling update goes on (2 unavailable allowed: the old set down to 2, the new one up to 4)
    c.run("kubectl scale deployment/nginx-deployment --replicas=4")
    assert sizes(c, "nginx-deployment") == {"nginx:1.14.2": (2, "4", "7"), "nginx:sometag": (4, "4", "7")}
    r = c.run("kubectl set image deployment/nginx-deployment nginx=nginx:1.25 && "
              "kubectl rollout status deployment/nginx-deployment")
    assert r.stdout.endswith('deployment "nginx-deployment" successfully rolled out\n')
    assert sizes(c, "nginx-deployment")["nginx:1.25"][0] == 4


def test_plan_rounds_half_away_from_zero_and_gives_leftovers_to_the_largest_set() -> None:
    def rs(name: str, size: int, created: str, most: int) -> dict:
        return {"metadata": {"name": name, "creationTimestamp": created,
                             "annotations": {scale.DESIRED: "4", scale.MAX: str(most)}}, "spec": {"replicas": size}}
    dep = {"spec": {"replicas": 6}, "status": {"replicas": 4}}
    old, new = rs("a", 2, "2024-01-01T00:00:00Z", 5), rs("b", 2, "2024-01-01T00:01:00Z", 5)
    # to add: 6 + 1 surge - 4 = 3; equal sizes, newer first: b 2*7/5 = 2.8 -> 3 (+1), a +1, leftover 1 to b
    assert [(r["metadata"]["name"], n) for r, n in scale.plan(dep, new, [old], 1, True, 0)] == [("b", 4), ("a", 3)]
    assert scale.go_round(2.5) == 3 and scale.go_round(-2.5) == -3
    assert scale.plan({"spec": {"replicas": 0}}, new, [old], 0, True, 0) == [(old, 0), (new, 0)]   # older first


def test_a_paused_deployment_scales_its_current_set() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    c.run("kubectl rollout pause deployment/web && kubectl set image deployment/web nginx=nginx:1.26")
    c.run("kubectl scale deployment/web --replicas=5")
    assert sizes(c, "web") == {"nginx:1.25": (5, "5", "7")}               # no new ReplicaSet while paused
    progressing = [x for x in c.store.get("Deployment", "default", "web")["status"]["conditions"]
                   if x["type"] == "Progressing"][0]
    assert (progressing["status"], progressing["reason"], progressing["message"]) == \
        ("Unknown", "DeploymentPaused", "Deployment is paused")
    assert "  Progressing    Unknown  DeploymentPaused\n" in c.run("kubectl describe deploy web").stdout
    c.run("kubectl rollout resume deployment/web && kubectl rollout status deployment/web")
    assert {image: n for image, (n, _, _) in sizes(c, "web").items()} == {"nginx:1.25": 0, "nginx:1.26": 5}
    assert "  Progressing    True    NewReplicaSetAvailable\n" in c.run("kubectl describe deploy web").stdout
