"""kubectl's errors for numbers that are not numbers and for an empty workload selector (found by
tests/k8s/test_kubectl_fuzz.py): the real texts, never a Python exception; `scale` of several names scales the found
ones and reports the missing ones."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster(cni="bridge")
    assert cluster.run("kubectl create deployment web --image=nginx --replicas=1").returncode == 0
    return cluster


@pytest.mark.parametrize("line, err", [
    ("kubectl run p --image=nginx --port x", 'error: strconv.Atoi: parsing "x": invalid syntax\n'),
    ("kubectl expose deploy web --port x", 'error: strconv.Atoi: parsing "x": invalid syntax\n'),
    ("kubectl create deployment d --image=nginx --port=x", 'error: invalid argument "x" for "--port" flag: '
     'strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl create deployment --help\' for usage.\n'),
    ("kubectl create deployment d --image=nginx --replicas=", 'error: invalid argument "" for "-r, --replicas" flag: '
     'strconv.ParseInt: parsing "": invalid syntax\nSee \'kubectl create deployment --help\' for usage.\n'),
    ("kubectl scale deploy web --replicas=x", 'error: invalid argument "x" for "--replicas" flag: strconv.ParseInt: '
     'parsing "x": invalid syntax\nSee \'kubectl scale --help\' for usage.\n'),
    ("kubectl scale deploy web --replicas=-1",
     "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"),
])
def test_bad_numbers(cluster: Cluster, line: str, err: str) -> None:
    r = cluster.run(line)
    assert (r.stdout, r.stderr, r.returncode) == ("", err, 1)


def test_scale_found_and_missing(cluster: Cluster) -> None:
    r = cluster.run("kubectl scale deploy web nosuch --replicas=2")
    assert r.stdout == "deployment.apps/web scaled\n"
    assert (r.stderr, r.returncode) == ('Error from server (NotFound): deployments.apps "nosuch" not found\n', 1)
    assert cluster.store.get("Deployment", "default", "web")["spec"]["replicas"] == 2


def test_empty_selector_is_invalid_and_nothing_is_created(cluster: Cluster) -> None:
    manifest = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: md\nspec:\n  selector:\n    matchLabels:\n"
                "  template:\n    metadata:\n      labels:\n        app: md\n    spec:\n      containers:\n"
                "      - name: c\n        image: nginx\n")
    r = cluster.run("kubectl create -f -", manifest)
    assert r.returncode == 1 and r.stderr == (
        'The Deployment "md" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]'
        'string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment\n')
    assert cluster.store.get("Deployment", "default", "md") is None


def test_label_and_annotate_change_the_found_and_report_the_missing(cluster: Cluster) -> None:
    assert cluster.run("kubectl run bb --image=busybox -- sleep 3600").returncode == 0
    r = cluster.run("kubectl annotate pod bb nosuch a=b")
    assert (r.stdout, r.stderr, r.returncode) == ("pod/bb annotated\n",
                                                  'Error from server (NotFound): pods "nosuch" not found\n', 1)
    r = cluster.run("kubectl label pod nosuch bb tier=db")
    assert (r.stdout, r.stderr, r.returncode) == ("pod/bb labeled\n",
                                                  'Error from server (NotFound): pods "nosuch" not found\n', 1)


def test_a_number_as_name_is_the_decoders_error_and_nothing_is_stored(cluster: Cluster) -> None:
    r = cluster.run("kubectl apply -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 0\ndata:\n  a: b\n")
    assert r.returncode == 1 and r.stderr == (
        'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled '
        'as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string\n')
    assert cluster.run("kubectl get cm -A -o name").returncode == 0      # the store still lists (names sort)


@pytest.mark.parametrize("line, err", [
    ("kubectl scale deploy web --replicas=99999999999999", 'error: invalid argument "99999999999999" for "--replicas" '
     'flag: strconv.ParseInt: parsing "99999999999999": value out of range\nSee \'kubectl scale --help\' for usage.\n'),
    ("kubectl get pods -o custom-columns=N",
     "error: unexpected custom-columns spec: N, expected <header>:<json-path-expr>\n"),
    ("kubectl get pods -o custom-columns=N:{.x", "error: unexpected path string, expected a 'name1.name2' or "
     "'.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n"),
    ("kubectl get pods -o jsonpath='{.items[0:x]}'",
     'error: error parsing jsonpath {.items[0:x]}, parse error: strconv.Atoi: parsing "x": invalid syntax\n'),
])
def test_bad_output_specs(cluster: Cluster, line: str, err: str) -> None:
    r = cluster.run(line)
    assert (r.stdout, r.stderr, r.returncode) == ("", err, 1)


def test_jsonpath_slice_step(cluster: Cluster) -> None:
    assert cluster.run("kubectl get ns -o jsonpath='{.items[0:4:2].metadata.name}'").stdout == "default kube-public"
    assert cluster.run("kubectl get ns -o jsonpath='{.items[0:2:0]}'").returncode == 0
