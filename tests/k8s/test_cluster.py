"""Cluster(): kubeadm-style nodes, node files, kubectl get/apply/run/exec/logs, CNI (bridge, weave, none)."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def bridge() -> Cluster:
    return Cluster(cni="bridge")


@pytest.fixture(scope="module")
def weave() -> Cluster:
    return Cluster(workers=2)


def test_nodes_ready_with_roles_and_ips(bridge: Cluster) -> None:
    r = bridge.run("kubectl get nodes -o wide")
    lines = r.stdout.splitlines()
    assert lines[0].split()[:5] == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert lines[1].split()[:5] == ["controlplane", "Ready", "control-plane", "15m", "v1.30.4"]
    assert "192.168.1.11" in lines[2]
    assert bridge.run("kubectl get no node01 -o jsonpath='{.spec.podCIDR}'").stdout == "10.244.1.0/24"


def test_node_files(bridge: Cluster) -> None:
    assert "clusterDNS:\n- 10.96.0.10\nclusterDomain: cluster.local" in bridge.run(
        "cat /var/lib/kubelet/config.yaml").stdout
    manifests = bridge.run("ls /etc/kubernetes/manifests").stdout.split()
    assert manifests == ["etcd.yaml", "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml"]
    assert "--service-cluster-ip-range=10.96.0.0/12" in bridge.run(
        "cat /etc/kubernetes/manifests/kube-apiserver.yaml").stdout
    assert "--cluster-cidr=10.244.0.0/16" in bridge.run(
        "cat /etc/kubernetes/manifests/kube-controller-manager.yaml").stdout
    assert "bridge" in bridge.run("ls /opt/cni/bin").stdout.split()
    assert bridge.run("ls /etc/cni/net.d").stdout.split() == ["10-bridge.conflist"]


def test_listeners(bridge: Cluster) -> None:
    out = bridge.run("netstat -nplt").stdout
    for port, name in (("6443", "kube-apiserver"), ("2379", "etcd"), ("10250", "kubelet"), ("10259", "kube-scheduler"),
                       ("10256", "kube-proxy")):
        assert any(f":{port} " in line and name[:15] in line for line in out.splitlines()), (port, out)


def test_system_pods(bridge: Cluster) -> None:
    out = bridge.run("kubectl get pods -n kube-system").stdout
    for name in ("etcd-controlplane", "kube-apiserver-controlplane", "kube-scheduler-controlplane", "coredns-"):
        assert name in out


def test_empty_namespace_message(bridge: Cluster) -> None:
    r = bridge.run("kubectl get pods -n kube-public")
    assert (r.stdout, r.stderr, r.returncode) == ("", "No resources found in kube-public namespace.\n", 0)


def test_run_exec_and_pod_to_pod(bridge: Cluster) -> None:
    assert bridge.run("kubectl run web --image=nginx").stdout == "pod/web created\n"
    assert bridge.run("kubectl run client --image=busybox -- sleep 3600").returncode == 0
    ip = bridge.run("kubectl get pod web -o jsonpath='{.status.podIP}'").stdout
    assert ip.startswith("10.244.")
    assert bridge.run("kubectl exec client -- cat /etc/resolv.conf").stdout == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n")
    r = bridge.run(f"kubectl exec client -- wget -qO- http://{ip}")
    assert "Welcome to nginx!" in r.stdout
    client_ip = bridge.run("kubectl get pod client -o jsonpath='{.status.podIP}'").stdout
    assert client_ip in bridge.run("kubectl logs web").stdout.splitlines()[-1]
    assert "eth0" in bridge.run("kubectl exec client -- ip addr").stdout


def test_errors(bridge: Cluster) -> None:
    r = bridge.run("kubectl get pod nope")
    assert (r.stderr, r.returncode) == ('Error from server (NotFound): pods "nope" not found\n', 1)
    r = bridge.run("kubectl get foo")
    assert r.stderr == 'error: the server doesn\'t have a resource type "foo"\n'
    r = bridge.run("kubectl apply -f https://example.com/app.yaml")
    assert (r.stderr, r.returncode) == ('error: Get "https://example.com/app.yaml": dial tcp 93.184.215.14:443: '
                                        "connect: connection timed out\n", 1)
    r = bridge.run("kubectl apply -f https://no-such-host.invalid/app.yaml")
    assert r.stderr == ('error: Get "https://no-such-host.invalid/app.yaml": dial tcp: lookup no-such-host.invalid on '
                        "127.0.0.53:53: no such host\n")


MULTI = """apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  foo: 1
  containers:
  - name: c
    image: nginx
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: ingress-wear
spec:
  backend:
    serviceName: wear-service
    servicePort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: noimage
spec:
  containers:
  - name: c
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo
spec:
  replicas: 3
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec:
      containers: [{name: echo, image: hashicorp/http-echo, args: ["-text=hi"]}]
"""


def test_multi_document_apply_like_kubectl(bridge: Cluster) -> None:
    r = bridge.run("kubectl apply -f -", stdin=MULTI)
    assert r.stdout == "deployment.apps/echo created\n"
    # kubectl apply: mapping errors (met while building the object list) first, then the API errors, each
    # as cmdutil.MultipleErrors prints them
    assert r.stderr == (
        'resource mapping not found for name: "ingress-wear" namespace: "" from "STDIN": no matches for kind '
        '"Ingress" in version "extensions/v1beta1"\nensure CRDs are installed first\n'
        'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: '
        'strict decoding error: unknown field "spec.foo"\n'
        'Error from server (Invalid): error when creating "STDIN": Pod "noimage" is invalid: '
        'spec.containers[0].image: Required value\n')
    assert r.returncode == 1
    assert bridge.run("kubectl get pod bad").returncode == 1
    pods = bridge.run("kubectl get pods -l app=echo -o name").stdout.split()
    assert len(pods) == 3 and all(p.startswith("pod/echo-") for p in pods)
    assert bridge.run("kubectl apply -f -", stdin=MULTI.split("---\n")[-1]).stdout == "deployment.apps/echo unchanged\n"
    assert bridge.run("kubectl scale deploy echo --replicas=1").stdout == "deployment.apps/echo scaled\n"
    bridge.run("sleep 2")                     # the two pods scaled away terminate first
    assert len(bridge.run("kubectl get pods -l app=echo -o name").stdout.split()) == 1


def test_weave_cross_node_no_nat(weave: Cluster) -> None:
    weave.run("kubectl run srv --image=nginx")
    for i in range(3):
        weave.run(f"kubectl run c{i} --image=busybox -- sleep 3600")
    srv = weave.store.get("Pod", "default", "srv")
    ip = srv["status"]["podIP"]
    assert ip.startswith("10.")
    other = next(p for p in weave.store.list("Pod", "default")
                 if p["spec"]["nodeName"] != srv["spec"]["nodeName"] and p["metadata"]["name"] != "srv")
    r = weave.run(f"kubectl exec {other['metadata']['name']} -- wget -qO- http://{ip}")
    assert "Welcome to nginx!" in r.stdout
    assert weave.run("kubectl logs srv").stdout.splitlines()[-1].startswith(other["status"]["podIP"] + " ")
    links = weave.node("node01").run("ip -br link").stdout
    assert "weave" in links and "vxlan-6784" in links


def test_weave_logs(weave: Cluster) -> None:
    name = weave.run("kubectl get pods -n kube-system -l name=weave-net -o name").stdout.split()[0].split("/")[1]
    out = weave.run(f"kubectl logs {name} weave -n kube-system").stdout
    assert "Weave Net is running" in out and "ipalloc-range:10.32.0.0/12" in out


def test_no_cni_then_weave_from_seed_url() -> None:
    c = Cluster(cni=None)
    assert "NotReady" in c.run("kubectl get nodes").stdout
    assert "cni plugin not initialized" in c.run("kubectl get node node01 -o yaml").stdout
    coredns = [line.split() for line in c.run("kubectl get pods -n kube-system").stdout.splitlines()
               if line.startswith("coredns-")]
    assert [row[2] for row in coredns] == ["Pending", "Pending"]
    assert "node(s) had untolerated taint {node.kubernetes.io/not-ready: }" in c.run(
        "kubectl describe pod -n kube-system coredns").stdout
    c.run("kubectl run p --image=nginx")
    assert c.store.get("Pod", "default", "p")["status"]["phase"] == "Pending"
    r = c.run('kubectl apply -f "https://cloud.weave.works/k8s/net?k8s-version=$(kubectl version | base64 | tr -d \'\\n\')"')
    assert r.stdout.splitlines()[-1] == "daemonset.apps/weave-net created", r.stderr
    assert "NotReady" not in c.run("kubectl get nodes").stdout
    c.run("kubectl get pods")                    # the next command line: p, scheduled once node01 was Ready, runs
    assert c.store.get("Pod", "default", "p")["status"]["phase"] == "Running"


def test_kubectl_on_worker_has_no_kubeconfig(bridge: Cluster) -> None:
    r = bridge.node("node01").run("kubectl get pods")
    assert r.returncode == 1 and "localhost:8080 was refused" in r.stderr


def test_single_errors_render_alone(bridge: Cluster) -> None:
    ingress = MULTI.split("---\n")[1]
    r = bridge.run("cat > ingress-wear.yaml; kubectl create -f ingress-wear.yaml", stdin=ingress)
    assert r.stderr == ('error: resource mapping not found for name: "ingress-wear" namespace: "" from '
                        '"ingress-wear.yaml": no matches for kind "Ingress" in version "extensions/v1beta1"\n'
                        "ensure CRDs are installed first\n")
    r = bridge.run("kubectl apply -f -", stdin=MULTI.split("---\n")[2])
    assert r.stderr == 'The Pod "noimage" is invalid: spec.containers[0].image: Required value\n'
