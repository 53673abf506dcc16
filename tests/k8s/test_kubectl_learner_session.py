"""What a learner types in the pod/service networking chapters, answered as kubectl 1.30 answers: texts found
differing in a session run through the simulation, each fixed from kubectl's source."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from tests.cli_support import answer as _r


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl run bb --image=busybox -- sleep 3600")
    return cl



def test_get_go_template(c: Cluster) -> None:
    # GoTemplatePrinter: text/template "output" over the JSON object, missing keys <no value>
    ip = c.store.get("Pod", "default", "bb")["status"]["podIP"]
    assert _r(c, "kubectl get pod bb -o go-template='{{.status.podIP}}'") == (ip, "", 0)
    assert _r(c, "kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}'") == (
        "bb\n", "", 0)
    assert _r(c, "kubectl get pod bb -o template='{{.spec.nope}}'") == ("<no value>", "", 0)
    assert _r(c, "kubectl get pod bb -o go-template='{{len .spec.containers}}'") == ("1", "", 0)
    assert _r(c, "kubectl get pod bb -o go-template='{{.spec.containers'") == (
        "", "error: error parsing template {{.spec.containers, template: output:1: unclosed action\n", 1)
    out, err, rc = _r(c, "kubectl get pod bb -o go-template='{{.metadata.name.x}}'")
    assert rc == 1 and err == ('error: error executing template "{{.metadata.name.x}}": template: output:1:2: '
                               'executing "output" at <.metadata.name.x>: can\'t evaluate field x in type string\n')
    assert _r(c, "kubectl run x --image=nginx --dry-run=client -o go-template='{{.metadata.name}}'") == ("x", "", 0)


def test_api_versions(c: Cluster) -> None:
    out, err, rc = _r(c, "kubectl api-versions")
    lines = out.splitlines()
    assert (err, rc) == ("", 0) and lines == sorted(lines) and lines[-1] == "v1"
    for gv in ("apps/v1", "autoscaling/v1", "autoscaling/v2", "batch/v1", "networking.k8s.io/v1",
               "discovery.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta3"):
        assert gv in lines


def test_describe_matching_prefix_and_separators(c: Cluster) -> None:
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    pods = sorted(p["metadata"]["name"] for p in c.store.list("Pod", "default") if p["metadata"]["name"][:4] == "web-")
    # DescribeMatchingResources: TYPE NAME not found describes every object whose name starts with NAME,
    # each followed by a blank line
    out, err, rc = _r(c, "kubectl describe pod web")
    assert (err, rc) == ("", 0) and out.startswith(f"Name:             {pods[0]}\n")
    assert f"\n\nName:             {pods[1]}\n" in out and out.endswith("\n\n")
    # several objects: Fprintf("\n\n%s") after an output ending in a newline, two blank lines between
    out, _, _ = _r(c, f"kubectl describe pod {pods[0]} {pods[1]}")
    assert f"\n\n\nName:             {pods[1]}\n" in out and not out.endswith("\n\n")
    assert _r(c, "kubectl describe pod/nope pod/x") == (
        "", 'Error from server (NotFound): pods "nope" not found\nError from server (NotFound): pods "x" not found\n', 1)
    out, err, rc = _r(c, f"kubectl describe pod {pods[0]} nope")
    assert rc == 1 and out.startswith(f"Name:             {pods[0]}\n") and err == (
        'Error from server (NotFound): pods "nope" not found\n')
    assert _r(c, "kubectl describe") == (
        "", 'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete '
        "list of supported resources.\n", 1)


def test_global_flag_without_value_names_the_command(c: Cluster) -> None:
    assert _r(c, "kubectl get pods -n") == (
        "", "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n", 1)
    assert _r(c, "kubectl rollout status deploy/web --namespace") == (
        "", "error: flag needs an argument: --namespace\nSee 'kubectl rollout status --help' for usage.\n", 1)


def test_jsonpath_execution_error_is_the_printers_dump(c: Cluster) -> None:
    # JSONPathPrinter.PrintObj: 'error executing jsonpath', the template, and the object as Go's %#v prints it
    out, err, rc = _r(c, "kubectl get ns default -o jsonpath='{.spec.finalizers[3]}'")
    assert (out, rc) == ("", 1)
    assert err.startswith('error: error executing jsonpath "{.spec.finalizers[3]}": Error executing template: array '
                          "index out of bounds: index 3, length 1. Printing more information for debugging the "
                          "template:\n\ttemplate was:\n\t\t{.spec.finalizers[3]}\n\tobject given to jsonpath engine "
                          'was:\n\t\tmap[string]interface {}{"apiVersion":"v1", "kind":"Namespace", "metadata":')
    assert '"spec":map[string]interface {}{"finalizers":[]interface {}{"kubernetes"}}' in err
    assert err.endswith("}\n\n\n")


def test_run_expose(c: Cluster) -> None:
    # run.go: the pod is created, then generateService prints the service first; --expose needs --port
    assert _r(c, "kubectl run exp --image=nginx --port=80 --expose") == (
        "service/exp created\npod/exp created\n", "", 0)
    svc = c.store.get("Service", "default", "exp")
    assert svc["spec"]["selector"] == {"run": "exp"} and svc["spec"]["ports"][0]["targetPort"] == 80
    assert _r(c, "kubectl run exp2 --image=nginx --expose") == (
        "", "error: --port must be set when exposing a service\nSee 'kubectl run -h' for help and examples\n", 1)
    assert _r(c, "kubectl run exp3 --image=nginx --port=8080 --expose --dry-run=client") == (
        "service/exp3 created (dry run)\npod/exp3 created (dry run)\n", "", 0)
    out = _r(c, "kubectl run exp3 --image=nginx --port=8080 --expose --dry-run=client -o yaml")[0]
    assert out.startswith("apiVersion: v1\nkind: Service\n") and "\n---\napiVersion: v1\nkind: Pod\n" in out


def test_run_flags_from_run_go(c: Cluster) -> None:
    assert _r(c, "kubectl run img --image=NGINX") == (
        "", 'error: Invalid image name "NGINX": invalid reference format\n', 1)
    assert _r(c, "kubectl run tt --image=nginx -t") == (
        "", "error: -i/--stdin is required for containers with -t/--tty=true\n"
        "See 'kubectl run -h' for help and examples\n", 1)
    assert _r(c, "kubectl run pp --image=nginx --image-pull-policy=Never --dry-run=client "
                 "-o jsonpath='{.spec.containers[0].imagePullPolicy}'") == ("Never", "", 0)
    # --overrides: a JSON merge patch of the generated pod
    assert _r(c, "kubectl run ov --image=nginx --overrides='{\"spec\":{\"nodeName\":\"controlplane\"}}'")[2] == 0
    assert c.store.get("Pod", "default", "ov")["spec"]["nodeName"] == "controlplane"
    assert _r(c, "kubectl run ov2 --image=nginx --overrides='{bad'") == ("", "error: Invalid JSON Patch\n", 1)


def test_logs_previous_without_a_restart(c: Cluster) -> None:
    assert _r(c, "kubectl logs -p bb") == (
        "", 'Error from server (BadRequest): previous terminated container "bb" in pod "bb" not found\n', 1)


def test_create_without_f(c: Cluster) -> None:
    # create.go: 'Error: must specify one of -f and -k', then DefaultSubCommandRun's RequireNoArguments
    assert _r(c, "kubectl create redis.yaml") == (
        "", 'Error: must specify one of -f and -k\n\nerror: unknown command "redis.yaml"\n'
        "See 'kubectl create -h' for help and examples\n", 1)
    # the real 1.30.13 client (unshare --net): apply's usage error has no blank line after it
    assert _r(c, "kubectl apply") == ("", "error: must specify one of -f and -k\n", 1)


def test_version_flags(c: Cluster) -> None:
    # --short was removed in kubectl 1.28 (kubernetes#116720)
    assert _r(c, "kubectl version --short") == (
        "", "error: unknown flag: --short\nSee 'kubectl version --help' for usage.\n", 1)
    assert _r(c, "kubectl version -o wide") == ("", "error: --output must be 'yaml' or 'json'\n", 1)
    out = _r(c, "kubectl version -o json")[0]
    assert out.startswith('{\n  "clientVersion": {\n    "major": "1",\n    "minor": "30",\n    "gitVersion": "v1.30.4"')
    assert '\n  "serverVersion": {\n' in out and out.endswith("}\n")
    out = _r(c, "kubectl version -o yaml --client")[0]
    assert out.startswith("clientVersion:\n  buildDate: ") and out.endswith(
        "kustomizeVersion: v5.0.4-0.20230601165947-6ce0bf390ce3\n\n")


def test_drain() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.run("kubectl run solo --image=nginx")
    ds = sorted(f"kube-system/{p['metadata']['name']}" for p in c.store.list("Pod", "kube-system")
                if p["spec"].get("nodeName") == "node01" and p["metadata"]["name"].startswith(("kube-proxy", "weave")))
    assert _r(c, "kubectl drain") == (
        "", "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n", 1)
    out, err, rc = _r(c, "kubectl drain node01 --ignore-daemonsets")
    assert (out, rc) == ("node/node01 cordoned\n", 1)
    assert err == ('error: unable to drain node "node01" due to error: cannot delete Pods declare no controller (use '
                   "--force to override): default/solo, continuing command...\nThere are pending nodes to be drained:\n"
                   " node01\nerror: cannot delete Pods declare no controller (use --force to override): default/solo\n")
    out, err, rc = _r(c, "kubectl drain node01 --ignore-daemonsets --force")
    assert rc == 0 and out.startswith("node/node01 already cordoned\nevicting pod default/solo\n")
    assert "pod/solo evicted\n" in out and out.endswith("node/node01 drained\n")
    assert err == ("Warning: deleting Pods that declare no controller: default/solo; ignoring DaemonSet-managed Pods: "
                   + ", ".join(ds) + "\n")
    assert not [p for p in c.store.list("Pod", "default") if p["spec"].get("nodeName") == "node01"]


def test_expose_session_affinity(c: Cluster) -> None:
    c.run("kubectl create deployment aff --image=nginx")
    assert _r(c, "kubectl expose deploy aff --port=80 --session-affinity=ClientIP --dry-run=client "
                 "-o jsonpath='{.spec.sessionAffinity}'") == ("ClientIP", "", 0)
    assert _r(c, "kubectl expose deploy aff --port=80 --session-affinity=Bogus") == (
        "", "error: unknown session affinity: Bogus\n", 1)
