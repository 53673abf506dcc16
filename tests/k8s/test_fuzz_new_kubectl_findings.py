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


def test_port_forward_address_that_is_no_ip() -> None:
    """client-go parseAddresses: '%s is not a valid IP' (was an internal AddressValueError), nothing listens; the
    addresses are a set sorted as text."""
    cluster = Cluster(cni="bridge")
    assert cluster.run("kubectl run bb --image=busybox -- sleep 3600").returncode == 0
    cluster.run("sleep 30")
    for line in ["kubectl port-forward --address bogus pod/bb 8082:80",
                 "kubectl port-forward --address 127.0.0.1,bogus pod/bb 8083:80"]:
        result = cluster.run(line)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", "error: bogus is not a valid IP\n")
    assert cluster.run("jobs").stdout == ""
    result = cluster.run("kubectl port-forward --address ::1,localhost,127.0.0.1 pod/bb 8084:80")
    assert result.stdout == "Forwarding from 127.0.0.1:8084 -> 80\nForwarding from [::1]:8084 -> 80\n"
