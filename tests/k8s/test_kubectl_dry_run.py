"""kubectl --dry-run=client|server|none: suffixes, the API server's admission in server mode, nothing stored."""
from __future__ import annotations

import re

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl run web --image=nginx --port=80")
    return cl


def _r(c: Cluster, cmd: str, stdin: str = "") -> tuple[str, str, int]:
    r = c.run(cmd, stdin=stdin)
    return r.stdout, r.stderr, r.returncode


def test_generators_server_dry_run_store_nothing(c: Cluster) -> None:
    assert _r(c, "kubectl run db --image=redis --dry-run=server") == ("pod/db created (server dry run)\n", "", 0)
    assert _r(c, "kubectl create deployment d1 --image=nginx --dry-run=server") == (
        "deployment.apps/d1 created (server dry run)\n", "", 0)
    assert _r(c, "kubectl expose pod web --port 80 --dry-run=server") == (
        "service/web exposed (server dry run)\n", "", 0)
    assert _r(c, "kubectl create service clusterip s1 --tcp=80 --dry-run=server") == (
        "service/s1 created (server dry run)\n", "", 0)
    for kind, name in (("Pod", "db"), ("Deployment", "d1"), ("Service", "web"), ("Service", "s1")):
        assert c.store.get(kind, "default", name) is None


def test_server_dry_run_admits_like_the_api_server(c: Cluster) -> None:
    assert _r(c, "kubectl run web --image=nginx --dry-run=server") == (
        "", 'Error from server (AlreadyExists): pods "web" already exists\n', 1)
    assert _r(c, "kubectl run web --image=nginx --dry-run=client") == ("pod/web created (dry run)\n", "", 0)
    c.run("kubectl create deployment taken --image=nginx")
    assert _r(c, "kubectl create deployment taken --image=nginx --dry-run=server") == (
        "", 'error: failed to create deployment: deployments.apps "taken" already exists\n', 1)
    out, err, rc = _r(c, "kubectl run Bad_Name --image=nginx --dry-run=server")
    assert rc == 1 and err.startswith('The Pod "Bad_Name" is invalid: \n* metadata.name: Invalid value: "Bad_Name"')
    out, err, rc = _r(c, "kubectl run p -n nowhere --image=nginx --dry-run=server")
    assert (err, rc) == ('Error from server (NotFound): namespaces "nowhere" not found\n', 1)


def test_server_dry_run_yaml_is_the_defaulted_object(c: Cluster) -> None:
    out, _, rc = _r(c, "kubectl expose pod web --port 80 --name w2 --dry-run=server -o yaml")
    assert rc == 0 and "clusterIP: 10." in out and "namespace: default" in out and "uid: " in out
    assert "resourceVersion" not in out and c.store.get("Service", "default", "w2") is None
    client, _, _ = _r(c, "kubectl expose pod web --port 80 --name w2 --dry-run=client -o yaml")
    assert "creationTimestamp: null" in client and "clusterIP" not in client


def test_file_writes_and_delete(c: Cluster) -> None:
    manifest = c.run("kubectl get pod web -o yaml").stdout
    assert _r(c, "kubectl apply -f - --dry-run=server", manifest)[0] == "pod/web configured (server dry run)\n"
    assert _r(c, "kubectl create -f - --dry-run=client", manifest) == ("pod/web created (dry run)\n", "", 0)
    assert _r(c, "kubectl create -f - --dry-run=server", manifest) == (
        "", 'Error from server (AlreadyExists): error when creating "STDIN": pods "web" already exists\n', 1)
    fresh = manifest.replace("name: web\n", "name: fresh\n", 1)
    assert _r(c, "kubectl apply -f - --dry-run=client", fresh)[0] == "pod/fresh created (dry run)\n"
    assert c.store.get("Pod", "default", "fresh") is None
    assert _r(c, "kubectl delete pod web --dry-run=server") == ('pod "web" deleted (server dry run)\n', "", 0)
    assert _r(c, "kubectl delete pod web --dry-run=client") == ('pod "web" deleted (dry run)\n', "", 0)
    assert c.store.get("Pod", "default", "web") is not None
    assert _r(c, "kubectl delete pod nope --dry-run=client") == (
        "", 'Error from server (NotFound): pods "nope" not found\n', 1)


def test_flag_values(c: Cluster) -> None:
    out, err, rc = _r(c, "kubectl run x --image=nginx --dry-run")      # kubectl 1.30: client, with klog's warning
    assert (out, rc) == ("pod/x created (dry run)\n", 0) and c.store.get("Pod", "default", "x") is None
    assert re.fullmatch(r"W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ helpers.go:703\] --dry-run is deprecated and can be "
                        r"replaced with --dry-run=client.\n", err)
    out, err, rc = _r(c, "kubectl run x --image=nginx --dry-run=F")
    assert rc == 0 and err.endswith(" helpers.go:720] --dry-run=F is deprecated (boolean value) and can be replaced "
                                    "with --dry-run=none.\n") and c.store.get("Pod", "default", "x") is not None
    assert _r(c, "kubectl run x --image=nginx --dry-run=maybe") == (
        "", 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n', 1)
    assert _r(c, "kubectl run nd --image=nginx --dry-run=none")[0] == "pod/nd created\n"
    assert c.store.get("Pod", "default", "nd") is not None
    out, _, _ = _r(c, "kubectl label pod web tier=x --dry-run=server")
    assert c.store.get("Pod", "default", "web")["metadata"]["labels"].get("tier") is None


def test_updates_under_dry_run_change_nothing(c: Cluster) -> None:
    c.run("kubectl create deployment dr --image=nginx")
    image = "kubectl get deploy dr -o jsonpath='{.spec.template.spec.containers[0].image}'"
    assert _r(c, "kubectl set image deploy/dr nginx=nginx:1.25 --dry-run=server") == (
        "deployment.apps/dr image updated (server dry run)\n", "", 0)
    assert c.run(image).stdout == "nginx"
    assert _r(c, "kubectl scale deploy dr --replicas=3 --dry-run=client") == (
        "deployment.apps/dr scaled (dry run)\n", "", 0)
    assert c.store.get("Deployment", "default", "dr")["spec"]["replicas"] == 1
    c.run("kubectl set image deploy/dr nginx=nginx:1.25")
    assert _r(c, "kubectl rollout undo deploy/dr --dry-run=server") == (
        "deployment.apps/dr rolled back (server dry run)\n", "", 0)
    assert c.run(image).stdout == "nginx:1.25"


def test_file_writes_print_with_output(c: Cluster) -> None:
    manifest = c.run("kubectl run fo --image=nginx --dry-run=client -o yaml").stdout
    out, _, rc = _r(c, "kubectl create -f - --dry-run=client -o yaml", manifest)
    assert rc == 0 and out.startswith("apiVersion: v1\nkind: Pod\nmetadata:\n") and "  namespace: default\n" in out
    two = manifest + "---\n" + manifest.replace("name: fo\n", "name: fo2\n", 1)
    out = _r(c, "kubectl create -f - --dry-run=client -o yaml", two)[0]
    assert out.count("\n---\n") == 1
    assert _r(c, "kubectl apply -f - -o name", manifest) == ("pod/fo\n", "", 0)
    assert "uid: " in _r(c, "kubectl apply -f - -o yaml", manifest)[0]
