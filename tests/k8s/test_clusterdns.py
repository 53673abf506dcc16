"""Cluster DNS: CoreDNS from the coredns ConfigMap, records per the Kubernetes DNS specification, resolv.conf."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster()
    c.run("kubectl create namespace payroll")
    c.run("kubectl create deployment mysql -n payroll --image=mysql")
    c.run("kubectl expose deployment mysql -n payroll --port=3306 --name=mysql")
    c.run("kubectl run hr --image=nicolaka/netshoot -- sleep 3600")     # bind-tools nslookup (BIND 9)
    c.run("kubectl run bb --image=busybox -- sleep 3600")
    return c


def test_coredns_setup(cluster: Cluster) -> None:
    cm = cluster.store.get("ConfigMap", "kube-system", "coredns")
    assert "kubernetes cluster.local in-addr.arpa ip6.arpa" in cm["data"]["Corefile"]
    pods = cluster.store.list("Pod", "kube-system", {"k8s-app": "kube-dns"})
    assert len(pods) == 2
    assert cluster.store.get("Service", "kube-system", "kube-dns")["spec"]["clusterIP"] == "10.96.0.10"


def test_resolv_conf_cluster_first(cluster: Cluster) -> None:
    assert cluster.run("kubectl exec hr -- cat /etc/resolv.conf").stdout == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n"
        "options ndots:5\n")


@pytest.mark.parametrize("name", ["mysql.payroll", "mysql.payroll.svc.cluster.local", "MYSQL.Payroll"])
def test_cross_namespace(cluster: Cluster, name: str) -> None:
    ip = cluster.store.get("Service", "payroll", "mysql")["spec"]["clusterIP"]
    r = cluster.run(f"kubectl exec hr -- nslookup {name}")
    assert r.returncode == 0 and f"Address: {ip}" in r.stdout


def test_other_namespace_short_name_fails(cluster: Cluster) -> None:
    r = cluster.run("kubectl exec hr -- nslookup mysql")
    assert "server can't find mysql: NXDOMAIN" in r.stdout


def test_upstream_and_ptr(cluster: Cluster) -> None:
    assert "93.184.215.14" in cluster.run("kubectl exec hr -- nslookup example.com").stdout
    assert "name = kubernetes.default.svc.cluster.local." in cluster.run("kubectl exec hr -- nslookup 10.96.0.1").stdout


def test_srv_pod_and_version(cluster: Cluster) -> None:
    from course_lib.dns.message import Message
    from course_lib.k8s.clusterdns import answer

    class Req:
        def __init__(self, name: str, qtype: str) -> None:
            self.query = Message(id=1, qname=name, qtype=qtype)

    opts = {"pods": ["insecure"], "ttl": ["30"]}
    zones = ["cluster.local."]
    r = answer(cluster, zones, opts, Req("_dns._udp.kube-dns.kube-system.svc.cluster.local.", "SRV"))
    assert r.answer[0].rdata == "0 100 53 kube-dns.kube-system.svc.cluster.local."
    r = answer(cluster, zones, opts, Req("10-32-0-9.default.pod.cluster.local.", "A"))
    assert r.answer[0].rdata == "10.32.0.9"
    r = answer(cluster, zones, opts, Req("dns-version.cluster.local.", "TXT"))
    assert r.answer[0].rdata == '"1.1.0"'
    r = answer(cluster, zones, opts, Req("nope.default.svc.cluster.local.", "A"))
    assert r.rcode == "NXDOMAIN"


def test_configmap_edit_changes_behaviour(cluster: Cluster) -> None:
    import yaml
    cm = cluster.store.get("ConfigMap", "kube-system", "coredns")
    text = cm["data"]["Corefile"].replace("    loadbalance\n", "    loadbalance\n    hosts {\n       10.1.2.3 legacy.example\n       fallthrough\n    }\n")
    doc = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "coredns", "namespace": "kube-system"},
           "data": {"Corefile": text}}
    assert cluster.run("kubectl apply -f -", stdin=yaml.safe_dump(doc)).returncode == 0
    assert "10.1.2.3" in cluster.run("kubectl exec hr -- nslookup legacy.example").stdout


EXTRA = """apiVersion: v1
kind: Service
metadata:
  name: web-hl
spec:
  clusterIP: None
  selector: {app: mysql}
  ports:
  - name: mysql
    port: 3306
---
apiVersion: v1
kind: Service
metadata:
  name: ext
spec:
  type: ExternalName
  externalName: www.example.com
---
apiVersion: v1
kind: Service
metadata:
  name: sub
spec:
  clusterIP: None
  selector: {name: busy}
  ports:
  - port: 1234
---
apiVersion: v1
kind: Pod
metadata:
  name: busy1
  labels: {name: busy}
spec:
  hostname: busybox-1
  subdomain: sub
  containers:
  - name: b
    image: busybox
    command: [sleep, "3600"]
---
apiVersion: v1
kind: Service
metadata:
  name: empty-hl
spec:
  clusterIP: None
  selector: {name: none}
  ports:
  - port: 80
"""


def test_headless_externalname_hostname(cluster: Cluster) -> None:
    assert cluster.run("kubectl apply -n payroll -f -", stdin=EXTRA).returncode == 0
    mysql_ip = cluster.store.list("Pod", "payroll", {"app": "mysql"})[0]["status"]["podIP"]
    r = cluster.run("kubectl exec hr -- nslookup web-hl.payroll")
    assert f"Name:\tweb-hl.payroll.svc.cluster.local\nAddress: {mysql_ip}\n" in r.stdout
    r = cluster.run("kubectl exec hr -- nslookup ext.payroll")
    assert "ext.payroll.svc.cluster.local\tcanonical name = www.example.com." in r.stdout
    busy_ip = cluster.store.get("Pod", "payroll", "busy1")["status"]["podIP"]
    assert f"Address: {busy_ip}" in cluster.run("kubectl exec hr -- nslookup busybox-1.sub.payroll").stdout
    assert "NXDOMAIN" in cluster.run("kubectl exec hr -- nslookup empty-hl.payroll").stdout
    r = cluster.run("kubectl exec hr -- nslookup -type=srv _mysql._tcp.web-hl.payroll.svc.cluster.local")
    dashed = mysql_ip.replace(".", "-")
    assert f"service = 0 100 3306 {dashed}.web-hl.payroll.svc.cluster.local." in r.stdout


def test_dns_policies(cluster: Cluster) -> None:
    pod = cluster.store.list("Pod", "kube-system", {"k8s-app": "kube-dns"})[0]
    box = cluster.kubelets[pod["spec"]["nodeName"]].runtime(pod).box
    from course_lib.docker.hostops import read_file
    assert read_file(box, "/etc/resolv.conf") == "search .\nnameserver 192.168.1.1\n"       # Default
    doc = """apiVersion: v1
kind: Pod
metadata:
  name: custom
spec:
  dnsPolicy: None
  dnsConfig:
    nameservers: [1.1.1.1]
    searches: [corp.example]
    options:
    - name: ndots
      value: "2"
  containers:
  - name: c
    image: busybox
    command: [sleep, "3600"]
"""
    cluster.run("kubectl apply -f -", stdin=doc)
    assert cluster.run("kubectl exec custom -- cat /etc/resolv.conf").stdout == \
        "search corp.example\nnameserver 1.1.1.1\noptions ndots:2\n"


def test_busybox_nslookup_asks_each_search_domain(cluster: Cluster) -> None:
    """BusyBox 1.36's nslookup: A then AAAA for each search domain; a name with a dot goes out as it is."""
    ip = cluster.store.get("Service", "payroll", "mysql")["spec"]["clusterIP"]
    r = cluster.run("kubectl exec bb -- nslookup mysql")
    nx = "".join(f"** server can't find mysql.{d}: NXDOMAIN\n\n"
                 for d in ("default.svc.cluster.local", "svc.cluster.local", "cluster.local"))
    assert r.stdout == "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" + nx + nx and r.returncode == 1
    r = cluster.run("kubectl exec bb -- nslookup mysql.payroll.svc.cluster.local")
    assert r.stdout == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                        f"Name:\tmysql.payroll.svc.cluster.local\nAddress: {ip}\n\n\n") and r.returncode == 0
    assert "** server can't find mysql.payroll: NXDOMAIN" in cluster.run("kubectl exec bb -- nslookup mysql.payroll").stdout
    r = cluster.run("kubectl exec bb -- nslookup 10.96.0.1")
    assert "1.0.96.10.in-addr.arpa\tname = kubernetes.default.svc.cluster.local\n" in r.stdout


def _ask(cluster: Cluster, name: str, qtype: str):  # type: ignore[no-untyped-def]
    """The kubernetes plugin's reply to one question (pods insecure, ttl 30, as kubeadm's Corefile)."""
    from course_lib.dns.message import Message
    from course_lib.k8s.clusterdns import answer

    class Req:
        query = Message(id=1, qname=name, qtype=qtype)
    return answer(cluster, ["cluster.local."], {"pods": ["insecure"], "ttl": ["30"]}, Req())


def _records(reply) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{rr.name} {rr.rdtype} {rr.rdata}" for rr in reply.answer]


def test_names_as_coredns_kubernetes_plugin_answers(cluster: Cluster) -> None:
    """Cases read from CoreDNS's plugin/kubernetes (parse.go parseRequest, kubernetes.go findPods/findServices,
    handler.go) beyond the DNS specification's minimum."""
    ip = cluster.store.get("Service", "payroll", "mysql")["spec"]["clusterIP"]
    pod_ip = cluster.store.list("Pod", "payroll", {"app": "mysql"})[0]["status"]["podIP"]
    dashed = pod_ip.replace(".", "-")
    # pods insecure: the namespace must exist (namespaceExposed); AAAA of an IPv4 name is NODATA
    assert _ask(cluster, "10-32-0-9.nosuch.pod.cluster.local.", "A").rcode == "NXDOMAIN"
    r = _ask(cluster, "10-32-0-9.payroll.pod.cluster.local.", "AAAA")
    assert r.rcode == "NOERROR" and not r.answer and r.authority[0].rdtype == "SOA"
    assert _records(_ask(cluster, "fd00--1.payroll.pod.cluster.local.", "AAAA")) == \
        ["fd00--1.payroll.pod.cluster.local. AAAA fd00::1"]
    # SRV of the service name itself: one per port, named or not (an unnamed port has no _port._proto name)
    r = _ask(cluster, "mysql.payroll.svc.cluster.local.", "SRV")
    assert _records(r) == [f"mysql.payroll.svc.cluster.local. SRV 0 100 3306 mysql.payroll.svc.cluster.local."]
    assert [f"{rr.name} {rr.rdata}" for rr in r.additional] == [f"mysql.payroll.svc.cluster.local. {ip}"]
    # an endpoint's name under a ClusterIP service answers too (r.endpoint set: the endpoints are looked at)
    assert _records(_ask(cluster, f"{dashed}.mysql.payroll.svc.cluster.local.", "A")) == \
        [f"{dashed}.mysql.payroll.svc.cluster.local. A {pod_ip}"]
    assert _ask(cluster, "nobody.mysql.payroll.svc.cluster.local.", "A").rcode == "NXDOMAIN"
    assert _ask(cluster, "a.b.c.mysql.payroll.svc.cluster.local.", "A").rcode == "NXDOMAIN"   # too long
    # SOA for any name of the zone; NS at the apex with the DNS service's address; TXT only for dns-version
    assert _records(_ask(cluster, "mysql.payroll.svc.cluster.local.", "SOA"))[0].startswith(
        "cluster.local. SOA ns.dns.cluster.local. hostmaster.cluster.local. ")
    r = _ask(cluster, "cluster.local.", "NS")
    assert _records(r) == ["cluster.local. NS ns.dns.cluster.local."]
    assert [f"{rr.name} {rr.rdata}" for rr in r.additional] == ["ns.dns.cluster.local. 10.96.0.10"]
    assert _ask(cluster, "dns-version.cluster.local.", "A").rcode == "NXDOMAIN"
    r = _ask(cluster, "mysql.payroll.svc.cluster.local.", "TXT")
    assert r.rcode == "NOERROR" and not r.answer


def test_headless_srv_per_endpoint_and_port(cluster: Cluster) -> None:
    """spec 2.4.2: an SRV per ready endpoint and named port, the endpoint's hostname as target; the
    service name's SRV lists them too; weights split 100 between them (CoreDNS's plugin.SRV)."""
    if cluster.store.get("Service", "payroll", "web-hl") is None:
        assert cluster.run("kubectl apply -n payroll -f -", stdin=EXTRA).returncode == 0
    busy_ip = cluster.store.get("Pod", "payroll", "busy1")["status"]["podIP"]
    r = _ask(cluster, "sub.payroll.svc.cluster.local.", "SRV")
    assert _records(r) == ["sub.payroll.svc.cluster.local. SRV 0 100 1234 busybox-1.sub.payroll.svc.cluster.local."]
    assert [f"{rr.name} {rr.rdata}" for rr in r.additional] == [f"busybox-1.sub.payroll.svc.cluster.local. {busy_ip}"]
    assert _records(_ask(cluster, "busybox-1.sub.payroll.svc.cluster.local.", "A")) == \
        [f"busybox-1.sub.payroll.svc.cluster.local. A {busy_ip}"]


def test_node_resolv_conf_is_a_link_to_the_stub_file(cluster: Cluster) -> None:
    """Ubuntu 22.04 kubeadm nodes: /etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf (systemd 249's
    text, ending as `cat /etc/resolv.conf` shows on such a node); the kubelet reads the uplink file."""
    for node in ("controlplane", "node01"):
        r = cluster.node(node).run("readlink /etc/resolv.conf; readlink -f /etc/resolv.conf; "
                                   "ls -l /etc/resolv.conf | cut -d' ' -f1,5,9-; tail -4 /etc/resolv.conf; "
                                   "head -1 /etc/resolv.conf; grep resolvConf /var/lib/kubelet/config.yaml")
        assert r.stdout == ("../run/systemd/resolve/stub-resolv.conf\n/run/systemd/resolve/stub-resolv.conf\n"
                            "lrwxrwxrwx 39 /etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf\n"
                            "\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n"
                            "# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\n"
                            "resolvConf: /run/systemd/resolve/resolv.conf\n")
    node = cluster.node("node01")
    node.run("echo 'nameserver 192.168.1.1' >> /etc/resolv.conf")       # written through the link
    assert node.run("tail -1 /run/systemd/resolve/stub-resolv.conf; test -L /etc/resolv.conf && echo link"
                    ).stdout == "nameserver 192.168.1.1\nlink\n"
    from course_lib.k8s.clusterdns import STUB_RESOLV
    node.run("cat > /etc/resolv.conf", stdin=STUB_RESOLV)
    assert node.run("cat /run/systemd/resolve/stub-resolv.conf").stdout == STUB_RESOLV
