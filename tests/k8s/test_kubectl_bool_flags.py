"""kubectl's long bool flags take a value as pflag does (strconv.ParseBool): 1/t/T/TRUE/true/True and
0/f/F/FALSE/false/False, anything else is kubectl's invalid-argument error before anything runs."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster(cni="bridge")


def test_bad_bool_value(cluster: Cluster) -> None:
    result = cluster.run("kubectl explain pods --recursive=maybe")
    assert (result.stdout, result.stderr, result.returncode) == (
        "", 'error: invalid argument "maybe" for "--recursive" flag: strconv.ParseBool: parsing "maybe": invalid '
            "syntax\nSee 'kubectl explain --help' for usage.\n", 1)
    result = cluster.run("kubectl delete pods --all=yes -n kube-system")
    assert result.returncode == 1 and "strconv.ParseBool" in result.stderr
    assert "coredns" in cluster.run("kubectl get pods -n kube-system").stdout


@pytest.mark.parametrize("value,shown", [("0", False), ("F", False), ("False", False), ("1", True), ("T", True),
                                         ("TRUE", True)])
def test_parse_bool_values(cluster: Cluster, value: str, shown: bool) -> None:
    result = cluster.run(f"kubectl get ns default --show-labels={value}")
    assert result.returncode == 0 and ("LABELS" in result.stdout) is shown
