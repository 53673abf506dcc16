"""kubectl rollout restart/status/history/undo: new ReplicaSets, revisions, pods and Endpoints replaced."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl create deployment web --image=nginx --replicas=2; kubectl expose deployment web --port=80")
    return cl


def pods(c: Cluster) -> list[str]:
    return c.run("kubectl get pods -l app=web -o name").stdout.split()


def test_restart_replaces_pods_and_endpoints(c: Cluster) -> None:
    assert c.run("kubectl rollout status deployment/web").stdout == 'deployment "web" successfully rolled out\n'
    before, eps = pods(c), c.run("kubectl get ep web").stdout
    r = c.run("kubectl rollout restart deployment/web; kubectl rollout restart deployment/web")
    assert (r.stdout, r.returncode) == ("deployment.apps/web restarted\n", 1)        # same second: an empty patch
    assert r.stderr.startswith("error: failed to create patch for web: if restart has already")
    c.run("sleep 2")                          # the old pods terminate (Terminating for a second)
    after = pods(c)
    assert len(after) == 2 and not set(before) & set(after)
    assert c.run("kubectl get ep web").stdout != eps
    stamp = c.run("kubectl get deploy web -o jsonpath="
                  "'{.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}'").stdout
    assert stamp.startswith("20") and stamp.endswith("Z")
    assert len(c.run("kubectl get rs -o name").stdout.split()) == 2
    ip = c.run("kubectl get svc web -o jsonpath='{.spec.clusterIP}'").stdout
    assert "Welcome to nginx!" in c.node("node01").run(f"curl -s {ip}").stdout


def test_history_and_undo(c: Cluster) -> None:
    c.run("sleep 1; kubectl rollout restart deploy web")
    assert c.run("kubectl rollout history deployment/web").stdout == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         <none>\n\n")
    assert c.run("kubectl rollout undo deployment/web").stdout == "deployment.apps/web rolled back\n"
    assert c.run("kubectl get deploy web -o jsonpath='{.metadata.annotations.deployment\\.kubernetes\\.io/revision}'"
                 ).stdout == "4"
    hist = c.run("kubectl rollout history deploy/web").stdout
    assert "\n2         " not in hist and "\n4         " in hist
    assert c.run("kubectl rollout undo deployment/web --to-revision=9").stderr == \
        "error: unable to find specified revision 9 in history\n"
    assert c.run("kubectl rollout status deploy/nope").stderr == \
        'Error from server (NotFound): deployments.apps "nope" not found\n'


def test_status_of_a_broken_rollout(c: Cluster) -> None:
    c.run("kubectl annotate deploy web kubernetes.io/change-cause='bad image'")
    bad = '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nosuch/x"}]}}}}'
    c.run(f"kubectl patch deploy web -p '{bad}'")
    r = c.run("kubectl rollout status deploy/web")
    assert r.returncode == 1 and r.stderr == 'error: deployment "web" exceeded its progress deadline\n'
    assert r.stdout.startswith('Waiting for deployment "web" rollout to finish: ')
    assert "bad image\n" in c.run("kubectl rollout history deploy/web").stdout
    c.run("kubectl rollout undo deploy/web")
    assert c.run("kubectl rollout status deploy/web").returncode == 0


def test_daemonset_restart(c: Cluster) -> None:
    before = c.run("kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name").stdout
    assert c.run("kubectl rollout restart ds/kube-proxy -n kube-system").stdout == \
        "daemonset.apps/kube-proxy restarted\n"
    c.run("sleep 2")                          # the DaemonSet recreates a node's pod once the old one is gone
    assert c.run("kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name").stdout != before
    out = c.run("kubectl rollout status ds/kube-proxy -n kube-system").stdout   # one node at a time, each pod
    assert out.startswith('Waiting for daemon set "kube-proxy" rollout to finish: ')     # taking time to start
    assert out.endswith('daemon set "kube-proxy" successfully rolled out\n')
    assert c.run("kubectl rollout status ds/kube-proxy -n kube-system").stdout == \
        'daemon set "kube-proxy" successfully rolled out\n'
    ip = c.run("kubectl get svc web -o jsonpath='{.spec.clusterIP}'").stdout
    assert "Welcome to nginx!" in c.node("node01").run(f"curl -s {ip}").stdout


def test_history_revision_detail(c: Cluster) -> None:
    rev = c.run("kubectl rollout history deploy/web").stdout.splitlines()[-2].split()[0]   # the latest
    out = c.run(f"kubectl rollout history deploy/web --revision={rev}").stdout
    assert out.startswith(f"deployment.apps/web with revision #{rev}\nPod Template:\n  Labels:\tapp=web\n"
                          "\tpod-template-hash=")
    assert "  Annotations:\tkubectl.kubernetes.io/restartedAt: " in out
    assert out.endswith("    Image:\tnginx\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\t<none>\n"
                        "    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n"
                        "  Tolerations:\t<none>\n\n")
    assert c.run("kubectl rollout history deploy/web --revision=99").stderr == \
        "error: unable to find the specified revision\n"


def test_pause_and_resume() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    assert c.run("kubectl rollout pause deploy/web").stdout == "deployment.apps/web paused\n"
    assert c.run("kubectl rollout pause deploy/web").stderr == 'error: deployments.apps "web" is already paused\n'
    assert c.run("kubectl rollout restart deploy/web").stderr == \
        "error: deployments.apps \"web\" can't restart paused deployment (run rollout resume first)\n"
    c.run("""kubectl patch deploy web -p '{"spec":{"template":{"metadata":{"labels":{"v":"2"}}}}}'""")
    assert len(c.run("kubectl get rs -o name").stdout.split()) == 1        # nothing rolls out while paused
    assert c.run("kubectl rollout resume deploy/web").stdout == "deployment.apps/web resumed\n"
    assert len(c.run("kubectl get rs -o name").stdout.split()) == 2
    assert c.run("kubectl get pods -l v=2 -o name").stdout.count("pod/") == 2
    assert c.run("kubectl rollout resume deploy/web").stderr == 'error: deployments.apps "web" is not paused\n'
    c.run("kubectl run x --image=nginx")
    assert c.run("kubectl rollout restart pod/x").stderr == 'error: pods "x" restarting is not supported\n'
