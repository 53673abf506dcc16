"""What a learner types in the pod/service networking chapters, answered as kubectl 1.30 answers: texts found
differing in a session run through the simulation, each fixed from kubectl's source."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl run bb --image=busybox -- sleep 3600")
    return cl


def _r(c: Cluster, cmd: str) -> tuple[str, str, int]:
    r = c.run(cmd)
    return r.stdout, r.stderr, r.returncode


def test_get_go_template(c: Cluster) -> None:
    # GoTemplatePrinter: text/template "output" over the JSON object, missing keys <no value>
    ip = c.store.get("Pod", "default", "bb")["status"]["podIP"]
    assert _r(c, "kubectl get pod bb -o go-template='{{.status.podIP}}'") == (ip, "", 0)
    assert _r(c, "kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}'") == (
        "bb\n", "", 0)
    assert _r(c, "kubectl get pod bb -o template='{{.spec.nope}}'") == ("<no value>", "", 0)
    assert _r(c, "kubectl get pod bb -o go-template='{{len .spec.containers}}'") == ("1", "", 0)
    assert _r(c, "kubectl get pod bb -o go-template='{{.spec.containers'") == (
        "", "error: error parsing template {{.spec.containers, template: output:1: unclosed action\n", 1)
    out, err, rc = _r(c, "kubectl get pod bb -o go-template='{{.metadata.name.x}}'")
    assert rc == 1 and err == ('error: error executing template "{{.metadata.name.x}}": template: output:1:2: '
                               'executing "output" at <.metadata.name.x>: can\'t evaluate field x in type string\n')
    assert _r(c, "kubectl run x --image=nginx --dry-run=client -o go-template='{{.metadata.name}}'") == ("x", "", 0)


def test_api_versions(c: Cluster) -> None:
    out, err, rc = _r(c, "kubectl api-versions")
    lines = out.splitlines()
    assert (err, rc) == ("", 0) and lines == sorted(lines) and lines[-1] == "v1"
    for gv in ("apps/v1", "autoscaling/v1", "autoscaling/v2", "batch/v1", "networking.k8s.io/v1",
               "discovery.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta3"):
        assert gv in lines
