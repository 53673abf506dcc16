"""crictl on kubeadm nodes: the containers and pod sandboxes the kubelet runs, by containerd's IDs."""
from __future__ import annotations

import json

from course_lib import Cluster

WARN = "WARN[0000] runtime connect using default endpoints: [unix:///run/containerd/containerd.sock "


def test_crictl_lists_the_nodes_containers() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run web --image=nginx")
    node = c.node("node01")
    r = node.run("crictl ps")
    assert r.returncode == 0 and r.stderr.startswith(WARN)
    head, first = r.stdout.splitlines()[:2]
    assert head.split() == ["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD", "ID", "POD"]
    cid = c.run("kubectl get pod web -o jsonpath='{.status.containerStatuses[0].containerID}'").stdout.split("//")[1]
    assert first.split()[0] == cid[:13] and first.split()[-4:] == ["web", "0", first.split()[-2], "web"]
    assert "Running" in first
    assert node.run("crictl ps -q --name web").stdout == cid + "\n"
    pods = node.run("crictl pods").stdout
    assert pods.startswith("POD ID              CREATED             STATE               NAME")
    assert any(line.split()[-4:] == ["web", "default", "0", "(default)"] for line in pods.splitlines())
    doc = json.loads(node.run(f"crictl inspect {cid[:10]}").stdout)
    assert doc["status"]["id"] == cid and doc["status"]["state"] == "CONTAINER_RUNNING"
    assert doc["status"]["labels"]["io.kubernetes.pod.name"] == "web" and doc["info"]["pid"] > 0
    static = c.run("crictl ps").stdout
    for name in ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"):
        assert f"{name}-controlplane" in static
    bad = node.run("crictl logs nope")
    assert bad.returncode == 1 and "not found" in bad.stderr


def test_crictl_images_and_exec() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run web --image=nginx")
    node = c.node("node01")
    images = node.run("crictl images").stdout.splitlines()
    assert images[0].split() == ["IMAGE", "TAG", "IMAGE", "ID", "SIZE"]
    assert any(line.split()[:2] == ["docker.io/library/nginx", "latest"] and line.endswith("33.31MB")
               for line in images)
    cid = node.run("crictl ps -q --name web").stdout.split()[0]
    r = node.run(f"crictl exec {cid[:8]} cat /etc/hostname")
    assert (r.stdout, r.returncode) == ("web\n", 0)
