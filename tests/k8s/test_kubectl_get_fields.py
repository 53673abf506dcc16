"""kubectl get --field-selector (the fields each kind supports, !=, the API server's BadRequest) and
get events -o wide (SUBOBJECT and SOURCE before MESSAGE; FIRST SEEN, COUNT, NAME after)."""
from __future__ import annotations

import pytest

from course_lib import Cluster


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl run box --image=busybox -- sleep 3600")
    cl.run("kubectl run other --image=nginx")
    return cl


def test_field_selector_on_events_and_pods(c: Cluster) -> None:
    out = c.run("kubectl get events --field-selector involvedObject.name=box").stdout.splitlines()
    assert out[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert len(out) > 1 and all(" pod/box " in line for line in out[1:])
    r = c.run("kubectl get events --field-selector type!=Normal")
    assert (r.stdout, r.stderr) == ("", "No resources found in default namespace.\n")
    names = c.run("kubectl get pods -A --field-selector spec.nodeName=controlplane,status.phase=Running "
                  "-o name").stdout.split()
    assert "pod/etcd-controlplane" in names and "pod/box" not in names
    assert c.run("kubectl get pods --field-selector metadata.name==box -o name").stdout == "pod/box\n"
    assert c.run("kubectl get pods --field-selector metadata.name!=box -o name").stdout == "pod/other\n"


def test_field_selector_errors(c: Cluster) -> None:
    r = c.run("kubectl get pods --field-selector foo=bar")
    assert (r.stderr, r.returncode) == (
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", '
        'field selector "foo=bar": field label not supported: foo\n', 1)
    r = c.run("kubectl get deploy -l app=x --field-selector spec.replicas=1")
    assert r.stderr == ('Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match '
                        'label selector "app=x", field selector "spec.replicas=1": field label not supported: '
                        "spec.replicas\n")
    assert c.run("kubectl get pods --field-selector foo").stderr == \
        "error: invalid selector: 'foo'; can't understand 'foo'\n"


def test_events_wide_columns(c: Cluster) -> None:
    out = c.run("kubectl get events --field-selector involvedObject.name=box,reason=Pulling -o wide").stdout
    head, row = out.splitlines()
    cols = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]
    starts = [head.index(col) for col in cols]
    assert starts == sorted(starts)
    cells = [row[a:b].rstrip() for a, b in zip(starts, starts[1:] + [len(row)])]
    assert cells[1:7] == ["Normal", "Pulling", "pod/box", "spec.containers{box}", "kubelet, node01",
                          'Pulling image "busybox"']      # the kubelet's container events name the container
    assert cells[8] == "1" and cells[9].startswith("box.") and len(cells[9]) == len("box.") + 16
    sched = c.run("kubectl get events --field-selector reason=Scheduled,involvedObject.name=box -o wide").stdout
    assert "   default-scheduler   " in sched


def test_sort_by_natural_order_and_missing_field(c: Cluster) -> None:
    from course_lib.k8s.kubectl.sorting import natural_less
    assert natural_less("10.244.1.9", "10.244.1.10") and not natural_less("10.244.1.10", "10.244.1.9")
    assert natural_less("a01", "a1") is False and natural_less("a1", "a01") is True
    out = c.run("kubectl get pods -A --sort-by=.status.podIP -o custom-columns=IP:.status.podIP --no-headers")
    ips = out.stdout.split()
    assert ips == sorted(ips, key=lambda ip: tuple(int(x) for x in ip.split(".")))
    r = c.run("kubectl get pods --sort-by=.spec.foo")
    assert (r.stderr, r.returncode) == ('error: couldn\'t find any field with path "{.spec.foo}" in the list of '
                                        "objects\n", 1)
    names = c.run("kubectl get pods --sort-by='{.metadata.name}' -o name").stdout
    assert names == "pod/box\npod/other\n"
