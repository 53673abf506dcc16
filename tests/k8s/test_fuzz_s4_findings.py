"""Findings of the fourth session's bad-input properties (tests/k8s/test_fuzz_s4_kubectl.py), one test each."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster(cni="bridge")


@pytest.mark.parametrize("line", ["kubectl apply -f -", "true; kubectl apply -f -"])
def test_a_manifest_nested_deeper_than_the_parser_goes_is_the_shells_nesting_error_on_both_paths(cluster, line):
    """A RecursionError out of a command run by the terminal's one-command fast path escaped lab.run (the script
    path already answered bash's nesting error); both paths give the same answer and the terminal goes on."""
    result = cluster.run(line, stdin="[" * 3000)
    assert (result.stdout, result.stderr, result.returncode) == ("", "bash: maximum nesting level exceeded\n", 2)
    assert cluster.run("kubectl get ns default -o name").stdout == "namespace/default\n"


NAMESPACE_MAP = "apiVersion: v1\ndata:\n  key: v\nkind: ConfigMap\nmetadata:\n  name: mc\n  namespace:\n    a: 1\n"
REFUSED = ('Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled '
           "as a ConfigMap: json: cannot unmarshal object into Go struct field ObjectMeta.metadata.namespace of type "
           "string\n")


@pytest.mark.parametrize("line, answer", [
    ("kubectl apply -f -", ("", REFUSED, 1)), ("kubectl apply -f - --dry-run=server", ("", REFUSED, 1)),
    ("kubectl delete -f -", ("", 'Error from server (NotFound): error when deleting "STDIN": configmaps "mc" not '
                                 "found\n", 1)),
    ("kubectl create -f - --dry-run=client -o yaml", ("apiVersion: v1\ndata:\n  key: v\nkind: ConfigMap\nmetadata:\n"
                                                      "  name: mc\n  namespace: default\n", "", 0))])
def test_a_namespace_that_is_no_string_is_the_default_namespace_to_kubectl_and_refused_by_the_server(cluster, line,
                                                                                                       answer):
    """unstructured's GetNamespace gives "" for a metadata.namespace that is no string: kubectl works in the default
    namespace and the API server's decoder refuses the object (apply/delete raised TypeError: unhashable dict)."""
    result = cluster.run(line, stdin=NAMESPACE_MAP)
    assert (result.stdout, result.stderr, result.returncode) == answer
