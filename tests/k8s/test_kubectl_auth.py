"""kubectl auth can-i / whoami and --as impersonation over the cluster's RBAC objects (kubectl 1.30 cani.go,
whoami.go; the API server's RBAC authorizer and Forbidden message)."""
from __future__ import annotations

from course_lib import Cluster


def _run(c: Cluster, line: str) -> tuple[str, str, int]:
    r = c.run(line)
    return r.stdout, r.stderr, r.returncode


def test_can_i_for_the_admin_and_impersonated_users() -> None:
    c = Cluster(cni="bridge")
    assert _run(c, "kubectl auth can-i create pods") == ("yes\n", "", 0)
    assert _run(c, "kubectl auth can-i '*' '*' -A") == ("yes\n", "", 0)
    assert _run(c, "kubectl auth can-i get nodes") == ("yes\n", "Warning: resource 'nodes' is not namespace scoped\n",
                                                       0)
    assert _run(c, "kubectl auth can-i get foos")[1] == "Warning: the server doesn't have a resource type 'foos'\n"
    assert _run(c, "kubectl auth can-i frob pods")[1] == "Warning: verb 'frob' is not a known verb\n"
    assert _run(c, "kubectl auth can-i list pods --as jane") == ("no\n", "", 1)
    assert _run(c, "kubectl auth can-i get /healthz --as jane") == ("yes\n", "", 0)     # system:public-info-viewer
    c.run("kubectl create rolebinding jr --clusterrole=view --user=jane")
    assert _run(c, "kubectl auth can-i list pods --as jane") == ("yes\n", "", 0)
    assert _run(c, "kubectl auth can-i list pods --as jane -n kube-system") == ("no\n", "", 1)
    assert _run(c, "kubectl auth can-i delete pods --as=jane") == ("no\n", "", 1)
    assert _run(c, "kubectl auth can-i list secrets -q --as jane") == ("", "", 1)
    c.run("kubectl create ns dev; kubectl create role pr --verb=get --resource=pods --resource-name=web -n dev")
    c.run("kubectl create rolebinding sa --role=pr --serviceaccount=dev:bot -n dev")
    assert _run(c, "kubectl auth can-i get pods/web -n dev --as system:serviceaccount:dev:bot")[0] == "yes\n"
    assert _run(c, "kubectl auth can-i get pods/db -n dev --as system:serviceaccount:dev:bot")[0] == "no\n"
    c.run("kubectl create rolebinding bad --role=nope --group=devs")
    assert _run(c, "kubectl auth can-i create pods --as bob --as-group devs") == \
        ('no - RBAC: role.rbac.authorization.k8s.io "nope" not found\n', "", 1)
    r = c.run("kubectl auth can-i get")
    assert (r.stderr, r.returncode) == ("error: you must specify two arguments: verb resource or verb "
                                        "resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n",
                                        1)


def test_can_i_list_whoami_and_forbidden_requests() -> None:
    c = Cluster(cni="bridge")
    lines = c.run("kubectl auth can-i --list").stdout.splitlines()
    assert lines[:6] == [
        "Resources                                       Non-Resource URLs   Resource Names   Verbs",
        "*.*                                             []                  []               [*]",
        "                                                [*]                 []               [*]",
        "selfsubjectreviews.authentication.k8s.io        []                  []               [create]",
        "selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]",
        "selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]"]
    assert lines[6:8] == ["                                                [/api/*]            []               [get]",
                          "                                                [/api]              []               [get]"]
    assert _run(c, "kubectl auth whoami") == ("ATTRIBUTE   VALUE\nUsername    kubernetes-admin\n"
                                              "Groups      [kubeadm:cluster-admins system:authenticated]\n", "", 0)
    assert c.run("kubectl auth whoami --as jane --as-group a --as-group b").stdout.splitlines()[2] == \
        "Groups      [a b system:authenticated]"
    assert _run(c, "kubectl get pods --as jane") == (
        "", 'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" '
        'in the namespace "default"\n', 1)
    assert c.run("kubectl get nodes --as jane").stderr.endswith('in API group "" at the cluster scope\n')
    c.run("kubectl create rolebinding jr --clusterrole=view --user=jane")
    assert c.run("kubectl get pods --as jane").returncode == 0
    r = c.run("kubectl auth")
    assert r.returncode == 1 and r.stdout == "" and r.stderr.startswith("Inspect authorization.\n\nAvailable Commands:")
