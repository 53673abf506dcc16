"""kube-proxy ipvs mode: kube-ipvs0, ipvsadm/ipset listings, kube-proxy 1.30's chains, traffic, scaling, mode switch."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster(workers=2, proxy_mode="ipvs")
    c.run("kubectl create deployment web --image=nginx --replicas=3")
    c.run("kubectl expose deployment web --port=80 --type=NodePort")
    c.run("kubectl run client --image=nginx")
    return c


def _svc(cluster: Cluster, name: str = "web") -> dict:
    return cluster.store.get("Service", "default", name)


def _pod_ips(cluster: Cluster, app: str = "web") -> list[str]:
    return sorted(p["status"]["podIP"] for p in cluster.store.list("Pod", "default")      # terminating ones left out
                  if (p["metadata"].get("labels") or {}).get("app") == app and not p["metadata"].get("deletionTimestamp"))


def test_kube_ipvs0_holds_every_cluster_ip(cluster: Cluster) -> None:
    ip = _svc(cluster)["spec"]["clusterIP"]
    out = cluster.node("node01").run("ip addr show kube-ipvs0").stdout
    assert "kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default \n" in out
    for vip in ("10.96.0.1", "10.96.0.10", ip):
        assert f"    inet {vip}/32 scope global kube-ipvs0\n" in out
    details = cluster.node("node01").run("ip -d link show kube-ipvs0").stdout
    assert "\n    dummy addrgenmode eui64 numtxqueues 1" in details and "minmtu 0 maxmtu 0" in details


def test_ipvsadm_lists_services_and_endpoints(cluster: Cluster) -> None:
    ip = _svc(cluster)["spec"]["clusterIP"]
    out = cluster.node("node02").run("ipvsadm -Ln").stdout
    lines = out.splitlines()
    assert lines[:3] == ["IP Virtual Server version 1.2.1 (size=4096)", "Prot LocalAddress:Port Scheduler Flags",
                         "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn"]
    assert "TCP  10.96.0.1:443 rr" in lines
    assert "  -> 192.168.1.10:6443            Masq    1      0          0         " in lines
    assert "UDP  10.96.0.10:53 rr" in lines
    at = lines.index(f"TCP  {ip}:80 rr")
    assert [l.split()[1] for l in lines[at + 1:at + 4]] == [f"{p}:80" for p in _pod_ips(cluster)]
    port = _svc(cluster)["spec"]["ports"][0]["nodePort"]
    assert f"TCP  192.168.1.12:{port} rr" in lines


def test_ipset_cluster_ip_entries(cluster: Cluster) -> None:
    ip = _svc(cluster)["spec"]["clusterIP"]
    out = cluster.node("node01").run("ipset list KUBE-CLUSTER-IP").stdout
    assert out.startswith("Name: KUBE-CLUSTER-IP\nType: hash:ip,port\nRevision: 7\nHeader: family inet hashsize 1024 "
                          "maxelem 65536 bucketsize 12 initval 0x")
    assert "\nReferences: 3\n" in out and "\nMembers:\n10.96.0.1,tcp:443\n10.96.0.10,udp:53\n" in out
    assert f"\n{ip},tcp:80\n" in out
    port = _svc(cluster)["spec"]["ports"][0]["nodePort"]
    assert cluster.node("node01").run("ipset save KUBE-NODE-PORT-TCP").stdout == \
        f"create KUBE-NODE-PORT-TCP bitmap:port range 0-65535\nadd KUBE-NODE-PORT-TCP {port}\n"


def test_ipvs_mode_iptables_layout(cluster: Cluster) -> None:
    nat = cluster.node("node01").run("iptables -t nat -S").stdout.splitlines()
    assert nat[nat.index("-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN"):] [:4] == [
        "-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN",
        '-A KUBE-SERVICES ! -s 10.32.0.0/12 -m comment --comment "Kubernetes service cluster ip + port for '
        'masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
        "-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT",
        "-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT"]
    assert '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" ' \
           "-m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ" in nat
    assert "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0" in nat
    assert not any(r.startswith("-N KUBE-SVC-") for r in nat)
    filt = cluster.node("node01").run("iptables -S INPUT").stdout.splitlines()
    assert filt[1:4] == ['-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
                         '-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
                         '-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT']


def test_clusterip_from_pod_and_node(cluster: Cluster) -> None:
    ip = _svc(cluster)["spec"]["clusterIP"]
    for _ in range(3):                                      # rr: each endpoint, local and remote
        r = cluster.run(f"kubectl exec client -- curl -s -m 2 http://{ip}")
        assert "Welcome to nginx!" in r.stdout, r.stderr
        r = cluster.node("node01").run(f"curl -s -m 2 http://{ip}")
        assert "Welcome to nginx!" in r.stdout, r.stderr
    assert "10.96.0.1       kubernetes" in cluster.run("kubectl exec client -- getent hosts kubernetes").stdout
    r = cluster.node("node01").run(f"curl -s -m 2 http://{ip}:81")      # KUBE-IPVS-FILTER rejects other ports
    assert r.returncode == 7
    lines = cluster.node("node01").run("ipvsadm -Lnc").stdout.splitlines()
    assert lines[0] == "IPVS connection entries" and any(f"{ip}:80" in l and "TIME_WAIT" in l for l in lines)


def test_hairpin_is_masqueraded_by_kube_loop_back() -> None:
    c = Cluster(workers=1, proxy_mode="ipvs")
    c.run("kubectl create deployment web --image=nginx --replicas=1")
    c.run("kubectl expose deployment web --port=80")
    ip = c.store.get("Service", "default", "web")["spec"]["clusterIP"]
    pod = next(p for p in c.store.list("Pod", "default"))
    r = c.run(f"kubectl exec {pod['metadata']['name']} -- curl -s -o /dev/null -w '%{{http_code}}' http://{ip}")
    assert r.stdout == "200"
    own = pod["status"]["podIP"]
    assert f"\n{own},tcp:80,{own}\n" in c.node("node01").run("ipset list KUBE-LOOP-BACK").stdout
    flows = c.node("node01").run("conntrack -L").stdout
    assert f"src={own} dst={ip} sport=32775 dport=80 src={own} dst=10.40.0.0 sport=80 dport=32775" in flows


def test_vip_answers_ping_in_ipvs_mode(cluster: Cluster) -> None:
    """The VIP is a local address: it answers. kube-proxy 1.30's KUBE-IPVS-FILTER rejects new traffic to
    it that is not a service port, so the answer is a port unreachable; without that rule, echo replies."""
    ip = _svc(cluster)["spec"]["clusterIP"]
    r = cluster.node("node01").run(f"ping -c 1 -W 1 {ip}")
    assert f"From {ip} icmp_seq=1 Destination Port Unreachable" in r.stdout
    lab = Cluster(workers=0, proxy_mode="ipvs")
    lab.run("iptables -D KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT")
    r = lab.run("ping -c 1 -W 1 10.96.0.10")
    assert r.returncode == 0 and "64 bytes from 10.96.0.10: icmp_seq=1" in r.stdout


def test_nodeport_from_outside(cluster: Cluster) -> None:
    port = _svc(cluster)["spec"]["ports"][0]["nodePort"]
    for node_ip in ("192.168.1.11", "192.168.1.12"):
        r = cluster.node("gateway").run(f"curl -s -m 2 http://{node_ip}:{port}/")
        assert "Welcome to nginx!" in r.stdout


def test_scaling_updates_real_servers(cluster: Cluster) -> None:
    ip = _svc(cluster)["spec"]["clusterIP"]
    cluster.run("kubectl scale deployment web --replicas=5")
    out = cluster.node("node02").run(f"ipvsadm -Ln -t {ip}:80").stdout
    assert len([l for l in out.splitlines() if l.startswith("  -> 10.")]) == 5
    cluster.run("kubectl scale deployment web --replicas=1")
    out = cluster.node("node02").run(f"ipvsadm -Ln -t {ip}:80").stdout
    live = [l for l in out.splitlines() if l.startswith("  -> 10.") and " Masq    1 " in l]
    assert len(live) == 1 and live[0].split()[1] == f"{_pod_ips(cluster)[0]}:80"
    cluster.network.clock += 300                      # their TIME_WAIT connections are over: drained ones go
    out = cluster.node("node02").run(f"ipvsadm -Ln -t {ip}:80").stdout
    assert [l.split()[1] for l in out.splitlines() if l.startswith("  -> 1")] == [f"{_pod_ips(cluster)[0]}:80"]


def test_session_affinity_is_persistence() -> None:
    c = Cluster(workers=1, proxy_mode="ipvs")
    c.run("kubectl create deployment api --image=nginx --replicas=3")
    c.run("kubectl apply -f -", stdin="apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n"
          "  selector:\n    app: api\n  sessionAffinity: ClientIP\n  ports:\n  - port: 80\n")
    ip = c.store.get("Service", "default", "api")["spec"]["clusterIP"]
    assert f"TCP  {ip}:80 rr persistent 10800" in c.node("node01").run("ipvsadm -Ln").stdout
    for _ in range(3):
        assert "Welcome to nginx!" in c.node("node01").run(f"curl -s http://{ip}").stdout
    conns = c.node("node01").run("ipvsadm -Lnc").stdout.splitlines()
    dests = {l.split()[-1] for l in conns if f"{ip}:80" in l and l.startswith("TCP")}
    assert len(dests) == 1 and any(l.startswith("IP ") for l in conns)


def test_external_traffic_policy_local_keeps_the_client_source() -> None:
    """KUBE-NODE-PORT-LOCAL-TCP RETURNs before the masquerade mark: a node with the pod answers, a node
    without one forwards unmasqueraded and the pod's reply never comes back to the client."""
    c = Cluster(workers=2, proxy_mode="ipvs")
    c.run("kubectl create deployment loc --image=nginx --replicas=1")
    c.run("kubectl apply -f -", stdin="apiVersion: v1\nkind: Service\nmetadata:\n  name: loc\nspec:\n  type: NodePort\n"
          "  externalTrafficPolicy: Local\n  selector:\n    app: loc\n  ports:\n  - port: 80\n")
    port = c.store.get("Service", "default", "loc")["spec"]["ports"][0]["nodePort"]
    home = next(p["spec"]["nodeName"] for p in c.store.list("Pod", "default") if p["metadata"]["name"].startswith("loc"))
    other = "node01" if home == "node02" else "node02"
    assert "Welcome to nginx!" in c.node("gateway").run(f"curl -s -m 2 http://{c.node_ip(home)}:{port}/").stdout
    assert c.node("gateway").run(f"curl -s -m 2 http://{c.node_ip(other)}:{port}/").returncode == 28
    assert f"Members:\n{port}\n" in c.node(other).run("ipset list KUBE-NODE-PORT-LOCAL-TCP").stdout


def test_configmap_mode_switch_and_logs() -> None:
    c = Cluster(workers=1)
    assert c.node("node01").run("ip link show kube-ipvs0").returncode == 1
    cm = c.run("kubectl -n kube-system get configmap kube-proxy -o yaml").stdout
    assert 'mode: ""' in cm
    c.run("kubectl -n kube-system get configmap kube-proxy -o yaml > /tmp/cm.yaml")
    c.run("sed -i 's/mode: \"\"/mode: ipvs/' /tmp/cm.yaml && kubectl apply -f /tmp/cm.yaml")
    c.run("kubectl -n kube-system delete pod -l k8s-app=kube-proxy")
    pods = [p["metadata"]["name"] for p in c.store.list("Pod", "kube-system")
            if p["metadata"]["name"].startswith("kube-proxy-")]
    logs = c.run(f"kubectl -n kube-system logs {pods[0]}").stdout
    assert '"Using ipvs Proxier"' in logs and '"Using iptables proxy"' not in logs
    assert c.node("node01").run("curl -s localhost:10249/proxyMode").stdout == "ipvs"
    assert "TCP  10.96.0.1:443 rr" in c.node("node01").run("ipvsadm -Ln").stdout
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.run("kubectl expose deployment web --port=80")
    ip = c.store.get("Service", "default", "web")["spec"]["clusterIP"]
    assert "Welcome to nginx!" in c.node("node01").run(f"curl -s -m 2 http://{ip}").stdout


def test_iptables_mode_logs_and_no_ipvs() -> None:
    c = Cluster(workers=0)
    pod = next(p["metadata"]["name"] for p in c.store.list("Pod", "kube-system")
               if p["metadata"]["name"].startswith("kube-proxy-"))
    assert '"Using iptables Proxier"' in c.run(f"kubectl -n kube-system logs {pod}").stdout
    assert c.run("ipvsadm -Ln").stdout == ("IP Virtual Server version 1.2.1 (size=4096)\n"
                                           "Prot LocalAddress:Port Scheduler Flags\n"
                                           "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n")
    assert c.run("ipset list").stdout == ""


def test_bad_proxy_mode() -> None:
    with pytest.raises(ValueError):
        Cluster(proxy_mode="userspace")
