"""kubectl edit with a non-interactive KUBE_EDITOR/EDITOR: the editor's command line, the temp file, the
messages and exit codes of kubectl 1.30's editoptions.go."""
from __future__ import annotations

import re

from course_lib import Cluster


def test_edit_with_a_scripted_editor() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl create deploy web --image=nginx")
    r = c.run("KUBE_EDITOR=\"sed -i 's/replicas: 1/replicas: 3/'\" kubectl edit deploy web")
    assert (r.stdout, r.stderr, r.returncode) == ("deployment.apps/web edited\n", "", 0)
    assert c.run("kubectl get deploy web -o jsonpath='{.spec.replicas}'").stdout == "3"
    r = c.run("KUBE_EDITOR=true kubectl edit deploy web")
    assert r.returncode == 0 and r.stderr == "Edit cancelled, no changes made.\n"
    # the file holds the header then the object as -o yaml prints it
    r = c.run("KUBE_EDITOR=cat kubectl edit deploy/web")
    assert r.stdout.startswith("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
                               "# and an empty file will abort the edit. If an error occurs while saving this file "
                               "will be\n# reopened with the relevant failures.\n#\napiVersion: apps/v1\n"
                               "kind: Deployment\n")
    assert r.stdout.endswith(c.run("kubectl get deploy web -o yaml").stdout)
    # words without quotes are split on spaces, not given to a shell: sed sees a broken expression
    r = c.run("KUBE_EDITOR='sed -i s/replicas: 3/replicas: 2/' kubectl edit deploy web")
    assert r.returncode == 1 and r.stderr.endswith(
        'error: there was a problem with the editor "sed -i s/replicas: 3/replicas: 2/"\n')
    assert c.run("KUBE_EDITOR=nosuch kubectl edit deploy web").stderr == \
        'error: unable to launch the editor "nosuch"\n'
    r = c.run("EDITOR=\"sed -i '/^[a-z]/,\\$d'\" kubectl edit deploy web")
    assert (r.stderr, r.returncode) == ("Edit cancelled, saved file was empty.\n", 0)


def test_refused_edit_reopens_and_keeps_a_copy() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl create deploy web --image=nginx")
    r = c.run("export EDITOR=\"sed -i 's/replicas: 1/replicas: -1/'\"; kubectl edit deployment web")
    lines = r.stderr.splitlines()
    assert r.returncode == 1 and r.stdout == ""
    assert lines[0] == 'error: deployments.apps "web" is invalid'
    path = re.fullmatch(r'A copy of your changes has been stored to "(/tmp/kubectl-edit-[a-z0-9]{5}\.yaml)"',
                        lines[1]).group(1)
    assert lines[2:] == ["error: Edit cancelled, no valid changes were saved."]
    kept = c.run(f"cat {path}").stdout
    assert kept.splitlines()[4:7] == ['# deployments.apps "web" was not valid:',
                                      "# * spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                                      "#"]
    assert "  replicas: -1\n" in kept
    assert c.run("kubectl get deploy web -o jsonpath='{.spec.replicas}'").stdout == "1"
    r = c.run("KUBE_EDITOR=\"sed -i 's/^kind: Deployment/kind: Pod/'\" kubectl edit deploy web")
    assert r.returncode == 1 and r.stderr.endswith("error: At least one of apiVersion, kind and name was changed\n")
    assert r.stderr.startswith('A copy of your changes has been stored to "/tmp/kubectl-edit-')


def test_edit_service_type_and_errors() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl create svc clusterip s --tcp=80:80")
    r = c.run("KUBE_EDITOR=\"sed -i 's/type: ClusterIP/type: NodePort/'\" kubectl edit svc s")
    assert r.stdout == "service/s edited\n"
    assert re.fullmatch(r"80:3\d{4}/TCP", c.run("kubectl get svc s --no-headers").stdout.split()[4])
    assert c.run("kubectl edit deploy nope").stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    assert c.run("kubectl edit").stderr.startswith("error: You must provide one or more resources")
    assert c.run("kubectl edit deploy").stderr == "error: edit cancelled, no objects found\n"
    assert c.run("kubectl edit svc s -o wide").stderr.startswith(
        'error: unable to match a printer suitable for the output format "wide"')
