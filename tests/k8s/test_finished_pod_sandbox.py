"""A finished pod's sandbox: the kubelet stops it (CNI DEL releases the veth, the IP allocation and the netns);
the pod keeps status.podIP (kubectl get -o wide still shows it) and its logs."""
from __future__ import annotations

from course_lib import Cluster


def test_completed_pod_releases_its_network_but_keeps_its_ip_in_status() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run done --image=busybox --restart=Never -- sh -c 'echo hi; sleep 2'")
    c.run("true")
    node = c.run("kubectl get pod done -o jsonpath='{.spec.nodeName}'").stdout
    ip = c.run("kubectl get pod done -o jsonpath='{.status.podIP}'").stdout
    host = c.lab.host(node)
    before_links = host.run("ip -br link").stdout.count("veth")
    allocations = host.run("ls /var/lib/cni/networks/*/").stdout.split()
    assert ip in allocations
    out = c.run("sleep 5; kubectl get pod done -o wide").stdout
    cells = out.splitlines()[1].split()
    assert cells[:4] == ["done", "0/1", "Completed", "0"] and cells[5:7] == [ip, node]
    assert ip not in host.run("ls /var/lib/cni/networks/*/").stdout.split()
    assert host.run("ip -br link").stdout.count("veth") == before_links - 1
    assert c.run("kubectl logs done").stdout == "hi\n"
    assert c.run(f"ping -c 1 -W 1 {ip}").returncode == 1
