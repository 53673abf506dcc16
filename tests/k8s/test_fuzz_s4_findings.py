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
