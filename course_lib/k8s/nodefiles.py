"""The files kubeadm 1.30 leaves on nodes: static pod manifests, kubelet config, kubeconfigs, and their flags."""
from __future__ import annotations

from typing import Any

K8S_VERSION = "v1.30.4"
ETCD_IMAGE = "registry.k8s.io/etcd:3.5.12-0"
PAUSE_IMAGE = "registry.k8s.io/pause:3.9"
COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.11.1"


def kubeadm_images() -> list[str]:
    """`kubeadm config images list` for this version: what `kubeadm init` pulls on the control plane."""
    return [f"registry.k8s.io/kube-{c}:{K8S_VERSION}" for c in ("apiserver", "controller-manager", "scheduler",
                                                                 "proxy")] + [COREDNS_IMAGE, PAUSE_IMAGE, ETCD_IMAGE]


def apiserver_args(ip: str, service_cidr: str) -> list[str]:
    return [
        "kube-apiserver", f"--advertise-address={ip}", "--allow-privileged=true", "--authorization-mode=Node,RBAC",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--enable-admission-plugins=NodeRestriction",
        "--enable-bootstrap-token-auth=true", "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
        "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
        "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key", "--etcd-servers=https://127.0.0.1:2379",
        "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
        "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
        "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
        "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
        "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
        "--requestheader-allowed-names=front-proxy-client",
        "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
        "--requestheader-extra-headers-prefix=X-Remote-Extra-", "--requestheader-group-headers=X-Remote-Group",
        "--requestheader-username-headers=X-Remote-User", "--secure-port=6443",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
        "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
        f"--service-cluster-ip-range={service_cidr}", "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
        "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key"]


def controller_manager_args(pod_cidr: str, service_cidr: str) -> list[str]:
    return [
        "kube-controller-manager", "--allocate-node-cidrs=true",
        "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf", "--bind-address=127.0.0.1",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt", f"--cluster-cidr={pod_cidr}", "--cluster-name=kubernetes",
        "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
        "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key", "--controllers=*,bootstrapsigner,tokencleaner",
        "--kubeconfig=/etc/kubernetes/controller-manager.conf", "--leader-elect=true",
        "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
        "--root-ca-file=/etc/kubernetes/pki/ca.crt", "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
        f"--service-cluster-ip-range={service_cidr}", "--use-service-account-credentials=true"]


def scheduler_args() -> list[str]:
    return ["kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
            "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf", "--bind-address=127.0.0.1",
            "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true"]


def etcd_args(ip: str, node: str) -> list[str]:
    return ["etcd", f"--advertise-client-urls=https://{ip}:2379", "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
            "--client-cert-auth=true", "--data-dir=/var/lib/etcd", "--experimental-initial-corrupt-check=true",
            "--experimental-watch-progress-notify-interval=5s", f"--initial-advertise-peer-urls=https://{ip}:2380",
            f"--initial-cluster={node}=https://{ip}:2380", "--key-file=/etc/kubernetes/pki/etcd/server.key",
            f"--listen-client-urls=https://127.0.0.1:2379,https://{ip}:2379",
            "--listen-metrics-urls=http://127.0.0.1:2381", f"--listen-peer-urls=https://{ip}:2380", f"--name={node}",
            "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-client-cert-auth=true",
            "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key", "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
            "--snapshot-count=10000", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"]


STATIC = {  # name -> (image, port for probes, host path volumes)
    "etcd": (ETCD_IMAGE, 2381),
    "kube-apiserver": (f"registry.k8s.io/kube-apiserver:{K8S_VERSION}", 6443),
    "kube-controller-manager": (f"registry.k8s.io/kube-controller-manager:{K8S_VERSION}", 10257),
    "kube-scheduler": (f"registry.k8s.io/kube-scheduler:{K8S_VERSION}", 10259),
}


def static_pod(name: str, node: str, ip: str, args: list[str]) -> dict[str, Any]:
    image, port = STATIC[name]
    host = "127.0.0.1" if name in ("kube-controller-manager", "kube-scheduler", "etcd") else ip
    scheme = "HTTP" if name == "etcd" else "HTTPS"
    path = "/health?exclude=NOSPACE&serializable=true" if name == "etcd" else "/livez" if name == "kube-apiserver" \
        else "/healthz"
    labels = {"component": name, "tier": "control-plane"}
    annotations = {}
    if name == "kube-apiserver":
        annotations["kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint"] = f"{ip}:6443"
    if name == "etcd":
        annotations["kubeadm.kubernetes.io/etcd.advertise-client-urls"] = f"https://{ip}:2379"
    meta: dict[str, Any] = {"creationTimestamp": None, "labels": labels, "name": name, "namespace": "kube-system"}
    if annotations:
        meta = {"annotations": annotations, **meta}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [{"command": args, "image": image, "imagePullPolicy": "IfNotPresent",
                                     "livenessProbe": {"failureThreshold": 8, "httpGet": {
                                         "host": host, "path": path, "port": port, "scheme": scheme},
                                         "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 15},
                                     "name": name, "resources": {"requests": STATIC_REQUESTS[name]}}],
                     "hostNetwork": True, "priority": 2000001000, "priorityClassName": "system-node-critical",
                     "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}},
            "status": {}}


# kubeadm's requests for the control plane's static pods (no limits)
STATIC_REQUESTS = {"etcd": {"cpu": "100m", "memory": "100Mi"}, "kube-apiserver": {"cpu": "250m"},
                   "kube-controller-manager": {"cpu": "200m"}, "kube-scheduler": {"cpu": "100m"}}


KUBELET_CONFIG = """apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
resolvConf: /run/systemd/resolve/resolv.conf
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
"""


def kubeconfig(user: str, server: str, ca_data: str, cert_data: str = "", key_data: str = "",
               cert_file: str = "") -> str:
    """A kubeadm kubeconfig: the CA and the client certificate embedded (base64), or the kubelet's cert file."""
    if cert_file:
        creds = f"    client-certificate: {cert_file}\n    client-key: {cert_file}\n"
    else:
        creds = f"    client-certificate-data: {cert_data}\n    client-key-data: {key_data}\n"
    return f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {ca_data}
    server: {server}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: {user}
  name: {user}@kubernetes
current-context: {user}@kubernetes
kind: Config
preferences: {{}}
users:
- name: {user}
  user:
{creds}"""


KUBEADM_FLAGS = ('KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock '
                 f'--pod-infra-container-image={PAUSE_IMAGE}"\n')
KUBELET_CMD = ("/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf "
               "--kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml "
               "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock "
               f"--pod-infra-container-image={PAUSE_IMAGE}")
KUBE_PROXY_CMD = "/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override={node}"
