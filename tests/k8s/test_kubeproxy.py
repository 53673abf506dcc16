"""kube-proxy iptables mode: real chain names and layout on every node, traffic through DNAT, REJECT, no ping."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.kubeproxy.rules import svc_chain


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster(workers=2)
    c.run("kubectl create deployment web --image=nginx --replicas=3")
    c.run("kubectl expose deployment web --port=80 --type=NodePort")
    c.run("kubectl run client --image=nginx")
    return c


def test_chain_names_are_kube_proxy_hashes() -> None:
    assert svc_chain("default/kubernetes:https", "tcp") == "KUBE-SVC-NPX46M4PTMTKRN6Y"
    assert svc_chain("kube-system/kube-dns:dns", "udp") == "KUBE-SVC-TCOU7JCQXEZGVUNU"
    assert svc_chain("kube-system/kube-dns:dns-tcp", "tcp") == "KUBE-SVC-ERIFXISQEP7F7OF4"
    assert svc_chain("kube-system/kube-dns:metrics", "tcp") == "KUBE-SVC-JD5MR3NA4I4DYORP"


@pytest.mark.parametrize("node", ["controlplane", "node01", "node02"])
def test_layout_on_every_node(cluster: Cluster, node: str) -> None:
    rules = cluster.node(node).run("iptables -t nat -S").stdout.splitlines()
    services = [r for r in rules if r.startswith("-A KUBE-SERVICES")]
    assert services[-1] == ('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be '
                            'the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS')
    assert "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000" in rules
    assert '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES' in rules
    assert any('--comment "default/web cluster IP"' in r for r in services)
    web = svc_chain("default/web", "tcp")
    stat = [r for r in rules if r.startswith(f"-A {web}") and "statistic" in r]
    assert "--probability 0.33333333349" in stat[0] and "--probability 0.50000000000" in stat[1]
    assert any(r.startswith("-A KUBE-NODEPORTS -p tcp -m comment --comment \"default/web\"") for r in rules)


def test_clusterip_curl_and_no_ping(cluster: Cluster) -> None:
    ip = cluster.store.get("Service", "default", "web")["spec"]["clusterIP"]
    r = cluster.run(f"kubectl exec client -- curl -s http://{ip}")
    assert "Welcome to nginx!" in r.stdout, r.stderr
    r = cluster.node("node01").run(f"ping -c 1 -W 1 {ip}")
    assert r.returncode == 1 and "100% packet loss" in r.stdout


def test_nodeport_from_outside(cluster: Cluster) -> None:
    port = cluster.store.get("Service", "default", "web")["spec"]["ports"][0]["nodePort"]
    r = cluster.node("gateway").run(f"curl -s -m 2 http://192.168.1.12:{port}/")
    assert "Welcome to nginx!" in r.stdout


def test_no_endpoints_reject(cluster: Cluster) -> None:
    cluster.run("kubectl apply -f -", stdin="apiVersion: v1\nkind: Service\nmetadata:\n  name: empty\nspec:\n"
                "  selector:\n    app: none\n  ports:\n  - port: 80\n")
    ip = cluster.store.get("Service", "default", "empty")["spec"]["clusterIP"]
    filt = cluster.node("node01").run("iptables -S KUBE-SERVICES").stdout
    assert (f'-A KUBE-SERVICES -d {ip}/32 -p tcp -m comment --comment \"default/empty has no endpoints\" '
            "-m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable") in filt
    r = cluster.node("node01").run(f"curl -sS http://{ip}")       # OUTPUT -> filter KUBE-SERVICES -> REJECT
    assert r.returncode == 7 and "Failed to connect" in r.stderr


def test_kube_proxy_log(cluster: Cluster) -> None:
    pod = cluster.store.list("Pod", "kube-system", {"k8s-app": "kube-proxy"})[0]["metadata"]["name"]
    assert "Using iptables Proxier" in cluster.run(f"kubectl logs -n kube-system {pod}").stdout


def _apply_svc(c: Cluster, name: str, extra: str, stype: str = "ClusterIP") -> None:
    text = (f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  type: {stype}\n"
            f"  selector:\n    app: web\n{extra}  ports:\n  - port: 80\n")
    r = c.run("kubectl apply -f -", stdin=text)
    assert r.returncode == 0, r.stderr


def test_session_affinity_client_ip(cluster: Cluster) -> None:
    _apply_svc(cluster, "sticky", "  sessionAffinity: ClientIP\n")
    chain = svc_chain("default/sticky", "tcp")
    rules = cluster.node("node01").run(f"iptables -t nat -S {chain}").stdout
    assert "-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-" in rules
    ip = cluster.store.get("Service", "default", "sticky")["spec"]["clusterIP"]
    before = {p["metadata"]["name"]: len(cluster.run(f"kubectl logs {p['metadata']['name']}").stdout.splitlines())
              for p in cluster.store.list("Pod", "default", {"app": "web"})}
    for _ in range(6):
        assert "Welcome" in cluster.run(f"kubectl exec client -- curl -s http://{ip}").stdout
    after = {n: len(cluster.run(f"kubectl logs {n}").stdout.splitlines()) for n in before}
    assert sorted(after[n] - before[n] for n in before) == [0, 0, 6]


def test_external_traffic_policy_local(cluster: Cluster) -> None:
    _apply_svc(cluster, "local", "  externalTrafficPolicy: Local\n", "NodePort")
    ext = "KUBE-EXT-" + svc_chain("default/local", "tcp")[len("KUBE-SVC-"):]
    svl = "KUBE-SVL-" + svc_chain("default/local", "tcp")[len("KUBE-SVC-"):]
    rules = cluster.node("node01").run("iptables -t nat -S").stdout
    assert f"-A {ext} -j {svl}" in rules
    assert f'-A {ext} -m comment --comment "route LOCAL traffic for default/local external destinations" ' \
           f"-m addrtype --src-type LOCAL -j KUBE-SVC-" in rules
    local_eps = [p["status"]["podIP"] for p in cluster.store.list("Pod", "default", {"app": "web"})
                 if p["spec"]["nodeName"] == "node01"]
    svl_rules = [r for r in rules.splitlines() if r.startswith(f"-A {svl} ")]
    assert len(svl_rules) == len(local_eps)


def test_internal_traffic_policy_local(cluster: Cluster) -> None:
    _apply_svc(cluster, "itp", "  internalTrafficPolicy: Local\n")
    ip = cluster.store.get("Service", "default", "itp")["spec"]["clusterIP"]
    svl = "KUBE-SVL-" + svc_chain("default/itp", "tcp")[len("KUBE-SVC-"):]
    rules = cluster.node("node02").run("iptables -t nat -S KUBE-SERVICES").stdout
    assert f'-A KUBE-SERVICES -d {ip}/32 -p tcp -m comment --comment "default/itp cluster IP" -m tcp --dport 80 ' \
           f"-j {svl}" in rules


def test_load_balancer_source_ranges_fw_chain(cluster: Cluster) -> None:
    _apply_svc(cluster, "fw", "  loadBalancerSourceRanges:\n  - 192.168.1.1/32\n", "LoadBalancer")
    cluster.run("kubectl get svc fw")
    cluster.run("kubectl get svc fw")                   # the cloud LB has answered
    lb = cluster.store.get("Service", "default", "fw")["status"]["loadBalancer"]["ingress"][0]["ip"]
    fw = "KUBE-FW-" + svc_chain("default/fw", "tcp")[len("KUBE-SVC-"):]
    nat = cluster.node("node01").run("iptables -t nat -S").stdout
    assert f'-A KUBE-SERVICES -d {lb}/32 -p tcp -m comment --comment "default/fw loadbalancer IP" -m tcp ' \
           f"--dport 80 -j {fw}" in nat
    assert f'-A {fw} -s 192.168.1.1/32 -m comment --comment "default/fw loadbalancer IP" -j KUBE-EXT-' in nat
    filt = cluster.node("node01").run("iptables -S KUBE-PROXY-FIREWALL").stdout
    assert f'-A KUBE-PROXY-FIREWALL -d {lb}/32 -p tcp -m comment --comment "default/fw traffic not accepted by ' \
           f'{fw}" -m tcp --dport 80 -j DROP' in filt


def test_curl_by_service_name(cluster: Cluster) -> None:
    for url in ("http://web", "http://web.default.svc.cluster.local"):
        r = cluster.run(f"kubectl exec client -- curl -s {url}")
        assert "Welcome to nginx!" in r.stdout, r.stderr
