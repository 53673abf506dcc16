"""Kubernetes Services in the simulated cluster: kinds, allocators, endpoints, the cloud LB, kube-proxy, cluster DNS.

`install(cluster)` is called by Cluster before bootstrap (controllers, API hooks); `bootstrap(cluster)`
after it creates `default/kubernetes` (10.96.0.1) and `kube-system/kube-dns` (10.96.0.10) as kubeadm does.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.services import kinds  # noqa: F401  (registers Service, Endpoints, EndpointSlice)


def install(cluster: Any) -> None:
    from course_lib.k8s.cluster import BEFORE_CREATE, BEFORE_UPDATE
    from course_lib.k8s.kubeproxy.proxier import Proxier
    from course_lib.k8s.services.endpoints import EndpointsController, LoadBalancerController
    from course_lib.k8s import probes
    probes.install(cluster)              # readiness probes: the kubelets' workers on the model clock
    BEFORE_CREATE.setdefault("Service", [])
    if kinds.allocate not in BEFORE_CREATE["Service"]:
        BEFORE_CREATE["Service"].append(kinds.allocate)
    BEFORE_UPDATE.setdefault("Service", [])
    if kinds.keep_allocation not in BEFORE_UPDATE["Service"]:
        BEFORE_UPDATE["Service"].append(kinds.keep_allocation)
    cluster.add_controller(EndpointsController(cluster))
    cluster.add_controller(LoadBalancerController(cluster))
    cluster.proxier = Proxier(cluster)
    cluster.add_controller(cluster.proxier)
    from course_lib.k8s.services import create, describe  # noqa: F401  (kubectl describe service|endpoints)
    create.register()                    # kubectl create service|ingress
    from course_lib.k8s import clusterdns, ingress, netpol
    clusterdns.install(cluster)
    ingress.install(cluster)
    netpol.install(cluster)


def bootstrap(cluster: Any) -> None:
    from course_lib.k8s.bootstrap import BOOT_AGE
    boot = cluster.now() - BOOT_AGE + 1
    for name in cluster.node_names:     # kubeadm's prerequisite (its preflight refuses ip_forward=0)
        cluster.machine(name).root.sysctls["net.ipv4.ip_forward"] = "1"
    svc = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": "kubernetes", "namespace": "default",
                        "labels": {"component": "apiserver", "provider": "kubernetes"}},
           "spec": {"clusterIP": _first_ip(cluster), "ports": [{"name": "https", "port": 443, "protocol": "TCP",
                                                                "targetPort": 6443}]}}
    _create(cluster, svc, boot)
    ep = {"apiVersion": "v1", "kind": "Endpoints",
          "metadata": {"name": "kubernetes", "namespace": "default",
                       "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
          "subsets": [{"addresses": [{"ip": cluster.node_ip("controlplane")}],
                       "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]}
    cluster.store.create(ep, created_at=boot)
    es = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
          "metadata": {"name": "kubernetes", "namespace": "default",
                       "labels": {"kubernetes.io/service-name": "kubernetes"}},
          "endpoints": [{"addresses": [cluster.node_ip("controlplane")],
                         "conditions": {"ready": True}}],
          "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}
    cluster.store.create(es, created_at=boot)
    dns = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": "kube-dns", "namespace": "kube-system",
                        "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
                        "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                   "kubernetes.io/name": "CoreDNS"}},
           "spec": {"clusterIP": _nth_ip(cluster, 10), "selector": {"k8s-app": "kube-dns"},
                    "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                              {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                              {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]}}
    _create(cluster, dns, boot + 10)
    from course_lib.k8s import clusterdns
    from course_lib.k8s.kubeproxy import config
    cluster.store.create(config.configmap(cluster, cluster.proxier.cluster_cidr()), created_at=boot + 9)
    clusterdns.bootstrap(cluster)
    cluster.reconcile()


def _first_ip(cluster: Any) -> str:
    return _nth_ip(cluster, 1)


def _nth_ip(cluster: Any, n: int) -> str:
    import ipaddress
    return str(ipaddress.IPv4Network(cluster.service_cidr).network_address + n)


def _create(cluster: Any, obj: dict, at: float) -> None:
    info, admitted = cluster.api.admit(obj, None)
    cluster.before_create(info, admitted)
    cluster.store.create(admitted, created_at=at)
