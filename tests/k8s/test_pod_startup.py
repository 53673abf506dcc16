"""Containers take time to start (k8s/startup.py): ContainerCreating, rollout status progressions, think time."""
from __future__ import annotations

from course_lib import Cluster


def waiting(name: str, n: int, total: int) -> str:
    return f'Waiting for deployment "{name}" rollout to finish: {n} of {total} updated replicas are available...\n'


def test_rollout_status_watches_pods_start_one_after_another() -> None:
    c = Cluster(cni="bridge")
    r = c.run("kubectl create deployment web --image=nginx --replicas=3 && kubectl get pods && "
              "kubectl rollout status deployment/web")
    lines = r.stdout.splitlines(keepends=True)
    assert lines[0] == "deployment.apps/web created\n"
    assert [row.split()[1:3] for row in lines[2:5]] == [["0/1", "ContainerCreating"]] * 3
    assert lines[5:] == [waiting("web", 0, 3), waiting("web", 1, 3), waiting("web", 2, 3),
                         'deployment "web" successfully rolled out\n']
    assert c.run("kubectl rollout status deployment/web").stdout == 'deployment "web" successfully rolled out\n'
    r = c.run("kubectl scale deployment web --replicas=5 && kubectl rollout status deployment/web")
    assert r.stdout == ("deployment.apps/web scaled\n" + waiting("web", 3, 5) + waiting("web", 4, 5) +
                        'deployment "web" successfully rolled out\n')
    r = c.run("kubectl set image deployment/web nginx=nginx:1.25 && kubectl rollout status deployment/web")
    lines = r.stdout.splitlines(keepends=True)
    assert lines[0] == "deployment.apps/web image updated\n" and lines[-1] == \
        'deployment "web" successfully rolled out\n'
    assert any(line.endswith("new replicas have been updated...\n") for line in lines)
    assert any(line.endswith("old replicas are pending termination...\n") for line in lines)
    assert len(lines) == len(set(lines))                        # a line each time the status changes


def test_a_new_pod_is_still_being_created_within_one_command_line() -> None:
    c = Cluster(cni="bridge")
    r = c.run("kubectl run x --image=busybox -- sleep 3600; kubectl get pod x -o wide --no-headers; "
              "kubectl exec x -- true")
    row = r.stdout.splitlines()[1].split()
    assert row[1:3] == ["0/1", "ContainerCreating"] and row[5].startswith("10.244.")      # the sandbox has its IP
    assert r.stderr == 'error: unable to upgrade connection: container not found ("x")\n'
    start = c.now()
    assert c.run("kubectl exec x -- true").returncode == 0     # the learner's next command line: it runs
    assert 2 <= c.now() - start <= 5                            # the first pull and the start took that long
    ev = [(e["reason"], e["firstTimestamp"]) for e in c.events_for(c.store.get("Pod", "default", "x"))]
    assert [r for r, _ in ev] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    assert ev[1][1] == ev[0][1] != ev[4][1]                     # the pull begins with the sandbox
    c.run("kubectl run y --image=busybox -- sleep 3600")
    start = c.now()
    c.run("kubectl get pod y")
    msgs = [e["message"] for e in c.events_for(c.store.get("Pod", "default", "y"))]
    assert any(m.startswith('Successfully pulled image "busybox" in 452ms') for m in msgs)    # :latest pulls again
    assert 2 <= c.now() - start <= 4                            # a short pull, then the start
