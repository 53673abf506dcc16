"""The kubelet's container events name their container (involvedObject.fieldPath spec.containers{NAME}), and
kubeadm's etcd static pod: gone, kube-apiserver times out, then (restarted by its liveness probe, without
storage) refuses connections; the manifest back, the API answers again."""
from __future__ import annotations

import yaml

from course_lib import Cluster


def test_container_events_have_field_paths() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run web --image=nginx")
    c.run("kubectl run bad --image=nope/nope")
    events = yaml.safe_load(c.run("kubectl get events -o yaml").stdout)["items"]
    paths = {(e["involvedObject"]["name"], e["reason"]): e["involvedObject"].get("fieldPath") for e in events}
    for reason in ("Pulling", "Pulled", "Created", "Started"):
        assert paths[("web", reason)] == "spec.containers{web}"
    assert paths[("web", "Scheduled")] is None
    assert paths[("bad", "Failed")] == "spec.containers{bad}"
    wide = c.run("kubectl get events -o wide").stdout
    assert any("pod/web" in line and "spec.containers{web}" in line and "Started" in line
               for line in wide.splitlines())
    c.run("kubectl delete pod web --wait=false")
    killing = [e for e in yaml.safe_load(c.run("kubectl get events -o yaml").stdout)["items"]
               if e["reason"] == "Killing"]
    assert killing and killing[0]["involvedObject"]["fieldPath"] == "spec.containers{web}"


def test_etcd_manifest_removed_and_restored() -> None:
    c = Cluster(cni="bridge")
    assert c.run("mv /etc/kubernetes/manifests/etcd.yaml /tmp/").returncode == 0
    r = c.run("sleep 25; kubectl get po")
    assert (r.stdout, r.returncode) == ("", 1)
    assert r.stderr == ("Error from server (Timeout): the server was unable to return a response in the time "
                        "allotted, but may still be processing the request (get pods)\n")
    assert "Server Version: v1.30" in c.run("kubectl version").stdout        # discovery needs no storage
    assert ":2379 " not in c.run("ss -lnt").stdout
    r = c.run("sleep 90; kubectl get nodes")
    assert r.returncode == 1 and r.stderr.endswith(
        f"The connection to the server {c.node_ip('controlplane')}:6443 was refused - did you specify the right "
        "host or port?\n")
    assert ":6443 " not in c.run("ss -lnt").stdout          # restarted without etcd, it exits
    c.run("mv /tmp/etcd.yaml /etc/kubernetes/manifests/")
    r = c.run("sleep 30; kubectl get pods -n kube-system etcd-controlplane")
    assert r.returncode == 0 and "Running" in r.stdout
    assert "*:6443 " in c.run("ss -lnt").stdout
