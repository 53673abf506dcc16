"""`kubeadm init` + `kubeadm join`, done at once: LAN, node files, daemons, system objects, kubelets, the CNI."""
from __future__ import annotations

import base64

from dataclasses import dataclass
from typing import Any, Optional

from course_lib.k8s import nodefiles as nf
from course_lib.k8s import pki
from course_lib.k8s.kubelet import CNI_NOT_READY, Kubelet, KubeletDispatcher
from course_lib.k8s.store import ApiError, timestamp

Obj = dict[str, Any]
CONTAINERD_VERSION = "1.6.26"
BOOT_AGE = 900.0
NODE_INFO = {"architecture": "amd64", "bootID": "", "containerRuntimeVersion": f"containerd://{CONTAINERD_VERSION}",
             "kernelVersion": "5.15.0-1071-gcp", "kubeProxyVersion": nf.K8S_VERSION,
             "kubeletVersion": nf.K8S_VERSION, "machineID": "", "operatingSystem": "linux",
             "osImage": "Ubuntu 22.04.4 LTS", "systemUUID": ""}


@dataclass(eq=False)
class Process:
    """A process `ps aux` lists (machine.processes)."""

    pid: int
    name: str
    cmdline: str
    user: str = "root"
    started: float = 0.0
    rss: int = 50000
    owner: Any = None


def build(cluster: Any) -> None:
    lab = cluster.lab
    lab.add_switch("lan")
    names = cluster.node_names
    hosts_lines = "".join(f"{cluster.node_ip(n)} {n}\n" for n in names)
    for name in names:
        lab.add_host(name)
        lab.connect(name, "lan", "eth0")
        ip = cluster.node_ip(name)
        host = lab.host(name)
        host.run(f"ip addr add {ip}/24 dev eth0\nip link set eth0 up\nip route add default via 192.168.1.1\n"
                 "sysctl -qw net.ipv4.ip_forward=1\nsysctl -qw net.bridge.bridge-nf-call-iptables=1")
        machine = cluster.machine(name)
        machine.hostname = name
        machine.k8s_cluster = cluster
        _node_files(cluster, name, hosts_lines)
        _daemons(cluster, name)
        cluster.kubelets[name] = Kubelet(cluster, name)
    cluster.kubelets["controlplane"].images |= set(nf.kubeadm_images())   # `kubeadm init` pulled them (preflight)
    cluster.add_controller(KubeletDispatcher(cluster))
    from course_lib.k8s import satoken
    satoken.install()                           # kubectl create token
    boot = cluster.now()
    from course_lib.k8s.scheduling import system_classes
    for pc in system_classes():
        cluster.store.create(pc, created_at=boot)
    for ns in ("default", "kube-node-lease", "kube-public", "kube-system"):
        cluster.store.create({"apiVersion": "v1", "kind": "Namespace",
                              "metadata": {"name": ns, "labels": {"kubernetes.io/metadata.name": ns}},
                              "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}, created_at=boot)
        cluster.store.create({"apiVersion": "v1", "kind": "ServiceAccount",
                              "metadata": {"name": "default", "namespace": ns}}, created_at=boot)
        cluster.store.create({"apiVersion": "v1", "kind": "ConfigMap",
                              "metadata": {"name": "kube-root-ca.crt", "namespace": ns},
                              "data": {"ca.crt": pki.of(cluster).ca_pem}}, created_at=boot)
    from course_lib.k8s import node_events
    for i, name in enumerate(names):
        # every node registers at boot: its DaemonSet and coredns pods are made then too, so a later join time
        # would show pods older than their node (kube-proxy 15m on an 11m node01)
        node_events.joined(cluster, cluster.store.create(_node_object(cluster, name), created_at=boot + i))
    cluster.reconcile()
    refresh_nodes(cluster)                      # NotReady (with its taint) until a CNI config exists
    _static_pods(cluster, boot)
    _system_workloads(cluster, boot)
    cluster.reconcile()
    if cluster.cni is not None:
        from course_lib.k8s import addons
        addons.install_default(cluster, cluster.cni)
    cluster.reconcile()
    cluster.network.clock += BOOT_AGE          # the lab starts 15 minutes after `kubeadm init`


def _node_files(cluster: Any, name: str, hosts_lines: str) -> None:
    from course_lib.cni import runtime
    from course_lib.docker.hostops import write_file
    m = cluster.machine(name)
    ip = cluster.node_ip(name)
    server = f"https://{cluster.node_ip('controlplane')}:6443"
    write_file(m, "/etc/hosts", f"127.0.0.1 localhost\n{hosts_lines}")
    write_file(m, "/etc/machine-id", machine_ids(cluster, name)["machineID"] + "\n", mode=0o444)
    write_file(m, "/etc/hostname", name + "\n")
    _resolv_link(m)
    write_file(m, "/var/lib/kubelet/config.yaml", nf.KUBELET_CONFIG)
    write_file(m, "/var/lib/kubelet/kubeadm-flags.env", nf.KUBEADM_FLAGS)
    certs = pki.of(cluster)
    ca_data = base64.b64encode(certs.ca_pem.encode()).decode()
    write_file(m, "/etc/kubernetes/kubelet.conf", nf.kubeconfig(f"system:node:{name}", server, ca_data,
                                                                 cert_file=pki.KUBELET_CLIENT), mode=0o600)
    write_file(m, pki.KUBELET_CLIENT, certs.kubelet_client(name), mode=0o600)
    write_file(m, "/etc/kubernetes/pki/ca.crt", certs.ca_pem)
    write_file(m, "/run/containerd/containerd.sock", "", mode=0o660)
    write_file(m, "/etc/containerd/config.toml", 'version = 2\n[plugins."io.containerd.grpc.v1.cri".cni]\n'
               '  bin_dir = "/opt/cni/bin"\n  conf_dir = "/etc/cni/net.d"\n')
    runtime.install(m)
    _other_plugins(m)
    if name == "controlplane":
        for path, text, mode in certs.files():
            write_file(m, path, text, mode=mode)
        for conf, user, orgs in pki.KUBECONFIGS:
            pair = certs.client(user, orgs)
            text = nf.kubeconfig(user, server, ca_data, base64.b64encode(pair.cert_pem.encode()).decode(),
                                 base64.b64encode(pair.key_pem.encode()).decode())
            write_file(m, f"/etc/kubernetes/{conf}", text, mode=0o600)
            if conf == "admin.conf":
                write_file(m, "/root/.kube/config", text, mode=0o600)
        for static in ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"):
            write_file(m, f"/etc/kubernetes/manifests/{static}.yaml", _manifest_text(cluster, static, ip), mode=0o600)
    else:
        from course_lib.shell.fs import get_fs
        get_fs(m).mkdir("/etc/kubernetes/manifests", parents=True)


def _resolv_link(machine: Any) -> None:
    """Ubuntu's /etc/resolv.conf: a link to systemd-resolved's stub file (the kubelet reads the uplink file,
    /run/systemd/resolve/resolv.conf, which clusterdns writes when the node is ready)."""
    from course_lib.docker.hostops import write_file
    from course_lib.k8s.clusterdns import STUB_RESOLV
    from course_lib.shell.fs import get_fs
    write_file(machine, "/run/systemd/resolve/stub-resolv.conf", STUB_RESOLV)
    fs = get_fs(machine)
    fs.remove("/etc/resolv.conf")
    fs.symlink("../run/systemd/resolve/stub-resolv.conf", "/etc/resolv.conf")


# The rest of the kubernetes-cni package (containernetworking-plugins) that kubeadm nodes carry.
OTHER_PLUGINS = ("bandwidth", "dhcp", "dummy", "firewall", "host-device", "ipvlan", "macvlan", "ptp", "sbr",
                 "static", "tap", "tuning", "vlan", "vrf")


def _other_plugins(machine: Any) -> None:
    from course_lib.cni import protocol
    from course_lib.cni.plugins import plugin
    from course_lib.shell.fs import get_fs
    fs = get_fs(machine)
    for name in OTHER_PLUGINS:
        def body(ctx: Any, command: str, conf: Obj, env: dict[str, str], name: str = name) -> Any:
            raise protocol.CniError(protocol.INTERNAL, f"the {name} plugin is not modelled by the course's simulation")
        fs.add_executable(f"/opt/cni/bin/{name}", plugin(name, body))


def _static_args(cluster: Any, static: str, ip: str) -> list[str]:
    if static == "etcd":
        return nf.etcd_args(ip, "controlplane")
    if static == "kube-apiserver":
        return nf.apiserver_args(ip, cluster.service_cidr)
    if static == "kube-controller-manager":
        return nf.controller_manager_args(cluster.pod_cidr, cluster.service_cidr)
    return nf.scheduler_args()


def _manifest_text(cluster: Any, static: str, ip: str) -> str:
    from course_lib.k8s.printers import to_yaml
    return to_yaml(nf.static_pod(static, "controlplane", ip, _static_args(cluster, static, ip)))


def _daemons(cluster: Any, name: str) -> None:
    from course_lib.net.sockets import ephemeral_port, tcp_listen
    m = cluster.machine(name)
    pid = cluster.new_pid(name)
    cluster.add_process(name, pid, ["/usr/bin/containerd"], None)
    # the CRI streaming server: stream_server_address "127.0.0.1", stream_server_port "0" (a free port)
    tcp_listen(m.root, "127.0.0.1", ephemeral_port(m.root, "tcp"), lambda *a: None, "containerd", pid, backlog=4096)
    pid = cluster.new_pid(name)
    cluster.add_process(name, pid, nf.KUBELET_CMD.split(), None)
    tcp_listen(m.root, "127.0.0.1", 10248, lambda *a: None, "kubelet", pid, backlog=4096)   # Go: somaxconn
    from course_lib.http.transport import listen
    from course_lib.k8s.component_https import kubelet
    listen(m.root, "::", 10250, kubelet(cluster, name), "kubelet", pid)      # Go's 0.0.0.0: one dual-stack socket


def _node_object(cluster: Any, name: str) -> Obj:
    labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
              "kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}
    spec: Obj = {}
    if name == "controlplane":
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        spec["taints"] = [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"annotations": {"kubeadm.alpha.kubernetes.io/cri-socket":
                                         "unix:///var/run/containerd/containerd.sock",
                                         "node.alpha.kubernetes.io/ttl": "0",
                                         "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
                         "labels": labels, "name": name},
            "spec": spec,
            "status": {"addresses": [{"address": cluster.node_ip(name), "type": "InternalIP"},
                                     {"address": name, "type": "Hostname"}],
                       "allocatable": {"cpu": "16", "ephemeral-storage": "72435105492", "hugepages-1Gi": "0",
                                       "hugepages-2Mi": "0", "memory": "65735884Ki", "pods": "110"},
                       "capacity": {"cpu": "16", "ephemeral-storage": "76823276Ki", "hugepages-1Gi": "0",
                                    "hugepages-2Mi": "0", "memory": "65838284Ki", "pods": "110"},
                       "conditions": [], "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                       "nodeInfo": {**NODE_INFO, **machine_ids(cluster, name), **_os_info(cluster, name)}}}


def _os_info(cluster: Any, name: str) -> dict[str, str]:
    """What the kubelet reads from the machine: uname's release and /etc/os-release's PRETTY_NAME."""
    from course_lib.docker.hostops import read_file
    from course_lib.shell.coreutils_sys import KERNEL_RELEASE
    pretty = NODE_INFO["osImage"]
    for line in (read_file(cluster.machine(name), "/etc/os-release") or "").splitlines():
        if line.startswith("PRETTY_NAME="):
            pretty = line.split("=", 1)[1].strip('"')
    return {"kernelVersion": KERNEL_RELEASE, "osImage": pretty}


def machine_ids(cluster: Any, name: str) -> dict[str, str]:
    """The node's /etc/machine-id, DMI product UUID and boot id (kubelet's nodeInfo), fixed by the lab's seed
    and the node's name without drawing from the lab's RNG."""
    import hashlib
    import uuid
    digest = hashlib.sha256(f"{getattr(cluster.lab, 'seed', 0)}/{name}".encode()).digest()
    return {"bootID": str(uuid.UUID(bytes=digest[16:32], version=4)), "machineID": digest[:16].hex(),
            "systemUUID": str(uuid.UUID(bytes=digest[8:24], version=4))}


def refresh_nodes(cluster: Any, names: Optional[list[str]] = None) -> None:
    """The kubelets' node status: Ready once a CNI config exists; the not-ready taint follows."""
    for name in names or cluster.node_names:
        node = cluster.store.get("Node", "", name)
        kubelet = cluster.kubelets[name]
        ready = kubelet.network_ready()
        from course_lib.k8s.store import parse_timestamp
        now = cluster.timestamp(max(cluster.now(), parse_timestamp(node["metadata"]["creationTimestamp"])))
        kept = {c["type"]: c["lastTransitionTime"] for c in node["status"].get("conditions") or []}
        conds = []
        for ctype, reason, msg in (("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                                   ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                                   ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available")):
            conds.append({"lastHeartbeatTime": now, "lastTransitionTime": kept.get(ctype, now), "message": msg,
                          "reason": reason, "status": "False", "type": ctype})
        conds.append({"lastHeartbeatTime": now, "lastTransitionTime": now,
                      "message": "kubelet is posting ready status" if ready else CNI_NOT_READY,
                      "reason": "KubeletReady" if ready else "KubeletNotReady",
                      "status": "True" if ready else "False", "type": "Ready"})
        old_ready = any(c["type"] == "Ready" and c["status"] == "True" for c in node["status"]["conditions"])
        if node["status"]["conditions"] and old_ready == ready:
            continue
        node["status"]["conditions"] = conds
        if ready:
            from course_lib.k8s import node_events
            node_events.ready(cluster, node, parse_timestamp(now))
        taints = [t for t in node.get("spec", {}).get("taints") or [] if t["key"] != "node.kubernetes.io/not-ready"]
        if not ready:
            taints.append({"effect": "NoSchedule", "key": "node.kubernetes.io/not-ready"})
        if taints:
            node.setdefault("spec", {})["taints"] = taints
        else:
            node.get("spec", {}).pop("taints", None)
        cluster.store.touch(node)
        if ready:
            dispatcher = next(c for c in cluster.controllers if isinstance(c, KubeletDispatcher))
            for key in sorted(kubelet.waiting_network):
                kubelet.waiting_network.discard(key)
                cluster._queue[(dispatcher, key)] = None
            for hook in list(cluster.hooks["node_ready"]):
                hook(cluster, node)
    cluster.reconcile()


def _static_pods(cluster: Any, boot: float) -> None:
    """The kubelets read kubeadm's manifests (k8s/static_pods.py): the control plane's static pods."""
    from course_lib.k8s import static_pods
    static_pods.install(cluster, boot)


def mirror_annotations(pod: Obj, seen: float, source: str = "") -> dict[str, str]:
    """The kubelet's annotations on a static pod's mirror: the hash of the manifest's pod and its source
    ("host:NODEfile:PATH", as applyDefaults adds them: the pod's UID, also config.mirror) and when the
    kubelet first saw the file (RFC 3339 with nanoseconds)."""
    import hashlib
    import json
    digest = hashlib.md5((json.dumps(pod, sort_keys=True) + source).encode()).hexdigest()
    nanos = int(digest[:8], 16) % 1_000_000_000
    stamp = timestamp(seen)[:-1] + f".{nanos:09d}Z"
    return {"kubernetes.io/config.hash": digest, "kubernetes.io/config.mirror": digest,
            "kubernetes.io/config.seen": stamp}


def _create_system(cluster: Any, obj: Obj, at: float) -> None:
    info, admitted = cluster.api.admit(obj, None)
    cluster.before_create(info, admitted)
    cluster.store.create(admitted, created_at=at)


KUBE_PROXY_TEMPLATE = {
    "metadata": {"labels": {"k8s-app": "kube-proxy"}},
    "spec": {"containers": [{"command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                         "--hostname-override=$(NODE_NAME)"],
                             "env": [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                                                      "fieldPath": "spec.nodeName"}}}],
                             "image": f"registry.k8s.io/kube-proxy:{nf.K8S_VERSION}", "name": "kube-proxy",
                             "securityContext": {"privileged": True},
                             "volumeMounts": [{"mountPath": "/var/lib/kube-proxy", "name": "kube-proxy"},
                                              {"mountPath": "/run/xtables.lock", "name": "xtables-lock"},
                                              {"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": True}]}],
             "volumes": [{"configMap": {"defaultMode": 420, "name": "kube-proxy"}, "name": "kube-proxy"},
                         {"hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}, "name": "xtables-lock"},
                         {"hostPath": {"path": "/lib/modules", "type": ""}, "name": "lib-modules"}],
             "hostNetwork": True, "nodeSelector": {"kubernetes.io/os": "linux"},
             "priorityClassName": "system-node-critical", "serviceAccountName": "kube-proxy",
             "tolerations": [{"operator": "Exists"}]}}

COREDNS_TEMPLATE = {
    "metadata": {"labels": {"k8s-app": "kube-dns"}},
    "spec": {"containers": [{"args": ["-conf", "/etc/coredns/Corefile"],
                             "image": nf.COREDNS_IMAGE, "name": "coredns",
                             "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                                       {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                                       {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                             "resources": {"limits": {"memory": "170Mi"},
                                           "requests": {"cpu": "100m", "memory": "70Mi"}},
                             "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {
                                 "add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}, "readOnlyRootFilesystem": True},
                             "volumeMounts": [{"mountPath": "/etc/coredns", "name": "config-volume",
                                               "readOnly": True}]}],
             "volumes": [{"configMap": {"defaultMode": 420, "items": [{"key": "Corefile", "path": "Corefile"}],
                                        "name": "coredns"}, "name": "config-volume"}],
             "dnsPolicy": "Default", "nodeSelector": {"kubernetes.io/os": "linux"},
             "priorityClassName": "system-cluster-critical", "serviceAccountName": "coredns",
             "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                             {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]}}


def kubeadm_config(cluster: Any) -> str:
    return f"""apiServer:
  timeoutForControlPlane: 4m0s
apiVersion: kubeadm.k8s.io/v1beta3
certificatesDir: /etc/kubernetes/pki
clusterName: kubernetes
controlPlaneEndpoint: {cluster.node_ip('controlplane')}:6443
controllerManager: {{}}
dns: {{}}
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: {nf.K8S_VERSION}
networking:
  dnsDomain: cluster.local
  podSubnet: {cluster.pod_cidr}
  serviceSubnet: {cluster.service_cidr}
scheduler: {{}}
"""


def _system_workloads(cluster: Any, boot: float) -> None:
    for name, key, text in (("kubeadm-config", "ClusterConfiguration", kubeadm_config(cluster)),
                            ("kubelet-config", "kubelet", nf.KUBELET_CONFIG)):
        cluster.store.create({"apiVersion": "v1", "kind": "ConfigMap",
                              "metadata": {"name": name, "namespace": "kube-system"}, "data": {key: text}},
                             created_at=boot + 2)
    for sa in ("kube-proxy", "coredns"):
        cluster.store.create({"apiVersion": "v1", "kind": "ServiceAccount",
                              "metadata": {"name": sa, "namespace": "kube-system"}}, created_at=boot + 10)
    _create_system(cluster, {"apiVersion": "apps/v1", "kind": "DaemonSet",
                             "metadata": {"name": "kube-proxy", "namespace": "kube-system",
                                          "labels": {"k8s-app": "kube-proxy"}},
                             "spec": {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
                                      "template": KUBE_PROXY_TEMPLATE}}, boot + 10)
    _create_system(cluster, {"apiVersion": "apps/v1", "kind": "Deployment",
                             "metadata": {"name": "coredns", "namespace": "kube-system",
                                          "labels": {"k8s-app": "kube-dns"}},
                             "spec": {"replicas": 2, "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
                                      "strategy": {"rollingUpdate": {"maxUnavailable": 1}, "type": "RollingUpdate"},
                                      "template": COREDNS_TEMPLATE}}, boot + 10)


def ignore(exc: ApiError) -> None:
    return None
