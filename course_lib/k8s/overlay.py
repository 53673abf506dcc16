"""Weave Net as the cluster's overlay: the weave-net DaemonSet, the `weave` bridge, IPAM slices, the tunnel.

Applying the weave manifest (the seed's cloud.weave.works URL, or the GitHub release file) creates the
DaemonSet; each weave-net pod's `weave` container (launch.sh) then sets its node up as Weave does:
- the bridge `weave`, with the first address of the node's slice of IPALLOC_RANGE 10.32.0.0/12;
- the tunnel: a device `vxlan-6784` enslaved to `weave` and cabled to a shared "weave-overlay"
  segment -- the encapsulated mesh between the peers, made visible as one L2 link per node;
- /opt/cni/bin/weave-net (the plugin: a veth to `weave`, an address from the node's slice, the default
  route via the bridge) and /etc/cni/net.d/10-weave.conflist, which makes the kubelet Ready.
Pods of all nodes share 10.32.0.0/12, so cross-node traffic is bridged over the tunnel, never NATed.
"""
from __future__ import annotations

import ipaddress
import json
from typing import Any

from course_lib.k8s import addons
from course_lib.k8s.containers import RUNNERS, RunningContainer

RANGE = ipaddress.IPv4Network("10.32.0.0/12")
WEAVE_VERSION = "2.8.1"
OVERLAY_SWITCH = "weave-overlay"
TUNNEL = "vxlan-6784"
DEFAULT_URLS = {"weave": "https://github.com/weaveworks/weave/releases/download/v2.8.1/weave-daemonset-k8s.yaml"}


def slice_for(cluster: Any, node: str) -> tuple[ipaddress.IPv4Address, ipaddress.IPv4Address]:
    """(bridge address, last pod address): the node's share of the range, split as peers join."""
    names = cluster.node_names
    i = names.index(node)
    bits = max(1, (len(names) - 1).bit_length())
    rev = int(format(i, f"0{bits}b")[::-1], 2)
    size = RANGE.num_addresses >> bits
    start = RANGE.network_address + rev * size
    bridge = start + 1 if i == 0 else start
    return bridge, bridge + 254


def _weave_plugin(ctx: Any, command: str, conf: dict[str, Any], env: dict[str, str]) -> Any:
    from course_lib.cni.runtime import exec_plugin
    cluster = ctx.machine.k8s_cluster
    bridge_ip, last = slice_for(cluster, ctx.machine.name)
    delegate = {"cniVersion": conf.get("cniVersion", "0.3.0"), "name": "weave", "type": "bridge",
                "bridge": "weave", "isGateway": False, "hairpinMode": True,
                "ipam": {"type": "host-local", "ranges": [[{"subnet": str(RANGE), "rangeStart": str(bridge_ip + 1),
                                                             "rangeEnd": str(last), "gateway": str(bridge_ip)}]],
                         "routes": [{"dst": "0.0.0.0/0", "gw": str(bridge_ip)}]}}
    return exec_plugin(ctx, "bridge", env, json.dumps(delegate))


def install_plugin(machine: Any) -> None:
    from course_lib.cni.plugins import plugin
    from course_lib.shell.fs import get_fs
    fs = get_fs(machine)
    for name in ("weave-net", "weave-ipam", f"weave-plugin-{WEAVE_VERSION}"):
        fs.add_executable(f"/opt/cni/bin/{name}", plugin("weave-net", _weave_plugin))


CONFLIST = json.dumps({"cniVersion": "0.3.0", "name": "weave", "plugins": [
    {"name": "weave", "type": "weave-net", "hairpinMode": True},
    {"type": "portmap", "capabilities": {"portMappings": True}, "snat": True}]}, indent=4) + "\n"


def launch(rc: RunningContainer) -> None:
    """weave-kube's launch.sh: the bridge, the tunnel to the peers, the CNI plugin and config."""
    from course_lib.docker.hostops import write_file
    from course_lib.k8s.bootstrap import refresh_nodes
    from course_lib.k8s.cluster import run_setup
    cluster, node = rc.cluster, rc.node
    host = cluster.lab.host(node)
    machine = cluster.machine(node)
    bridge_ip, _ = slice_for(cluster, node)
    if OVERLAY_SWITCH not in cluster.lab._switches:
        cluster.lab.add_switch(OVERLAY_SWITCH)
    if machine.root.link_by_name("weave") is None:
        run_setup(host, f"ip link add weave type bridge\nip addr add {bridge_ip}/{RANGE.prefixlen} dev weave\n"
                  "ip link set weave up")
        cluster.lab.connect(node, OVERLAY_SWITCH, TUNNEL)
        run_setup(host, f"ip link set {TUNNEL} mtu 1376\nip link set {TUNNEL} master weave\nip link set {TUNNEL} up")
    install_plugin(machine)
    write_file(machine, "/etc/cni/net.d/10-weave.conflist", CONFLIST)
    rc.listen_raw(6783, "weaver", "::")               # Go wildcards: one dual-stack socket each
    rc.listen_raw(6784, "weaver", "127.0.0.1")
    rc.listen_raw(6782, "weaver", "::")               # metrics
    _log_start(rc, bridge_ip)
    refresh_nodes(cluster, [node])


def _log_start(rc: RunningContainer, bridge_ip: Any) -> None:
    cluster, node = rc.cluster, rc.node
    mac = cluster.machine(node).root.link_by_name("weave").mac if cluster.machine(node).root.link_by_name("weave") \
        else "00:00:00:00:00:00"
    stamp = rc.clock().strftime("%Y/%m/%d %H:%M:%S")
    peers = [n for n in cluster.node_names if n != node]
    lines = [f"DEBU: {stamp}.000000 [kube-peers] Checking peer \"{mac}\" against list &{{[]}}",
             "Peer not in list; removing persisted data",
             f"INFO: {stamp}.000000 Command line options: map[conn-limit:200 datapath:datapath db-prefix:/weavedb/"
             f"weave-net docker-api: expect-npc:true http-addr:127.0.0.1:6784 ipalloc-init:consensus="
             f"{len(cluster.node_names)} ipalloc-range:{RANGE} metrics-addr:0.0.0.0:6782 mtu:1376 name:{mac} nickname:{node} "
             "no-dns:true no-masq-local:true port:6783]",
             f"INFO: {stamp}.000000 weave  {WEAVE_VERSION}",
             f"INFO: {stamp}.000000 Bridge type is bridged_fastdp",
             f"INFO: {stamp}.000000 Communication between peers is unencrypted.",
             f"INFO: {stamp}.000000 Our name is {mac}({node})",
             f"INFO: {stamp}.000000 Launch detected - using supplied peer list: "
             f"[{' '.join(cluster.node_ip(p) for p in peers)}]",
             f"INFO: {stamp}.000000 Using \"no-masq-local\" LocalRangeTracker",
             f"INFO: {stamp}.000000 Checking for pre-existing addresses on weave bridge",
             f"INFO: {stamp}.000000 [allocator {mac}] No valid persisted data",
             f"INFO: {stamp}.000000 [allocator {mac}] Initialising via deferred consensus",
             f"INFO: {stamp}.000000 Sniffing traffic on datapath (via ODP)",
             f"INFO: {stamp}.000000 Listening for HTTP control messages on 127.0.0.1:6784",
             f"INFO: {stamp}.000000 Listening for metrics requests on 0.0.0.0:6782"]
    for p in peers:
        lines.append(f"INFO: {stamp}.000000 ->[{cluster.node_ip(p)}:6783] attempting connection")
    for p in peers:
        lines.append(f"INFO: {stamp}.000000 ->[{cluster.node_ip(p)}:6783|{mac}({p})]: connection ready; "
                     "using protocol version 2")
        lines.append(f"INFO: {stamp}.000000 overlay_switch ->[{mac}({p})] using fastdp")
        lines.append(f"INFO: {stamp}.000000 ->[{cluster.node_ip(p)}:6783|{mac}({p})]: connection added "
                     "(new peer)")
    lines += [f"INFO: {stamp}.000000 [kube-peers] Added myself to peer list &{{[{{{mac} {node}}}]}}",
              f"DEBU: {stamp}.000000 [kube-peers] Nodes that have disappeared: map[]",
              f"INFO: {stamp}.000000 Assuming quorum size of {len(cluster.node_names)}",
              f"INFO: {stamp}.000000 adding entry {bridge_ip}/{RANGE.prefixlen} to weaver-no-masq-local of 0",
              f"INFO: {stamp}.000000 added entry {bridge_ip}/{RANGE.prefixlen} to weaver-no-masq-local of 0",
              f"{RANGE}", f"DEBU: {stamp}.000000 registering for updates for node delete events",
              f"INFO: {stamp}.000000 Weave Net is running"]
    for line in lines:
        rc.log(line)


def npc(rc: RunningContainer) -> None:
    rc.listen_raw(6781, "weave-npc", "::")            # metrics (Go ":6781")
    stamp = rc.clock().strftime("%Y/%m/%d %H:%M:%S")
    for line in (f"INFO: {stamp}.000000 Starting Weaveworks NPC {WEAVE_VERSION}; node name \"{rc.node}\"",
                 f"INFO: {stamp}.000000 Serving /metrics on :6781",
                 f"INFO: {stamp}.000000 EVENT AddNamespace {{\"metadata\":{{\"name\":\"default\"}}}}"):
        rc.log(line)


def init(rc: RunningContainer) -> None:
    """weave-kube's init.sh (the weave-init init container): modprobe br_netfilter and xt_set (built in
    here: silent), bridge-nf-call-iptables already 1, then `weave --local setup-cni` installs the plugin
    binaries into the host's /opt/cni/bin; it prints nothing and exits 0. Another image's init.sh runs as
    a script."""
    if "weave-kube" not in str(rc.spec.get("image", "")):
        from course_lib.k8s.containers import _run_once
        _run_once(rc, rc.argv)
        return
    install_plugin(rc.cluster.machine(rc.node))
    rc.exit(0)


RUNNERS["launch.sh"] = launch
RUNNERS["init.sh"] = init
RUNNERS["weave-npc"] = npc


def weave_manifest(cluster: Any, url: str) -> str:
    from course_lib.k8s.printers import to_yaml
    labels = {"name": "weave-net"}
    env = [{"name": "HOSTNAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}},
           {"name": "INIT_CONTAINER", "value": "true"}, {"name": "IPALLOC_RANGE", "value": str(RANGE)}]
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet",
          "metadata": {"labels": labels, "name": "weave-net", "namespace": "kube-system"},
          "spec": {"minReadySeconds": 5, "selector": {"matchLabels": labels},
                   "template": {"metadata": {"labels": labels}, "spec": {
                       "initContainers": [      # weave-daemonset-k8s.yaml 2.8.1: weave-init runs init.sh
                           {"name": "weave-init", "command": ["/home/weave/init.sh"],
                            "image": f"weaveworks/weave-kube:{WEAVE_VERSION}", "securityContext": {"privileged": True}}],
                       "containers": [
                           {"name": "weave", "command": ["/home/weave/launch.sh"], "env": env,
                            "image": f"weaveworks/weave-kube:{WEAVE_VERSION}",
                            "readinessProbe": {"httpGet": {"host": "127.0.0.1", "path": "/status", "port": 6784}},
                            "resources": {"requests": {"cpu": "50m"}}, "securityContext": {"privileged": True}},
                           {"name": "weave-npc", "command": ["/usr/bin/weave-npc"],
                            "env": env[:1], "image": f"weaveworks/weave-npc:{WEAVE_VERSION}",
                            "resources": {"requests": {"cpu": "50m"}}, "securityContext": {"privileged": True}}],
                       "dnsPolicy": "ClusterFirstWithHostNet", "hostNetwork": True, "hostPID": True,
                       "priorityClassName": "system-node-critical", "restartPolicy": "Always",
                       "securityContext": {"seLinuxOptions": {}}, "serviceAccountName": "weave-net",
                       "tolerations": [{"effect": "NoSchedule", "operator": "Exists"},
                                       {"effect": "NoExecute", "operator": "Exists"}]}},
                   "updateStrategy": {"type": "RollingUpdate"}}}
    rbac = "rbac.authorization.k8s.io/v1"
    docs = [{"apiVersion": "v1", "kind": "ServiceAccount",
             "metadata": {"labels": labels, "name": "weave-net", "namespace": "kube-system"}},
            {"apiVersion": rbac, "kind": "ClusterRole", "metadata": {"labels": labels, "name": "weave-net"},
             "rules": [{"apiGroups": [""], "resources": ["pods", "namespaces", "nodes"],
                        "verbs": ["get", "list", "watch"]},
                       {"apiGroups": ["networking.k8s.io"], "resources": ["networkpolicies"],
                        "verbs": ["get", "list", "watch"]},
                       {"apiGroups": [""], "resources": ["nodes/status"], "verbs": ["patch", "update"]}]},
            {"apiVersion": rbac, "kind": "ClusterRoleBinding", "metadata": {"labels": labels, "name": "weave-net"},
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "weave-net"},
             "subjects": [{"kind": "ServiceAccount", "name": "weave-net", "namespace": "kube-system"}]},
            {"apiVersion": rbac, "kind": "Role",
             "metadata": {"labels": labels, "name": "weave-net", "namespace": "kube-system"},
             "rules": [{"apiGroups": [""], "resourceNames": ["weave-net"], "resources": ["configmaps"],
                        "verbs": ["get", "update"]},
                       {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["create"]}]},
            {"apiVersion": rbac, "kind": "RoleBinding",
             "metadata": {"labels": labels, "name": "weave-net", "namespace": "kube-system"},
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "weave-net"},
             "subjects": [{"kind": "ServiceAccount", "name": "weave-net", "namespace": "kube-system"}]},
            ds]
    return "".join("---\n" + to_yaml(d) for d in docs)


def _is_weave(url: str) -> bool:
    return url.startswith(("https://cloud.weave.works/k8s/net", "https://reweave.azurewebsites.net/k8s/",
                           "https://github.com/weaveworks/weave/releases/download/",
                           "https://github.com/rajch/weave/releases/download/"))


addons.register_url(_is_weave, weave_manifest)
