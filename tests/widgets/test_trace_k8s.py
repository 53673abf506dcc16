"""Traces and widgets on a Cluster: pods, kube-proxy chains, cluster DNS, Ingress matching, cluster.draw()."""
from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

from course_lib import Cluster  # noqa: E402
from course_lib.widgets import DnsExplorer, IngressTester, KubeProxyWalker, TraceStepper  # noqa: E402

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
      - {path: /api/v1, pathType: Exact, backend: {service: {name: apiv1, port: {number: 8080}}}}
"""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster()
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.run("kubectl expose deployment web --port=80")
    c.run("kubectl run tmp --image=busybox -- sleep 3600")
    c.run("kubectl run tools --image=nicolaka/netshoot -- sleep 3600")      # glibc getent, dig, curl
    c.run("kubectl apply -f -", stdin=INGRESS)
    return c


def test_cluster_trace_through_kube_proxy(cluster):
    ip = cluster.run("kubectl get svc web -o jsonpath='{.spec.clusterIP}'").stdout
    t = cluster.trace(f"curl -s -o /dev/null -w '%{{http_code}}' http://{ip}/")
    assert t.result.stdout == "200"
    nat = [h.detail for h in t.hops if h.step == "nat"]
    assert nat[0].startswith(f"DNAT dst {ip} -> 10.")
    assert any("-j DNAT --to-destination" in h.detail and "KUBE-SEP-" in h.detail for h in t.hops)
    assert any(h.node.startswith("node01/pod/web-") and h.step == "deliver" for h in t.hops)


def test_trace_inside_a_pod_with_cluster_dns(cluster):
    t = cluster.trace("kubectl exec tools -- getent hosts web")
    assert t.result.returncode == 0
    dns = [h for h in t.hops if h.step == "dns"]
    assert dns[0].node.endswith("/pod/tools")
    assert dns[0].detail.startswith("web: 0 dot(s) < ndots:5, search default.svc.cluster.local")
    assert any(h.detail.startswith("query web.default.svc.cluster.local. A -> 10.96.0.10#53: NOERROR: A ")
               for h in dns)
    assert any("kube-system/kube-dns:dns" in h.detail for h in t.hops if h.step == "netfilter")
    stepper = TraceStepper(t)
    stepper.go(next(i for i, h in enumerate(t.hops) if h.step == "dns"))
    assert stepper.picture.locate(dns[0].node) == stepper.picture.where[dns[0].node]      # the pod itself
    assert f'data-node="{dns[0].node}"' in stepper.image.value


def test_kubeproxy_walker_shows_the_chain_walk(cluster):
    w = KubeProxyWalker(cluster, "default/web")
    text = w.output.value
    for chain in ("-j KUBE-SERVICES", "-j KUBE-SVC-", "-j KUBE-SEP-", "-j DNAT --to-destination"):
        assert chain in text
    assert "result: exit 0, 200" in text
    w.source.value = "pod/default/tmp"
    assert "wget -q -O /dev/null" in w.output.value and "nat PREROUTING" in w.output.value
    w.source.value = "pod/default/tools"
    w.service.value = "kube-system/kube-dns"
    assert "UDP 10.96.0.10:53" in w.output.value and "kube-system/kube-dns:dns" in w.output.value


def test_dns_explorer_in_a_pod(cluster):
    d = DnsExplorer(cluster, "web.default", pod="tools")
    text = d.explain()
    assert "options ndots:5" in text and "web.default: 1 dot(s) < ndots:5, search default.svc.cluster.local" in text
    assert "web.default.default.svc.cluster.local. A -> 10.96.0.10#53: NXDOMAIN" in text
    assert "web.default.svc.cluster.local. A -> 10.96.0.10#53: NOERROR: A " in text
    assert "$ getent hosts web.default  (exit 0)" in text


def test_ingress_tester_longest_path_and_exact(cluster):
    t = IngressTester(cluster, "http://shop.example.com/api/v1")
    text = t.explain()
    assert "host shop.example.com path /api/v1 (Exact) of ingress default/shop -> apiv1:8080" in text
    assert "longest wins" in text
    t.url.value = "http://shop.example.com/apix"
    assert "/api is not an element-wise prefix of /apix" in t.output.value
    assert "path / (Prefix) of ingress default/shop -&gt; web:80" in t.output.value
    t.url.value = "other.example.com/"
    assert "no rule matches and no defaultBackend" in t.output.value


def test_ingress_tester_without_a_cluster():
    from course_lib import Lab
    from course_lib.widgets.ingress_tester import UNAVAILABLE, explain_url
    assert explain_url(Lab(), "http://x/") == UNAVAILABLE


def test_cluster_draw_labels_pods_services_bridges(cluster):
    from course_lib.widgets.cluster_draw import cluster_graph
    g, labels = cluster_graph(cluster)
    texts = set(labels.values())
    assert "controlplane\n192.168.1.10" in texts and "node01\n192.168.1.11" in texts
    assert any(t.startswith("tmp\n10.") for t in texts)
    assert any(t.startswith("svc web\n") and t.endswith(":80") for t in texts)
    assert any(t.startswith("weave\n10.") for t in texts) and "weave-overlay" in texts
    svc = "svc:default/web"
    assert sum(1 for _ in g.neighbors(svc)) == 2          # its two endpoint pods
    fig = cluster.draw()
    assert fig.axes[0].get_title().startswith("Cluster: 2 nodes")
