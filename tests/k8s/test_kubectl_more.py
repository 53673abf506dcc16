"""kubectl describe, expose, create generators, label, jsonpath, events and the validation texts."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.jsonpath import render
from course_lib.k8s.kinds import human_duration
from course_lib.k8s.kubectl.describe import go_tabwriter


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl run nginx --image=nginx --port=80")
    return cl


def test_describe_pod(c: Cluster) -> None:
    out = c.run("kubectl describe pod nginx").stdout
    assert out.startswith("Name:             nginx\nNamespace:        default\n")
    assert "Node:             node01/192.168.1.11\n" in out
    assert "    Port:           80/TCP\n" in out
    assert "Successfully assigned default/nginx to node01" in out


def test_describe_node_and_not_found(c: Cluster) -> None:
    assert "PodCIDR:" in c.run("kubectl describe node node01").stdout
    r = c.run("kubectl describe pod nope")
    assert (r.stderr, r.returncode) == ('Error from server (NotFound): pods "nope" not found\n', 1)


def test_expose_and_generators(c: Cluster) -> None:
    assert c.run("kubectl expose pod nginx --name=web").stdout == "service/web exposed\n"
    r = c.run("kubectl run bare --image=nginx; kubectl expose pod bare")
    assert r.stderr.startswith("error: couldn't find port via --port flag or introspection\n")
    assert c.run("kubectl create ns dev").stdout == "namespace/dev created\n"
    assert c.run("kubectl create deployment web --image=nginx --replicas=2 -n dev").stdout == \
        "deployment.apps/web created\n"
    assert len(c.run("kubectl get pods -n dev -o name").stdout.split()) == 2
    yaml_out = c.run("kubectl create deployment x --image=nginx --dry-run=client -o yaml").stdout
    assert "&id" not in yaml_out and "matchLabels:\n      app: x" in yaml_out


def test_label_and_selectors(c: Cluster) -> None:
    assert c.run("kubectl label pod nginx tier=web").stdout == "pod/nginx labeled\n"
    r = c.run("kubectl label pod nginx tier=db")
    assert r.stderr == "error: 'tier' already has a value (web), and --overwrite is false\n"
    assert c.run("kubectl get pods -l tier=web -o name").stdout == "pod/nginx\n"
    assert c.run("kubectl label pod nginx tier-").stdout == "pod/nginx unlabeled\n"


def test_exec_errors(c: Cluster) -> None:
    r = c.run("kubectl exec nginx ls")
    assert r.stderr.startswith("error: exec [POD] [COMMAND] is not supported anymore.")
    r = c.run("kubectl exec nginx -- ip addr")
    assert r.returncode == 1 and 'exec: "ip": executable file not found in $PATH' in r.stderr
    r = c.run("kubectl exec nginx -- sh -c 'exit 3'")
    assert r.returncode == 3 and r.stderr.endswith("command terminated with exit code 3\n")


def test_get_formats(c: Cluster) -> None:
    assert c.run("kubectl get pod nginx -o jsonpath='{.spec.containers[0].image}'").stdout == "nginx"
    assert c.run("kubectl get pod nginx -o name").stdout == "pod/nginx\n"
    assert c.run("kubectl get pod nginx -o json").stdout.startswith('{\n    "apiVersion": "v1",\n')
    out = c.run("kubectl get pods -A --show-labels").stdout.splitlines()[0]
    assert out.split() == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"]
    assert "LAST SEEN" in c.run("kubectl get events").stdout


def test_kube_system_workloads(c: Cluster) -> None:
    out = c.run("kubectl get ds,deploy -n kube-system -o name").stdout.split()
    assert out == ["daemonset.apps/kube-proxy", "deployment.apps/coredns"]
    assert "--hostname-override=controlplane" in c.run("ps aux").stdout


def test_jsonpath_unit() -> None:
    doc = {"items": [{"metadata": {"name": "a"}, "status": {"addresses": [{"type": "InternalIP", "address": "1.2.3.4"}]}},
                     {"metadata": {"name": "b"}, "status": {"addresses": []}}]}
    assert render("{.items[*].metadata.name}", doc) == "a b"
    assert render('{range .items[*]}{.metadata.name}{"\\n"}{end}', doc) == "a\nb\n"
    assert render('{.items[0].status.addresses[?(@.type=="InternalIP")].address}', doc) == "1.2.3.4"


def test_human_duration_and_tabwriter() -> None:
    assert [human_duration(s) for s in (5, 119, 125, 600, 3 * 3600 + 60, 50 * 3600)] == \
        ["5s", "119s", "2m5s", "10m", "3h1m", "2d2h"]
    assert go_tabwriter(["a:\tb", "long key:\tc", "x", "k:\tv"], 2) == "a:         b\nlong key:  c\nx\nk:  v\n"


def test_run_rm_it_prints_output_then_deletes(c: Cluster) -> None:
    r = c.run("kubectl run t --rm -it --image=busybox --restart=Never -- cat /etc/resolv.conf")
    assert r.stdout.endswith('options ndots:5\npod "t" deleted\n')
    assert c.run("kubectl get pod t").returncode == 1


def test_pod_spec_is_immutable_but_image(c: Cluster) -> None:
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: imm\nspec:\n  containers:\n  - name: web\n    image: {}\n"
    assert c.run("kubectl apply -f -", stdin=pod.format("nginx")).stdout == "pod/imm created\n"
    assert c.run("kubectl apply -f -", stdin=pod.format("nginx:alpine")).stdout == "pod/imm configured\n"
    r = c.run("kubectl apply -f -", stdin=pod.format("nginx") + "    ports: [{containerPort: 80}]\n")
    assert r.returncode == 1 and r.stderr.startswith(
        'The Pod "imm" is invalid: spec: Forbidden: pod updates may not change fields other than')


def test_type_errors_as_the_api_server(c: Cluster) -> None:
    pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: typed\nspec:\n  containers:\n  - name: web\n    image: nginx\n"
           "    env: [{name: PORT, value: 8080}]\n")
    r = c.run("kubectl apply -f -", stdin=pod)
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled '
                        "as a Pod: json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value "
                        "of type string\n")


def test_taint_and_cordon() -> None:
    cl = Cluster(cni="bridge")
    assert cl.run("kubectl cordon node01").stdout == "node/node01 cordoned\n"
    assert "Ready,SchedulingDisabled" in cl.run("kubectl get nodes").stdout
    cl.run("kubectl run p --image=nginx")
    assert cl.store.get("Pod", "default", "p")["status"]["phase"] == "Pending"
    assert cl.run("kubectl taint nodes controlplane node-role.kubernetes.io/control-plane:NoSchedule-").stdout == \
        "node/controlplane untainted\n"
    assert cl.store.get("Pod", "default", "p")["spec"]["nodeName"] == "controlplane"
    assert cl.run("kubectl uncordon node01").stdout == "node/node01 uncordoned\n"
    r = cl.run("kubectl taint nodes node01 app=blue:Nope")
    assert r.returncode == 1 and "invalid taint effect" in r.stderr


def test_deleting_a_static_pod_mirror(c: Cluster) -> None:
    assert c.run("kubectl delete pod etcd-controlplane -n kube-system").stdout == 'pod "etcd-controlplane" deleted\n'
    row = [line for line in c.run("kubectl get pods -n kube-system").stdout.splitlines()
           if line.startswith("etcd-controlplane")][0].split()
    assert row[1:5] == ["1/1", "Running", "0", "0s"]
    assert ":2379 " in c.run("ss -lnt").stdout
