"""A kubeadm node's listening sockets as `ss -lntp` / `netstat -nplt` show them on a real node: Go's
wildcard listeners are one dual-stack socket (*:PORT, tcp6 :::PORT), etcd and the control-plane
components keep their IPv4 addresses, every Go listener has the somaxconn backlog (4096)."""
from __future__ import annotations

import re

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def _rows(text: str) -> dict[str, str]:
    """Local address:port -> the rest of the row, for `ss -lntp`."""
    rows = {}
    for line in text.splitlines()[1:]:
        fields = line.split()
        rows[fields[3]] = " ".join(fields[2:3] + fields[4:])
    return rows


def test_controlplane_ss(cluster):
    rows = _rows(cluster.run("ss -lntp").stdout)
    ip = cluster.node_ip("controlplane")
    for local, owner in [("*:6443", "kube-apiserver"), ("*:10250", "kubelet"), ("*:10256", "kube-proxy")]:
        assert rows[local].startswith("4096 *:* users:((\"" + owner), rows
    for local, owner in [("127.0.0.1:2379", "etcd"), (f"{ip}:2379", "etcd"), (f"{ip}:2380", "etcd"),
                         ("127.0.0.1:2381", "etcd"), ("127.0.0.1:10259", "kube-scheduler"),
                         ("127.0.0.1:10257", "kube-controller"), ("127.0.0.1:10248", "kubelet"),
                         ("127.0.0.1:10249", "kube-proxy")]:
        assert rows[local].startswith("4096 0.0.0.0:* users:((\"" + owner), rows
    containerd = [k for k, v in rows.items() if "containerd" in v]
    assert len(containerd) == 1 and re.fullmatch(r"127\.0\.0\.1:\d{5}", containerd[0])


def test_controlplane_netstat(cluster):
    out = cluster.run("netstat -nplt").stdout.splitlines()
    assert any(re.fullmatch(r"tcp6       0      0 :::6443                 :::\*                    LISTEN      "
                            r"\d+/kube-apiserver\s*", line) for line in out), out
    protos = [line.split()[0] for line in out[2:]]
    assert protos == sorted(protos) and "tcp6" in protos and "tcp" in protos


def test_the_api_server_answers_ipv4_on_its_dual_stack_socket(cluster):
    ip = cluster.node_ip("controlplane")
    assert cluster.run(f"curl -sk https://{ip}:6443/livez").stdout == "ok"


def test_coredns_listens_dual_stack_udp_and_tcp(cluster):
    pods = cluster.run("kubectl get pods -n kube-system -o name").stdout.split()
    name = next(p for p in pods if "coredns" in p).split("/")[1]
    pod_ip = cluster.run(f"kubectl get pod {name} -n kube-system -o jsonpath='{{.status.podIP}}'").stdout
    assert cluster.run(f"dig +short @{pod_ip} kubernetes.default.svc.cluster.local").stdout == "10.96.0.1\n"
    rc, _ = cluster.dns_servers[0]
    held = {(s.proto, str(s.ip), s.port, s.v6only, s.backlog if s.proto == "tcp" else 0) for s in rc.netns.sockets}
    assert {("udp", "::", 53, False, 0), ("tcp", "::", 53, False, 4096), ("tcp", "::", 8080, False, 4096),
            ("tcp", "::", 8181, False, 4096)} <= held, held
