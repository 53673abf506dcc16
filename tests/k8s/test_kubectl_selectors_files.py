"""Label selectors as the API server parses them (labels.Parse: set-based forms and its error texts) and the
resource builder's -f edge cases (empty path, globs, empty directory, no objects)."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.labelselect import SelectorError, parse

BAD = 'Error from server (BadRequest): Unable to find "{gvr}" that match label selector "{sel}", field selector "": '


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl run web --image=nginx -l app=web,tier=fe")
    cl.run("kubectl run db --image=redis -l app=db")
    return cl


@pytest.mark.parametrize("text, message", [
    ("a in (", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
    ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ("a in b", "unable to parse requirement: found 'b' expected: '('"),
    ("a in (b c)", "unable to parse requirement: found 'c', expected: ',' or ')'"),
    ("a=b c", "found 'c', expected: ',' or 'end of string'"),
    ("!a=b", "found '=', expected: ',' or 'end of string'"),
    (",a", "found ',', expected: !, identifier, or 'end of string'"),
    ("a,", "found '', expected: identifier after ','"),
    ("a>x", "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must "
            "be an integer"),
])
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(SelectorError) as info:
        parse(text)
    assert str(info.value) == message


def test_key_and_value_validation() -> None:
    with pytest.raises(SelectorError) as info:
        parse("a+b=c")
    assert str(info.value).startswith('unable to parse requirement: <nil>: Invalid value: "a+b": name part must '
                                      "consist of alphanumeric characters, '-', '_' or '.'")
    with pytest.raises(SelectorError) as info:
        parse("Ex/x")
    assert 'Invalid value: "Ex/x": prefix part a lowercase RFC 1123 subdomain' in str(info.value)
    with pytest.raises(SelectorError) as info:
        parse("x=-a")
    assert str(info.value).startswith('unable to parse requirement: values[0][x]: Invalid value: "-a": a valid label')


def test_matching() -> None:
    sel = parse("x in (foo,,baz),y,z notin ()")
    assert sel.matches({"x": "foo", "y": "1"}) and sel.matches({"x": "", "y": ""})
    assert not sel.matches({"x": "foo"}) and not sel.matches({"x": "foo", "y": "1", "z": ""})
    assert parse("!a").matches({}) and not parse("!a").matches({"a": "1"})
    assert parse("n>3").matches({"n": "4"}) and not parse("n<3").matches({"n": "x"})
    assert parse("a!=b").matches({}) and parse("a==b").matches({"a": "b"})


def test_get_with_set_based_selectors(c: Cluster) -> None:
    assert c.run("kubectl get pods -l 'app in (web,db),!canary' -o name").stdout == "pod/db\npod/web\n"
    assert c.run("kubectl get pods -l 'app notin (web)' -o name").stdout == "pod/db\n"
    assert c.run("kubectl get pods -l tier -o name").stdout == "pod/web\n"
    r = c.run("kubectl get pods -l 'a in ('")
    assert (r.stdout, r.returncode) == ("", 1)
    assert r.stderr == BAD.format(gvr="/v1, Resource=pods", sel="a in (") + \
        "unable to parse requirement: found '', expected: ',', ')' or identifier\n"
    r = c.run("kubectl get deploy -l 'a b'")
    assert r.stderr.startswith(BAD.format(gvr="apps/v1, Resource=deployments", sel="a b"))
    for cmd in ("kubectl delete pods -l 'a in ('", "kubectl describe pods -l 'a in ('", "kubectl logs -l 'a in ('"):
        r = c.run(cmd)
        assert r.returncode == 1 and r.stderr.startswith(BAD.format(gvr="/v1, Resource=pods", sel="a in (")), cmd
    assert c.store.get("Pod", "default", "web") is not None


def test_filename_edge_cases(c: Cluster) -> None:
    r = c.run("kubectl apply -f ''")
    assert (r.stdout, r.stderr, r.returncode) == ("", 'error: the path "" does not exist\n', 1)
    assert c.run("kubectl apply -f -", stdin="").stderr == "error: no objects passed to apply\n"
    assert c.run("kubectl create -f -", stdin="# nothing\n").stderr == "error: no objects passed to create\n"
    r = c.run("kubectl delete -f -", stdin="")
    assert (r.stdout, r.stderr, r.returncode) == ("No resources found\n", "", 0)
    r = c.run("mkdir -p /tmp/empty && kubectl apply -f /tmp/empty")
    assert r.returncode == 1 and r.stderr.startswith("error: You must provide one or more resources by argument or "
                                                     "filename.\nExample resource specifications include:\n")
    c.run("mkdir -p /tmp/m && kubectl run g1 --image=nginx --dry-run=client -o yaml > /tmp/m/g1.yaml")
    r = c.run("cd /tmp/m && kubectl apply -f '*.yaml'")
    assert (r.stdout, r.returncode) == ("pod/g1 created\n", 0)
    r = c.run("kubectl apply -f '/tmp/m/*.json'")
    assert (r.stderr, r.returncode) == ('error: the path "/tmp/m/*.json" does not exist\n', 1)
