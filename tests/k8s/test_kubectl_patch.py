"""kubectl patch (strategic, merge, json) through the API server's path, and the patch algorithms."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s import patches


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl create deployment web --image=nginx --replicas=2; kubectl expose deployment web --port=80")
    return cl


def run(c: Cluster, cmd: str) -> tuple[str, str, int]:
    r = c.run(cmd)
    return r.stdout, r.stderr, r.returncode


def test_service_type_and_no_change(c: Cluster) -> None:
    assert run(c, """kubectl patch svc web -p '{"spec":{"type":"NodePort"}}'""") == ("service/web patched\n", "", 0)
    port = c.run("kubectl get svc web -o jsonpath='{.spec.ports[0].nodePort}'").stdout
    assert 30000 <= int(port) <= 32767
    assert f"--dport {port} -j KUBE-EXT-" in c.run("iptables -t nat -S KUBE-NODEPORTS").stdout
    assert run(c, """kubectl patch svc web -p '{"spec":{"type":"NodePort"}}'""")[0] == \
        "service/web patched (no change)\n"


def test_selector_and_ports_follow(c: Cluster) -> None:
    out = run(c, """kubectl patch svc web --type merge -p '{"spec":{"selector":{"app":"nope"}}}'""")
    assert out == ("service/web patched\n", "", 0)
    assert c.run("kubectl get ep web").stdout.splitlines()[1].split()[1] == "<none>"
    run(c, """kubectl patch svc web -p '{"spec":{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080}]}}'""")
    assert c.run("kubectl get ep web").stdout.count(":8080") == 2
    assert ":8080" in c.run("iptables-save -t nat | grep DNAT").stdout
    op = '[{"op":"replace","path":"/spec/ports/0/targetPort","value":80}]'
    assert run(c, f"kubectl patch svc web --type json -p '{op}'")[0] == "service/web patched\n"
    assert c.run("kubectl get ep web -o jsonpath='{.subsets[0].ports[0].port}'").stdout == "80"


def test_errors(c: Cluster) -> None:
    assert run(c, "kubectl patch svc nope -p '{}'") == \
        ("", 'Error from server (NotFound): services "nope" not found\n', 1)
    assert run(c, "kubectl patch svc web")[1] == \
        "error: must specify --patch or --patch-file containing the contents of the patch\n"
    assert run(c, "kubectl patch svc web --type=foo -p '{}'")[1] == \
        'error: --type must be one of [json merge strategic], not "foo"\n'
    assert run(c, "kubectl patch svc web --type json -p '[{\"op\":\"remove\",\"path\":\"/spec/foo\"}]'")[1] == \
        "The request is invalid: : error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: " \
        "missing value\n"
    assert run(c, "kubectl patch svc web -p '{\"spec\":{\"ports\":[{\"targetPort\":1}]}}'")[1] == \
        "Error from server (InternalError): Internal error occurred: map: map[targetPort:1] does not contain " \
        "declared merge key: port\n"
    assert run(c, "kubectl patch svc web -p 'a: b: c'")[1] == \
        'error: unable to parse "a: b: c": yaml: mapping values are not allowed in this context\n'
    out, err, rc = run(c, "kubectl patch svc web -p '{\"spec\":{\"ports\":[{\"port\":0}]}}'")
    assert rc == 1 and err.startswith('The Service "web" is invalid: \n* spec.ports[0].port: Invalid value: 0')
    assert c.run("kubectl get svc web -o jsonpath='{.spec.ports[*].port}'").stdout == "80"     # nothing half-done
    out, err, rc = run(c, """kubectl patch deploy web -p '{"spec":{"template":{"spec":{"ServiceAccount":"x"}}}}'""")
    assert (out, err, rc) == ("deployment.apps/web patched (no change)\n",
                              'Warning: unknown field "spec.template.spec.ServiceAccount"\n', 0)


def test_pod_spec_is_immutable(c: Cluster) -> None:
    pod = c.run("kubectl get pods -o name").stdout.split()[0]
    err = run(c, f"kubectl patch {pod} -p '{{\"spec\":{{\"restartPolicy\":\"Never\"}}}}'")[1]
    assert err.startswith('The Pod "' + pod.split("/")[1] + '" is invalid: spec: Forbidden: pod updates may not')


def test_strategic_list_order_as_smp() -> None:
    svc = {"kind": "Service", "spec": {"ports": [{"name": n, "port": p} for n, p in (("a", 1), ("b", 2), ("c", 3))]}}

    def order(patch: list) -> list:
        return [p["port"] for p in patches.strategic_merge(svc, {"spec": {"ports": patch}}, "Service")["spec"]["ports"]]
    assert order([{"port": 3, "name": "c2"}]) == [1, 2, 3]
    assert order([{"port": 9}]) == [9, 1, 2, 3]
    assert order([{"port": 2}, {"port": 9}]) == [1, 2, 9, 3]
    assert order([{"port": 3}, {"port": 1}]) == [2, 3, 1]
    assert order([{"port": 2, "$patch": "delete"}]) == [1, 3]
    containers = {"spec": {"containers": [{"name": "a", "image": "x", "env": [{"name": "A", "value": "1"}]}]}}
    out = patches.strategic_merge(containers, {"spec": {"containers": [
        {"name": "a", "env": [{"name": "B", "value": "2"}]}]}}, "Pod")
    assert out["spec"]["containers"] == [{"name": "a", "image": "x", "env": [{"name": "B", "value": "2"},
                                                                             {"name": "A", "value": "1"}]}]


def test_json_patch_ops() -> None:
    doc = {"a": {"b": [1, 2]}}
    assert patches.json_patch(doc, [{"op": "add", "path": "/a/b/-", "value": 3}]) == {"a": {"b": [1, 2, 3]}}
    assert patches.json_patch(doc, [{"op": "move", "from": "/a/b", "path": "/c"}]) == {"a": {}, "c": [1, 2]}
    with pytest.raises(patches.PatchError, match="Unable to access invalid index: 7: invalid index referenced"):
        patches.json_patch(doc, [{"op": "remove", "path": "/a/b/7"}])
    with pytest.raises(patches.PatchError, match='add operation does not apply: doc is missing path: "/x/y"'):
        patches.json_patch(doc, [{"op": "add", "path": "/x/y", "value": 1}])
    with pytest.raises(patches.PatchError, match="testing value /a/b/0 failed: test failed"):
        patches.json_patch(doc, [{"op": "test", "path": "/a/b/0", "value": 7}])
    assert patches.merge_patch({"a": {"b": 1, "c": 2}}, {"a": {"b": None}, "d": [1]}) == {"a": {"c": 2}, "d": [1]}


def test_decoder_and_immutable_selector(c: Cluster) -> None:
    err = run(c, """kubectl patch deploy web -p '{"spec":{"replicas":"x"}}'""")[1]
    assert err == 'Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: ' \
        "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n"
    err = run(c, """kubectl patch svc web -p '{"spec":{"selector":{"matchLabels":{"app":"web"}}}}'""")[1]
    assert err.endswith("json: cannot unmarshal object into Go struct field ServiceSpec.spec.selector of type string\n")
    assert run(c, """kubectl patch svc web --type json -p '[{"op":"replace","path":"/metadata","value":1}]'""")[2] == 1
    # kubectl create deployment's selector and template labels must not move together (no shared dicts)
    out, err, rc = run(c, """kubectl patch deploy web -p '{"spec":{"selector":{"matchLabels":{"app":"o"}}}}'""")
    assert rc == 1 and err == 'The Deployment "web" is invalid: \n* spec.template.metadata.labels: Invalid value: ' \
        'map[string]string{"app":"web"}: `selector` does not match template `labels`\n* spec.selector: Invalid ' \
        'value: v1.LabelSelector{MatchLabels:map[string]string{"app":"o"}, MatchExpressions:' \
        '[]v1.LabelSelectorRequirement(nil)}: field is immutable\n'
    assert c.run("kubectl get deploy web -o jsonpath='{.spec.template.metadata.labels.app}'").stdout == "web"
