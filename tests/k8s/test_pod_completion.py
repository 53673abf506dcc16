"""Containers that end on the model clock: restartPolicy Never/OnFailure pods complete, Always ones restart."""
from __future__ import annotations

from course_lib import Cluster


def test_sleeping_containers_end_and_the_pod_phase_follows() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run once --image=busybox --restart=Never -- sleep 10; "
          "kubectl run loop --image=busybox -- sleep 10; "
          "kubectl run sc --image=busybox --restart=Never -- sh -c 'echo hi; sleep 8'; "
          "kubectl run bad --image=busybox --restart=OnFailure -- sh -c 'exit 3'")
    rows = {r.split()[0]: r.split()[1:4] for r in c.run("kubectl get pods --no-headers").stdout.splitlines()}
    assert rows["once"] == ["1/1", "Running", "0"] and rows["sc"] == ["1/1", "Running", "0"]
    start = c.store.get("Pod", "default", "loop")["status"]["containerStatuses"][0]["state"]["running"]["startedAt"]
    c.run("sleep 12")
    rows = {r.split()[0]: r.split()[1:] for r in c.run("kubectl get pods --no-headers").stdout.splitlines()}
    assert rows["once"][:3] == ["0/1", "Completed", "0"] and rows["sc"][:3] == ["0/1", "Completed", "0"]
    ended = c.store.get("Pod", "default", "loop")["status"]["containerStatuses"][0]["lastState"]["terminated"]
    assert (ended["startedAt"], ended["exitCode"], ended["reason"]) == (start, 0, "Completed")
    assert rows["loop"][:3] == ["1/1", "Running", "1"]                          # Always: restarted at once
    assert rows["bad"][1] == "CrashLoopBackOff"                                  # OnFailure after exit 3
    assert c.run("kubectl logs sc").stdout == "hi\n"
    pod = c.store.get("Pod", "default", "once")
    assert pod["status"]["phase"] == "Succeeded"
    conds = {k["type"]: (k["status"], k.get("reason")) for k in pod["status"]["conditions"]}
    assert conds == {"PodReadyToStartContainers": ("False", None), "Initialized": ("True", "PodCompleted"),
                     "Ready": ("False", "PodCompleted"), "ContainersReady": ("False", "PodCompleted"),
                     "PodScheduled": ("True", None)}
    term = pod["status"]["containerStatuses"][0]["state"]["terminated"]
    assert (term["exitCode"], term["reason"]) == (0, "Completed")
    assert c.run("kubectl exec once -- true").stderr == \
        "error: cannot exec into a container in a completed pod; current phase is Succeeded\n"
