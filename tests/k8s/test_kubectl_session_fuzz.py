"""Property: random and mutated lines of this session's kubectl and node commands -- kubectl explain (fields,
--recursive, --api-version), --dry-run=server (with -o yaml/json, on create/run/apply/delete/scale/label/expose),
crictl (ps/pods/inspect/logs with their filters) on the nodes -- never raise; one that fails, and any
--dry-run=server line at all, leaves the API store and the nodes' network as they were."""
from __future__ import annotations

import os
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib import Cluster
from tests.fuzz_support import BAD_VALUES, fixed, mutated, one_command, run_session
from tests.k8s.test_kubectl_fuzz import MANIFESTS, SETUP, broken_manifest, cluster_state, settle

VALID = [
    "kubectl explain pod", "kubectl explain pods.spec", "kubectl explain pod.spec.containers.ports",
    "kubectl explain deployments.apps.spec", "kubectl explain deploy.spec.template.spec.containers.image",
    "kubectl explain svc.spec.type", "kubectl explain pod --recursive", "kubectl explain ingress.spec.rules",
    "kubectl explain pod.spec --recursive", "kubectl explain deployment --api-version=apps/v1",
    "kubectl explain pod.nosuch", "kubectl explain nosuch", "kubectl explain", "kubectl explain pod svc",
    "kubectl explain networkpolicy.spec.ingress.from", "kubectl explain cm.data", "kubectl explain pod.metadata.labels",
    "kubectl explain pod --api-version=v2", "kubectl explain pod.spec.containers.resources.limits -o plaintext",
    "kubectl run dr --image=nginx --dry-run=server", "kubectl run dr --image=nginx --dry-run=server -o yaml",
    "kubectl create deployment dd --image=nginx --dry-run=server -o json",
    "kubectl create deployment web --image=nginx --dry-run=server", "kubectl create ns n9 --dry-run=server -o name",
    "kubectl create configmap cm --from-literal=x=y --dry-run=server", "kubectl delete pod bb --dry-run=server",
    "kubectl delete deploy web --dry-run=server", "kubectl scale deploy web --replicas=5 --dry-run=server",
    "kubectl label pod bb tier=x --dry-run=server", "kubectl expose deploy web --port 99 --name e9 --dry-run=server",
    "kubectl create service clusterip s9 --tcp=80:80 --dry-run=server -o yaml",
    "kubectl run dr --image=nginx --dry-run", "kubectl run dr --image=nginx --dry-run=none",
    "crictl ps", "crictl ps -a", "crictl ps -q", "crictl ps --name web", "crictl ps --state running",
    "crictl ps --state exited", "crictl ps --pod abc", "crictl pods", "crictl pods -q", "crictl pods --name bb",
    "crictl pods --namespace kube-system", "crictl inspect 0", "crictl inspect nosuch", "crictl logs 0",
    "crictl logs --tail 1 0", "crictl images", "crictl version", "crictl", "crictl nosuch",
    "crictl ps --name '['", "crictl ps --state bogus", "crictl logs --tail -1 0",
    "kubectl explain pods --recursive=maybe", "kubectl get pods --show-labels=0", "kubectl create ns n9 extra",
    "kubectl create ns n9 -o bogus", "kubectl delete pods --all=yes --dry-run=server",
]
DRY = ["kubectl apply --dry-run=server -f -", "kubectl create --dry-run=server -f -",
       "kubectl apply --dry-run=server -o yaml -f -", "kubectl delete --dry-run=server -f -",
       "kubectl replace --dry-run=server -f -"]
VOCAB = ("kubectl explain --recursive --api-version --api-version=v1 --api-version=apps/v1 --api-version=bogus "
         "pod pods po deploy deployments.apps svc ingress ing networkpolicy cm . .. pod. pod.spec. spec metadata "
         "containers ports image status nosuch pod.spec.containers[0] --dry-run=server --dry-run=client --dry-run "
         "--dry-run=bogus -o yaml json name wide run create delete scale label expose deployment --image=nginx "
         "--replicas=2 --replicas=-1 --port 80 --name web bb dev -n kube-system crictl ps pods inspect logs images "
         "version -a -q --name --pod --state --namespace --tail running exited created 0 1 -1 x abc "
         "--output=json -o go-template").split()


def random_input(rng: random.Random) -> tuple[str, str]:
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice(VALID), ""
    if kind == 1:
        return rng.choice(DRY), (rng.choice(MANIFESTS) if rng.random() < 0.4 else broken_manifest(rng))
    if kind == 2:
        return rng.choice(["kubectl explain", "crictl", "kubectl run x --image=nginx --dry-run=server"]) + " " + \
            " ".join(rng.choice(VOCAB + BAD_VALUES) for _ in range(rng.randint(0, 5))), ""
    line = mutated(rng, rng.choice(VALID), VOCAB)
    return (line if line.startswith(("kubectl", "crictl")) else "kubectl " + line), ""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster(cni="bridge")
    for line in SETUP:
        result = cluster.run(line)
        assert result.returncode == 0, (line, result.stderr)
    return cluster


def changes_nothing(line: str, result) -> bool:
    """A failed single command, or a server-side dry run (which persists nothing whatever it answers)."""
    if not one_command(line) or " exec " in f" {line} " or "\\" in line:
        return False                                # 'web \ --dry-run=server': the flag is a name there
    return "--dry-run=server" in line.split() or result.returncode != 0 and not result.stdout


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 40)))
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_session_kubectl_lines_never_raise_and_dry_runs_change_nothing(cluster: Cluster, seed: int) -> None:
    rng = random.Random(seed)

    def next_input() -> tuple[str, str]:
        line, stdin = random_input(rng)
        if rng.random() < 0.3:
            line = line.replace("kubectl", "ssh node01 crictl", 1) if line.startswith("crictl") else line
        return line, stdin

    run_session(cluster.run, 10, next_input, lambda: cluster_state(cluster), changes_nothing,
                settle=lambda line: settle(cluster, line, ("get", "describe", "logs", "explain")))
