"""Objects from -f whose metadata is not a map (a list, a string) read as unstructured's accessors read them (no name,
no namespace): kubectl delete [--dry-run=server] -f answers the API's NotFound, never an internal error."""
from __future__ import annotations

import pytest

from course_lib import Cluster

LIST_METADATA = "kind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n      - nam\n"
STRING_METADATA = "apiVersion: v1\nkind: ConfigMap\nmetadata: cm\n"


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster(cni="bridge")


@pytest.mark.parametrize("line", ["kubectl delete -f -", "kubectl delete --dry-run=server -f -"])
@pytest.mark.parametrize("manifest", [LIST_METADATA, STRING_METADATA])
def test_delete_with_odd_metadata(cluster: Cluster, line: str, manifest: str) -> None:
    result = cluster.run(line, manifest)
    assert (result.stdout, result.returncode) == ("", 1)
    assert result.stderr == 'Error from server (NotFound): error when deleting "STDIN": configmaps "" not found\n'


def test_client_dry_run_prints_the_object_as_sent(cluster: Cluster) -> None:
    result = cluster.run("kubectl create --dry-run=client -f - -o yaml", LIST_METADATA)
    assert result.returncode == 0 and "metadata:\n- nam\n" in result.stdout, result.stderr
