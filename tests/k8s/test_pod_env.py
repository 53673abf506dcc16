"""A pod container's process environment (k8s/pod_env.py): PATH, HOSTNAME=<pod>, the image's ENV, the container's
env and the service links in Go's map order, HOME last."""
from __future__ import annotations

from course_lib import Cluster

PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
KUBERNETES = {"KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443", "KUBERNETES_SERVICE_PORT_HTTPS=443",
              "KUBERNETES_PORT=tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
              "KUBERNETES_PORT_443_TCP_PROTO=tcp", "KUBERNETES_PORT_443_TCP_PORT=443",
              "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1"}


def test_kubectl_exec_env_and_main_process_env() -> None:
    cl = Cluster(cni="bridge")
    cl.run("env | head -1")                      # the terminal's shell state must not leak into the pod
    assert cl.run("kubectl run bb --image=busybox --env=GREETING=hi -- sh -c 'env; sleep 3600'").returncode == 0
    r = cl.run("kubectl exec bb -- env")
    lines = r.stdout.splitlines()
    assert (lines[:3], lines[-1], r.returncode) == ([PATH, "HOSTNAME=bb", "GREETING=hi"], "HOME=/root", 0)
    assert set(lines[3:-1]) == KUBERNETES and len(lines) == 12        # the master service's links, any order
    assert cl.run("kubectl exec bb -- env").stdout == r.stdout        # one order for the container's life
    # the main process is BusyBox ash: its SHLVL and PWD, in its variable table's order
    logged = cl.run("kubectl logs bb").stdout.splitlines()
    assert set(logged) == {"HOSTNAME=bb", "SHLVL=1", "HOME=/root", "GREETING=hi", PATH, "PWD=/"} | KUBERNETES


def test_service_links_of_the_namespace_when_the_container_started() -> None:
    cl = Cluster(cni="bridge")
    cl.run("kubectl create deployment web --image=nginx:1.25 && kubectl expose deploy web --port=80 --name=my-web")
    cl.run("kubectl create ns other && kubectl create service clusterip elsewhere --tcp=8080:80 -n other")
    cl.run("kubectl create service clusterip headless --clusterip=None --tcp=80")
    cl.run("kubectl run bb --image=busybox --env='A=$(MY_WEB_SERVICE_HOST):$(MY_WEB_SERVICE_PORT)' -- sleep 3600")
    ip = cl.store.get("Service", "default", "my-web")["spec"]["clusterIP"]
    env = dict(line.split("=", 1) for line in cl.run("kubectl exec bb -- env").stdout.splitlines())
    assert {k: v for k, v in env.items() if k.startswith("MY_WEB")} == {
        "MY_WEB_SERVICE_HOST": ip, "MY_WEB_SERVICE_PORT": "80", "MY_WEB_PORT": f"tcp://{ip}:80",
        "MY_WEB_PORT_80_TCP": f"tcp://{ip}:80", "MY_WEB_PORT_80_TCP_PROTO": "tcp", "MY_WEB_PORT_80_TCP_PORT": "80",
        "MY_WEB_PORT_80_TCP_ADDR": ip}
    assert env["A"] == f"{ip}:80"                                  # $(VAR) expands the service links too
    assert not any(k.startswith(("ELSEWHERE", "HEADLESS")) for k in env)   # other namespaces, no cluster IP
    cl.run("kubectl create service clusterip late --tcp=53:53")
    assert "LATE_SERVICE_HOST" not in cl.run("kubectl exec bb -- env").stdout      # made after the container
    cl.run("kubectl create deployment dns-probe --image=busybox -- sleep 3600")
    pod = cl.store.list("Pod", "default", {"app": "dns-probe"})[0]["metadata"]["name"]
    assert "LATE_SERVICE_HOST=" in cl.run(f"kubectl exec {pod} -- env").stdout


def test_enable_service_links_false_and_the_image_env() -> None:
    cl = Cluster(cni="bridge")
    cl.run("kubectl create service clusterip db --tcp=5432:5432")
    manifest = """apiVersion: v1
kind: Pod
metadata: {name: quiet}
spec:
  enableServiceLinks: false
  containers:
  - name: nginx
    image: nginx:1.25
    env: [{name: NGINX_VERSION, value: mine}]
"""
    cl.run("kubectl apply -f -", stdin=manifest)
    lines = cl.run("kubectl exec quiet -- env").stdout.splitlines()
    assert lines[:3] == [PATH, "HOSTNAME=quiet", "NGINX_VERSION=mine"]       # the pod's value, in the image's place
    assert any(line.startswith("NJS_VERSION=") for line in lines) and "PKG_RELEASE=1~bookworm" in lines
    assert not any(line.startswith("DB_") for line in lines)
    assert KUBERNETES <= set(lines)                                 # the master service even without links
