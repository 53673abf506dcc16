"""Add-ons known offline: manifest URLs `kubectl apply -f URL` recognises, and installing a cluster's CNI.

MANIFEST_URLS holds (matcher, fn(cluster, url) -> YAML text). Add one:

    register_url(lambda url: url.startswith("https://raw.githubusercontent.com/kubernetes/ingress-nginx/"),
                 lambda cluster, url: INGRESS_NGINX_YAML)
Any other URL fails as with no network (see kubectl's apply).
"""
from __future__ import annotations

import json
from typing import Any, Callable, Optional

Matcher = Callable[[str], bool]
Provider = Callable[[Any, str], str]
MANIFEST_URLS: list[tuple[Matcher, Provider]] = []


def register_url(matcher: Matcher, provider: Provider) -> None:
    MANIFEST_URLS.append((matcher, provider))


def manifest_for(cluster: Any, url: str) -> Optional[str]:
    from course_lib.k8s import flannel, overlay  # noqa: F401  (register the Weave and flannel URLs)
    for matcher, provider in MANIFEST_URLS:
        if matcher(url):
            return provider(cluster, url)
    return None


def bridge_conflist(subnet: str) -> str:
    """The bridge plugin with host-local IPAM over the node's podCIDR (the course's "routes" network)."""
    return json.dumps({"cniVersion": "1.0.0", "name": "k8s-pod-network", "plugins": [
        {"type": "bridge", "bridge": "cni0", "isGateway": True, "ipMasq": False, "hairpinMode": True,
         "ipam": {"type": "host-local", "ranges": [[{"subnet": subnet}]], "routes": [{"dst": "0.0.0.0/0"}]}},
        {"type": "portmap", "capabilities": {"portMappings": True}}]}, indent=2) + "\n"


def install_bridge(cluster: Any) -> None:
    from course_lib.docker.hostops import write_file
    from course_lib.k8s.bootstrap import refresh_nodes
    for name in cluster.node_names:
        node = cluster.store.get("Node", "", name)
        subnet = node["spec"]["podCIDR"]
        write_file(cluster.machine(name), "/etc/cni/net.d/10-bridge.conflist", bridge_conflist(subnet))
    refresh_nodes(cluster)


def install_default(cluster: Any, cni: str) -> None:
    """The CNI a Cluster(cni=...) comes with: as if the lab's author had applied it."""
    if cni == "bridge":
        install_bridge(cluster)
        return
    from course_lib.k8s import flannel, overlay
    from course_lib.k8s.manifests import apply_text
    url = flannel.URL if cni == "flannel" else overlay.DEFAULT_URLS[cni]
    apply_text(cluster, manifest_for(cluster, url) or "", url)
