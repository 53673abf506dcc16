"""Image tags in a cluster: the docs' nginx:1.14.2 Deployment, busybox:1.28's nslookup, missing tags, sample apps."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.examples import NGINX_DEPLOYMENT as DEPLOYMENT


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster()
    c.run(f"cat > deployment.yaml <<'EOF'\n{DEPLOYMENT}EOF")
    c.run("kubectl apply -f deployment.yaml")
    c.run("kubectl expose deployment nginx-deployment --port=80")
    c.run("kubectl run dns --image=busybox:1.28 -- sleep 3600")
    c.run("kubectl run bad --image=nginx:nope")
    c.run("kubectl run hello --image=gcr.io/google-samples/hello-app:1.0")
    c.run("kubectl run who --image=traefik/whoami")
    c.run("kubectl run dnsutils --image=registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3 --command -- sleep infinity")
    return c


def test_docs_deployment_serves(cluster: Cluster) -> None:
    r = cluster.run("kubectl get deployment nginx-deployment")
    assert r.stdout.splitlines()[1].split()[:4] == ["nginx-deployment", "3/3", "3", "3"]
    r = cluster.run("kubectl exec dns -- wget -qO- nginx-deployment")
    assert r.returncode == 0 and "<title>Welcome to nginx!</title>" in r.stdout
    pod = cluster.run("kubectl get pods -l app=nginx -o name").stdout.splitlines()[0]
    events = cluster.run(f"kubectl describe {pod}").stdout
    assert "Image:          nginx:1.14.2" in events
    assert ('Successfully pulled image "nginx:1.14.2"' in events
            or 'Container image "nginx:1.14.2" already present on machine' in events)


def test_busybox_128_nslookup_prints_the_old_format(cluster: Cluster) -> None:
    r = cluster.run("kubectl exec dns -- nslookup kubernetes.default")
    assert (r.stdout, r.returncode) == (
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        "Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n", 0)
    r = cluster.run("kubectl exec dns -- nslookup nosuchservice")
    assert r.stdout.endswith("kube-dns.kube-system.svc.cluster.local\n\n") and r.returncode == 1
    assert "nslookup: can't resolve 'nosuchservice'\n" in r.stderr


def test_newer_busybox_keeps_its_nslookup(cluster: Cluster) -> None:
    cluster.run("kubectl run bb136 --image=busybox:1.36 -- sleep 3600")
    r = cluster.run("kubectl exec bb136 -- nslookup kubernetes.default.svc.cluster.local")
    assert r.stdout.startswith("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n")


def test_missing_tag_errors(cluster: Cluster) -> None:
    row = cluster.run("kubectl get pod bad").stdout.splitlines()[1].split()
    assert row[:3] == ["bad", "0/1", "ErrImagePull"]
    events = cluster.run("kubectl describe pod bad").stdout
    ref = "docker.io/library/nginx:nope"
    assert (f'Failed to pull image "nginx:nope": failed to pull and unpack image "{ref}": failed to resolve '
            f'reference "{ref}": {ref}: not found') in events
    assert "Error: ErrImagePull" in events


def test_sample_apps(cluster: Cluster) -> None:
    ip = cluster.run("kubectl get pod hello -o jsonpath='{.status.podIP}'").stdout
    r = cluster.run(f"kubectl exec dns -- wget -qO- {ip}:8080")
    assert r.stdout == "Hello, world!\nVersion: 1.0.0\nHostname: hello\n"
    ip = cluster.run("kubectl get pod who -o jsonpath='{.status.podIP}'").stdout
    assert cluster.run(f"kubectl exec dns -- wget -qO- {ip}").stdout.startswith("Hostname: who\nIP: 127.0.0.1\n")
    r = cluster.run("kubectl exec dnsutils -- dig +short nginx-deployment.default.svc.cluster.local")
    svc = cluster.store.get("Service", "default", "nginx-deployment")["spec"]["clusterIP"]
    assert r.stdout == svc + "\n"
