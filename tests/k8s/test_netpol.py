"""NetworkPolicy: enforced by weave-npc on the data path (ingress/egress, selectors, ipBlock, ports, default deny),
ignored by the plain bridge CNI."""
from __future__ import annotations

import pytest
import yaml

from course_lib import Cluster


def policy(name: str, spec: dict, ns: str = "default") -> str:
    return yaml.safe_dump({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                           "metadata": {"name": name, "namespace": ns}, "spec": spec})


def probe(c: Cluster, pod: str, target: str, ns: str = "default") -> str:
    r = c.run(f"kubectl exec -n {ns} {pod} -- curl -s -m 1 -o /dev/null -w %{{http_code}} http://{target}")
    return r.stdout


def setup(cni: str) -> Cluster:
    c = Cluster(workers=2, cni=cni)
    c.run("kubectl create deployment db --image=nginx")
    c.run("kubectl expose deployment db --port=80")
    c.run("kubectl run frontend --image=nginx --labels=role=frontend")
    c.run("kubectl run other --image=nginx --labels=role=other")
    c.run("kubectl create namespace prod")
    c.run("kubectl label namespace prod team=prod")
    c.run("kubectl run -n prod tool --image=nginx --labels=role=frontend")
    return c


@pytest.fixture(scope="module")
def weave() -> Cluster:
    return setup("weave")


def test_allow_from_pod_selector(weave: Cluster) -> None:
    spec = {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress"],
            "ingress": [{"from": [{"podSelector": {"matchLabels": {"role": "frontend"}}}],
                         "ports": [{"protocol": "TCP", "port": 80}]}]}
    assert weave.run("kubectl apply -f -", stdin=policy("db", spec)).returncode == 0
    assert probe(weave, "frontend", "db") == "200"
    assert probe(weave, "other", "db") == "000"
    assert probe(weave, "tool", "db.default", "prod") == "000"      # other Namespace: podSelector is local
    assert weave.run("kubectl get netpol").stdout.splitlines()[1].split()[:2] == ["db", "app=db"]


def test_namespace_selector(weave: Cluster) -> None:
    spec = {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress"],
            "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"team": "prod"}}}]}]}
    weave.run("kubectl apply -f -", stdin=policy("db-prod", spec))
    assert probe(weave, "tool", "db.default", "prod") == "200"
    assert probe(weave, "other", "db") == "000"


def test_default_deny_egress(weave: Cluster) -> None:
    spec = {"podSelector": {"matchLabels": {"role": "other"}}, "policyTypes": ["Egress"]}
    weave.run("kubectl apply -f -", stdin=policy("deny-egress", spec))
    ip = weave.store.get("Service", "default", "db")["spec"]["clusterIP"]
    assert probe(weave, "other", ip) == "000"
    assert probe(weave, "frontend", ip) == "200"
    weave.run("kubectl delete networkpolicy deny-egress")
    weave.run("kubectl delete networkpolicy db db-prod")
    assert probe(weave, "other", ip) == "200"


def test_ip_block_with_except(weave: Cluster) -> None:
    frontend_ip = weave.store.get("Pod", "default", "frontend")["status"]["podIP"]
    spec = {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress"],
            "ingress": [{"from": [{"ipBlock": {"cidr": "10.32.0.0/12", "except": [f"{frontend_ip}/32"]}}]}]}
    weave.run("kubectl apply -f -", stdin=policy("ipb", spec))
    assert probe(weave, "frontend", "db") == "000"
    assert probe(weave, "other", "db") == "200"
    weave.run("kubectl delete networkpolicy ipb")


def test_policy_types_validation(weave: Cluster) -> None:
    r = weave.run("kubectl apply -f -", stdin=policy("bad", {"podSelector": {}, "policyTypes": ["Sideways"]}))
    assert 'spec.policyTypes: Unsupported value: "Sideways"' in r.stderr


def test_bridge_cni_ignores_policies() -> None:
    c = setup("bridge")
    c.run("kubectl apply -f -", stdin=policy("deny-all", {"podSelector": {}, "policyTypes": ["Ingress"]}))
    ip = c.store.list("Pod", "default", {"app": "db"})[0]["status"]["podIP"]     # same node as `other`
    assert probe(c, "other", ip) == "200"
    assert "WEAVE-NPC" not in c.node("node01").run("iptables -S").stdout


def test_describe_netpol(weave: Cluster) -> None:
    spec = {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress"],
            "ingress": [{"from": [{"podSelector": {"matchLabels": {"role": "frontend"}}}],
                         "ports": [{"protocol": "TCP", "port": 80}]}]}
    weave.run("kubectl apply -f -", stdin=policy("desc", spec))
    out = weave.run("kubectl describe netpol desc").stdout
    assert out.startswith("Name:         desc\nNamespace:    default\nCreated on:   ")
    assert out.endswith("Spec:\n  PodSelector:     app=db\n  Allowing ingress traffic:\n    To Port: 80/TCP\n"
                        "    From:\n      PodSelector: role=frontend\n  Not affecting egress traffic\n"
                        "  Policy Types: Ingress\n")
