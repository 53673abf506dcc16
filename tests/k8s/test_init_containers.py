"""Init containers: weave-net's weave-init, and a pod's init containers run in order before its containers."""
from __future__ import annotations

import re

import pytest

from course_lib import Cluster

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  initContainers:
  - name: first
    image: busybox
    command: ["sh", "-c", "echo preparing"]
  - name: second
    image: busybox
    command: ["sh", "-c", "{second}"]
  containers:
  - name: app
    image: nginx
"""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster(workers=1, cni="weave")


def _weave_pod(c: Cluster) -> str:
    return next(p["metadata"]["name"] for p in c.store.list("Pod", "kube-system")
                if p["metadata"]["name"].startswith("weave-net-"))


def test_weave_init_completed(cluster: Cluster) -> None:
    pod = _weave_pod(cluster)
    r = cluster.run(f"kubectl logs -n kube-system {pod} -c weave-init")
    assert (r.stdout, r.stderr, r.returncode) == ("", "", 0)         # init.sh prints nothing when all is well
    out = cluster.run(f"kubectl describe pod -n kube-system {pod}").stdout
    init = out.index("Init Containers:\n  weave-init:\n")
    assert init < out.index("\nContainers:\n  weave:\n")
    section = out[init:out.index("\nContainers:\n")]
    assert "      /home/weave/init.sh\n" in section and "Reason:       Completed\n" in section
    assert "Exit Code:    0\n" in section
    yaml = cluster.run(f"kubectl get pod -n kube-system {pod} -o yaml").stdout
    assert "  initContainers:\n  - command:\n    - /home/weave/init.sh\n" in yaml
    assert "  initContainerStatuses:\n" in yaml
    assert "weaveworks/weave-kube:2.8.1" in cluster.run("kubectl get ds weave-net -n kube-system -o "
                                                        "jsonpath='{.spec.template.spec.initContainers[0].image}'"
                                                        ).stdout
    r = cluster.run(f"kubectl logs -n kube-system {pod}")
    assert r.stderr == 'Defaulted container "weave" out of: weave, weave-npc, weave-init (init)\n'
    assert cluster.run(f"kubectl get pod -n kube-system {pod} --no-headers").stdout.split()[1:3] == \
        ["2/2", "Running"]


def test_init_containers_run_before_the_app(cluster: Cluster) -> None:
    r = cluster.run("kubectl apply -f -", stdin=POD.format(name="ok", second="echo ready"))
    assert r.returncode == 0
    cluster.run("kubectl wait --for=condition=Ready pod/ok --timeout=60s")
    assert cluster.run("kubectl logs ok -c first").stdout == "preparing\n"
    assert cluster.run("kubectl logs ok -c second").stdout == "ready\n"
    assert cluster.run("kubectl get pod ok --no-headers").stdout.split()[1:3] == ["1/1", "Running"]


def test_failed_init_container_holds_the_pod(cluster: Cluster) -> None:
    cluster.run("kubectl apply -f -", stdin=POD.format(name="bad", second="echo no; exit 3"))
    cluster.run("sleep 5")
    row = cluster.run("kubectl get pod bad --no-headers").stdout.split()
    # restartPolicy Always: the kubelet restarts a failed init container with the back-off (computeInitContainerActions)
    assert row[1:4] == ["0/1", "Init:CrashLoopBackOff", "1"]
    assert cluster.run("kubectl logs bad -c second").stdout == "no\n"
    r = cluster.run("kubectl logs bad")
    assert r.returncode == 1
    assert r.stderr == 'Error from server (BadRequest): container "app" in pod "bad" is waiting to start: ' \
                       'PodInitializing\n'
    out = cluster.run("kubectl describe pod bad").stdout
    assert re.search(r"^Status:\s+Pending$", out, re.M)
    assert "Exit Code:    3\n" in out
    assert re.search(r"^  Initialized\s+False $", out, re.M)


def test_running_init_container_counts(cluster: Cluster) -> None:
    cluster.run("kubectl apply -f -", stdin=POD.format(name="slow", second="sleep 3600"))
    cluster.run("sleep 5")
    assert cluster.run("kubectl get pod slow --no-headers").stdout.split()[1:3] == ["0/1", "Init:1/2"]


def test_init_container_restarts_until_it_succeeds(cluster: Cluster) -> None:
    """restartPolicy Never keeps a failed init container failed; Always restarts it with the back-off, and a restart
    that succeeds lets the pod go on."""
    never = POD.format(name="once", second="exit 1").replace("spec:\n", "spec:\n  restartPolicy: Never\n", 1)
    cluster.run("kubectl apply -f -", stdin=never)
    cluster.run("kubectl apply -f -", stdin=POD.format(name="waits", second="nslookup mydb.default.svc.cluster.local."))
    cluster.run("sleep 35")
    assert cluster.run("kubectl get pod once --no-headers").stdout.split()[1:4] == ["0/1", "Init:Error", "0"]
    row = cluster.run("kubectl get pod waits --no-headers").stdout.split()
    assert row[1:3] == ["0/1", "Init:CrashLoopBackOff"] and row[3] == "3"
    out = cluster.run("kubectl describe pod waits").stdout
    assert re.search(r"Warning  BackOff .*kubelet +Back-off restarting failed container second in pod waits_default", out)
    cluster.run("kubectl create service clusterip mydb --tcp=3306:3306")
    cluster.run("sleep 45")
    assert cluster.run("kubectl get pod waits --no-headers").stdout.split()[1:4] == ["1/1", "Running", "0"]
