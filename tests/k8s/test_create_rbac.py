"""kubectl create role|clusterrole|rolebinding|clusterrolebinding: generated objects and validation errors."""
from __future__ import annotations

import pytest
import yaml

from course_lib import Cluster


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster(workers=0, cni=None)


def _run(c: Cluster, cmd: str) -> tuple[str, str, int]:
    r = c.run(cmd)
    return r.stdout, r.stderr, r.returncode


def test_role_rules_grouped_by_api_group(cluster: Cluster) -> None:
    assert _run(cluster, "kubectl create role reader --verb=get,list --verb=watch "
                         "--resource=pods,deployments.apps,pods/log") == \
        ("role.rbac.authorization.k8s.io/reader created\n", "", 0)
    role = yaml.safe_load(cluster.run("kubectl get role reader -o yaml").stdout)
    verbs = ["get", "list", "watch"]
    assert role["rules"] == [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": verbs},
                             {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": verbs}]
    out = cluster.run("kubectl create role one --verb=get --resource=po --resource-name=web "
                      "--dry-run=client -o yaml").stdout
    assert out == ("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  creationTimestamp: null\n"
                   "  name: one\nrules:\n- apiGroups:\n  - \"\"\n  resourceNames:\n  - web\n  resources:\n  - pods\n"
                   "  verbs:\n  - get\n")
    assert cluster.run("kubectl get role one").returncode == 1          # a client dry run creates nothing


@pytest.mark.parametrize("cmd, err", [
    ("kubectl create role x --verb=get", "error: at least one resource must be specified\n"),
    ("kubectl create role x --resource=pods", "error: at least one verb must be specified\n"),
    ("kubectl create role x --verb=fly", "Warning: 'fly' is not a standard resource verb\n"      # kubectl 1.30
     "error: at least one resource must be specified\n"),
    ("kubectl create role x --verb=get --resource=foos", 'error: the server doesn\'t have a resource type "foos"\n'),
    ("kubectl create role --verb=get --resource=pods",
     "error: exactly one NAME is required, got 0\nSee 'kubectl create role -h' for help and examples\n"),
    ("kubectl create rolebinding x --user=bob", "error: exactly one of clusterrole or role must be specified\n"),
    ("kubectl create rolebinding x --role=a --clusterrole=b",
     "error: exactly one of clusterrole or role must be specified\n"),
    ("kubectl create rolebinding x --role=a --serviceaccount=nocolon",
     "error: serviceaccount must be <namespace>:<name>\n"),
    ("kubectl create clusterrolebinding x --user=bob", 'error: required flag(s) "clusterrole" not set\n'),
    ("kubectl create clusterrole x --verb=get", "error: one of resource or nonResourceURL must be specified\n"),
])
def test_validation_errors(cluster: Cluster, cmd: str, err: str) -> None:
    assert _run(cluster, cmd) == ("", err, 1)


def test_a_verb_kubectl_does_not_know_is_a_warning(cluster: Cluster) -> None:
    assert _run(cluster, "kubectl create role odd --verb=fly --verb=get --resource=pods --dry-run=client -o name") \
        == ("role.rbac.authorization.k8s.io/odd\n", "Warning: 'fly' is not a standard resource verb\n", 0)


def test_bindings_and_subjects(cluster: Cluster) -> None:
    assert _run(cluster, "kubectl create rolebinding rb --role=reader --user=bob --group=devs "
                         "--serviceaccount=default:robot")[0] == "rolebinding.rbac.authorization.k8s.io/rb created\n"
    rb = yaml.safe_load(cluster.run("kubectl get rolebinding rb -o yaml").stdout)
    assert rb["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"}
    assert rb["subjects"] == [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "bob"},
                              {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "devs"},
                              {"kind": "ServiceAccount", "name": "robot", "namespace": "default"}]
    assert _run(cluster, "kubectl create clusterrole nodes-get --verb=get --resource=nodes "
                         "--non-resource-url=/healthz")[0] == "clusterrole.rbac.authorization.k8s.io/nodes-get created\n"
    cr = yaml.safe_load(cluster.run("kubectl get clusterrole nodes-get -o yaml").stdout)
    assert cr["rules"][-1] == {"nonResourceURLs": ["/healthz"], "verbs": ["get"]}
    assert _run(cluster, "kubectl create clusterrolebinding crb --clusterrole=nodes-get --user bob")[0] == \
        "clusterrolebinding.rbac.authorization.k8s.io/crb created\n"
    crb = yaml.safe_load(cluster.run("kubectl get clusterrolebinding crb -o yaml").stdout)
    assert crb["subjects"] == [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "bob"}]
    assert _run(cluster, "kubectl create role reader --verb=get --resource=pods") == \
        ("", 'error: failed to create role: roles.rbac.authorization.k8s.io "reader" already exists\n', 1)


def test_quota_and_priorityclass(cluster: Cluster) -> None:
    assert _run(cluster, "kubectl create quota q --hard=pods=2,requests.cpu=500m --scopes=BestEffort") == \
        ("resourcequota/q created\n", "", 0)
    quota = yaml.safe_load(cluster.run("kubectl get quota q -o yaml").stdout)
    assert quota["spec"] == {"hard": {"pods": "2", "requests.cpu": "500m"}, "scopes": ["BestEffort"]}
    assert _run(cluster, "kubectl create quota x --hard=pods") == \
        ("", "error: Invalid argument syntax pods, expected <resource>=<value>\n", 1)
    assert _run(cluster, "kubectl create quota x --hard=pods=lots")[1] == \
        "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n"
    assert _run(cluster, "kubectl create priorityclass high --value=1000 --description=important "
                         "--global-default") == ("priorityclass.scheduling.k8s.io/high created\n", "", 0)
    row = [line.split() for line in cluster.run("kubectl get pc").stdout.splitlines() if line.startswith("high ")]
    assert row[0][1:3] == ["1000", "true"] and row[0][-1] == "PreemptLowerPriority"
    assert _run(cluster, "kubectl create pc x --value=ten") == \
        ("", 'error: invalid argument "ten" for "--value" flag: strconv.ParseInt: parsing "ten": invalid syntax\n'
             "See 'kubectl create priorityclass --help' for usage.\n", 1)
    out = cluster.run("kubectl create priorityclass low --value=5 --preemption-policy=Never -o yaml "
                      "--dry-run=client").stdout
    assert out == ('apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\n'
                   "metadata:\n  creationTimestamp: null\n  name: low\npreemptionPolicy: Never\nvalue: 5\n")


def test_created_object_printed_as_output_asks(cluster: Cluster) -> None:
    """Without a dry run too, the generators print through PrintFlags: `-o name` is the NamePrinter's
    ShortOutput (no operation), yaml/jsonpath the API server's answer to the create."""
    assert _run(cluster, "kubectl create role printed --verb=get --resource=pods -o name") == \
        ("role.rbac.authorization.k8s.io/printed\n", "", 0)
    assert _run(cluster, "kubectl create quota printed --hard=pods=2 -o name") == ("resourcequota/printed\n", "", 0)
    assert _run(cluster, "kubectl create deployment printed --image=nginx -o name") == \
        ("deployment.apps/printed\n", "", 0)
    cm = yaml.safe_load(cluster.run("kubectl create configmap printed --from-literal=a=b -o yaml").stdout)
    assert (cm["kind"], cm["data"], cm["metadata"]["name"]) == ("ConfigMap", {"a": "b"}, "printed")
    assert _run(cluster, "kubectl create deployment printed2 --image=nginx -o jsonpath='{.spec.replicas} {.status}'") \
        == ("1 {}", "", 0)
    assert _run(cluster, "kubectl create sa printed")[0] == "serviceaccount/printed created\n"
    assert _run(cluster, "kubectl get cm printed -o name") == ("configmap/printed\n", "", 0)
