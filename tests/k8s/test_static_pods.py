"""The kubelet's file source: moving, editing or adding a manifest in /etc/kubernetes/manifests is seen at
the next command line (static pod stopped, restarted with a new hash, or created as NAME-NODE)."""
from __future__ import annotations

import re

import pytest

from course_lib import Cluster

MANIFESTS = "/etc/kubernetes/manifests"
STATIC_WEB = """apiVersion: v1
kind: Pod
metadata:
  name: static-web
  labels:
    role: myrole
spec:
  containers:
    - name: web
      image: nginx
      ports:
        - name: web
          containerPort: 80
          protocol: TCP
"""


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def _pod(cluster, name, ns="kube-system"):
    return cluster.store.get("Pod", ns, name)


def test_removed_manifest_stops_the_pod_and_closes_its_port(cluster):
    before = _pod(cluster, "kube-scheduler-controlplane")["metadata"]["uid"]
    assert cluster.run(f"mv {MANIFESTS}/kube-scheduler.yaml /root/").returncode == 0
    pods = cluster.run("kubectl get pods -n kube-system").stdout
    assert "kube-scheduler-controlplane" not in pods and "etcd-controlplane" in pods
    assert ":10259" not in cluster.run("ss -lntp").stdout
    assert ":10259" not in cluster.run("netstat -nplt").stdout
    assert "kube-scheduler" not in cluster.run("ps aux").stdout
    # restored: a new pod, Running, RESTARTS 0, a young AGE
    cluster.run(f"mv /root/kube-scheduler.yaml {MANIFESTS}/")
    line = next(row for row in cluster.run("kubectl get pods -n kube-system").stdout.splitlines()
                if row.startswith("kube-scheduler-controlplane"))
    assert line.split()[1:4] == ["1/1", "Running", "0"] and line.split()[4].endswith("s"), line
    assert _pod(cluster, "kube-scheduler-controlplane")["metadata"]["uid"] != before
    assert "127.0.0.1:10259" in cluster.run("ss -lntp").stdout


def test_unchanged_files_change_nothing(cluster):
    uid = _pod(cluster, "etcd-controlplane")["metadata"]["uid"]
    cluster.run(f"touch {MANIFESTS}/etcd.yaml; cp {MANIFESTS}/etcd.yaml /root/etcd.yaml; "
                f"cp /root/etcd.yaml {MANIFESTS}/etcd.yaml")
    cluster.run("true")
    assert _pod(cluster, "etcd-controlplane")["metadata"]["uid"] == uid


def test_a_new_manifest_on_a_worker_makes_a_static_pod_named_after_the_node(cluster):
    r = cluster.node("node01").run(f"cat > {MANIFESTS}/static-web.yaml", STATIC_WEB)
    assert r.returncode == 0
    out = cluster.run("kubectl get pods -o wide").stdout
    row = next(line for line in out.splitlines() if line.startswith("static-web-node01 "))
    assert row.split()[1:4] == ["1/1", "Running", "0"] and " node01 " in row
    pod = _pod(cluster, "static-web-node01", "default")
    ann = pod["metadata"]["annotations"]
    assert ann["kubernetes.io/config.source"] == "file"
    assert ann["kubernetes.io/config.hash"] == ann["kubernetes.io/config.mirror"]
    assert pod["metadata"]["ownerReferences"][0]["kind"] == "Node"
    assert "Controlled By:  Node/node01" in cluster.run("kubectl describe pod static-web-node01").stdout
    ip = pod["status"]["podIP"]
    assert "Welcome to nginx!" in cluster.run(f"curl -s {ip}").stdout
    # dotfiles (an editor's swap file) are not read
    cluster.node("node01").run(f"cp {MANIFESTS}/static-web.yaml {MANIFESTS}/.static-web.yaml.swp")
    assert cluster.run("kubectl get pods -o name").stdout == "pod/static-web-node01\n"
    cluster.node("node01").run(f"rm {MANIFESTS}/static-web.yaml")
    assert "static-web" not in cluster.run("kubectl get pods").stdout + cluster.run("kubectl get pods").stderr


def test_an_edited_flag_restarts_the_pod_with_a_new_hash(cluster):
    old = _pod(cluster, "kube-controller-manager-controlplane")
    old_hash = old["metadata"]["annotations"]["kubernetes.io/config.hash"]
    cluster.run(f"sed -i 's/--leader-elect=true/--leader-elect=false/' {MANIFESTS}/kube-controller-manager.yaml")
    cluster.run("true")                         # the next command line: the kubelet has seen the change
    new = _pod(cluster, "kube-controller-manager-controlplane")
    assert new["metadata"]["uid"] != old["metadata"]["uid"]
    assert new["metadata"]["annotations"]["kubernetes.io/config.hash"] != old_hash
    assert "--leader-elect=false" in new["spec"]["containers"][0]["command"]
    out = cluster.run("kubectl describe pod kube-controller-manager-controlplane -n kube-system").stdout
    assert "--leader-elect=false" in out and "Restart Count:  0" in out
    assert "127.0.0.1:10257" in cluster.run("ss -lnt").stdout


def test_a_broken_api_server_manifest_takes_the_api_down(cluster):
    ip = cluster.node_ip("controlplane")
    cluster.run(f"cp {MANIFESTS}/kube-apiserver.yaml /root/apiserver.bak")
    cluster.run(f"echo '  bad: [' >> {MANIFESTS}/kube-apiserver.yaml")
    refused = f"The connection to the server {ip}:6443 was refused - did you specify the right host or port?\n"
    r = cluster.run("kubectl get pods -n kube-system")
    lines = r.stderr.splitlines(keepends=True)
    assert (r.stdout, r.returncode, lines[-1], len(lines)) == ("", 1, refused, 6)
    assert all(re.fullmatch(r"E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ memcache\.go:265\] couldn't get current server API "
                            rf'group list: Get "https://{ip}:6443/api\?timeout=32s": dial tcp {ip}:6443: connect: '
                            r"connection refused\n", line) for line in lines[:5]), lines
    assert cluster.run("kubectl logs x").stderr == refused
    assert ":6443" not in cluster.run("ss -lnt").stdout
    assert cluster.run(f"curl -sk https://{ip}:6443/livez").returncode == 7
    r = cluster.run("kubectl version")
    assert r.returncode == 1 and r.stdout.startswith("Client Version: ") and "Server Version" not in r.stdout
    assert cluster.run("kubectl version --client").returncode == 0
    cluster.run(f"cp /root/apiserver.bak {MANIFESTS}/kube-apiserver.yaml")
    r = cluster.run("kubectl get pods -n kube-system")
    assert r.returncode == 0 and "kube-apiserver-controlplane   " in r.stdout


def test_a_file_that_is_not_a_pod_runs_nothing(cluster):
    cluster.node("node01").run(f"printf 'apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name: d\\n' "
                               f"> {MANIFESTS}/d.yaml")
    assert "d-node01" not in cluster.run("kubectl get pods -A").stdout
    cluster.node("node01").run(f"rm {MANIFESTS}/d.yaml")


def test_without_the_scheduler_new_pods_stay_pending_until_it_is_back(cluster):
    cluster.run(f"mv {MANIFESTS}/kube-scheduler.yaml /root/")
    assert cluster.run("kubectl run lonely --image=nginx").returncode == 0
    row = cluster.run("kubectl get pod lonely -o wide").stdout.splitlines()[1].split()
    assert row[1:3] == ["0/1", "Pending"] and row[6] == "<none>"
    out = cluster.run("kubectl describe pod lonely").stdout
    assert "Node:             <none>" in out and "Conditions:" not in out
    assert out.endswith("Events:                      <none>\n")
    cluster.run(f"mv /root/kube-scheduler.yaml {MANIFESTS}/")
    row = cluster.run("kubectl get pod lonely -o wide").stdout.splitlines()[1].split()
    assert row[1:3] == ["1/1", "Running"] and row[6] in cluster.node_names
    assert "Successfully assigned default/lonely to" in cluster.run("kubectl get events").stdout
    cluster.run("kubectl delete pod lonely --now")


def test_a_comment_added_is_the_same_pod(cluster):
    uid = _pod(cluster, "etcd-controlplane")["metadata"]["uid"]
    cluster.run(f"echo '# checked' >> {MANIFESTS}/etcd.yaml")
    cluster.run("true")
    assert _pod(cluster, "etcd-controlplane")["metadata"]["uid"] == uid


def test_a_deleted_mirror_pod_comes_back(cluster):
    r = cluster.run("kubectl delete pod kube-scheduler-controlplane -n kube-system")
    assert r.stdout == 'pod "kube-scheduler-controlplane" deleted\n'
    row = next(line for line in cluster.run("kubectl get pods -n kube-system").stdout.splitlines()
               if line.startswith("kube-scheduler-controlplane"))
    assert row.split()[1:4] == ["1/1", "Running", "0"]
    assert "127.0.0.1:10259" in cluster.run("ss -lnt").stdout


def test_a_worker_static_pod_deleted_through_the_api_is_mirrored_again(cluster):
    cluster.node("node01").run(f"cat > {MANIFESTS}/static-web.yaml", STATIC_WEB)
    uid = cluster.run("kubectl get pod static-web-node01 -o jsonpath='{.metadata.uid}'").stdout
    assert uid and cluster.run("kubectl delete pod static-web-node01").returncode == 0
    out = cluster.run("kubectl get pod static-web-node01 -o jsonpath='{.metadata.uid} {.status.phase}'").stdout
    assert out.split()[1] == "Running" and out.split()[0] != uid
    cluster.node("node01").run(f"rm {MANIFESTS}/static-web.yaml")


def test_without_the_controller_manager_a_deployment_makes_no_pods_until_it_is_back(cluster):
    cluster.run(f"mv {MANIFESTS}/kube-controller-manager.yaml /root/")
    assert ":10257" not in cluster.run("ss -lnt").stdout
    assert cluster.run("kubectl create deployment held --image=nginx --replicas=2").returncode == 0
    out = cluster.run("kubectl get deployment held").stdout.splitlines()[1].split()
    assert out[1:4] == ["0/2", "0", "0"], out
    r = cluster.run("kubectl get rs")
    assert (r.stdout, r.stderr) == ("", "No resources found in default namespace.\n")
    cluster.run(f"mv /root/kube-controller-manager.yaml {MANIFESTS}/")
    out = cluster.run("kubectl get deployment held").stdout.splitlines()[1].split()
    assert out[1:4] == ["2/2", "2", "2"], out
    cluster.run("kubectl delete deployment held")


def test_a_backup_copy_in_the_directory_is_a_duplicate_until_the_original_goes(cluster):
    cluster.run(f"cp {MANIFESTS}/kube-scheduler.yaml {MANIFESTS}/kube-scheduler.yaml.bak")
    uid = cluster.run("kubectl get pod kube-scheduler-controlplane -n kube-system -o jsonpath='{.metadata.uid}'").stdout
    assert uid == _pod(cluster, "kube-scheduler-controlplane")["metadata"]["uid"]
    first_hash = _pod(cluster, "kube-scheduler-controlplane")["metadata"]["annotations"]["kubernetes.io/config.hash"]
    cluster.run(f"mv {MANIFESTS}/kube-scheduler.yaml /root/")
    new = cluster.run("kubectl get pod kube-scheduler-controlplane -n kube-system -o jsonpath='{.metadata.uid}'")
    assert new.returncode == 0 and new.stdout != uid          # the .bak file's pod runs now
    assert _pod(cluster, "kube-scheduler-controlplane")["metadata"]["annotations"]["kubernetes.io/config.hash"] != \
        first_hash                                             # the hash covers the file's path
    cluster.run(f"mv /root/kube-scheduler.yaml {MANIFESTS}/; rm {MANIFESTS}/kube-scheduler.yaml.bak")
    r = cluster.run("kubectl get pod kube-scheduler-controlplane -n kube-system")
    assert r.returncode == 0 and "Running" in r.stdout
