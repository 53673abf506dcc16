"""Flannel (vxlan backend) as the cluster's CNI: kube-flannel-ds, flannel.1, cni0, routes to each node's /24.

Each kube-flannel pod's flanneld (--kube-subnet-mgr) takes the node's podCIDR (10.244.N.0/24):
- `flannel.1`, a vxlan device (VNI 1, local = the node's address, dev eth0, dstport 8472, nolearning),
  MTU 1450, with 10.244.N.0/32 (course_lib.net.vxlan: pod traffic between nodes goes as UDP 8472
  between the nodes' addresses, which the nodes' routing and iptables see);
- for every other node M running flannel: `10.244.M.0/24 via 10.244.M.0 dev flannel.1 onlink`, a
  permanent neighbour entry for 10.244.M.0 with M's flannel.1 MAC, and the fdb entry
  `M's MAC dst M's address self permanent` -- what flanneld programs;
- /run/flannel/subnet.env, /etc/cni/net.d/10-flannel.conflist and /opt/cni/bin/flannel, which
  delegates to the bridge plugin (`cni0`, gateway 10.244.N.1, host-local over the node's /24).
Pod-to-pod traffic across nodes is routed, never NATed: the receiver sees the sender's pod IP.
"""
from __future__ import annotations

import ipaddress
import json
from typing import Any

from course_lib.k8s import addons
from course_lib.k8s.containers import RUNNERS, RunningContainer

VERSION = "v0.25.6"
DEVICE = "flannel.1"
VNI, PORT = 1, 8472
URL = "https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml"


def _subnet_env(machine: Any) -> dict[str, str]:
    from course_lib.docker.hostops import read_file
    text = read_file(machine, "/run/flannel/subnet.env") or ""
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def _flannel_plugin(ctx: Any, command: str, conf: dict[str, Any], env: dict[str, str]) -> Any:
    from course_lib.cni import protocol
    from course_lib.cni.protocol import CniError
    from course_lib.cni.runtime import exec_plugin
    subnet_env = _subnet_env(ctx.machine)
    if not subnet_env:
        raise CniError(protocol.INTERNAL, "failed to load flannel 'subnet.env' file: open /run/flannel/subnet.env: "
                       "no such file or directory. Check the flannel pod log for this node.")
    subnet = ipaddress.IPv4Interface(subnet_env["FLANNEL_SUBNET"]).network
    delegate = {"cniVersion": conf.get("cniVersion", "0.3.1"), "name": conf.get("name", "cbr0"), "type": "bridge",
                "bridge": "cni0", "mtu": int(subnet_env.get("FLANNEL_MTU", "1450")), "ipMasq": False,
                "isGateway": True, "isDefaultGateway": True, "hairpinMode": True,
                "ipam": {"type": "host-local", "ranges": [[{"subnet": str(subnet)}]],
                         "routes": [{"dst": subnet_env.get("FLANNEL_NETWORK", "10.244.0.0/16")}]}}
    return exec_plugin(ctx, "bridge", env, json.dumps(delegate))


CONFLIST = json.dumps({"name": "cbr0", "cniVersion": "0.3.1", "plugins": [
    {"type": "flannel", "delegate": {"hairpinMode": True, "isDefaultGateway": True}},
    {"type": "portmap", "capabilities": {"portMappings": True}}]}, indent=2) + "\n"


def _device_mac(cluster: Any, node: str) -> str:
    link = cluster.machine(node).root.link_by_name(DEVICE)
    return link.mac if link is not None else ""


def flanneld(rc: RunningContainer) -> None:
    from course_lib.cni.plugins import plugin
    from course_lib.docker.hostops import write_file
    from course_lib.k8s.bootstrap import refresh_nodes
    from course_lib.k8s.cluster import run_setup
    from course_lib.shell.fs import get_fs
    cluster, node = rc.cluster, rc.node
    machine = cluster.machine(node)
    host = cluster.lab.host(node)
    cidr = ipaddress.IPv4Network(cluster.store.get("Node", "", node)["spec"]["podCIDR"])
    if machine.root.link_by_name(DEVICE) is None:
        # vxlan.go's ensureLink: VNI 1, the node's address as local, eth0 as the lower device, port 8472,
        # no learning (flanneld programs every peer); MTU 1450 from eth0's 1500
        run_setup(host, f"ip link add {DEVICE} type vxlan id {VNI} local {cluster.node_ip(node)} dev eth0 "
                  f"dstport {PORT} nolearning\nip addr add {cidr.network_address}/32 dev {DEVICE}\n"
                  f"ip link set {DEVICE} up")
    started = cluster.__dict__.setdefault("_flannel_nodes", [])
    for other in started:
        if other == node:
            continue
        other_cidr = ipaddress.IPv4Network(cluster.store.get("Node", "", other)["spec"]["podCIDR"])
        _route(cluster, node, other_cidr, _device_mac(cluster, other), cluster.node_ip(other))
        _route(cluster, other, cidr, _device_mac(cluster, node), cluster.node_ip(node))
    if node not in started:
        started.append(node)
    write_file(machine, "/run/flannel/subnet.env",
               f"FLANNEL_NETWORK={cluster.pod_cidr}\nFLANNEL_SUBNET={cidr.network_address + 1}/{cidr.prefixlen}\n"
               "FLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n")
    get_fs(machine).add_executable("/opt/cni/bin/flannel", plugin("flannel", _flannel_plugin))
    write_file(machine, "/etc/cni/net.d/10-flannel.conflist", CONFLIST)
    stamp = "I0120 09:00:00.000000       1 "
    for line in (f"{stamp}main.go:211] CLI flags config: {{etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 "
                 "etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: "
                 "version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com "
                 f"kubeConfigFile: iface:[] ifaceRegex:[] ipMasq:true ifaceCanReach: subnetFile:/run/flannel/subnet.env "
                 "publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 "
                 "iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}",
                 f"{stamp}kube.go:139] Waiting 10m0s for node controller to sync",
                 f"{stamp}kube.go:469] Starting kube subnet manager",
                 f"{stamp}main.go:231] Created subnet manager: Kubernetes Subnet Manager - {node}",
                 f"{stamp}main.go:234] Installing signal handlers",
                 f"{stamp}main.go:452] Found network config - Backend type: vxlan",
                 f"{stamp}kube.go:669] List of node({node}) annotations: map[string]string{{}}",
                 f"{stamp}match.go:210] Determining IP address of default interface",
                 f"{stamp}match.go:263] Using interface with name eth0 and address {cluster.node_ip(node)}",
                 f"{stamp}match.go:285] Defaulting external address to interface address ({cluster.node_ip(node)})",
                 f"{stamp}vxlan.go:141] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false",
                 f"{stamp}kube.go:636] List of node({node}) annotations: map[string]string{{"
                 f"\"flannel.alpha.coreos.com/backend-data\":\"{{\\\"VNI\\\":1,\\\"VtepMAC\\\":\\\""
                 f"{_device_mac(cluster, node)}\\\"}}\", \"flannel.alpha.coreos.com/backend-type\":\"vxlan\", "
                 f"\"flannel.alpha.coreos.com/kube-subnet-manager\":\"true\", "
                 f"\"flannel.alpha.coreos.com/public-ip\":\"{cluster.node_ip(node)}\"}}",
                 f"{stamp}main.go:357] Setting up masking rules",
                 f"{stamp}main.go:406] Changing default FORWARD chain policy to ACCEPT",
                 f"{stamp}main.go:420] Wrote subnet file to /run/flannel/subnet.env",
                 f"{stamp}main.go:424] Running backend.",
                 f"{stamp}vxlan_network.go:65] watching for new subnet leases",
                 f"{stamp}main.go:445] Waiting for all goroutines to exit"):
        rc.log(line)
    refresh_nodes(cluster, [node])


def _route(cluster: Any, node: str, cidr: ipaddress.IPv4Network, mac: str, vtep_ip: str) -> None:
    """A peer's lease, as vxlan_network.go handles it: `ip route replace CIDR via GW dev flannel.1 onlink`,
    `ip neigh replace GW lladdr MAC dev flannel.1 nud permanent` and `bridge fdb replace MAC dev flannel.1
    dst NODE-IP self permanent`, through the netlink-level interface the `ip` command uses."""
    from course_lib.backends.stack import RouteSpec
    stack = cluster.context(node).stack
    gw = str(cidr.network_address)
    stack.route_add(RouteSpec(dst=str(cidr), gateway=gw, dev=DEVICE, onlink=True), how="replace")
    stack.neigh_add(gw, DEVICE, mac, "PERMANENT", how="replace")
    stack.fdb_add(mac, DEVICE, how="replace", dst=vtep_ip)


RUNNERS["flanneld"] = flanneld


def manifest(cluster: Any, url: str) -> str:
    from course_lib.k8s.printers import to_yaml
    labels = {"app": "flannel", "k8s-app": "flannel", "tier": "node"}
    net_conf = json.dumps({"Network": cluster.pod_cidr, "EnableNFTables": False, "Backend": {"Type": "vxlan"}},
                          indent=2) + "\n"
    rbac = "rbac.authorization.k8s.io/v1"
    image = f"docker.io/flannel/flannel:{VERSION}"
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet",
          "metadata": {"labels": labels, "name": "kube-flannel-ds", "namespace": "kube-flannel"},
          "spec": {"selector": {"matchLabels": {"app": "flannel"}},
                   "template": {"metadata": {"labels": labels}, "spec": {
                       "containers": [{"name": "kube-flannel", "image": image, "command": ["/opt/bin/flanneld"],
                                       "args": ["--ip-masq", "--kube-subnet-mgr"],
                                       "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {
                                           "fieldPath": "metadata.name"}}},
                                               {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {
                                                   "fieldPath": "metadata.namespace"}}},
                                               {"name": "EVENT_QUEUE_DEPTH", "value": "5000"}],
                                       "resources": {"requests": {"cpu": "100m", "memory": "50Mi"}},
                                       "securityContext": {"capabilities": {"add": ["NET_ADMIN", "NET_RAW"]},
                                                           "privileged": False}}],
                       "hostNetwork": True, "priorityClassName": "system-node-critical",
                       "serviceAccountName": "flannel",
                       "tolerations": [{"effect": "NoSchedule", "operator": "Exists"}]}}}}
    docs = [{"apiVersion": "v1", "kind": "Namespace",
             "metadata": {"labels": {"k8s-app": "flannel", "pod-security.kubernetes.io/enforce": "privileged"},
                          "name": "kube-flannel"}},
            {"apiVersion": "v1", "kind": "ServiceAccount",
             "metadata": {"labels": {"k8s-app": "flannel"}, "name": "flannel", "namespace": "kube-flannel"}},
            {"apiVersion": rbac, "kind": "ClusterRole", "metadata": {"labels": {"k8s-app": "flannel"},
                                                                     "name": "flannel"},
             "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]},
                       {"apiGroups": [""], "resources": ["nodes"], "verbs": ["get", "list", "watch"]},
                       {"apiGroups": [""], "resources": ["nodes/status"], "verbs": ["patch"]}]},
            {"apiVersion": rbac, "kind": "ClusterRoleBinding",
             "metadata": {"labels": {"k8s-app": "flannel"}, "name": "flannel"},
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "flannel"},
             "subjects": [{"kind": "ServiceAccount", "name": "flannel", "namespace": "kube-flannel"}]},
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"labels": labels, "name": "kube-flannel-cfg", "namespace": "kube-flannel"},
             "data": {"cni-conf.json": CONFLIST, "net-conf.json": net_conf}},
            ds]
    return "".join("---\n" + to_yaml(d) for d in docs)


def _is_flannel(url: str) -> bool:
    return url.startswith(("https://github.com/flannel-io/flannel/releases/",
                           "https://raw.githubusercontent.com/flannel-io/flannel/",
                           "https://raw.githubusercontent.com/coreos/flannel/")) and url.endswith("kube-flannel.yml")


addons.register_url(_is_flannel, manifest)
