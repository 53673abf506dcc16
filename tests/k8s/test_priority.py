"""PriorityClasses as kubeadm's API server creates them, `get pc`, and the Priority admission plugin."""
from __future__ import annotations

from course_lib import Cluster

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  priorityClassName: {cls}
  containers:
  - name: c
    image: nginx
"""


def test_priority_classes_and_admission() -> None:
    c = Cluster(cni="bridge")
    assert c.run("kubectl get pc").stdout == (
        "NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\n"
        "system-cluster-critical   2000000000   false            15m   PreemptLowerPriority\n"
        "system-node-critical      2000001000   false            15m   PreemptLowerPriority\n")
    prio = c.run("kubectl get pods -n kube-system -l k8s-app=kube-dns -o jsonpath='{.items[*].spec.priority}'")
    assert prio.stdout == "2000000000 2000000000"
    out = c.run("kubectl describe pod -n kube-system -l k8s-app=kube-proxy").stdout
    assert "Priority:             2000001000\nPriority Class Name:  system-node-critical\n" in out
    r = c.run("kubectl apply -f -", stdin=POD.format(name="crit", cls="system-node-critical"))
    assert r.stdout == "pod/crit created\n"
    assert c.run("kubectl get pod crit -o jsonpath='{.spec.priority}'").stdout == "2000001000"
    r = c.run("kubectl apply -f -", stdin=POD.format(name="bad", cls="nope"))
    assert (r.stderr, r.returncode) == ('Error from server (Forbidden): error when creating "STDIN": pods "bad" is '
                                        "forbidden: no PriorityClass with name nope was found\n", 1)
