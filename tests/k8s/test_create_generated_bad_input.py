"""kubectl create NAMESPACE|CONFIGMAP|DEPLOYMENT... with more than one NAME, or an -o no printer takes, is
kubectl 1.30's error (NameFromCommandArgs, PrintFlags.ToPrinter) and creates nothing."""
from __future__ import annotations

import pytest

from course_lib import Cluster

PRINTERS = ("go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,"
            "yaml")


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster(cni="bridge")


@pytest.mark.parametrize("line,stderr", [
    ("kubectl create ns n9 extra", "error: exactly one NAME is required, got 2\n"
                                   "See 'kubectl create namespace -h' for help and examples\n"),
    ("kubectl create configmap c9 c8 --from-literal=a=b", "error: exactly one NAME is required, got 2\n"
                                                          "See 'kubectl create configmap -h' for help and examples\n"),
    ("kubectl create ns n9 -o bogus", f'error: unable to match a printer suitable for the output format "bogus", '
                                      f"allowed formats are: {PRINTERS}\n"),
    ("kubectl create ns n9 -o --dry-run=server", 'error: unable to match a printer suitable for the output format '
                                                 f'"--dry-run=server", allowed formats are: {PRINTERS}\n'),
    ("kubectl create deployment d9 --image=nginx -o wide", 'error: unable to match a printer suitable for the '
                                                           f'output format "wide", allowed formats are: {PRINTERS}\n'),
])
def test_refused_and_nothing_created(cluster: Cluster, line: str, stderr: str) -> None:
    before = cluster.run("kubectl get ns,cm,deploy -A -o name").stdout
    result = cluster.run(line)
    assert (result.stdout, result.stderr, result.returncode) == ("", stderr, 1)
    assert cluster.run("kubectl get ns,cm,deploy -A -o name").stdout == before
