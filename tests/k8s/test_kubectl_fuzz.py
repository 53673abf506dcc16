"""Property: random and mutated `kubectl` and `kubeadm` lines, and broken or half-valid manifests on stdin, never
raise; one that fails leaves the API store (every object's metadata and spec) and the nodes' network as they were."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib import Cluster
from tests.fuzz_support import BAD_VALUES, fixed, machines_state, mutated, one_command, run_session

SETUP = ["kubectl create deployment web --image=nginx --replicas=2", "kubectl expose deployment web --port 80",
         "kubectl run bb --image=busybox -- sleep 3600", "kubectl create namespace dev",
         "kubectl create configmap cm --from-literal=a=b", "sleep 60"]

VALID = [
    "kubectl get pods", "kubectl get pods -o wide", "kubectl get pod bb -o yaml", "kubectl get deploy web -o json",
    "kubectl get pods -o jsonpath='{.items[*].metadata.name}'", "kubectl get pod bb -o jsonpath='{.status.podIP}'",
    "kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'",
    "kubectl get pods -o jsonpath='{.items[?(@.metadata.name==\"bb\")].spec.nodeName}'",
    "kubectl get nodes -o jsonpath='{.items[0].status.addresses[0].address}'",
    "kubectl get pods -l app=web", "kubectl get pods -n kube-system", "kubectl get pods -A --show-labels",
    "kubectl get svc,deploy", "kubectl get nodes -o wide", "kubectl get all", "kubectl get cm cm -o yaml",
    "kubectl get events", "kubectl get pods --selector app!=web -o name", "kubectl get ns",
    "kubectl describe pod bb", "kubectl describe deploy web", "kubectl describe node node01", "kubectl describe svc web",
    "kubectl create deployment d2 --image=nginx", "kubectl create namespace n2", "kubectl create ns dev",
    "kubectl create configmap c2 --from-literal=a=b", "kubectl create service clusterip s2 --tcp=80:80",
    "kubectl create secret generic sec --from-literal=a=b", "kubectl create deployment d3 --image=nginx --replicas=1 --port=80",
    "kubectl delete pod bb", "kubectl delete deploy web", "kubectl delete svc web", "kubectl delete ns dev",
    "kubectl delete pod nosuch --ignore-not-found", "kubectl delete cm cm", "kubectl delete pods -l app=nope",
    "kubectl run p2 --image=nginx --port 80", "kubectl run p3 --image=busybox --restart=Never -- echo hi",
    "kubectl run p4 --image=nginx -l app=x --dry-run=client -o yaml", "kubectl run p5 --image=nginx --env=A=1 -n dev",
    "kubectl expose pod bb --port 80 --name bbs", "kubectl expose deployment web --port 8080 --target-port 80 "
    "--type NodePort --name web2", "kubectl expose deploy web --port 81 --name web3 --type LoadBalancer",
    "kubectl exec bb -- ip a", "kubectl exec bb -- wget -qO- web", "kubectl exec -it bb -- sh",
    "kubectl exec bb -c nosuch -- ls", "kubectl exec bb -- nslookup web", "kubectl exec deploy/web -- ls /",
    "kubectl logs bb", "kubectl logs deploy/web", "kubectl logs -l app=web", "kubectl logs bb --tail 1 -c bb",
    "kubectl logs bb --previous", "kubectl scale deployment web --replicas=3", "kubectl scale deploy web --replicas=1",
    "kubectl scale --replicas=2 deployment/web", "kubectl label pod bb tier=db", "kubectl label pod bb tier-",
    "kubectl label pod bb run=x --overwrite", "kubectl label nodes node01 disk=ssd", "kubectl annotate pod bb a=b",
    "kubectl rollout status deployment web", "kubectl rollout restart deployment web",
    "kubectl rollout history deploy web", "kubectl rollout undo deploy web",
    "kubectl set image deployment/web nginx=nginx:1.25", "kubectl version", "kubectl version --client",
    "kubectl cluster-info", "kubectl api-resources", "kubectl explain pod.spec", "kubectl config view",
    "kubectl get pods --sort-by=.metadata.name", "kubectl wait --for=condition=Ready pod/bb --timeout=5s",
    "kubectl patch deploy web -p '{\"spec\":{\"replicas\":2}}'", "kubectl edit pod bb", "kubectl top pods",
    "kubeadm version", "kubeadm certs check-expiration", "kubeadm token list", "kubeadm version -o short",
]
VOCAB = ("kubectl get describe create delete run expose exec logs scale label annotate rollout status restart undo "
         "history set image apply -f - pod pods po deploy deployment deployments svc service services ns namespace "
         "nodes node cm configmap secret all events bb web nosuch dev kube-system node01 controlplane -n -A -l -o "
         "wide yaml json name jsonpath= jsonpath='{.items[*]}' jsonpath='{.items[' jsonpath='{.status..}' "
         "jsonpath='{range .items[*]}' jsonpath='{.items[?(@.x=)]}' jsonpath='{.a[-1:]}' custom-columns=N:.metadata.name "
         "--image=nginx --image= --image=nosuch:tag --port --port=80 --port=70000 --replicas=2 --replicas=-1 "
         "--replicas=x --restart=Never --restart=Bogus --dry-run=client --dry-run=bogus --overwrite --all "
         "--ignore-not-found --show-labels --selector --tail=-5 --tail -c -it -- sh ls ip a app=web tier=db tier- "
         "=x a=b,c app!=web 'a in (b)' --type NodePort ClusterIP Bogus --target-port --name --for=delete "
         "--timeout=0s --sort-by=.spec --namespace=nope --context=x --kubeconfig=/nope 80:80 kubeadm token certs "
         "init join reset version custom-columns=N custom-columns=N:{.x jsonpath={.items[0:2:0]} "
         "--replicas=99999999999999 --sort-by={.x").split()

MANIFESTS = [
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: m1\n  labels:\n    app: m\nspec:\n  containers:\n  - name: c\n"
    "    image: nginx\n    ports:\n    - containerPort: 80\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: md\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n"
    "      app: md\n  template:\n    metadata:\n      labels:\n        app: md\n    spec:\n      containers:\n"
    "      - name: c\n        image: nginx\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: ms\nspec:\n  selector:\n    app: md\n  ports:\n  - port: 80\n"
    "    targetPort: 80\n    protocol: TCP\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mc\n  namespace: dev\ndata:\n  key: value\n",
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mns\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n"
    "  name: mc2\n  namespace: mns\ndata:\n  a: b\n",
    json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "mj"},
                "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "99"]}]}}),
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ml\n",
]
YAML_NOISE = ["kind: Bogus", "apiVersion: v9", "apiVersion: apps/v1", "  name:", "  name: UPPER_case",
              "metadata: []", "spec: 5", "  replicas: -3", "  replicas: many", "    image: ''", "      - name: c",
              "bogusField: 1", "  containers: {}", "    - port: 99999", "---", "- ", ": :", "{", "[", "\t", "'",
              "key: 'unterminated", "!!binary zz", "*alias", "&anchor", "%YAML 1.1", "null", "~", "   ",
              "    targetPort: x-y-z-toolongname", "  namespace: nosuch", '{"kind": "Pod"', "apiVersion: v1\nkind: Pod"]
STDIN_COMMANDS = ["kubectl apply -f -", "kubectl create -f -", "kubectl delete -f -", "kubectl apply -f - -n dev",
                  "kubectl apply --dry-run=client -f -", "kubectl replace -f -", "kubectl apply -f - -o name"]


def broken_manifest(rng: random.Random) -> str:
    """A manifest with lines dropped, duplicated, re-indented or replaced by YAML noise and bad values."""
    lines = rng.choice(MANIFESTS).splitlines()
    for _ in range(rng.randint(1, 4)):
        op, i = rng.randrange(5), rng.randrange(len(lines) + 1)
        k = min(i, len(lines) - 1)
        if op == 0 and len(lines) > 1:
            del lines[k]
        elif op == 1:
            lines.insert(i, rng.choice(YAML_NOISE))
        elif op == 2 and lines:
            head, sep, _ = lines[k].partition(": ")
            lines[k] = head + ": " + rng.choice(BAD_VALUES) if sep else rng.choice(YAML_NOISE)
        elif op == 3 and lines:
            lines[k] = " " * rng.randint(0, 3) + lines[k].lstrip()
        elif lines:
            lines.insert(k, lines[k])
    text = "\n".join(lines) + "\n"
    return text[:rng.randrange(len(text) + 1)] if rng.random() < 0.1 else text


def random_input(rng: random.Random) -> tuple[str, str]:
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice(VALID), ""
    if kind == 1:
        return rng.choice(STDIN_COMMANDS), broken_manifest(rng)
    if kind == 2:
        return rng.choice(["kubectl", "kubeadm"]) + " " + " ".join(
            rng.choice(VOCAB) for _ in range(rng.randint(0, 6))), ""
    line = mutated(rng, rng.choice(VALID), VOCAB)
    return (line if line.startswith(("kubectl", "kubeadm")) else "kubectl " + line), ""


VOLATILE = {"Event", "Lease", "Endpoints", "EndpointSlice"}     # written by controllers as time passes


def store_state(cluster: Cluster) -> str:
    """Every object's identity, metadata (labels, annotations, owners) and spec; not status or versions."""
    out = {}
    for kind, objects in cluster.store._objects.items():
        if kind in VOLATILE:
            continue
        for (ns, name), obj in objects.items():
            meta = {k: v for k, v in obj.get("metadata", {}).items()
                    if k not in ("resourceVersion", "managedFields", "generation")}
            out[f"{kind}/{ns}/{name}"] = {**{k: v for k, v in obj.items() if k != "status"}, "metadata": meta}
    return json.dumps(out, sort_keys=True, default=str)


def cluster_state(cluster: Cluster) -> str:
    return store_state(cluster) + "\n" + machines_state(cluster.network.machines.values())


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster(cni="bridge")
    for line in SETUP:
        result = cluster.run(line)
        assert result.returncode == 0, (line, result.stderr)
    return cluster


@fixed(120)
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_kubectl_lines_never_raise_and_failures_change_nothing(cluster: Cluster, seed: int) -> None:
    rng = random.Random(seed)
    run_session(cluster.run, 12, lambda: random_input(rng), lambda: cluster_state(cluster),
                lambda line, result: result.returncode != 0 and not result.stdout and one_command(line)
                and " exec " not in f" {line} ",
                settle=lambda line: settle(cluster, line, ("get", "describe", "logs")))


def settle(cluster: Cluster, line: str, readers: tuple[str, ...]) -> None:
    """Let the controllers settle before the next snapshot, after a line that may have changed something."""
    words = line.split()
    if words[1:2] not in [[r] for r in readers] and words[:1] != ["crictl"]:
        cluster.run("sleep 30")
