"""kubectl explain: kubectl 1.30's plaintext template over Kubernetes 1.30's API schema."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.kubectl.explain import wrap


@pytest.fixture(scope="module")
def c() -> Cluster:
    return Cluster(cni="bridge")


def test_explain_kind(c: Cluster) -> None:
    r = c.run("kubectl explain pods")
    assert r.returncode == 0 and r.stdout.startswith(
        "KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    Pod is a collection of containers that can run on a "
        "host. This resource is\n    created by clients and scheduled onto hosts.\n    \nFIELDS:\n"
        "  apiVersion\t<string>\n    APIVersion defines the versioned schema of this representation of an object.\n")
    assert "\n  spec\t<PodSpec>\n    Specification of the desired behavior of the pod. More info:\n" in r.stdout
    assert r.stdout.endswith("#spec-and-status\n\n\n")
    assert c.run("kubectl explain deploy").stdout.startswith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n")


def test_explain_field_paths(c: Cluster) -> None:
    out = c.run("kubectl explain pod.spec.containers.ports").stdout
    assert out.startswith("KIND:       Pod\nVERSION:    v1\n\nFIELD: ports <[]ContainerPort>\n\n\nDESCRIPTION:\n"
                          "    List of ports to expose from the container.")
    assert "    ContainerPort represents a network port in a single container.\n    \nFIELDS:\n" in out
    assert "  containerPort\t<integer> -required-\n    Number of port to expose" in out
    assert "FIELD: targetPort <IntOrString>\n" in c.run("kubectl explain svc.spec.ports.targetPort").stdout
    assert "FIELD: nodeSelector <map[string]string>\n" in c.run("kubectl explain pod.spec.nodeSelector").stdout
    assert "FIELD: name <string>" in c.run("kubectl explain deployments.apps.spec.template.spec.containers.name").stdout


def test_explain_recursive_and_errors(c: Cluster) -> None:
    out = c.run("kubectl explain svc.spec --recursive").stdout
    assert "\n  ports\t<[]ServicePort>\n    appProtocol\t<string>\n" in out
    assert "\n    port\t<integer> -required-\n" in out
    r = c.run("kubectl explain pod.spec.nope")
    assert (r.stdout, r.stderr, r.returncode) == ("", 'error: field "nope" does not exist\n', 1)
    r = c.run("kubectl explain foo")
    assert (r.stderr, r.returncode) == ('error: the server doesn\'t have a resource type "foo"\n', 1)


def test_wrap_as_go_wordwrap() -> None:
    assert wrap("aaa bbb ccc", 7) == "aaa bbb\nccc"
    assert wrap("see https://very.long/url/that/does/not/fit here", 10) == "see\nhttps://very.long/url/that/does/not/fit\nhere"
    assert wrap("a list:\n  * indented item", 40) == "a list:\n  * indented item"
