"""The simulated cloud load balancer in front of LoadBalancer Services, with kube-proxy in both modes."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.services.lb import PRIVATE_ADDRESS


@pytest.mark.parametrize("mode", ["iptables", "ipvs"])
def test_curl_through_the_cloud_lb(mode: str) -> None:
    c = Cluster(proxy_mode=mode)
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.run("kubectl expose deployment web --port=80 --type=LoadBalancer")
    assert c.run("kubectl get svc web").stdout.splitlines()[1].split()[3] == "<pending>"
    ip = c.run("kubectl get svc web").stdout.splitlines()[1].split()[3]
    assert ip == "192.168.1.240"
    if mode == "ipvs":        # every node holds the ingress IP on kube-ipvs0: replies to it would stay there
        assert f"inet {ip}/32" in c.node("node01").run("ip addr show kube-ipvs0").stdout
    for node in ("controlplane", "node01"):
        assert PRIVATE_ADDRESS not in c.node(node).run("ip -4 addr").stdout
    r = c.node("gateway").run(f"curl -s -m 2 http://{ip}/")
    assert "Welcome to nginx!" in r.stdout, (mode, r.stderr)
    port = c.store.get("Service", "default", "web")["spec"]["ports"][0]["nodePort"]
    assert f"-A POSTROUTING -p tcp -m tcp --dport {port} -j SNAT --to-source {PRIVATE_ADDRESS}" in \
        c.node("cloud-lb").run("iptables -t nat -S").stdout
    r = c.node("controlplane").run(f"curl -s -m 2 http://{ip}/")
    assert "Welcome to nginx!" in r.stdout, (mode, r.stderr)


def test_balancer_follows_patches_and_deletion() -> None:
    c = Cluster(proxy_mode="ipvs")
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.run("kubectl expose deployment web --port=80 --type=LoadBalancer; kubectl get svc; kubectl get svc")
    gw = c.node("gateway")
    assert "Welcome to nginx!" in gw.run("curl -s -m 2 http://192.168.1.240/").stdout
    out = c.run("""kubectl patch svc web -p '{"spec":{"ports":[{"port":80,"nodePort":31999}]}}'""").stdout
    assert out == "service/web patched\n"
    assert "--to-destination 192.168.1.11:31999" in c.node("cloud-lb").run("iptables -t nat -S").stdout
    assert "Welcome to nginx!" in gw.run("curl -s -m 2 http://192.168.1.240/").stdout
    assert c.run("""kubectl patch svc web -p '{"spec":{"type":"ClusterIP"}}'""").stdout == "service/web patched\n"
    spec = c.store.get("Service", "default", "web")["spec"]
    assert "nodePort" not in spec["ports"][0] and "externalTrafficPolicy" not in spec
    assert "192.168.1.240" not in c.node("cloud-lb").run("ip -4 addr").stdout
    assert "DNAT" not in c.node("cloud-lb").run("iptables -t nat -S").stdout
    assert gw.run("curl -s -m 2 http://192.168.1.240/").returncode != 0
    c.run("""kubectl patch svc web -p '{"spec":{"type":"LoadBalancer"}}'; kubectl get svc; kubectl get svc""")
    assert "Welcome to nginx!" in gw.run("curl -s -m 2 http://192.168.1.240/").stdout
    c.run("kubectl delete svc web")
    assert "192.168.1.240" not in c.node("cloud-lb").run("ip -4 addr").stdout
