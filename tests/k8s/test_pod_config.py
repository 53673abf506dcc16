"""A pod naming a missing ConfigMap or Secret: CreateContainerConfigError (env) and FailedMount (volumes), retried
until the object exists, as the kubelet 1.30 does."""
from __future__ import annotations

import re

from course_lib import Cluster

PODS = """
apiVersion: v1
kind: Pod
metadata: {name: cm}
spec:
  containers:
  - name: c
    image: busybox
    command: [sleep, "3600"]
    env:
    - name: X
      valueFrom: {configMapKeyRef: {name: settings, key: mode}}
---
apiVersion: v1
kind: Pod
metadata: {name: vol}
spec:
  containers:
  - {name: c, image: nginx, volumeMounts: [{name: v, mountPath: /x}]}
  volumes:
  - {name: v, secret: {secretName: creds}}
"""


def _row(c: Cluster, name: str) -> list[str]:
    return c.run(f"kubectl get pod {name} -o wide --no-headers").stdout.split()


def test_missing_configmap_and_secret_hold_the_pods_until_created() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl apply -f -", stdin=PODS)
    c.run("sleep 30")
    assert _row(c, "cm")[1:3] == ["0/1", "CreateContainerConfigError"]
    assert _row(c, "vol")[1:3] == ["0/1", "ContainerCreating"] and _row(c, "vol")[5] == "<none>"
    assert c.run("kubectl get pod cm -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.waiting}'"
                 ).stdout == 'Pending {"message":"configmap \\"settings\\" not found","reason":"CreateContainerConfigError"}'
    events = c.run("kubectl describe pod cm").stdout.split("Events:")[1]
    assert 'kubelet            Error: configmap "settings" not found' in events and "Warning  Failed" in events
    assert re.search(r"Warning  Failed     \d+s \(x[34] over 3[01]s\)  kubelet", events)   # a sync every 10 s
    events = c.run("kubectl describe pod vol").stdout.split("Events:")[1]
    assert 'FailedMount  ' in events and \
        'MountVolume.SetUp failed for volume "v" : secret "creds" not found' in events
    c.run("kubectl create cm settings --from-literal=other=1")
    c.run("sleep 10")
    assert c.run("kubectl get pod cm -o jsonpath='{.status.containerStatuses[0].state.waiting.message}'").stdout == \
        "couldn't find key mode in ConfigMap default/settings"
    c.run("kubectl create cm settings2 --from-literal=mode=fast; kubectl delete cm settings; "
          "kubectl create cm settings --from-literal=mode=fast; kubectl create secret generic creds --from-literal=a=b")
    c.run("sleep 130")
    assert _row(c, "cm")[1:3] == ["1/1", "Running"]
    assert _row(c, "vol")[1:3] == ["1/1", "Running"]
