"""Property: random and mutated lines of the second session's kubectl commands -- drain, port-forward, version
-o, -o go-template/template, explain's enums, run --expose, api-versions, describe TYPE/NAME..., TYPE/NAME
argument errors, create ARGS without -f, --dry-run printing -- never raise; one that fails leaves the API store
and the nodes' network as they were."""
from __future__ import annotations

import os
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib import Cluster
from tests.fuzz_support import built, fixed, one_command, random_line, run_session
from tests.k8s.test_kubectl_fuzz import SETUP, cluster_state, settle

VALID = [
    "kubectl drain node01", "kubectl drain node01 --ignore-daemonsets", "kubectl drain node01 --force "
    "--ignore-daemonsets --delete-emptydir-data", "kubectl drain nosuch", "kubectl drain", "kubectl drain a b",
    "kubectl drain node01 --dry-run=client", "kubectl drain node01 --timeout=1s --force", "kubectl uncordon node01",
    "kubectl cordon node01", "kubectl drain node01 --grace-period=x", "kubectl drain node01 --pod-selector='a in ('",
    "kubectl port-forward pod/bb 8080:80", "kubectl port-forward bb 8080:80", "kubectl port-forward svc/web 9090:80",
    "kubectl port-forward deploy/web :80", "kubectl port-forward pod/bb 80000:80", "kubectl port-forward pod/bb x:y",
    "kubectl port-forward pod/bb", "kubectl port-forward", "kubectl port-forward pod/nosuch 80",
    "kubectl port-forward --address 0.0.0.0 pod/bb 8081:80", "kubectl port-forward --address bogus pod/bb 8082:80",
    "kubectl port-forward svc/web 8083:http", "kubectl port-forward pod/bb 8084:http", "kubectl port-forward pod/ 80",
    "kubectl port-forward a/b/c 80", "kubectl port-forward cm/cm 80", "kubectl port-forward pod/bb 0:80",
    "kubectl version -o json", "kubectl version -o yaml", "kubectl version -o wide", "kubectl version --short",
    "kubectl version --client -o json", "kubectl version -o", "kubectl api-versions", "kubectl api-versions x",
    "kubectl get pods -o go-template='{{range .items}}{{.metadata.name}} {{end}}'",
    "kubectl get pod bb -o go-template='{{.status.podIP}}'", "kubectl get pod bb -o template='{{.nosuch}}'",
    "kubectl get pod bb -o go-template='{{'", "kubectl get pod bb -o go-template='{{.a.b.c}}'",
    "kubectl get pod bb -o go-template='{{index .metadata.labels \"run\"}}'", "kubectl get pod bb -o go-template=",
    "kubectl get pod bb -o go-template='{{range .x}}{{end}}'", "kubectl get pod bb -o go-template='{{len .spec}}'",
    "kubectl get pod bb -o go-template='{{printf \"%d\" .metadata.name}}'", "kubectl get pod bb -o go-template='{{.}}'",
    "kubectl get pods -o go-template='{{range $i, $p := .items}}{{$i}}{{end}}'",
    "kubectl get pod bb -o go-template='{{if .spec}}y{{else}}n{{end}}'", "kubectl get pod bb -o go-template='{{end}}'",
    "kubectl get pod bb -o go-template --template='{{.kind}}'", "kubectl run r2 --image=nginx --port=80 --expose",
    "kubectl run r3 --image=nginx --expose", "kubectl run r4 --image=nginx --port=x --expose",
    "kubectl run r5 --image=nginx --port=80 --expose --dry-run=client -o yaml", "kubectl run r6 --expose=maybe",
    "kubectl run web --image=nginx --port=80 --expose",
    "kubectl explain pod.spec.tolerations.effect", "kubectl explain pod.spec.tolerations.operator",
    "kubectl explain pod.spec.containers.livenessProbe.httpGet.scheme", "kubectl explain svc.spec.type",
    "kubectl explain pod.spec.restartPolicy", "kubectl explain node.spec.taints.effect",
    "kubectl describe pod/bb", "kubectl describe pod/bb svc/web", "kubectl describe pod/bb web", "kubectl describe",
    "kubectl describe pod/", "kubectl describe pod/a/b", "kubectl describe pods nosuch bb", "kubectl describe po",
    "kubectl create redis.yaml", "kubectl create", "kubectl get pod/", "kubectl get pod/bb/x", "kubectl get pod/bb svc",
    "kubectl scale deployment/web nodes --replicas=2", "kubectl delete pod/bb pods", "kubectl create ns q -o name",
    "kubectl create deploy q2 --image=nginx --dry-run=client -o json", "kubectl label pod bb a=b -o name",
    "kubectl rollout restart deploy -o name", "kubectl set image deploy/web nginx=nginx:2 -o yaml",
    "kubectl apply -f - -o bogus", "kubectl get nodes -o go-template-file=/nonexistent",
]
VOCAB = ("kubectl drain cordon uncordon port-forward version api-versions explain describe get run create scale "
         "label delete node01 controlplane nosuch bb web pod/bb svc/web deploy/web pod/ / // a/b/c --ignore-daemonsets "
         "--force --delete-emptydir-data --dry-run=client --dry-run=server --timeout=1s --timeout=x --grace-period=1 "
         "--pod-selector=a=b --disable-eviction --address 127.0.0.1 ::1 0.0.0.0 8080:80 :80 80 http x:y 0:0 "
         "-o json yaml wide name go-template go-template= go-template='{{.kind}}' template='{{' "
         "go-template='{{range}}' --template jsonpath= --expose --port=80 --port=http --image=nginx "
         "pod.spec.tolerations.effect svc.spec.type -n dev kube-system -A --client --short").split()


TOOLS = ["kubectl drain", "kubectl port-forward", "kubectl version", "kubectl get pod bb -o", "kubectl describe",
         "kubectl run r9 --image=nginx --expose"]


def random_input(rng: random.Random) -> tuple[str, str]:
    line = random_line(rng, VALID, TOOLS, VOCAB)
    return (line if line.startswith("kubectl") else "kubectl " + line), ""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return built(Cluster(cni="bridge"), SETUP)


def failed_alone(line: str, result) -> bool:
    """A single command that failed without printing anything (drain evicts before a later node's error)."""
    if not one_command(line) or " exec " in f" {line} " or "\\" in line:
        return False
    return result.returncode != 0 and not result.stdout


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 20)))
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_new_kubectl_lines_never_raise_and_failures_change_nothing(cluster: Cluster, seed: int) -> None:
    rng = random.Random(seed)
    run_session(cluster.run, 10, lambda: random_input(rng), lambda: cluster_state(cluster), failed_alone,
                settle=lambda line: settle(cluster, line, ("get", "describe", "explain", "version", "api-versions")))
