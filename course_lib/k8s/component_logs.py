"""The first lines a kubeadm 1.30 control plane's components log, from their manifest flags and the model.

Checked against real v1.30 logs: kube-apiserver and kube-controller-manager of v1.30.13 (crictl logs of a
kubeadm control plane), kube-scheduler of v1.30.0, kube-proxy of v1.30.2 (kubectl logs of a kubeadm node).

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
from typing import Any

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


POLICY_SOURCE = ("*generic.policySource[*k8s.io/api/admissionregistration/v1.ValidatingAdmissionPolicy,"
                 "*k8s.io/api/admissionregistration/v1.ValidatingAdmissionPolicyBinding,"
                 "k8s.io/apiserver/pkg/admission/plugin/policy/validating.Validator]")
# the built-in API groups in the order kube-apiserver 1.30 installs them: versions served, -versions skipped
API_GROUPS = [
    ("authentication.k8s.io", "v1 -v1beta1 -v1alpha1"), ("authorization.k8s.io", "v1 -v1beta1"),
    ("autoscaling", "v2 v1 -v2beta1 -v2beta2"), ("batch", "v1 -v1beta1"),
    ("certificates.k8s.io", "v1 -v1beta1 -v1alpha1"), ("coordination.k8s.io", "v1 -v1beta1"),
    ("discovery.k8s.io", "-v1beta1 v1"), ("networking.k8s.io", "v1 -v1beta1 -v1alpha1"),
    ("node.k8s.io", "v1 -v1beta1 -v1alpha1"), ("policy", "v1 -v1beta1"),
    ("rbac.authorization.k8s.io", "v1 -v1beta1 -v1alpha1"), ("scheduling.k8s.io", "v1 -v1beta1 -v1alpha1"),
    ("storage.k8s.io", "v1 -v1beta1 -v1alpha1"), ("flowcontrol.apiserver.k8s.io", "v1 v1beta3 -v1beta2 -v1beta1"),
    ("apps", "v1 -v1beta2 -v1beta1"), ("admissionregistration.k8s.io", "v1 -v1beta1 -v1alpha1"),
    ("events.k8s.io", "v1 -v1beta1"), ("apiregistration.k8s.io", "v1 -v1beta1")]


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
    log("shared_informer.go:313", f"Waiting for caches to sync for {POLICY_SOURCE}")
    mutating, validating = admission_order(opts)
    log("plugins.go:157", f"Loaded {len(mutating)} mutating admission controller(s) successfully in the following "
        f"order: {','.join(mutating)}.")
    log("plugins.go:160", f"Loaded {len(validating)} validating admission controller(s) successfully in the "
        f"following order: {','.join(validating)}.")
    log("instance.go:299", "Using reconciler: lease")
    log("handler.go:286", "Adding GroupVersion apiextensions.k8s.io v1 to ResourceManager")
    log("genericapiserver.go:733", "Skipping API apiextensions.k8s.io/v1beta1 because it has no resources.", "W")
    log("handler.go:286", "Adding GroupVersion  v1 to ResourceManager")
    for group in ("internal.apiserver.k8s.io", "storagemigration.k8s.io", "resource.k8s.io"):
        log("instance.go:696", f'API group "{group}" is not enabled, skipping.')
    for group, versions in API_GROUPS:
        for version in versions.split():
            if version.startswith("-"):
                log("genericapiserver.go:733", f"Skipping API {group}/{version[1:]} because it has no resources.", "W")
            else:
                log("handler.go:286", f"Adding GroupVersion {group} {version} to ResourceManager")
    cafiles = [(name, opts[flag]) for flag, name in (("requestheader-client-ca-file", "request-header"),
                                                      ("client-ca-file", "client-ca-bundle")) if opts.get(flag)]
    for name, path in cafiles:
        log("dynamic_cafile_content.go:157", f'"Starting controller" name="{name}::{path}"')
    log("secure_serving.go:213", "Serving securely on "
        + _serving(opts.get("bind-address", ""), opts.get("secure-port", "6443")))
    log("apiservice_controller.go:97", "Starting APIServiceRegistrationController")
    log("cache.go:32", "Waiting for caches to sync for APIServiceRegistrationController controller")
    if opts.get("tls-cert-file"):
        log("dynamic_serving_content.go:132", f'"Starting controller" name="serving-cert::{opts["tls-cert-file"]}::'
            f'{opts.get("tls-private-key-file", "")}"')
    log("tlsconfig.go:240", '"Starting DynamicServingCertificateController"')
    log("gc_controller.go:78", "Starting apiserver lease garbage collector")
    log("apf_controller.go:374", "Starting API Priority and Fairness config controller")
    log("cluster_authentication_trust_controller.go:440", "Starting cluster_authentication_trust_controller controller")
    log("shared_informer.go:313", "Waiting for caches to sync for cluster_authentication_trust_controller")
    log("customresource_discovery_controller.go:289", "Starting DiscoveryController")
    log("crdregistration_controller.go:111", "Starting crd-autoregister controller")
    log("shared_informer.go:313", "Waiting for caches to sync for crd-autoregister")
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


CLIENT_CA = "client-ca::kube-system::extension-apiserver-authentication::client-ca-file"


def scheduler(rc: Any) -> None:
    """kube-scheduler 1.30's start (v1.30.0 on a kubeadm control plane): the client CA from the
    extension-apiserver-authentication ConfigMap, then the leader lease."""
    opts, log = flags(rc.argv), Klog.of(rc, "kube-scheduler")
    log("serving.go:380", "Generated self-signed cert in-memory")
    log("server.go:154", f'"Starting Kubernetes Scheduler" version="{K8S_VERSION}"')
    log("server.go:156", GOLANG)
    log("secure_serving.go:213", "Serving securely on " + _serving(opts.get("bind-address", ""),
                                                                   opts.get("secure-port", "10259")))
    log("configmap_cafile_content.go:202", f'"Starting controller" name="{CLIENT_CA}"')
    log("shared_informer.go:313", f"Waiting for caches to sync for {CLIENT_CA}")
    log("tlsconfig.go:240", '"Starting DynamicServingCertificateController"')
    log("shared_informer.go:320", f"Caches are synced for {CLIENT_CA}")
    if opts.get("leader-elect", "true") == "true":
        _leader(log, "kube-scheduler")


def controller_manager(rc: Any) -> None:
    """kube-controller-manager 1.30's start as a kubeadm control plane logs it (v1.30.13: the request-header CA
    before the listener, the client CA after it, the leader lease, then the LeaderElection event)."""
    opts, log = flags(rc.argv), Klog.of(rc, "kube-controller-manager")
    log("serving.go:380", "Generated self-signed cert in-memory")
    log("controllermanager.go:189", f'"Starting" version="{K8S_VERSION}"')
    log("controllermanager.go:191", GOLANG)
    if opts.get("requestheader-client-ca-file"):
        log("dynamic_cafile_content.go:157", f'"Starting controller" name="request-header::'
            f'{opts["requestheader-client-ca-file"]}"')
    log("secure_serving.go:213", "Serving securely on " + _serving(opts.get("bind-address", ""),
                                                                   opts.get("secure-port", "10257")))
    if opts.get("client-ca-file"):
        log("dynamic_cafile_content.go:157", f'"Starting controller" name="client-ca-bundle::{opts["client-ca-file"]}"')
    leader = opts.get("leader-elect", "true") == "true"
    if leader:
        log("leaderelection.go:250", "attempting to acquire leader lease kube-system/kube-controller-manager...")
    log("tlsconfig.go:240", '"Starting DynamicServingCertificateController"')
    if leader:
        log("leaderelection.go:260", "successfully acquired lease kube-system/kube-controller-manager")
        seed = zlib.crc32(f"{rc.node}/kube-controller-manager/lease".encode())
        ident = "".join(f"{zlib.crc32(bytes([i]), seed):08x}" for i in range(4))
        uuid = f"{ident[:8]}-{ident[8:12]}-4{ident[13:16]}-a{ident[17:20]}-{ident[20:32]}"
        log("event.go:389", '"Event occurred" object="kube-system/kube-controller-manager" fieldPath="" kind="Lease" '
            'apiVersion="coordination.k8s.io/v1" type="Normal" reason="LeaderElection" '
            f'message="{rc.node}_{uuid} became leader"')
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


def _cluster_cidr(cluster: Any) -> str:
    """kube-proxy's clusterCIDR, from the kube-proxy ConfigMap kubeadm writes (kubeadm's podSubnet while the
    build has not written it yet; "" when unset)."""
    cm = cluster.store.get("ConfigMap", "kube-system", "kube-proxy")
    if cm is None:
        return str(getattr(cluster, "pod_cidr", "") or "")
    for line in str((cm.get("data") or {}).get("config.conf", "")).splitlines():
        key, _, value = line.strip().partition(":")
        if key == "clusterCIDR":
            return value.strip().strip('"')
    return ""


def kube_proxy(rc: Any) -> None:
    """kube-proxy 1.30's start in iptables mode, as a kubeadm node logs it (v1.30.2: server.go:872 "Version
    info", config.go:319 the node config controller, the conntrack sysctls, the per-family local detectors)."""
    log, ip = Klog.of(rc, "kube-proxy"), rc.cluster.node_ip(rc.node)
    log("server_linux.go:69", '"Using iptables proxy"')
    log("server.go:1062", f'"Successfully retrieved node IP(s)" IPs=["{ip}"]')
    log("conntrack.go:119", '"Set sysctl" entry="net/netfilter/nf_conntrack_max" value=131072')
    log("conntrack.go:59", '"Setting nf_conntrack_max" nfConntrackMax=131072')
    log("conntrack.go:119", '"Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_established" value=86400')
    log("conntrack.go:119", '"Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_close_wait" value=3600')
    log("server.go:659", '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"')
    ipvs = getattr(rc.cluster, "proxy_mode", "iptables") == "ipvs"
    if ipvs:
        log("server_linux.go:233", '"Using ipvs Proxier"')
    else:
        log("server_linux.go:165", '"Using iptables Proxier"')
    cidrs = [c for c in _cluster_cidr(rc.cluster).split(",") if c]
    if cidrs and not any(":" in c for c in cidrs):      # IPv4 only: the IPv6 proxier detects nothing local
        log("server_linux.go:511", '"Detect-local-mode set to ClusterCIDR, but no cluster CIDR for family" '
            'ipFamily="IPv6"')
        log("server_linux.go:528", '"Defaulting to no-op detect-local"')
    if ipvs:                                   # v1.30.2 in ipvs mode: one line per family's proxier
        for _family in range(2):
            log("proxier.go:358", '"IPVS scheduler not specified, use rr by default"')
        for name in ("KUBE-6-LOAD-BALANCER-SOURCE-CIDR", "KUBE-6-NODE-PORT-LOCAL-SCTP-HASH"):
            log("ipset.go:119", f'"Ipset name truncated" ipSetName="{name}" truncatedName="{name[:31]}"')
    else:
        log("proxier.go:243", '"Setting route_localnet=1 to allow node-ports on localhost; to change this either '
            'disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses '
            '(--nodeport-addresses) to filter loopback addresses"')
    log("server.go:872", f'"Version info" version="{K8S_VERSION}"')
    log("server.go:874", GOLANG)
    log("config.go:192", '"Starting service config controller"')
    log("shared_informer.go:313", "Waiting for caches to sync for service config")
    log("config.go:101", '"Starting endpoint slice config controller"')
    log("config.go:319", '"Starting node config controller"')
    log("shared_informer.go:313", "Waiting for caches to sync for node config")
    log("shared_informer.go:313", "Waiting for caches to sync for endpoint slice config")
    log("shared_informer.go:320", "Caches are synced for node config")
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

    log("info", "etcdmain/etcd.go:73", "Running: ", args=list(rc.argv))      # etcd 3.5 logs its argv first
    log("warn", "embed/config.go:679", "Running http and grpc server on single port. This is not recommended for "
        "production.")
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
    log("info", "etcdserver/server.go:2571", "setting up initial cluster version using v2 API",
        **{"cluster-version": "3.5"})               # the v2 cluster version comes before the member is published
    log("info", "etcdserver/server.go:2068", "published local member to cluster through raft",
        **{"local-member-attributes": f"{{Name:{name} ClientURLs:[{' '.join(urls('advertise-client-urls'))}]}}"})
    for url in urls("listen-client-urls"):
        log("info", "embed/serve.go:250", "serving client traffic securely", traffic="grpc+http",
            address=url.split("://", 1)[-1])
