"""Garbage collection and graceful deletion: cascades through ownerReferences, Terminating pods, CNI DEL, kubectl."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def c() -> Cluster:
    return Cluster(cni="bridge")


def names(c: Cluster, kinds: str = "rs,pods") -> list[str]:
    return c.run(f"kubectl get {kinds} -o name").stdout.split()


def allocations(c: Cluster) -> list[str]:
    out = c.node("node01").run("ls /var/lib/cni/networks/k8s-pod-network").stdout.split()
    return [n for n in out if n.startswith("10.")]


def test_delete_deployment_cascades_in_the_background(c: Cluster) -> None:
    before = allocations(c)
    c.run("kubectl create deployment web --image=nginx --replicas=3; kubectl expose deployment web --port=80")
    assert len(allocations(c)) == len(before) + 3
    assert len(c.run("kubectl get ep web").stdout.splitlines()[1].split()[1].split(",")) == 3
    r = c.run("kubectl delete deployment web")
    assert (r.stdout, r.stderr, r.returncode) == ('deployment.apps "web" deleted\n', "", 0)
    assert c.run("kubectl get rs -o name").stdout == ""                 # the ReplicaSet went at once
    rows = c.run("kubectl get pods").stdout.splitlines()[1:]
    assert len(rows) == 3 and all(r.split()[2] == "Terminating" for r in rows)
    assert c.run("kubectl get ep web").stdout.splitlines()[1].split()[1] == "<none>"   # out of the Endpoints at once
    pod = c.store.list("Pod", "default")[0]
    assert pod["metadata"]["deletionGracePeriodSeconds"] == 30 and pod["metadata"]["deletionTimestamp"]
    assert "Stopping container nginx" in c.run(f"kubectl describe pod {pod['metadata']['name']}").stdout
    c.run("sleep 1")                                    # nginx exits on SIGTERM; the next PLEG relist removes them
    assert c.run("kubectl get pods").stderr == "No resources found in default namespace.\n"
    assert allocations(c) == before                     # CNI DEL released the addresses and the veths
    assert c.node("node01").run("ip -br link | grep -c veth").stdout == f"{len(before)}\n"
    c.run("kubectl delete svc web")


def test_orphan_keeps_the_children_without_owner(c: Cluster) -> None:
    c.run("kubectl create deployment keep --image=nginx --replicas=2")
    r = c.run("kubectl delete deploy keep --cascade=orphan")
    assert (r.stdout, r.stderr) == ('deployment.apps "keep" deleted\n', "")
    rs = c.store.list("ReplicaSet", "default")
    assert len(rs) == 1 and "ownerReferences" not in rs[0]["metadata"]
    assert len(names(c, "pods")) == 2
    c.run("kubectl create deployment keep --image=nginx --replicas=2")       # the same template adopts it
    assert c.store.list("ReplicaSet", "default")[0]["metadata"]["ownerReferences"][0]["kind"] == "Deployment"
    assert len(names(c, "pods")) == 2
    c.run("kubectl delete deploy keep --cascade=orphan")
    r = c.run("kubectl delete rs --all --cascade=false")
    assert r.stderr == ("warning: --cascade=false is deprecated (boolean value) and can be replaced with "
                        "--cascade=orphan.\n")
    pods = c.store.list("Pod", "default")
    assert len(pods) == 2 and not any(p["metadata"].get("ownerReferences") for p in pods)
    c.run("kubectl delete pods --all")
    assert names(c, "deploy,rs,pods") == []


def test_foreground_waits_for_the_dependents(c: Cluster) -> None:
    c.run("kubectl create deployment fg --image=nginx --replicas=2")
    start = c.now()
    assert c.run("kubectl delete deploy fg --cascade=foreground").stdout == 'deployment.apps "fg" deleted\n'
    assert c.now() - start >= 1                          # kubectl waited for the pods, then the set, to go
    assert names(c, "deploy,rs,pods") == []
    assert c.run("kubectl delete deploy x --cascade=sideways").stderr == \
        'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n'


def test_grace_period_of_a_program_that_ignores_sigterm(c: Cluster) -> None:
    c.run("kubectl run s --image=busybox -- sleep 3600")
    assert c.run("kubectl delete pod s --wait=false").stdout == 'pod "s" deleted\n'
    assert c.run("kubectl get pod s --no-headers").stdout.split()[2] == "Terminating"
    out = c.run("kubectl describe pod s").stdout
    # deletionTimestamp is whole seconds: the 30 s grace shows as 30s or, a fraction later, 29s (as kubectl does)
    assert "Status:                    Terminating (lasts 30s)\n" in out or \
        "Status:                    Terminating (lasts 29s)\n" in out
    assert "Termination Grace Period:  30s\n" in out
    c.run("sleep 29")
    assert c.run("kubectl get pod s").returncode == 0    # sleep as PID 1 ignores SIGTERM: killed at 30 s
    c.run("sleep 1")
    assert c.run("kubectl get pod s").returncode == 1
    c.run("kubectl run s --image=busybox -- sleep 3600")
    c.run("kubectl get pod s")                           # the next command line: the pod has started
    start = c.now()
    assert c.run("kubectl delete pod s --now").stdout == 'pod "s" deleted\n'
    assert c.now() - start == 1                          # --now is a grace period of 1 s, and kubectl waits
    c.run("kubectl run s --image=busybox -- sleep 3600")
    r = c.run("kubectl delete pod s --grace-period=0 --force")
    assert r.stdout == 'pod "s" force deleted\n'
    assert r.stderr == ("Warning: Immediate deletion does not wait for confirmation that the running resource has "
                        "been terminated. The resource may continue to run on the cluster indefinitely.\n")
    assert c.run("kubectl get pod s").returncode == 1
    assert c.run("kubectl delete pod x --force --grace-period=5").stderr == \
        "error: --force and --grace-period greater than 0 cannot be specified together\n"
    assert c.run("kubectl delete pod x --now --grace-period=5").stderr == \
        "error: --now and --grace-period cannot be specified together\n"


def test_daemonset_and_statefulset_pods_go_with_their_set(c: Cluster) -> None:
    ds = ("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels:\n"
          "      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n"
          "      containers:\n      - name: a\n        image: nginx\n")
    c.run("kubectl apply -f -", stdin=ds)
    assert len(c.run("kubectl get pods -l app=agent -o name").stdout.split()) == 1    # node01 (controlplane tainted)
    assert c.run("kubectl delete -f -", stdin=ds).stdout == 'daemonset.apps "agent" deleted\n'
    c.run("sleep 1")
    assert c.run("kubectl get pods -l app=agent -o name").stdout == ""


def test_create_twice_is_kubectls_wrapped_error(c: Cluster) -> None:
    cases = {
        "deployment d1 --image=nginx": 'error: failed to create deployment: deployments.apps "d1" already exists\n',
        "namespace n1": 'Error from server (AlreadyExists): namespaces "n1" already exists\n',
        "configmap c1 --from-literal=a=b": 'error: failed to create configmap: configmaps "c1" already exists\n',
        "secret generic s1 --from-literal=a=b": 'error: failed to create secret: secrets "s1" already exists\n',
        "serviceaccount sa1": 'error: failed to create serviceaccount: serviceaccounts "sa1" already exists\n',
        "service clusterip svc1 --tcp=80:80": 'error: failed to create ClusterIP service: services "svc1" already '
                                              "exists\n",
        "service nodeport np1 --tcp=80:80": 'error: failed to create NodePort service: services "np1" already '
                                            "exists\n",
    }
    for args, text in cases.items():
        first = c.run(f"kubectl create {args}")
        assert first.returncode == 0, first.stderr
        r = c.run(f"kubectl create {args}")
        assert (r.stdout, r.stderr, r.returncode) == ("", text, 1), args
    r = c.run("kubectl create deployment Bad_Name --image=nginx")
    assert r.stderr.startswith('error: failed to create deployment: Deployment.apps "Bad_Name" is invalid: '
                               "metadata.name: Invalid value: \"Bad_Name\""), r.stderr


def test_replicaset_adopts_orphans_and_kubectl_run_rm_leaves_nothing(c: Cluster) -> None:
    rs = ("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: frontend\nspec:\n  replicas: 2\n  selector:\n"
          "    matchLabels:\n      tier: frontend\n  template:\n    metadata:\n      labels:\n        tier: frontend\n"
          "    spec:\n      containers:\n      - name: php\n        image: nginx\n")
    c.run("kubectl apply -f -", stdin=rs)
    pods = set(c.run("kubectl get pods -l tier=frontend -o name").stdout.split())
    c.run("kubectl delete rs frontend --cascade=orphan")
    c.run("kubectl apply -f -", stdin=rs)                      # the new set adopts the two running pods
    assert set(c.run("kubectl get pods -l tier=frontend -o name").stdout.split()) == pods
    uid = c.store.get("ReplicaSet", "default", "frontend")["metadata"]["uid"]
    assert all(p["metadata"]["ownerReferences"][0]["uid"] == uid for p in c.store.list("Pod", "default",
                                                                                         {"tier": "frontend"}))
    c.run("kubectl run extra --image=nginx --labels=tier=frontend")     # acquired, and one too many: deleted
    assert c.run("kubectl get pod extra").returncode == 1
    c.run("kubectl delete rs frontend")
    r = c.run("kubectl run t --rm -it --image=busybox -- sh", stdin="echo hi\n")
    assert r.stdout.endswith('pod "t" deleted\n') and c.run("kubectl get pod t").returncode == 1


def test_namespace_terminates_with_its_pods(c: Cluster) -> None:
    assert c.run("kubectl delete ns kube-system").stderr == \
        'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted\n'
    c.run("kubectl create ns dev; kubectl create deploy web --image=nginx -n dev; "
          "kubectl run s --image=busybox -n dev -- sleep 3600; kubectl create cm x -n dev")
    assert c.run("kubectl delete ns dev --wait=false").stdout == 'namespace "dev" deleted\n'
    assert c.run("kubectl get ns dev --no-headers").stdout.split()[:2] == ["dev", "Terminating"]
    assert c.run("kubectl get cm,deploy,rs -n dev -o name").stdout == ""
    assert c.run("kubectl run t --image=nginx -n dev").stderr == (
        'Error from server (Forbidden): pods "t" is forbidden: unable to create new content in namespace dev '
        "because it is being terminated\n")
    c.run("sleep 2")
    assert c.run("kubectl get pods -n dev -o name").stdout == "pod/s\n"     # sleep ignores SIGTERM: 30 s
    c.run("kubectl create ns dev2; kubectl run s --image=busybox -n dev2 -- sleep 3600")
    c.run("kubectl get pods -n dev2")                    # the next command line: the pod has started
    start = c.now()
    assert c.run("kubectl delete ns dev2").stdout == 'namespace "dev2" deleted\n'     # kubectl waits for it
    assert c.now() - start == 30
    assert c.run("kubectl get ns dev dev2").stderr == ('Error from server (NotFound): namespaces "dev" not found\n'
                                                       'Error from server (NotFound): namespaces "dev2" not found\n')


def test_endpointslice_keeps_terminating_pods(c: Cluster) -> None:
    import json
    c.run("kubectl run sl --image=busybox --labels=app=sl -- sleep 3600; "
          "kubectl run ng --image=nginx --labels=app=sl; kubectl create service clusterip sl --tcp=80:80")
    c.run("kubectl delete pod sl ng --wait=false")
    doc = json.loads(c.run("kubectl get endpointslices -l kubernetes.io/service-name=sl -o json").stdout)
    conds = {e["targetRef"]["name"]: e["conditions"] for e in doc["items"][0]["endpoints"]}
    assert conds["sl"] == {"ready": False, "serving": True, "terminating": True}    # sleep ignores SIGTERM
    assert conds["ng"] == {"ready": False, "serving": False, "terminating": True}   # nginx stopped at once
    assert c.run("kubectl get ep sl --no-headers").stdout.split()[1] == "<none>"
    assert c.run("kubectl get pod ng --no-headers").stdout.split()[1:3] == ["0/1", "Terminating"]
    c.run("sleep 30")
    assert c.run("kubectl get endpointslices -l kubernetes.io/service-name=sl --no-headers").stdout.split()[2:4] == \
        ["<unset>", "<unset>"]
    c.run("kubectl delete svc sl")
