"""kubectl wait: conditions, delete and jsonpath over model time, kubectl 1.30's texts."""
from __future__ import annotations

from course_lib import Cluster


def test_wait_for_conditions_deletion_and_jsonpath() -> None:
    c = Cluster(cni="bridge")
    r = c.run("kubectl create job j --image=busybox -- sleep 5; kubectl wait --for=condition=complete job/j")
    assert (r.stdout, r.returncode) == ("job.batch/j created\njob.batch/j condition met\n", 0)
    r = c.run("kubectl run p --image=nginx; kubectl get pod p --no-headers; kubectl wait --for=condition=Ready pod/p;"
              " kubectl get pod p --no-headers")
    lines = r.stdout.splitlines()
    assert lines[1].split()[2] == "ContainerCreating" and lines[2] == "pod/p condition met"
    assert lines[3].split()[1:3] == ["1/1", "Running"]
    r = c.run("kubectl create deploy web --image=nginx --replicas=2; "
              "kubectl wait --for=condition=Available deployment/web --timeout=60s; "
              "kubectl wait --for=condition=ready pod -l app=web")
    assert r.stdout.splitlines()[1] == "deployment.apps/web condition met"
    assert [line.split()[1:] for line in r.stdout.splitlines()[2:]] == [["condition", "met"]] * 2
    assert c.run("kubectl wait --for=jsonpath='{.status.phase}'=Running pod/p").stdout == "pod/p condition met\n"
    r = c.run("kubectl delete pod p --wait=false; kubectl wait --for=delete pod/p")
    assert r.stdout == 'pod "p" deleted\npod/p condition met\n'
    start = c.now()
    r = c.run("kubectl run q --image=nginx:nope; kubectl wait --for=condition=Ready pod/q --timeout=5s")
    assert (r.stderr, r.returncode) == ("error: timed out waiting for the condition on pods/q\n", 1)
    assert c.now() - start == 5
    assert c.run("kubectl wait --for=condition=Ready pod/nope").stderr == \
        'Error from server (NotFound): pods "nope" not found\n'
    assert c.run("kubectl wait --for=bogus pod/q").stderr == 'error: unrecognized condition: "bogus"\n'
    assert c.run("kubectl wait --for=condition=Ready pod -l app=none").stderr == \
        "error: no matching resources found\n"
