"""The API store, the kinds registry and the controllers' naming, without kubectl."""
from __future__ import annotations

import re

import pytest

from course_lib import Cluster
from course_lib.k8s.controllers import ALPHANUMS, template_hash
from course_lib.k8s.kinds import KindInfo, lookup_type, register
from course_lib.k8s.store import ApiError, Store


def test_store_versions_watches_and_errors() -> None:
    clock = [0.0]
    store = Store(lambda: clock[0])
    seen = []
    store.watch("ConfigMap", lambda ev, obj: seen.append((ev, obj["metadata"]["name"])))
    obj = store.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "default"}})
    assert obj["metadata"]["creationTimestamp"] == "2025-01-20T09:00:00Z"
    rv = obj["metadata"]["resourceVersion"]
    store.update(obj)
    assert int(obj["metadata"]["resourceVersion"]) > int(rv)
    with pytest.raises(ApiError) as err:
        store.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "default"}})
    assert err.value.reason == "AlreadyExists" and err.value.message == 'configmaps "a" already exists'
    store.delete("ConfigMap", "default", "a")
    assert seen == [("ADDED", "a"), ("MODIFIED", "a"), ("DELETED", "a")]


def test_registry_takes_new_kinds() -> None:
    from course_lib.k8s import kinds
    register(KindInfo("Widget", ("example.com/v1",), "widgets", ("wd",), columns=("NAME", "AGE")))
    try:
        assert lookup_type("wd").kind == "Widget" and lookup_type("widgets.example.com").kind == "Widget"
        assert lookup_type("po").kind == "Pod" and lookup_type("deploy").kind == "Deployment"
    finally:
        kinds.KINDS.pop("Widget")
        for name in [n for n, k in kinds._BY_NAME.items() if k == "Widget"]:
            del kinds._BY_NAME[name]


def test_deployment_names_and_spread() -> None:
    c = Cluster(workers=2, cni="bridge")
    c.run("kubectl create deployment web --image=nginx --replicas=4")
    rs = c.store.list("ReplicaSet", "default")[0]
    dep = c.store.get("Deployment", "default", "web")
    assert rs["metadata"]["name"] == "web-" + template_hash(dep["spec"]["template"])
    assert re.fullmatch(f"[{ALPHANUMS}]+", rs["metadata"]["labels"]["pod-template-hash"])
    pods = c.store.list("Pod", "default")
    assert all(re.fullmatch(rf"{rs['metadata']['name']}-[{ALPHANUMS}]{{5}}", p["metadata"]["name"]) for p in pods)
    nodes = sorted(p["spec"]["nodeName"] for p in pods)
    assert nodes.count("node01") == 2 and nodes.count("node02") == 2      # spread, never the controlplane
    subnets = {p["spec"]["nodeName"]: p["status"]["podIP"].rsplit(".", 1)[0] for p in pods}
    assert subnets == {"node01": "10.244.1", "node02": "10.244.2"}


def test_same_seed_same_cluster() -> None:
    a, b = Cluster(cni="bridge", seed=7), Cluster(cni="bridge", seed=7)
    for c in (a, b):
        c.run("kubectl create deployment web --image=nginx --replicas=2")
    assert a.run("kubectl get pods -A -o wide").stdout == b.run("kubectl get pods -A -o wide").stdout
