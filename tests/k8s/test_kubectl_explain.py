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


def test_explain_enum_field_long_view(c: Cluster) -> None:
    # plaintext.tmpl's extractEnum (isLongView) and kube-openapi's "Possible enum values" lines, as kubectl 1.30
    # prints them against a 1.30 API server
    out = c.run("kubectl explain pod.spec.containers.imagePullPolicy").stdout
    assert out == (
        "KIND:       Pod\nVERSION:    v1\n\nFIELD: imagePullPolicy <string>\nENUM:\n    Always\n    IfNotPresent\n"
        "    Never\n\nDESCRIPTION:\n"
        "    Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if\n"
        "    :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More\n"
        "    info: https://kubernetes.io/docs/concepts/containers/images#updating-images\n    \n"
        "    Possible enum values:\n"
        "     - `\"Always\"` means that kubelet always attempts to pull the latest image.\n"
        "    Container will fail If the pull fails.\n"
        "     - `\"IfNotPresent\"` means that kubelet pulls if the image isn't present on\n"
        "    disk. Container will fail if the image isn't present and the pull fails.\n"
        "     - `\"Never\"` means that kubelet never pulls an image, but only uses a local\n"
        "    image. Container will fail if the image isn't present\n    \n\n")
    out = c.run("kubectl explain pod.spec.restartPolicy").stdout
    assert "FIELD: restartPolicy <string>\nENUM:\n    Always\n    Never\n    OnFailure\n\nDESCRIPTION:\n" in out
    assert "    Possible enum values:\n     - `\"Always\"` \n" in out
    out = c.run("kubectl explain svc.spec.type").stdout
    assert "ENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort\n\n" in out
    assert ("     - `\"ClusterIP\"` means a service will only be accessible inside the cluster,\n"
            "    via the cluster IP.\n") in out
    # a field without enum keeps its two blank lines
    assert "FIELD: selector <map[string]string>\n\n\nDESCRIPTION:" in c.run("kubectl explain svc.spec.selector").stdout


def test_explain_enum_in_field_lists(c: Cluster) -> None:
    out = c.run("kubectl explain deploy.spec.strategy").stdout
    assert ("  type\t<string>\n  enum: Recreate, RollingUpdate\n    Type of deployment. Can be \"Recreate\" or "
            "\"RollingUpdate\". Default is\n    RollingUpdate.\n    \n    Possible enum values:\n") in out
    out = c.run("kubectl explain svc.spec").stdout
    assert "  sessionAffinity\t<string>\n  enum: ClientIP, None\n" in out
    assert "     - `\"None\"` - no session affinity.\n" in out
    out = c.run("kubectl explain pod.spec --recursive").stdout
    assert "  restartPolicy\t<string>\n  enum: Always, Never, OnFailure\n  runtimeClassName\t<string>\n" in out
    assert "      protocol\t<string>\n      enum: SCTP, TCP, UDP\n" in out
    out = c.run("kubectl explain ingress.spec.rules.http.paths").stdout
    assert "  pathType\t<string> -required-\n  enum: Exact, ImplementationSpecific, Prefix\n" in out


def test_explain_taint_enums(c: Cluster) -> None:
    out = c.run("kubectl explain node.spec.taints.effect").stdout
    assert "FIELD: effect <string>\nENUM:\n    NoExecute\n    NoSchedule\n    PreferNoSchedule\n\n" in out
    assert "     - `\"PreferNoSchedule\"` Like TaintEffectNoSchedule, but the scheduler tries\n" in out
    out = c.run("kubectl explain pod.spec.tolerations").stdout
    assert "  operator\t<string>\n  enum: Equal, Exists\n" in out
