"""kubectl 1.30 describe layouts for configmaps, namespaces, serviceaccounts and endpointslices."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge", workers=1)
    cl.run("kubectl create configmap app --from-literal=b=two --from-literal=a=one")
    cl.run("kubectl run web --image=nginx --labels=app=web")
    cl.run("kubectl expose pod web --port=80 --name=web")
    return cl


def test_describe_configmap(c: Cluster) -> None:
    assert c.run("kubectl describe cm app").stdout == (
        "Name:         app\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Data\n====\na:\n----\none\nb:\n----\ntwo\n\nBinaryData\n====\n\nEvents:  <none>\n")
    out = c.run("kubectl describe configmap coredns -n kube-system").stdout
    assert "Data\n====\nCorefile:\n----\n.:53 {\n    errors\n" in out
    assert out.endswith("    loadbalance\n}\n\n\nBinaryData\n====\n\nEvents:  <none>\n")


def test_describe_namespace(c: Cluster) -> None:
    assert c.run("kubectl describe ns default").stdout == (
        "Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\n"
        "Status:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n")


def test_describe_serviceaccount(c: Cluster) -> None:
    assert c.run("kubectl describe sa default").stdout == (
        "Name:                default\nNamespace:           default\nLabels:              <none>\n"
        "Annotations:         <none>\nImage pull secrets:  <none>\nMountable secrets:   <none>\n"
        "Tokens:              <none>\nEvents:              <none>\n")


def test_describe_endpointslice(c: Cluster) -> None:
    name = c.run("kubectl get endpointslices -l kubernetes.io/service-name=web -o name").stdout.strip()
    out = c.run(f"kubectl describe {name}").stdout
    ip = c.run("kubectl get pod web -o jsonpath='{.status.podIP}'").stdout
    node = c.run("kubectl get pod web -o jsonpath='{.spec.nodeName}'").stdout
    assert "AddressType:  IPv4\nPorts:\n  Name       Port  Protocol\n  ----       ----  --------\n" \
           "    <unset>  80    TCP\nEndpoints:\n" in out
    assert out.endswith(f"  - Addresses:  {ip}\n    Conditions:\n      Ready:    true\n    Hostname:   <unset>\n"
                        f"    TargetRef:  Pod/web\n    NodeName:   {node}\n    Zone:       <unset>\n"
                        "Events:         <none>\n")


def test_describe_ingressclass(c: Cluster) -> None:
    doc = ("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\nspec:\n"
           "  controller: k8s.io/ingress-nginx\n")
    c.run("kubectl apply -f -", stdin=doc)
    assert c.run("kubectl describe ingressclass nginx").stdout == (
        "Name:         nginx\nLabels:       <none>\nAnnotations:  <none>\nController:   k8s.io/ingress-nginx\n"
        "Events:       <none>\n")


def test_kubeadm_service_endpoints_are_as_old_as_their_services(c: Cluster) -> None:
    ages = c.run("kubectl get svc,ep,endpointslices -n kube-system -o custom-columns=T:.metadata.creationTimestamp "
                 "--no-headers").stdout.split()
    assert len(ages) == 3 and len(set(ages)) == 1
