"""kubectl's PrintFlags on the commands that change objects: -o name|yaml|json|jsonpath, with and without
--dry-run=client|server, and the jsonpath parser's errors as kubectl prints them."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from tests.cli_support import answer as _r


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl run web --image=nginx --port=80")
    cl.run("kubectl create deployment d --image=nginx")
    return cl



def test_jsonpath_unrecognized_character_is_gos_percent_U(c: Cluster) -> None:
    # text/template-like parser of k8s.io/client-go/util/jsonpath: fmt.Errorf("... %#U", r)
    assert _r(c, r"kubectl get ns -o jsonpath='{.items[0].metadata.name}{\n}'") == (
        "", "error: error parsing jsonpath {.items[0].metadata.name}{\\n}, unrecognized character in action: "
        "U+005C '\\'\n", 1)


def test_generators_print_with_dry_run_server(c: Cluster) -> None:
    # PrintFlags.Complete("%s created") then -o name drops the operation (NamePrintFlags.ToPrinter)
    assert _r(c, "kubectl run x --image=nginx --dry-run=server -o name") == ("pod/x\n", "", 0)
    assert _r(c, "kubectl run x --image=nginx --dry-run=client -o name") == ("pod/x\n", "", 0)
    assert _r(c, "kubectl run x --image=nginx --dry-run=server -o jsonpath={.spec.dnsPolicy}") == (
        "ClusterFirst", "", 0)
    out, _, rc = _r(c, "kubectl expose pod web --port 80 --dry-run=server -o jsonpath={.spec.clusterIP}")
    assert rc == 0 and out.startswith("10.") and "\n" not in out
    assert _r(c, "kubectl create deployment d2 --image=nginx --dry-run=server -o name") == (
        "deployment.apps/d2\n", "", 0)
    assert c.store.get("Pod", "default", "x") is None and c.store.get("Deployment", "default", "d2") is None
    out, err, rc = _r(c, "kubectl run x --image=nginx --dry-run=client -o wide")
    assert (out, rc) == ("", 1) and err.startswith(
        'error: unable to match a printer suitable for the output format "wide", allowed formats are: '
        "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml")


def test_label_annotate_print_flags(c: Cluster) -> None:
    assert _r(c, "kubectl label pod web tier=fe --dry-run=server -o name") == ("pod/web\n", "", 0)
    assert "tier" not in c.store.get("Pod", "default", "web")["metadata"]["labels"]
    assert _r(c, "kubectl label pod web tier=fe -o jsonpath={.metadata.labels.tier}") == ("fe", "", 0)
    assert c.store.get("Pod", "default", "web")["metadata"]["labels"]["tier"] == "fe"
    out, _, rc = _r(c, "kubectl annotate pod web note=hi --dry-run=client -o yaml")
    assert rc == 0 and "    note: hi\n" in out and out.startswith("apiVersion: v1\nkind: Pod\n")
    assert "note" not in (c.store.get("Pod", "default", "web")["metadata"].get("annotations") or {})
    # label.go makes its printer after the PATCH: the label is set, then the format is refused
    out, err, rc = _r(c, "kubectl label pod web zone=a -o wide")
    assert rc == 1 and err.startswith('error: unable to match a printer suitable for the output format "wide"')
    assert c.store.get("Pod", "default", "web")["metadata"]["labels"]["zone"] == "a"


def test_scale_prints_the_object_as_read(c: Cluster) -> None:
    # kubectl 1.30 prints info.Object as the builder read it (kubernetes/kubectl#1806)
    assert _r(c, "kubectl scale deploy d --replicas=2 -o jsonpath={.spec.replicas}") == ("1", "", 0)
    assert c.store.get("Deployment", "default", "d")["spec"]["replicas"] == 2
    assert _r(c, "kubectl scale deploy d --replicas=4 --dry-run=server -o name") == ("deployment.apps/d\n", "", 0)
    out, err, rc = _r(c, "kubectl scale deploy d --replicas=4 -o wide")
    assert rc == 1 and out == "" and c.store.get("Deployment", "default", "d")["spec"]["replicas"] == 2


def test_rollout_restart_pause_print_and_select(c: Cluster) -> None:
    c.run("kubectl create deployment e --image=nginx")
    assert _r(c, "kubectl rollout restart deploy d -o name") == ("deployment.apps/d\n", "", 0)
    assert _r(c, "kubectl rollout restart deploy -l app=e") == ("deployment.apps/e restarted\n", "", 0)
    assert _r(c, "kubectl rollout pause deploy e -o jsonpath={.spec.paused}") == ("true", "", 0)
    assert _r(c, "kubectl rollout resume deploy e -o name") == ("deployment.apps/e\n", "", 0)
    # rollout restart has no --dry-run flag (rollout_restart.go adds PrintFlags and filename flags only)
    assert _r(c, "kubectl rollout restart deploy d --dry-run=server") == (
        "", "error: unknown flag: --dry-run\nSee 'kubectl rollout restart --help' for usage.\n", 1)


def test_set_image_print_flags(c: Cluster) -> None:
    assert _r(c, "kubectl set image deploy/d nginx=nginx:1.26 --dry-run=server "
                 "-o jsonpath={.spec.template.spec.containers[0].image}") == ("nginx:1.26", "", 0)
    assert _r(c, "kubectl set image deploy/d nginx=nginx:1.25 -o name") == ("deployment.apps/d\n", "", 0)
    assert c.store.get("Deployment", "default", "d")["spec"]["template"]["spec"]["containers"][0]["image"] == \
        "nginx:1.25"


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n{ns}spec:\n  containers:\n  - name: c\n    image: nginx\n"


def test_apply_dry_run_client_sends_only_the_get(c: Cluster) -> None:
    # applyOneObject: a client dry run never sends the object; nothing is validated, a missing namespace is
    # just a GET that finds nothing
    bad = POD.format(name="Bad_Name", ns="  namespace: nowhere\n").replace("image: nginx", "image: nginx\n    bogus: 1")
    assert _r(c, "kubectl apply -f - --dry-run=client", bad) == ("pod/Bad_Name created (dry run)\n", "", 0)
    out, _, _ = _r(c, "kubectl apply -f - --dry-run=client -o yaml", bad)
    assert "kubectl.kubernetes.io/last-applied-configuration: |\n      {\"apiVersion\":\"v1\"" in out
    assert "namespace: nowhere" in out and "bogus: 1" in out
    out, err, rc = _r(c, "kubectl apply -f - --dry-run=server", bad)
    assert rc == 1 and "strict decoding error" in err
    # an existing object is `configured` (the patch is not computed), printed as the server holds it
    assert _r(c, "kubectl apply -f - --dry-run=client", POD.format(name="web", ns="")) == (
        "pod/web configured (dry run)\n", "", 0)
    out, _, _ = _r(c, "kubectl apply -f - --dry-run=client -o jsonpath={.spec.containers[0].name}",
                   POD.format(name="web", ns=""))
    assert out == "web"


def test_apply_prints_objects_at_the_end(c: Cluster) -> None:
    two = POD.format(name="p1", ns="") + "---\n" + POD.format(name="p2", ns="")
    out, _, rc = _r(c, "kubectl apply -f - --dry-run=client -o yaml", two)
    assert rc == 0 and out.startswith("apiVersion: v1\nitems:\n- apiVersion: v1\n") and \
        out.endswith("kind: List\nmetadata: {}\n")
    assert _r(c, "kubectl apply -f - --dry-run=server -o name", two) == ("pod/p1\npod/p2\n", "", 0)
    out, _, _ = _r(c, "kubectl create -f - --dry-run=client -o yaml", two)
    assert out.count("---\n") == 1 and out.startswith("apiVersion: v1\nkind: Pod\n")


def test_apply_on_an_object_made_imperatively_warns(c: Cluster) -> None:
    c.run("kubectl run imp --image=nginx")
    out, err, rc = _r(c, "kubectl apply -f -", POD.format(name="imp", ns="").replace("name: c", "name: imp"))
    assert (out, rc) == ("pod/imp configured\n", 0)
    assert err == ("Warning: resource pods/imp is missing the kubectl.kubernetes.io/last-applied-configuration "
                   "annotation which is required by kubectl apply. kubectl apply should only be used on resources "
                   "created declaratively by either kubectl create --save-config or kubectl apply. The missing "
                   "annotation will be patched automatically.\n")


def test_delete_immortal_namespace_server_dry_run(c: Cluster) -> None:
    # the NamespaceLifecycle admission plugin runs for dry-run requests too; kube-node-lease is not immortal
    for ns in ("default", "kube-system", "kube-public"):
        want = ("", f'Error from server (Forbidden): namespaces "{ns}" is forbidden: this namespace may not be '
                "deleted\n", 1)
        assert _r(c, f"kubectl delete ns {ns} --dry-run=server") == want
        assert _r(c, f"kubectl delete ns {ns}") == want
    assert _r(c, "kubectl delete ns default --dry-run=client") == ('namespace "default" deleted (dry run)\n', "", 0)
    assert _r(c, "kubectl delete ns kube-node-lease --dry-run=server") == (
        'namespace "kube-node-lease" deleted (server dry run)\n', "", 0)


def test_type_and_type_slash_name_mixed_is_the_builders_error(c: Cluster) -> None:
    want = ("", "error: there is no need to specify a resource type as a separate argument when passing arguments "
            "in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource "
            "resource/<resource_name>'\n", 1)
    for line in ("kubectl scale --replicas=2 deployment/d nodes", "kubectl scale --replicas=2 deploy deploy/d",
                 "kubectl rollout restart deploy/d x", "kubectl wait --for=delete deploy/d pods",
                 "kubectl set image deploy/d x nginx=a", "kubectl delete deploy/d pods", "kubectl get deploy/d pods"):
        assert _r(c, line) == want, line
    assert c.store.get("Deployment", "default", "d") is not None


def test_apply_without_a_name_fails_the_get(c: Cluster) -> None:
    # apply.go: info.Get() with an empty name is refused client-side, in every dry-run mode
    nameless = "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {a: b}\nspec:\n  containers:\n  - name: c\n    image: x\n"
    want = ("", 'error: error when retrieving current configuration of:\nResource: "/v1, Resource=pods", '
            'GroupVersionKind: "/v1, Kind=Pod"\nName: "", Namespace: "default"\nfrom server for: "STDIN": '
            "resource name may not be empty\n", 1)
    for mode in ("", " --dry-run=client", " --dry-run=server"):
        assert _r(c, "kubectl apply -f -" + mode, nameless) == want
    generated = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  generateName: web-\nspec: {}\n"
    assert _r(c, "kubectl apply -f -", generated) == ("", "error: from web-: cannot use generate name with apply\n", 1)


def test_resource_slash_name_shapes(c: Cluster) -> None:
    # resource.Builder's splitResourceTypeName
    assert _r(c, "kubectl get pod/") == (
        "", "error: arguments in resource/name form must have a single resource and name\n", 1)
    assert _r(c, "kubectl delete pod/a/b") == (
        "", "error: arguments in resource/name form may not have more than one slash\n", 1)
