"""Cases the second session's bad-input hunt found in kubectl: what kubectl 1.30 answers, and what it leaves."""
from __future__ import annotations

from course_lib import Cluster


def test_run_expose_onto_an_existing_service_keeps_and_prints_the_pod() -> None:
    """run.go creates the pod, then generateService; the service's error is aggregated after the pod is printed
    (the sim kept the pod but printed nothing of it)."""
    cluster = Cluster(cni="bridge")
    assert cluster.run("kubectl create service clusterip r2 --tcp=80:80").returncode == 0
    result = cluster.run("kubectl run r2 --image=nginx --port=80 --expose")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "pod/r2 created\n", 'Error from server (AlreadyExists): services "r2" already exists\n')
    assert cluster.run("kubectl get pod r2 -o name").stdout == "pod/r2\n"
