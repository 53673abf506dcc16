"""The create generators' front steps and printing, pinned to outputs measured on the real kubectl 1.30.13 client.

tests/k8s/test_kubectl_vs_real_kubectl.py compares many more lines live when the binary is there; these stay
when it is not: -o json in Go struct order, pflag's typed flag errors in argument order, cobra's required flags,
--save-config, the deprecated bare --dry-run, jsonpath-as-json, --template next to -o, the key checks of
--from-literal and --allow-missing-template-keys=false.
"""
from __future__ import annotations

import re

import pytest

from course_lib import Cluster

DEPLOY_JSON = (
    '{\n'
    '    "kind": "Deployment",\n'
    '    "apiVersion": "apps/v1",\n'
    '    "metadata": {\n'
    '        "name": "web",\n'
    '        "namespace": "team",\n'
    '        "creationTimestamp": null,\n'
    '        "labels": {\n'
    '            "app": "web"\n'
    '        }\n'
    '    },\n'
    '    "spec": {\n'
    '        "replicas": 2,\n'
    '        "selector": {\n'
    '            "matchLabels": {\n'
    '                "app": "web"\n'
    '            }\n'
    '        },\n'
    '        "template": {\n'
    '            "metadata": {\n'
    '                "creationTimestamp": null,\n'
    '                "labels": {\n'
    '                    "app": "web"\n'
    '                }\n'
    '            },\n'
    '            "spec": {\n'
    '                "containers": [\n'
    '                    {\n'
    '                        "name": "nginx",\n'
    '                        "image": "nginx",\n'
    '                        "ports": [\n'
    '                            {\n'
    '                                "containerPort": 80\n'
    '                            }\n'
    '                        ],\n'
    '                        "resources": {}\n'
    '                    }\n'
    '                ]\n'
    '            }\n'
    '        },\n'
    '        "strategy": {}\n'
    '    },\n'
    '    "status": {}\n'
    '}\n'
)
SERVICE_JSON = (
    '{\n'
    '    "kind": "Service",\n'
    '    "apiVersion": "v1",\n'
    '    "metadata": {\n'
    '        "name": "a",\n'
    '        "creationTimestamp": null,\n'
    '        "labels": {\n'
    '            "app": "a"\n'
    '        }\n'
    '    },\n'
    '    "spec": {\n'
    '        "ports": [\n'
    '            {\n'
    '                "name": "80-http",\n'
    '                "protocol": "TCP",\n'
    '                "port": 80,\n'
    '                "targetPort": "http",\n'
    '                "nodePort": 1215752191\n'
    '            }\n'
    '        ],\n'
    '        "selector": {\n'
    '            "app": "a"\n'
    '        },\n'
    '        "type": "NodePort"\n'
    '    },\n'
    '    "status": {\n'
    '        "loadBalancer": {}\n'
    '    }\n'
    '}\n'
)


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster()


def _run(cluster: Cluster, line: str) -> tuple[str, str, int]:
    r = cluster.run(line)
    return r.stdout, r.stderr, r.returncode


def test_json_is_in_struct_order(cluster: Cluster) -> None:
    assert _run(cluster, "kubectl create deploy web --image=nginx --port=80 --replicas=2 -n team --dry-run=client "
                         "-o json") == (DEPLOY_JSON, "", 0)
    assert _run(cluster, "kubectl create svc nodeport a --tcp=80:http --node-port=99999999999 --dry-run=client "
                         "-o json") == (SERVICE_JSON, "", 0)       # an int flag, stored as int32


def test_save_config_and_jsonpath_as_json(cluster: Cluster) -> None:
    assert _run(cluster, "kubectl create ns a --save-config --dry-run=client -o yaml")[0] == (
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  annotations:\n"
        "    kubectl.kubernetes.io/last-applied-configuration: |\n"
        '      {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"a","creationTimestamp":null},"spec":{},'
        '"status":{}}\n  creationTimestamp: null\n  name: a\nspec: {}\nstatus: {}\n')
    assert _run(cluster, "kubectl create deploy a --image=x -r 0x10 --dry-run=client "
                         "-o jsonpath-as-json='{.spec.replicas}{.kind}'") == (
        '[\n    16\n]\n[\n    "Deployment"\n]\n', "", 0)


@pytest.mark.parametrize("line, err", [
    ("kubectl create deploy a --image=x --bogus -r x", "error: unknown flag: --bogus\nSee 'kubectl create deployment "
     "--help' for usage.\n"),
    ("kubectl create deploy a --image=x -r x --bogus", 'error: invalid argument "x" for "-r, --replicas" flag: '
     'strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl create deployment --help\' for usage.\n'),
    ("kubectl create cj a b --image=x", 'error: required flag(s) "schedule" not set\n'),
    ("kubectl create cj a b --image=x --schedule= -o bogus", "error: exactly one NAME is required, got 2\nSee "
     "'kubectl create cronjob -h' for help and examples\n"),
    ("kubectl create svc clusterip a --dry-run=x -o bogus", 'error: Invalid dry-run value (x). Must be "none", '
     '"server", or "client".\n'),
    ("kubectl create svc clusterip a -o jsonpath={.a", "error: error parsing jsonpath {.a, unclosed action\n"),
    ("kubectl create ns a --template={{.kind}} -o go-template={{.x}}", 'error: unable to match a printer suitable '
     'for the output format "go-template={{.x}}", allowed formats are: go-template,go-template-file,json,jsonpath,'
     "jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n"),
    ("kubectl create ns a -o jsonpath", "error: template format specified but no template given\n"),
    ("kubectl create svc clusterip a --tcp=80:0", "error: must be between 1 and 65535, inclusive\n"),
    ("kubectl create svc clusterip a --tcp=70000", 'error: strconv.ParseUint: parsing "70000": value out of range\n'),
    ("kubectl create cm a --from-literal='..a b=1'", 'error: "..a b" is not a valid key name for a ConfigMap: a valid '
     "config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or "
     "'key-name', regex used for validation is '[-._a-zA-Z0-9]+'),must not start with '..'\n"),
    ("kubectl create ingress a", "error: not enough information provided: every ingress has to either specify a "
     "default-backend (which catches all traffic) or a list of rules (which catch specific paths)\n"),
    ("kubectl create ns a -o 'jsonpath={.metadata.nope.x}' --allow-missing-template-keys=false --dry-run=client",
     'error: error executing jsonpath "{.metadata.nope.x}": Error executing template: nope is not found. Printing '
     "more information for debugging the template:\n\ttemplate was:\n\t\t{.metadata.nope.x}\n\tobject given to "
     'jsonpath engine was:\n\t\tmap[string]interface {}{"apiVersion":"v1", "kind":"Namespace", '
     '"metadata":map[string]interface {}{"creationTimestamp":interface {}(nil), "name":"a"}, '
     '"spec":map[string]interface {}{}, "status":map[string]interface {}{}}\n\n\n'),
])
def test_errors_in_kubectls_order(cluster: Cluster, line: str, err: str) -> None:
    assert _run(cluster, line) == ("", err, 1)
    assert cluster.run("kubectl get ns a").returncode == 1             # nothing was created


def test_go_template_error_dumps_on_stdout(cluster: Cluster) -> None:
    out, err, rc = _run(cluster, "kubectl create ns a --dry-run=client -o go-template={{.nope}} "
                                 "--allow-missing-template-keys=false")
    assert (err, rc) == ('error: error executing template "{{.nope}}": template: output:1:2: executing "output" at '
                         '<.nope>: map has no entry for key "nope"\n', 1)
    assert out == ('Error executing template: template: output:1:2: executing "output" at <.nope>: map has no entry '
                   'for key "nope". Printing more information for debugging the template:\n\ttemplate was:\n\t\t'
                   '{{.nope}}\n\traw data was:\n\t\t{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"a",'
                   '"creationTimestamp":null},"spec":{},"status":{}}\n\tobject given to template engine was:\n\t\t'
                   "map[apiVersion:v1 kind:Namespace metadata:map[creationTimestamp:<nil> name:a] spec:map[] "
                   "status:map[]]\n\n")


def test_bare_dry_run_is_client_with_klogs_warning(cluster: Cluster) -> None:
    out, err, rc = _run(cluster, "kubectl create ns a --dry-run -o name")
    assert (out, rc) == ("namespace/a\n", 0)
    assert re.fullmatch(r"W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ helpers.go:703\] --dry-run is deprecated and can be "
                        r"replaced with --dry-run=client.\n", err)
