"""`kubectl logs` of the control plane's static pods and kube-proxy: klog/etcd lines from flags and the model."""
from __future__ import annotations

import json
import re

import pytest

from course_lib import Cluster
from course_lib.k8s.component_logs import admission_order, flags

KLOG = re.compile(r"^[IWE]\d{4} \d\d:\d\d:\d\d\.\d{6}       1 [a-z_]+\.go:\d+\] ")


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster(workers=1, cni=None, pod_cidr="10.50.0.0/16", service_cidr="10.100.0.0/16")


def _logs(c: Cluster, pod: str) -> str:
    r = c.run(f"kubectl logs -n kube-system {pod}")
    assert r.returncode == 0 and r.stderr == ""
    return r.stdout


def _stamps(text: str) -> list[str]:
    return [line[1:21] for line in text.splitlines()]


def test_apiserver_logs_from_its_flags(cluster: Cluster) -> None:
    out = _logs(cluster, "kube-apiserver-controlplane")
    lines = out.splitlines()
    assert all(KLOG.match(line) for line in lines)
    assert lines[0].endswith("options.go:221] external host was not specified, using 192.168.1.10")
    assert "server.go:148] Version: v1.30.4" in lines[1]
    assert "Loaded 12 mutating admission controller(s) successfully in the following order: NamespaceLifecycle," \
           "LimitRanger,ServiceAccount,NodeRestriction,TaintNodesByCondition,Priority,DefaultTolerationSeconds," \
           "DefaultStorageClass,StorageObjectInUseProtection,RuntimeClass,DefaultIngressClass," \
           "MutatingAdmissionWebhook." in out
    assert "Loaded 13 validating admission controller(s)" in out
    assert "secure_serving.go:213] Serving securely on [::]:6443" in out
    assert '"allocated clusterIPs" service="default/kubernetes" clusterIPs={"IPv4":"10.100.0.1"}' in out
    assert _stamps(out) == sorted(_stamps(out))
    date = cluster.run("date +%m%d").stdout.strip()        # the model's clock, not a fixed date
    assert lines[0][1:5] == date


def test_controller_manager_sets_each_nodes_pod_cidr(cluster: Cluster) -> None:
    out = _logs(cluster, "kube-controller-manager-controlplane")
    assert "Serving securely on 127.0.0.1:10257" in out
    assert "successfully acquired lease kube-system/kube-controller-manager" in out
    for node, cidr in (("controlplane", "10.50.0.0/24"), ("node01", "10.50.1.0/24")):
        assert f'"Set node PodCIDR" logger="node-ipam-controller" node="{node}" podCIDRs=["{cidr}"]' in out
    assert _stamps(out) == sorted(_stamps(out))


def test_scheduler_and_kube_proxy(cluster: Cluster) -> None:
    out = _logs(cluster, "kube-scheduler-controlplane")
    assert '"Starting Kubernetes Scheduler" version="v1.30.4"' in out
    assert "Serving securely on 127.0.0.1:10259" in out
    assert ('configmap_cafile_content.go:202] "Starting controller" '
            'name="client-ca::kube-system::extension-apiserver-authentication::client-ca-file"') in out
    proxies = [p["metadata"]["name"] for p in cluster.store.list("Pod", "kube-system")
               if p["metadata"]["name"].startswith("kube-proxy-")]
    ips = set()
    for pod in proxies:
        text = _logs(cluster, pod)
        assert all(KLOG.match(line) for line in text.splitlines())
        ips |= set(re.findall(r'IPs=\["([\d.]+)"\]', text))
        # kube-proxy v1.30's own lines (a v1.30.2 kubeadm node's log): the node config controller, the versions
        messages = [line.split("] ", 1)[1] for line in text.splitlines()]
        assert messages[-6:] == ['"Starting node config controller"', "Waiting for caches to sync for node config",
                                 "Waiting for caches to sync for endpoint slice config",
                                 "Caches are synced for node config", "Caches are synced for service config",
                                 "Caches are synced for endpoint slice config"]
        assert ' server.go:872] "Version info" version="v1.30.4"' in text
        assert '"Detect-local-mode set to ClusterCIDR, but no cluster CIDR for family" ipFamily="IPv6"' in text
    assert ips == {"192.168.1.10", "192.168.1.11"}
    kcm = _logs(cluster, "kube-controller-manager-controlplane").splitlines()
    assert [line.split("] ", 1)[1][:40] for line in kcm[3:6]] == [
        '"Starting controller" name="request-head', "Serving securely on 127.0.0.1:10257",
        '"Starting controller" name="client-ca-bu']
    assert re.search(r'reason="LeaderElection" message="controlplane_[0-9a-f-]{36} became leader"', kcm[9])
    api = _logs(cluster, "kube-apiserver-controlplane")
    assert "W0120" in api and "Skipping API apps/v1beta2 because it has no resources." in api
    assert api.index('name="client-ca-bundle::/etc/kubernetes/pki/ca.crt"') < api.index("Serving securely on [::]:6443")


def test_etcd_json_lines(cluster: Cluster) -> None:
    lines = [json.loads(line) for line in _logs(cluster, "etcd-controlplane").splitlines()]
    # etcd 3.5 logs its command line first, then the single-port warning (a kubeadm etcd 3.5.15's log)
    assert [lines[0]["level"], lines[0]["msg"], lines[1]["level"]] == ["info", "Running: ", "warn"]
    start = next(d for d in lines if d["msg"] == "starting an etcd server")
    assert start["name"] == "controlplane" and start["data-dir"] == "/var/lib/etcd"
    assert start["listen-client-urls"] == ["https://127.0.0.1:2379", "https://192.168.1.10:2379"]
    served = [d["address"] for d in lines if d["msg"] == "serving client traffic securely"]
    assert served == ["127.0.0.1:2379", "192.168.1.10:2379"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", lines[0]["ts"])


def test_admission_plugins_follow_the_flags() -> None:
    mutating, validating = admission_order(flags(["kube-apiserver", "--enable-admission-plugins=AlwaysPullImages",
                                                  "--disable-admission-plugins=PodSecurity,DefaultStorageClass"]))
    assert mutating[:5] == ["NamespaceLifecycle", "LimitRanger", "ServiceAccount", "TaintNodesByCondition",
                            "AlwaysPullImages"]
    assert "DefaultStorageClass" not in mutating and "PodSecurity" not in validating
    assert "AlwaysPullImages" in validating and "NodeRestriction" not in mutating
