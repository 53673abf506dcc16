"""`kubectl get -w` and `kubectl logs -f` as background jobs stream in model time (course_lib/k8s/kubectl/follow.py):
the watch's rows and the log's lines come between the terminal's own lines as the events happen, `kill %1` stops
them; in the foreground they still print once and end."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.kubectl.follow import WidthsTabwriter


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster()


def test_a_watch_job_prints_each_event_of_a_new_pod_until_it_is_killed(cluster: Cluster) -> None:
    started = cluster.run("kubectl get pods -w -l run=w1 &")
    assert (started.stdout, started.stderr) == ("", "")         # an empty list: no `No resources found`
    result = cluster.run("kubectl run w1 --image=nginx; sleep 5; echo later; kill %1; kubectl run w2 --image=nginx "
                         "-l run=w1; sleep 5; jobs")
    lines = result.stdout.splitlines()
    assert lines[:3] == ["pod/w1 created", "NAME   READY   STATUS    RESTARTS   AGE", "w1     0/1     Pending   0          0s"]
    assert lines[-3:] == ["w1     1/1     Running             0          3s", "later", "pod/w2 created"], result.stdout
    assert "w1     0/1     ContainerCreating   0          0s" in lines     # STATUS widened from then on
    assert not any(line.startswith("w2 ") for line in lines)      # killed before w2 came
    cluster.run("kubectl delete pod w1 w2 --wait=false")


def test_a_follow_job_prints_each_log_line_as_the_container_writes_it(cluster: Cluster) -> None:
    cluster.run("kubectl run web --image=nginx; sleep 5")
    result = cluster.run("IP=$(kubectl get pod web -o jsonpath={.status.podIP}); kubectl logs -f web --tail 0 & "
                         "sleep 1; echo mid; curl -s $IP/x >/dev/null; sleep 1; echo after; kill %1; wait")
    lines = result.stdout.splitlines()
    assert lines[0] == "mid" and lines[2] == "after" and len(lines) == 3, result.stdout
    assert '"GET /x HTTP/1.1" 404' in lines[1]


def test_in_the_foreground_a_watch_prints_once_and_ends(cluster: Cluster) -> None:
    result = cluster.run("kubectl get pods web -w")
    assert result.returncode == 0 and result.stdout.splitlines()[1].startswith("web ")


def test_in_the_foreground_a_watch_prints_the_items_one_by_one(cluster: Cluster) -> None:
    """get.go's watch (1.28 to 1.30 alike, read in kubernetes/kubectl): PrintObj for each item of the list, then
    the watch; nothing says `No resources found`, and -o yaml/json print objects, not a List."""
    for line in ("kubectl get pods -w -n nosuch", "kubectl get pods -w -o yaml -n nosuch",
                 "kubectl get svc --watch -o json -n nosuch", "kubectl get ns -w -l x=y -o name"):
        assert (cluster.run(line).stdout, cluster.run(line).stderr, cluster.run(line).returncode) == ("", "", 0), line
    assert cluster.run("kubectl get pods -n nosuch").stderr == "No resources found in nosuch namespace.\n"
    cluster.run("kubectl run one --image=nginx; kubectl run two --image=nginx")
    yaml = cluster.run("kubectl get pods -w -o yaml -l 'run in (one,two)'").stdout
    assert yaml.startswith("apiVersion: v1\nkind: Pod\n") and yaml.count("\n---\napiVersion: v1\nkind: Pod\n") == 1
    assert "kind: List" not in yaml
    listed = cluster.run("kubectl get pods -w -o json -l 'run in (one,two)'").stdout
    assert listed.startswith('{\n    "apiVersion": "v1",\n    "kind": "Pod",') and listed.count("\n}\n{\n") == 1
    assert cluster.run("kubectl get pods -w -l 'run in (one,two)' -o jsonpath={.metadata.name}").stdout == "onetwo"
    assert cluster.run("kubectl get pod nosuch -w").stderr == 'Error from server (NotFound): pods "nosuch" not found\n'
    cluster.run("kubectl delete pod one two --wait=false")


def test_the_watch_tabwriter_remembers_column_widths_between_flushes() -> None:
    """cli-runtime's printers.GetNewTabWriter for a watch keeps each column as wide as its widest cell so far."""
    tab = WidthsTabwriter()
    assert tab.lines([["NAME", "STATUS", "AGE"], ["a", "Pending", "0s"]]) == \
        "NAME   STATUS    AGE\na      Pending   0s\n"
    assert tab.lines([["a", "ContainerCreating", "1s"]]) == "a      ContainerCreating   1s\n"
    assert tab.lines([["a", "Running", "2s"]]) == "a      Running             2s\n"
