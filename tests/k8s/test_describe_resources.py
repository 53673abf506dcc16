"""describe node's Lease and Allocated resources, container Limits/Requests, QoS classes, and the pod template
sections (Service Account, Volumes, Priority Class Name, Node-Selectors, Tolerations) as kubectl 1.30 prints them
for kubeadm's coredns and kube-proxy."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.kinds_core import qos_class
from course_lib.k8s.quantity import text, total


@pytest.fixture(scope="module")
def c() -> Cluster:
    return Cluster(cni="bridge")


def test_quantities() -> None:
    assert text(*total(["250m", "200m", "100m", "100m", "100m"])) == "750m"
    assert text(*total(["500m", "500m"])) == "1"
    assert text(*total(["70Mi", "100Mi"])) == "170Mi"
    assert text(*total([])) == "0"


def test_qos_classes() -> None:
    assert qos_class({"containers": [{"name": "a"}]}) == "BestEffort"
    assert qos_class({"containers": [{"resources": {"requests": {"cpu": "100m"}}}]}) == "Burstable"
    both = {"cpu": "1", "memory": "1Gi"}
    assert qos_class({"containers": [{"resources": {"limits": both}}]}) == "Guaranteed"
    assert qos_class({"containers": [{"resources": {"limits": both, "requests": {"cpu": "500m"}}}]}) == "Burstable"


def test_describe_node_lease_and_allocated_resources(c: Cluster) -> None:
    out = c.run("kubectl describe node controlplane").stdout
    assert "Unschedulable:      false\nLease:\n  HolderIdentity:  controlplane\n  AcquireTime:     <unset>\n" \
           "  RenewTime:       Mon, 20 Jan 2025 09:15:00 +0000\nConditions:\n" in out
    assert "  kube-system                 kube-apiserver-controlplane           250m (1%)     0 (0%)      " \
           "0 (0%)  " in out
    assert "  kube-system                 etcd-controlplane                     100m (0%)     0 (0%)      " \
           "100Mi (0%)" in out
    assert out.split("Events:")[0].endswith(
                        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n"
                        "  Resource           Requests    Limits\n  --------           --------    ------\n"
                        "  cpu                750m (4%)   0 (0%)\n  memory             170Mi (0%)  170Mi (0%)\n"
                        "  ephemeral-storage  0 (0%)      0 (0%)\n  hugepages-1Gi      0 (0%)      0 (0%)\n"
                        "  hugepages-2Mi      0 (0%)      0 (0%)\n")


def test_finished_pods_leave_the_node_list(c: Cluster) -> None:
    assert c.run("kubectl run once --image=busybox --restart=Never -- true").stdout == "pod/once created\n"
    c.run("sleep 5")
    assert c.run("kubectl get pod once -o jsonpath='{.status.phase}'").stdout == "Succeeded"
    assert " once " not in c.run("kubectl describe node node01").stdout


def test_coredns_pod_resources_and_qos(c: Cluster) -> None:
    out = c.run("kubectl describe pod -n kube-system -l k8s-app=kube-dns").stdout
    assert "    Restart Count:  0\n    Limits:\n      memory:  170Mi\n    Requests:\n      cpu:        100m\n" \
           "      memory:     70Mi\n    Environment:  <none>\n    Mounts:\n      /etc/coredns from config-volume (ro)\n" \
           in out
    assert "Volumes:\n  config-volume:\n    Type:      ConfigMap (a volume populated by a ConfigMap)\n" \
           "    Name:      coredns\n    Optional:  false\n" in out
    assert "QoS Class:                   Burstable\n" in out
    qos = c.run("kubectl get pod -n kube-system kube-apiserver-controlplane -o jsonpath='{.status.qosClass}'")
    assert qos.stdout == "Burstable"


def test_daemonset_pod_template_sections(c: Cluster) -> None:
    out = c.run("kubectl describe ds kube-proxy -n kube-system").stdout
    assert "Pod Template:\n  Labels:           k8s-app=kube-proxy\n  Service Account:  kube-proxy\n" in out
    assert "    Mounts:\n      /var/lib/kube-proxy from kube-proxy (rw)\n      /run/xtables.lock from xtables-lock (rw)\n" \
           "      /lib/modules from lib-modules (ro)\n  Volumes:\n   kube-proxy:\n" in out
    assert "   lib-modules:\n    Type:               HostPath (bare host directory volume)\n" \
           "    Path:               /lib/modules\n    HostPathType:       \n" \
           "  Priority Class Name:  system-node-critical\n  Node-Selectors:       kubernetes.io/os=linux\n" \
           "  Tolerations:          op=Exists\n" in out
    dep = c.run("kubectl describe deploy coredns -n kube-system").stdout
    assert "RollingUpdateStrategy:  1 max unavailable, 25% max surge\n" in dep
    assert "  Tolerations:          CriticalAddonsOnly op=Exists\n" \
           "                        node-role.kubernetes.io/control-plane:NoSchedule\n" in dep


def test_pod_condition_times_kept_while_unchanged(c: Cluster) -> None:
    c.run("kubectl run timed --image=nginx")
    c.run("sleep 10")
    conds = c.run("kubectl get pod timed -o jsonpath='{range .status.conditions[*]}{.type}={.lastTransitionTime} "
                  "{end}'").stdout.split()
    times = dict(x.split("=") for x in conds)
    created = c.run("kubectl get pod timed -o jsonpath='{.metadata.creationTimestamp}'").stdout
    assert times["PodScheduled"] == times["Initialized"] == created
    assert times["Ready"] == times["ContainersReady"] > created


def test_node_info_matches_the_machine(c: Cluster) -> None:
    wide = c.run("kubectl get node node01 -o wide").stdout.splitlines()[1]
    node = c.lab.host("node01")
    pretty = next(line.split("=", 1)[1].strip('"') for line in node.run("cat /etc/os-release").stdout.splitlines()
                  if line.startswith("PRETTY_NAME="))
    assert f"   {pretty}   {node.run('uname -r').stdout.strip()}   containerd://" in wide
    machine_id = node.run("cat /etc/machine-id").stdout.strip()
    assert len(machine_id) == 32
    out = c.run("kubectl describe node node01").stdout
    assert f"  Machine ID:                 {machine_id}\n" in out
    created = c.run("kubectl get node node01 -o jsonpath='{.metadata.creationTimestamp}'").stdout
    beats = c.run("kubectl get node node01 -o jsonpath='{.status.conditions[*].lastHeartbeatTime}'").stdout.split()
    assert beats and all(b >= created for b in beats)


def test_static_pod_mirror(c: Cluster) -> None:
    out = c.run("kubectl describe pod -n kube-system kube-apiserver-controlplane").stdout
    head = out.split("Containers:")[0]
    assert "Service Account" not in head and "Controlled By:  Node/controlplane\n" in head
    lines = [line.split(":", 1)[0].strip() for line in head.splitlines()]
    assert "kubernetes.io/config.hash" in lines and "kubernetes.io/config.mirror" in lines
    assert "Tolerations:                 :NoExecute op=Exists\nEvents:" in out
    r = c.run("kubectl get pod -n kube-system etcd-controlplane -o jsonpath="
              "'{.metadata.annotations.kubernetes\\.io/config\\.hash} {.metadata.annotations.kubernetes\\.io/config\\.mirror}'")
    digest, mirror = r.stdout.split()
    assert digest == mirror and len(digest) == 32


def test_kubeadm_images_are_present_on_the_control_plane(c: Cluster) -> None:
    events = c.run("kubectl get events -n kube-system --field-selector involvedObject.name=etcd-controlplane").stdout
    assert 'Container image "registry.k8s.io/etcd:3.5.12-0" already present on machine' in events
    assert "Pulling" not in events
    worker_proxy = c.run("kubectl get pods -n kube-system -l k8s-app=kube-proxy --field-selector spec.nodeName=node01 "
                         "-o name").stdout.strip().split("/")[1]
    events = c.run(f"kubectl get events -n kube-system --field-selector involvedObject.name={worker_proxy}").stdout
    assert 'Pulling image "registry.k8s.io/kube-proxy:v1.30.4"' in events      # `kubeadm join` pulls nothing


def test_daemon_pod_tolerations_sorted_by_key(c: Cluster) -> None:
    out = c.run("kubectl describe pod -n kube-system -l k8s-app=kube-proxy").stdout
    block = out.split("Tolerations:")[1].split("Events:")[0]
    assert block == ("                 op=Exists\n"
                     + "".join(f"                             node.kubernetes.io/{t} op=Exists\n" for t in (
                         "disk-pressure:NoSchedule", "memory-pressure:NoSchedule", "network-unavailable:NoSchedule",
                         "not-ready:NoExecute", "pid-pressure:NoSchedule", "unreachable:NoExecute",
                         "unschedulable:NoSchedule")))


def test_node_join_events(c: Cluster) -> None:
    out = c.run("kubectl describe node node01").stdout.split("Events:\n")[1]
    reasons = [line.split()[1] for line in out.splitlines()[2:]]
    assert reasons == ["Starting", "NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID",
                       "NodeAllocatableEnforced", "NodeReady", "RegisteredNode", "Starting"]
    assert "   node-controller  Node node01 event: Registered Node node01 in Controller\n" in out
    assert out.endswith("   kube-proxy       \n")
    ev = c.run("kubectl get events --field-selector involvedObject.kind=Node,reason=NodeReady -o wide").stdout
    assert "kubelet, node01" in ev and "node/controlplane" in ev


def test_daemonset_pods_are_bound_by_the_scheduler(c: Cluster) -> None:
    pods = c.run("kubectl get pods -n kube-system -l k8s-app=kube-proxy -o jsonpath='{range .items[*]}{.metadata.name}"
                 " {.spec.nodeName} {.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
                 "nodeSelectorTerms[0].matchFields[0].values[0]}{\"\\n\"}{end}'").stdout.split("\n")
    rows = [p.split() for p in pods if p]
    assert len(rows) == 2 and all(node == target for _, node, target in rows)
    name, node, _ = rows[0]
    events = c.run(f"kubectl get events -n kube-system --field-selector involvedObject.name={name},reason=Scheduled")
    assert f"Successfully assigned kube-system/{name} to {node}" in events.stdout
