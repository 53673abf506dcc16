"""The ingress-nginx controller pod's listening sockets: nginx on 0.0.0.0 and [::] (ipv6only) for 80, 443 and the
default server's 8181, its status/stream servers on 127.0.0.1, the Go controller on 10245 (profiler), *:10254 and *:8443."""
from __future__ import annotations

from course_lib import Cluster

DEPLOY = ("https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.11.2/deploy/static/provider/"
          "baremetal/deploy.yaml")


def test_controller_listens_on_both_families() -> None:
    c = Cluster(workers=1)
    assert c.run(f"kubectl apply -f {DEPLOY}").returncode == 0
    pod = next(p["metadata"]["name"] for p in c.store.list("Pod", "ingress-nginx"))
    rows = c.run(f"kubectl exec -n ingress-nginx {pod} -- ss -lnt").stdout.splitlines()[1:]
    sockets = sorted((r.split()[3], r.split()[2]) for r in rows)
    assert sockets == sorted([
        ("0.0.0.0:80", "4096"), ("[::]:80", "4096"), ("0.0.0.0:443", "4096"), ("[::]:443", "4096"),
        ("0.0.0.0:8181", "4096"), ("[::]:8181", "4096"), ("127.0.0.1:10246", "511"), ("127.0.0.1:10247", "511"),
        ("127.0.0.1:10245", "4096"), ("*:10254", "4096"), ("*:8443", "4096")])
    netstat = c.run(f"kubectl exec -n ingress-nginx {pod} -- netstat -nlt").stdout
    assert "tcp        0      0 :::80                   :::*                    LISTEN" in netstat
    assert "tcp        0      0 0.0.0.0:443             0.0.0.0:*               LISTEN" in netstat
    args = c.store.get("Deployment", "ingress-nginx", "ingress-nginx-controller")["spec"]["template"]["spec"][
        "containers"][0]["args"]
    assert "--validating-webhook=:8443" in args and args[-1] == "--enable-metrics=false"
