"""Pod networking per CNI: bridge + the learner's routes (the seed's lesson), flannel's vxlan routes."""
from __future__ import annotations

from course_lib import Cluster


def _pod_on(c: Cluster, node: str, name: str, image: str = "busybox", args: str = "-- sleep 3600") -> str:
    manifest = f"""apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  nodeName: {node}
  containers:
  - name: {name}
    image: {image}
""" + ("    args: [sleep, '3600']\n" if image == "busybox" else "")
    assert c.run("kubectl apply -f -", stdin=manifest).returncode == 0
    return c.store.get("Pod", "default", name)["status"]["podIP"]


def test_bridge_needs_the_learners_routes() -> None:
    c = Cluster(cni="bridge", workers=2)
    web = _pod_on(c, "node02", "web", "nginx")
    _pod_on(c, "node01", "client")
    assert web.startswith("10.244.2.")
    r = c.run(f"kubectl exec client -- wget -qO- -T 2 http://{web}")
    assert r.returncode != 0
    c.node("node01").run("ip route add 10.244.2.0/24 via 192.168.1.12")
    c.node("node02").run("ip route add 10.244.1.0/24 via 192.168.1.11")
    r = c.run(f"kubectl exec client -- wget -qO- -T 2 http://{web}")
    assert "Welcome to nginx!" in r.stdout, r.stderr
    client_ip = c.store.get("Pod", "default", "client")["status"]["podIP"]
    assert c.run("kubectl logs web").stdout.splitlines()[-1].startswith(client_ip + " ")


def test_flannel_vxlan_routes() -> None:
    c = Cluster(cni="flannel", workers=2)
    assert c.run("kubectl get ds -n kube-flannel -o name").stdout == "daemonset.apps/kube-flannel-ds\n"
    routes = c.node("node01").run("ip route").stdout
    assert "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink" in routes
    assert "FLANNEL_SUBNET=10.244.1.1/24" in c.node("node01").run("cat /run/flannel/subnet.env").stdout
    web = _pod_on(c, "node02", "web", "nginx")
    _pod_on(c, "node01", "client")
    assert "Welcome to nginx!" in c.run(f"kubectl exec client -- wget -qO- http://{web}").stdout
    client_ip = c.store.get("Pod", "default", "client")["status"]["podIP"]
    assert c.run("kubectl logs web").stdout.splitlines()[-1].startswith(client_ip + " ")
    assert c.run("kubectl exec client -- ip route").stdout.startswith("default via 10.244.1.1 dev eth0")


def test_unknown_cni_rejected() -> None:
    import pytest
    with pytest.raises(ValueError):
        Cluster(cni="calico")


def test_flannel_device_is_a_vxlan_tunnel() -> None:
    """flannel.1 as flanneld makes it; pod traffic crosses as UDP 8472 between the nodes' addresses."""
    c = Cluster(cni="flannel", workers=2)
    node01 = c.node("node01")
    details = node01.run("ip -d link show flannel.1").stdout
    assert "mtu 1450 qdisc noqueue state UNKNOWN" in details
    assert "    vxlan id 1 local 192.168.1.11 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto " in details
    mac2 = c.machine("node02").root.link_by_name("flannel.1").mac
    assert f"{mac2} dst 192.168.1.12 self permanent\n" in node01.run("bridge fdb show dev flannel.1").stdout
    assert f"10.244.2.0 lladdr {mac2} PERMANENT" in node01.run("ip neigh show dev flannel.1").stdout
    assert "0.0.0.0:8472" in node01.run("ss -lun").stdout
    web = _pod_on(c, "node02", "web", "nginx")
    _pod_on(c, "node01", "client")
    c.node("node02").run("iptables -A INPUT -p udp --dport 8472 -s 192.168.1.11 -j DROP")
    r = c.run(f"kubectl exec client -- wget -qO- -T 1 http://{web}")
    assert "Welcome to nginx!" not in r.stdout
    c.node("node02").run("iptables -F INPUT")
    assert "Welcome to nginx!" in c.run(f"kubectl exec client -- wget -qO- http://{web}").stdout
