"""The first lines a kubeadm 1.30 control plane's components log, from their manifest flags and the model.

kube-apiserver, kube-scheduler, kube-controller-manager and kube-proxy log through klog
(`I0120 09:00:05.123456       1 server.go:148] ...`: severity, MMDD, time to the microsecond, the pid
(1 in the container) padded to 7, file:line); etcd 3.5 logs zap JSON lines. Times come from the model's
clock; the microseconds are a deterministic function of the node and component (never the lab's RNG, so
nothing else shifts). Texts: kubernetes/kubernetes v1.30 cmd/kube-apiserver/app/server.go ("Version:",
"Golang settings"), apiserver options.go ("external host was not specified, using"), admission
plugins.go ("Loaded N mutating admission controller(s) successfully in the following order:"),
secure_serving.go ("Serving securely on"), alloc.go ("allocated clusterIPs"), range_allocator.go
("Set node PodCIDR"), leaderelection.go; etcd 3.5 embed/etcd.go and embed/serve.go.
"""
from __future__ import annotations

import ipaddress
import json
import zlib
from datetime import timedelta
from typing import Any, Callable

from course_lib.k8s.nodefiles import K8S_VERSION

ETCD_VERSION, ETCD_GIT_SHA, ETCD_GO = "3.5.12", "e7b3bb6cc", "go1.20.13"
GOLANG = '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'
# the admission plugins in AllOrderedPlugins' order, with what each implements (M mutating, V validating)
# and whether it is on by default (DefaultOffAdmissionPlugins' complement), as kube-apiserver 1.30
ADMISSION = [
    ("AlwaysAdmit", "MV", 0), ("NamespaceAutoProvision", "M", 0), ("NamespaceLifecycle", "M", 1),
    ("NamespaceExists", "V", 0), ("LimitPodHardAntiAffinityTopology", "V", 0), ("LimitRanger", "MV", 1),
    ("ServiceAccount", "MV", 1), ("NodeRestriction", "M", 0), ("TaintNodesByCondition", "M", 1),
    ("AlwaysPullImages", "MV", 0), ("ImagePolicyWebhook", "V", 0), ("PodSecurity", "V", 1),
    ("PodNodeSelector", "MV", 0), ("Priority", "MV", 1), ("DefaultTolerationSeconds", "M", 1),
    ("PodTolerationRestriction", "MV", 0), ("EventRateLimit", "V", 0), ("ExtendedResourceToleration", "M", 0),
    ("DefaultStorageClass", "M", 1), ("StorageObjectInUseProtection", "M", 1),
    ("OwnerReferencesPermissionEnforcement", "V", 0), ("PersistentVolumeClaimResize", "V", 1),
    ("RuntimeClass", "MV", 1), ("CertificateApproval", "V", 1), ("CertificateSigning", "V", 1),
    ("ClusterTrustBundleAttest", "V", 1), ("CertificateSubjectRestriction", "V", 1), ("DefaultIngressClass", "M", 1),
    ("DenyServiceExternalIPs", "V", 0), ("MutatingAdmissionWebhook", "M", 1), ("ValidatingAdmissionPolicy", "V", 1),
    ("ValidatingAdmissionWebhook", "V", 1), ("ResourceQuota", "V", 1), ("AlwaysDeny", "V", 0)]


def flags(argv: list[str]) -> dict[str, str]:
    """--name=value (and a bare --name as "true") of a component's command line."""
    out: dict[str, str] = {}
    for arg in argv[1:]:
        if arg.startswith("--"):
            key, eq, value = arg[2:].partition("=")
            out[key] = value if eq else "true"
    return out


class Klog:
    """Writes klog lines to a container's log, each a few hundred microseconds after the one before; one per
    container (`Klog.of`), so later lines never go back in time."""

    def __init__(self, rc: Any, component: str) -> None:
        self.rc, self.seed = rc, zlib.crc32(f"{rc.node}/{component}".encode())
        self.at = rc.clock() + timedelta(microseconds=self.seed % 400000)

    @classmethod
    def of(cls, rc: Any, component: str) -> "Klog":
        log = rc.__dict__.get("klog")
        if log is None:
            log = rc.__dict__["klog"] = cls(rc, component)
        return log

    def tick(self) -> Any:
        self.seed = zlib.crc32(self.seed.to_bytes(4, "little"))
        self.at = max(self.at, self.rc.clock()) + timedelta(microseconds=40 + self.seed % 2000)
        return self.at

    def __call__(self, where: str, msg: str, severity: str = "I") -> None:
        at = self.tick()
        self.rc.log(f"{severity}{at.strftime('%m%d %H:%M:%S.%f')} {1:7d} {where}] {msg}")


def _serving(address: str, port: str) -> str:
    """secure_serving.go's listener address: 0.0.0.0 (the default) listens on [::]."""
    host = "::" if address in ("", "0.0.0.0", "::") else address
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def admission_order(opts: dict[str, str]) -> tuple[list[str], list[str]]:
    """The mutating and validating plugins kube-apiserver loads, in their fixed order."""
    enabled = {p for p in opts.get("enable-admission-plugins", "").split(",") if p}
    disabled = {p for p in opts.get("disable-admission-plugins", "").split(",") if p}
    on = [(name, kinds) for name, kinds, default in ADMISSION
          if (default or name in enabled) and name not in disabled]
    return [n for n, k in on if "M" in k], [n for n, k in on if "V" in k]


def apiserver(rc: Any) -> None:
    opts, log = flags(rc.argv), Klog.of(rc, "kube-apiserver")
    advertise = opts.get("advertise-address") or rc.cluster.node_ip(rc.node)
    log("options.go:221", f"external host was not specified, using {advertise}")
    log("server.go:148", f"Version: {K8S_VERSION}")
    log("server.go:150", GOLANG)
    log("shared_informer.go:313", "Waiting for caches to sync for node_authorizer")
    mutating, validating = admission_order(opts)
    log("plugins.go:157", f"Loaded {len(mutating)} mutating admission controller(s) successfully in the following "
        f"order: {','.join(mutating)}.")
    log("plugins.go:160", f"Loaded {len(validating)} validating admission controller(s) successfully in the "
        f"following order: {','.join(validating)}.")
    log("instance.go:299", "Using reconciler: lease")
    log("handler.go:286", "Adding GroupVersion apiextensions.k8s.io v1 to ResourceManager")
    log("genericapiserver.go:733", "Skipping API apiextensions.k8s.io/v1beta1 because it has no resources.", "W")
    log("handler.go:286", "Adding GroupVersion  v1 to ResourceManager")
    log("secure_serving.go:213", "Serving securely on "
        + _serving(opts.get("bind-address", ""), opts.get("secure-port", "6443")))
    if opts.get("tls-cert-file"):
        log("dynamic_serving_content.go:132", f'"Starting controller" name="serving-cert::{opts["tls-cert-file"]}::'
            f'{opts.get("tls-private-key-file", "")}"')
    log("tlsconfig.go:240", '"Starting DynamicServingCertificateController"')
    for flag, name in (("client-ca-file", "client-ca-bundle"), ("requestheader-client-ca-file", "request-header")):
        if opts.get(flag):
            log("dynamic_cafile_content.go:157", f'"Starting controller" name="{name}::{opts[flag]}"')
    cidr = opts.get("service-cluster-ip-range") or rc.cluster.service_cidr
    try:
        first = str(next(ipaddress.ip_network(cidr.split(",")[0], strict=False).hosts()))
    except (ValueError, StopIteration):
        return
    log("alloc.go:330", f'"allocated clusterIPs" service="default/kubernetes" clusterIPs={{"IPv4":"{first}"}}')
    log("lease.go:265", f'Resetting endpoints for master service "kubernetes" to [{advertise}]', "W")
    for resource in ("endpoints", "endpointslices.discovery.k8s.io", "serviceaccounts", "deployments.apps",
                     "daemonsets.apps", "replicasets.apps", "controllerrevisions.apps"):
        log("controller.go:615", f"quota admission added evaluator for: {resource}")


def _leader(log: Klog, component: str) -> None:
    log("leaderelection.go:250", f"attempting to acquire leader lease kube-system/{component}...")
    log("leaderelection.go:260", f"successfully acquired lease kube-system/{component}")


def _component_start(rc: Any, component: str, port: str, started: Callable[[Klog], None]) -> Klog:
    opts, log = flags(rc.argv), Klog.of(rc, component)
    log("serving.go:380", "Generated self-signed cert in-memory")
    started(log)
    log("secure_serving.go:213", "Serving securely on " + _serving(opts.get("bind-address", ""),
                                                                   opts.get("secure-port", port)))
    log("tlsconfig.go:240", '"Starting DynamicServingCertificateController"')
    if opts.get("leader-elect", "true") == "true":
        _leader(log, component)
    return log


def scheduler(rc: Any) -> None:
    def started(log: Klog) -> None:
        log("server.go:154", f'"Starting Kubernetes Scheduler" version="{K8S_VERSION}"')
        log("server.go:156", GOLANG)
    _component_start(rc, "kube-scheduler", "10259", started)


def controller_manager(rc: Any) -> None:
    def started(log: Klog) -> None:
        log("controllermanager.go:189", f'"Starting" version="{K8S_VERSION}"')
        log("controllermanager.go:191", GOLANG)
    log = _component_start(rc, "kube-controller-manager", "10257", started)
    opts = flags(rc.argv)
    if opts.get("allocate-node-cidrs") == "true":
        log("node_ipam_controller.go:156", '"Starting ipam controller" logger="node-ipam-controller"')
        restarted = rc.pod["metadata"]["name"] in rc.cluster.__dict__.get("static_stopped", {})
        for node in [] if restarted else rc.cluster.store.list("Node", ""):   # a restart reoccupies them silently
            if node.get("spec", {}).get("podCIDR"):
                pod_cidr_set(rc.cluster, node["metadata"]["name"], node["spec"]["podCIDR"])


def pod_cidr_set(cluster: Any, node: str, cidr: str) -> None:
    """range_allocator.go's line when the node IPAM controller gives a node its pod CIDR."""
    for kubelet in cluster.kubelets.values():
        for rt in kubelet.pods.values():
            rc = rt.containers.get("kube-controller-manager")
            if rc is not None and rc.exit_code is None:
                Klog.of(rc, "kube-controller-manager")(
                    "range_allocator.go:381",
                    f'"Set node PodCIDR" logger="node-ipam-controller" node="{node}" podCIDRs=["{cidr}"]')


def kube_proxy(rc: Any) -> None:
    log, ip = Klog.of(rc, "kube-proxy"), rc.cluster.node_ip(rc.node)
    log("server_linux.go:69", '"Using iptables proxy"')
    log("server.go:1062", f'"Successfully retrieved node IP(s)" IPs=["{ip}"]')
    log("conntrack.go:58", '"Setting nf_conntrack_max" nfConntrackMax=131072')
    log("server.go:659", '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"')
    log("server_linux.go:165", '"Using iptables Proxier"')
    log("proxier.go:243", '"Setting route_localnet=1 to allow node-ports on localhost; to change this either disable '
        'iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses '
        '(--nodeport-addresses) to filter loopback addresses"')
    log("server.go:865", f'"Version info" version="{K8S_VERSION}"')
    log("server.go:867", GOLANG)
    log("config.go:192", '"Starting service config controller"')
    log("shared_informer.go:313", "Waiting for caches to sync for service config")
    log("config.go:101", '"Starting endpoint slice config controller"')
    log("shared_informer.go:313", "Waiting for caches to sync for endpoint slice config")
    log("shared_informer.go:320", "Caches are synced for service config")
    log("shared_informer.go:320", "Caches are synced for endpoint slice config")


def etcd(rc: Any) -> None:
    """etcd 3.5's zap JSON lines up to serving client traffic, from its flags."""
    opts, klog = flags(rc.argv), Klog.of(rc, "etcd")

    def log(level: str, caller: str, msg: str, **fields: Any) -> None:
        ts = klog.tick().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        rc.log(json.dumps({"level": level, "ts": ts, "caller": caller, "msg": msg, **fields},
                          separators=(",", ":")))

    def urls(flag: str) -> list[str]:
        return [u for u in opts.get(flag, "").split(",") if u]

    log("warn", "embed/config.go:679", "Running http and grpc server on single port. This is not recommended for "
        "production.")
    log("info", "etcdmain/etcd.go:73", "Running: ", args=list(rc.argv))
    log("info", "embed/etcd.go:127", "configuring peer listeners", **{"listen-peer-urls": urls("listen-peer-urls")})
    log("info", "embed/etcd.go:494", "starting with peer TLS",
        **{"tls-info": f"cert = {opts.get('peer-cert-file', '')}, key = {opts.get('peer-key-file', '')}, "
                       f"client-cert=, client-key=, trusted-ca = {opts.get('peer-trusted-ca-file', '')}, "
                       f"client-cert-auth = {opts.get('peer-client-cert-auth', 'false')}, crl-file = ",
           "cipher-suites": []})
    log("info", "embed/etcd.go:135", "configuring client listeners",
        **{"listen-client-urls": urls("listen-client-urls")})
    data_dir = opts.get("data-dir", "default.etcd")
    log("info", "embed/etcd.go:308", "starting an etcd server", **{
        "etcd-version": ETCD_VERSION, "git-sha": ETCD_GIT_SHA, "go-version": ETCD_GO, "go-os": "linux",
        "go-arch": "amd64", "max-cpu-set": 2, "max-cpu-available": 2, "member-initialized": False,
        "name": opts.get("name", "default"), "data-dir": data_dir, "wal-dir": "", "wal-dir-dedicated": "",
        "member-dir": f"{data_dir}/member", "force-new-cluster": False, "heartbeat-interval": "100ms",
        "election-timeout": "1s", "initial-election-tick-advance": True,
        "snapshot-count": int(opts.get("snapshot-count", "100000") or 0),
        "initial-advertise-peer-urls": urls("initial-advertise-peer-urls"),
        "listen-peer-urls": urls("listen-peer-urls"), "advertise-client-urls": urls("advertise-client-urls"),
        "listen-client-urls": urls("listen-client-urls"), "listen-metrics-urls": urls("listen-metrics-urls"),
        "initial-cluster": opts.get("initial-cluster", ""), "initial-cluster-state": "new"})
    name = opts.get("name", "default")
    log("info", "etcdserver/server.go:2068", "published local member to cluster through raft",
        **{"local-member-attributes": f"{{Name:{name} ClientURLs:[{' '.join(urls('advertise-client-urls'))}]}}"})
    log("info", "etcdserver/server.go:2571", "setting up initial cluster version using v2 API",
        **{"cluster-version": "3.5"})
    for url in urls("listen-client-urls"):
        log("info", "embed/serve.go:250", "serving client traffic securely", traffic="grpc+http",
            address=url.split("://", 1)[-1])
