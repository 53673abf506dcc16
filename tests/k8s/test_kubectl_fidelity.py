"""kubectl 1.30 details: describe prints annotations as `key: value`, jsonpath with escaped dots, and a
manifest of many objects costs kube-proxy at most two syncs per node (the Services, then their endpoints:
the real BoundedFrequencyRunner syncs at once and again after minSyncPeriod), not one per object."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.jsonpath import render

POD = """apiVersion: v1
kind: Pod
metadata:
  name: annotated
  labels:
    app.kubernetes.io/name: web
  annotations:
    kubernetes.io/change-cause: first release
    example.com/long: "%s"
    example.com/multi: |
      line one
      line two
spec:
  containers:
  - name: web
    image: nginx
""" % ("x" * 150)


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    assert cl.run("kubectl apply -f -", stdin=POD).returncode == 0
    return cl


def test_describe_pod_prints_annotations_as_key_colon_value(c: Cluster) -> None:
    out = c.run("kubectl describe pod annotated").stdout
    assert "Labels:           app.kubernetes.io/name=web\n" in out
    assert "Annotations:      example.com/long:\n" \
           f"                    {'x' * 138}...\n" \
           "                  example.com/multi:\n" \
           "                    line one\n" \
           "                    line two\n" \
           "                  kubernetes.io/change-cause: first release\n" in out
    assert "last-applied-configuration" not in out


def test_describe_service_and_endpoints_annotations(c: Cluster) -> None:
    c.run("kubectl expose pod annotated --port=80 --name=annotated")
    svc = c.run("kubectl describe svc annotated").stdout
    assert "Annotations:              <none>\n" in svc
    ep = c.run("kubectl describe endpoints annotated").stdout
    assert "=" not in ep.split("Annotations:")[1].split("\n")[0]


def test_jsonpath_escaped_dots(c: Cluster) -> None:
    r = c.run(r"kubectl get pod annotated -o jsonpath='{.metadata.annotations.kubernetes\.io/change-cause}'")
    assert (r.stdout, r.returncode) == ("first release", 0)
    r = c.run(r"kubectl get pod annotated -o jsonpath='{.metadata.labels.app\.kubernetes\.io/name}'")
    assert r.stdout == "web"
    doc = {"items": [{"metadata": {"name": "a", "labels": {"app.kubernetes.io/name": "x"}}},
                     {"metadata": {"name": "b", "labels": {"app.kubernetes.io/name": "y"}}}]}
    assert render(r'{.items[?(@.metadata.labels.app\.kubernetes\.io/name=="y")].metadata.name}', doc) == "b"


def test_manifest_of_services_is_batched_by_kube_proxy(c: Cluster) -> None:
    from course_lib.k8s.kubeproxy.proxier import Proxier
    proxier = next(x for x in c.controllers if isinstance(x, Proxier))
    calls: list[str] = []
    original = proxier.sync_node
    proxier.sync_node = lambda node: (calls.append(node), original(node))[1]      # type: ignore[method-assign]
    try:
        docs = "---\n".join(f"apiVersion: v1\nkind: Service\nmetadata:\n  name: burst-{i}\nspec:\n  selector:\n"
                            f"    app.kubernetes.io/name: web\n  ports:\n  - port: {8000 + i}\n" for i in range(20))
        r = c.run("kubectl apply -f -", stdin=docs)
    finally:
        del proxier.sync_node
    assert r.stdout == "".join(f"service/burst-{i} created\n" for i in range(20))
    assert sorted(set(calls)) == sorted(c.node_names)
    assert all(calls.count(n) <= 2 for n in c.node_names), calls
    nat = c.node("node01").run("iptables-save -t nat").stdout
    assert all(f"default/burst-{i} cluster IP" in nat for i in range(20))


def test_annotate(c: Cluster) -> None:
    assert c.run("kubectl create deployment rel --image=nginx").returncode == 0
    r = c.run('kubectl annotate deployment rel kubernetes.io/change-cause="image updated to 1.25"')
    assert (r.stdout, r.returncode) == ("deployment.apps/rel annotated\n", 0)
    r = c.run(r"kubectl get deploy rel -o jsonpath='{.metadata.annotations.kubernetes\.io/change-cause}'")
    assert r.stdout == "image updated to 1.25"
    assert c.run("kubectl annotate deploy/rel team=a").stdout == "deployment.apps/rel annotated\n"
    r = c.run("kubectl annotate deploy rel team=b")
    assert (r.stderr, r.returncode) == ("error: --overwrite is false but found the following declared "
                                        "annotation(s): 'team' already has a value (a)\n", 1)
    assert c.run("kubectl annotate deploy rel kubernetes.io/change-cause=again").returncode == 0   # always allowed
    assert c.run("kubectl annotate deploy rel team=b --overwrite").returncode == 0
    assert c.run("kubectl annotate deploy rel team-").returncode == 0
    out = c.run("kubectl describe deploy rel").stdout
    assert "Annotations:            deployment.kubernetes.io/revision: 1\n" \
           "                        kubernetes.io/change-cause: again\n" in out
    r = c.run("kubectl annotate deploy rel")
    assert (r.stderr, r.returncode) == ("error: at least one annotation update is required\n", 1)


def test_yaml_quotes_strings_that_read_as_other_types_with_double_quotes(c: Cluster) -> None:
    out = c.run("kubectl get deploy rel -o yaml").stdout
    assert '  creationTimestamp: "' in out and '  resourceVersion: "' in out
    assert '    deployment.kubernetes.io/revision: "1"\n' in out


def test_api_errors_name_the_resource_with_its_group() -> None:
    """The API server names apps/networking resources with their group in NotFound and AlreadyExists."""
    from course_lib import Cluster
    c = Cluster(workers=0)
    for cmd in ("kubectl get deployment nope", "kubectl delete deployment nope", "kubectl scale deploy nope --replicas=2",
                "kubectl describe deployment nope"):
        assert c.run(cmd).stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n', cmd
    assert c.run("kubectl get ingress nope").stderr == \
        'Error from server (NotFound): ingresses.networking.k8s.io "nope" not found\n'
    assert c.run("kubectl get pod nope").stderr == 'Error from server (NotFound): pods "nope" not found\n'
    c.run("kubectl create deployment web --image=nginx")
    assert 'deployments.apps "web" already exists' in c.run("kubectl create deployment web --image=nginx").stderr


def test_a_pod_has_its_own_hostname() -> None:
    """The pod's UTS namespace: `hostname` in the pod is the pod's name, and -i finds it in the pod's /etc/hosts."""
    from course_lib import Cluster
    c = Cluster(workers=1)
    c.run("kubectl run web --image=nginx")
    assert c.run("kubectl exec web -- hostname").stdout == "web\n"
    ip = c.run("kubectl get pod web -o jsonpath='{.status.podIP}'").stdout
    assert c.run("kubectl exec web -- hostname -i").stdout == f"{ip}\n"
    assert c.node("node01").run("hostname").stdout == "node01\n"


def test_delete_names_the_resource_with_its_group() -> None:
    """kubectl delete prints `deployment.apps "web" deleted` (core kinds without a group)."""
    from course_lib import Cluster
    c = Cluster(workers=0)
    c.run("kubectl create deployment web --image=nginx")
    c.run("kubectl expose deployment web --port=80")
    assert c.run("kubectl delete deployment web").stdout == 'deployment.apps "web" deleted\n'
    assert c.run("kubectl delete svc web").stdout == 'service "web" deleted\n'
