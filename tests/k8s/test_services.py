"""Services: ClusterIP/NodePort allocation and errors, Endpoints/EndpointSlices following selectors, kubectl output."""
from __future__ import annotations

import pytest

from course_lib import Cluster

SVC = """apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  type: {type}
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 80
{extra}"""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster(workers=2)
    c.run("kubectl create deployment web --image=nginx --replicas=3")
    return c


def test_default_services(cluster: Cluster) -> None:
    out = cluster.run("kubectl get svc -A").stdout.splitlines()
    assert out[0].split() == ["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert out[1].split()[:6] == ["default", "kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP"]
    assert out[2].split()[:6] == ["kube-system", "kube-dns", "ClusterIP", "10.96.0.10", "<none>",
                                  "53/UDP,53/TCP,9153/TCP"]


def test_clusterip_endpoints_and_slices(cluster: Cluster) -> None:
    r = cluster.run("kubectl apply -f -", stdin=SVC.format(name="web", type="ClusterIP", extra=""))
    assert r.stdout == "service/web created\n", r.stderr
    svc = cluster.store.get("Service", "default", "web")
    assert svc["spec"]["clusterIP"].startswith("10.") and svc["spec"]["clusterIPs"] == [svc["spec"]["clusterIP"]]
    ips = sorted(p["status"]["podIP"] for p in cluster.store.list("Pod", "default", {"app": "web"}))
    ep = cluster.run("kubectl get ep web").stdout.splitlines()[1].split()
    assert ep[1] == ",".join(f"{ip}:80" for ip in sorted(ips, key=lambda i: [int(x) for x in i.split(".")]))
    es = cluster.run("kubectl get endpointslices -l kubernetes.io/service-name=web").stdout.splitlines()
    assert es[0].split() == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    assert es[1].split()[1:3] == ["IPv4", "80"]


def test_scale_changes_endpoints(cluster: Cluster) -> None:
    cluster.run("kubectl scale deployment web --replicas=1")
    ep = cluster.store.get("Endpoints", "default", "web")
    assert len(ep["subsets"][0]["addresses"]) == 1
    cluster.run("kubectl scale deployment web --replicas=3")
    assert len(cluster.store.get("Endpoints", "default", "web")["subsets"][0]["addresses"]) == 1   # starting
    assert len(cluster.store.get("Endpoints", "default", "web")["subsets"][0]["notReadyAddresses"]) == 2
    cluster.run("kubectl get pods")                      # the next command line: the new pods run and are ready
    assert len(cluster.store.get("Endpoints", "default", "web")["subsets"][0]["addresses"]) == 3


def test_nodeport_range_and_taken(cluster: Cluster) -> None:
    r = cluster.run("kubectl apply -f -", stdin=SVC.format(name="np", type="NodePort", extra="    nodePort: 30080\n"))
    assert r.returncode == 0, r.stderr
    assert "80:30080/TCP" in cluster.run("kubectl get svc np").stdout
    r = cluster.run("kubectl apply -f -", stdin=SVC.format(name="np2", type="NodePort", extra="    nodePort: 30080\n"))
    assert r.returncode == 1
    assert r.stderr == ('The Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: '
                        "provided port is already allocated\n")
    r = cluster.run("kubectl apply -f -", stdin=SVC.format(name="np3", type="NodePort", extra="    nodePort: 80\n"))
    assert "provided port is not in the valid range. The range of valid ports is 30000-32767" in r.stderr


def test_clusterip_taken(cluster: Cluster) -> None:
    text = SVC.format(name="dup", type="ClusterIP", extra="").replace("spec:\n", "spec:\n  clusterIP: 10.96.0.10\n")
    r = cluster.run("kubectl apply -f -", stdin=text)
    assert r.stderr == ('The Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: '
                        "failed to allocate IP 10.96.0.10: provided IP is already allocated\n")


def test_loadbalancer_pending_then_ip(cluster: Cluster) -> None:
    cluster.run("kubectl apply -f -", stdin=SVC.format(name="lb", type="LoadBalancer", extra=""))
    first = cluster.run("kubectl get svc lb").stdout.splitlines()[1].split()
    assert first[3] == "<pending>"
    second = cluster.run("kubectl get svc lb").stdout.splitlines()[1].split()
    assert second[3].startswith("192.168.1.2")
    r = cluster.node("gateway").run(f"curl -s -m 2 http://{second[3]}/")
    assert "Welcome to nginx!" in r.stdout, r.stderr


def test_headless_and_externalname(cluster: Cluster) -> None:
    text = SVC.format(name="hl", type="ClusterIP", extra="").replace("spec:\n", "spec:\n  clusterIP: None\n")
    assert cluster.run("kubectl apply -f -", stdin=text).returncode == 0
    row = cluster.run("kubectl get svc hl").stdout.splitlines()[1].split()
    assert row[2] == "None"
    en = "apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  type: ExternalName\n  externalName: example.com\n"
    assert cluster.run("kubectl apply -f -", stdin=en).returncode == 0
    row = cluster.run("kubectl get svc ext").stdout.splitlines()[1].split()
    assert row[1:5] == ["ExternalName", "<none>", "example.com", "<none>"]


def test_describe_service(cluster: Cluster) -> None:
    out = cluster.run("kubectl describe svc np").stdout
    assert out.startswith("Name:                     np\nNamespace:                default\n")
    assert "Port:                     http  80/TCP\nTargetPort:               80/TCP\n" \
           "NodePort:                 http  30080/TCP\n" in out
    assert "External Traffic Policy:  Cluster\nInternal Traffic Policy:  Cluster\nEvents:                   <none>\n" \
        in out


def test_expose_and_get_wide(cluster: Cluster) -> None:
    r = cluster.run("kubectl expose deployment web --name=web2 --port=8080 --target-port=80")
    assert r.stdout == "service/web2 exposed\n"
    row = cluster.run("kubectl get svc web2 -o wide").stdout.splitlines()[1].split()
    assert row[4] == "8080/TCP" and row[-1] == "app=web"


def test_unready_pods_are_not_ready_endpoints() -> None:
    c = Cluster(workers=1)
    c.run("kubectl run bad --image=busybox --labels=app=x -- false")
    c.run("kubectl run good --image=nginx --labels=app=x")
    c.run("kubectl apply -f -", stdin="apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  selector:\n"
                                      "    app: x\n  ports:\n  - port: 80\n")
    ep = c.store.get("Endpoints", "default", "x")["subsets"][0]
    good = c.store.get("Pod", "default", "good")["status"]["podIP"]
    bad = c.store.get("Pod", "default", "bad")["status"]["podIP"]
    assert [a["ip"] for a in ep["addresses"]] == [good]
    assert [a["ip"] for a in ep["notReadyAddresses"]] == [bad]
    es = c.store.list("EndpointSlice", "default", {"kubernetes.io/service-name": "x"})[0]
    assert {e["addresses"][0]: e["conditions"]["ready"] for e in es["endpoints"]} == {good: True, bad: False}
    assert c.run("kubectl get ep x").stdout.splitlines()[1].split()[1] == f"{good}:80"
    assert "KUBE-SEP-" in c.node("node01").run("iptables -t nat -S").stdout
    assert bad not in c.node("node01").run("iptables -t nat -S").stdout


def test_kubectl_create_service_generators(cluster: Cluster) -> None:
    assert cluster.run("kubectl create service clusterip gen --tcp=80:8080").stdout == "service/gen created\n"
    svc = cluster.store.get("Service", "default", "gen")
    assert svc["spec"]["selector"] == {"app": "gen"}
    assert svc["spec"]["ports"] == [{"name": "80-8080", "port": 80, "protocol": "TCP", "targetPort": 8080}]
    r = cluster.run("kubectl create svc nodeport gen-np --tcp=80 --node-port=30099")
    assert r.stdout == "service/gen-np created\n"
    assert "80:30099/TCP" in cluster.run("kubectl get svc gen-np").stdout
    r = cluster.run("kubectl create service nodeport clash --tcp=80 --node-port=30099")
    assert "provided port is already allocated" in r.stderr and r.returncode == 1
    r = cluster.run("kubectl create service clusterip dry --tcp=80 --dry-run=client -o yaml")
    assert "creationTimestamp: null" in r.stdout and cluster.store.get("Service", "default", "dry") is None
