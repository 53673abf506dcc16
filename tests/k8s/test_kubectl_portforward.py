"""kubectl port-forward: its argument and port errors (portforward.go, client-go parsePorts), the listeners on
127.0.0.1 and ::1 it leaves behind as a job, and connections relayed to localhost:PORT inside the pod."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from tests.cli_support import answer as _r


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl run nginx --image=nginx --port=80")
    cl.run("kubectl create deployment web --image=nginx")
    cl.run("kubectl expose deploy web --port=8080 --target-port=80")
    return cl



def test_forward_pod_and_service(c: Cluster) -> None:
    assert _r(c, "kubectl port-forward pod/nginx 8080:80") == (
        "Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n", "", 0)
    assert "<title>Welcome to nginx!</title>" in c.run("curl -s localhost:8080").stdout
    # a service port becomes the pod's target port
    assert _r(c, "kubectl port-forward svc/web 9090:8080")[0] == (
        "Forwarding from 127.0.0.1:9090 -> 80\nForwarding from [::1]:9090 -> 80\n")
    assert c.run("curl -s -o /dev/null -w '%{http_code}' 127.0.0.1:9090").stdout == "200"
    assert "kubectl port-forward pod/nginx 8080:80 &" in c.run("jobs").stdout
    assert '"kubectl",pid=' in c.run("ss -lntp").stdout
    # nothing listens on the pod's port 81: the connection is closed
    c.run("kubectl port-forward pod/nginx 7071:81")
    assert c.run("curl -s localhost:7071").returncode == 52


def test_port_taken(c: Cluster) -> None:
    c.run("kubectl port-forward pod/nginx 8181:80")
    assert _r(c, "kubectl port-forward pod/nginx 8181:80") == (
        "", "Unable to listen on port 8181: Listeners failed to create with the following errors: [unable to "
        "create listener: Error listen tcp4 127.0.0.1:8181: bind: address already in use unable to create listener: "
        "Error listen tcp6 [::1]:8181: bind: address already in use]\nerror: unable to listen on any of the "
        "requested ports: [{8181 80}]\n", 1)


@pytest.mark.parametrize("line, err", [
    ("kubectl port-forward", "error: TYPE/NAME and list of ports are required for port-forward\n"
                             "See 'kubectl port-forward -h' for help and examples\n"),
    ("kubectl port-forward nope 8080:80", 'Error from server (NotFound): pods "nope" not found\n'),
    ("kubectl port-forward pod/nginx abc:80",
     "error: error parsing local port 'abc': strconv.ParseUint: parsing \"abc\": invalid syntax\n"),
    ("kubectl port-forward pod/nginx 8081:http", "error: Pod 'nginx' does not have a named port 'http'\n"),
    ("kubectl port-forward svc/web 7070:9999", "error: Service web does not have a service port 9999\n"),
    ("kubectl port-forward pod/nginx 7072:0", "error: remote port must be > 0\n"),
])
def test_errors(c: Cluster, line: str, err: str) -> None:
    assert _r(c, line) == ("", err, 1)
