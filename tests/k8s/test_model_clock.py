"""One wall clock in a cluster: `date` on a node and in a pod reads the epoch the API server stamps objects with."""
from __future__ import annotations

from course_lib import Cluster
from course_lib.k8s.store import parse_timestamp


def test_date_in_pod_and_node_matches_api_timestamps() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run b --image=busybox -- sleep 3600")
    c.run("true")                                           # the pod starts before the next command line
    node_date = c.run("date -u +%Y-%m-%dT%H:%M:%SZ").stdout.strip()
    created = c.run("kubectl get pod b -o jsonpath='{.metadata.creationTimestamp}'").stdout
    assert node_date[:10] == created[:10] == "2025-01-20"
    assert 0 <= parse_timestamp(node_date) - parse_timestamp(created) < 60
    pod_date = c.run("kubectl exec b -- date -u +%Y-%m-%dT%H:%M:%SZ").stdout.strip()
    assert pod_date[:13] == node_date[:13]
    assert c.run("date").stdout.startswith("Mon Jan 20 ")
