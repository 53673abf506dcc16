"""kubectl 1.30 against a kubeadm cluster without metrics-server: top, componentstatuses (deprecated, computed
from the control plane's listeners), config view/get-contexts/current-context/set-context/use-context."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s import printers


@pytest.fixture(scope="module")
def c() -> Cluster:
    return Cluster(cni="bridge")


def test_top_without_metrics_server(c: Cluster) -> None:
    for cmd in ("kubectl top nodes", "kubectl top node node01", "kubectl top pod -A", "kubectl top pods -n x"):
        r = c.run(cmd)
        assert (r.stdout, r.stderr, r.returncode) == ("", "error: Metrics API not available\n", 1)
    r = c.run("kubectl top")                    # kubectl 1.30.13: the help on stderr, exit 1
    assert (r.returncode, r.stdout) == (1, "") and r.stderr.startswith("Display resource (CPU/memory) usage.\n")
    assert c.run("kubectl top pod --bogus").stderr == "error: unknown flag: --bogus\nSee 'kubectl top pod --help' " \
                                                        "for usage.\n"


def test_componentstatuses_warning_and_health(c: Cluster) -> None:
    r = c.run("kubectl get cs")
    assert r.stderr == "Warning: v1 ComponentStatus is deprecated in v1.19+\n"
    assert r.stdout == ("NAME                 STATUS    MESSAGE   ERROR\n"
                        "controller-manager   Healthy   ok        \n"
                        "scheduler            Healthy   ok        \n"
                        "etcd-0               Healthy   ok        \n")
    r = c.run("kubectl get componentstatus scheduler -o jsonpath='{.conditions[0].message}'")
    assert r.stdout == "ok"
    assert "componentstatuses                   cs           v1                                false        ComponentStatus\n" \
        in c.run("kubectl api-resources").stdout


def test_componentstatus_of_a_stopped_scheduler() -> None:
    cl = Cluster(cni=None, workers=0)
    from course_lib.net.sockets import listeners
    root = cl.machine("controlplane").root
    sched = [s for s in listeners(root) if s.port == 10259]
    for s in sched:
        root.sockets.remove(s)
    r = cl.run("kubectl get cs")
    assert 'scheduler            Unhealthy   Get "https://127.0.0.1:10259/healthz": dial tcp 127.0.0.1:10259: ' \
           "connect: connection refused   \n" in r.stdout


def test_config_view_shortens_secrets(c: Cluster) -> None:
    out = c.run("kubectl config view").stdout
    assert out == ("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: DATA+OMITTED\n"
                   "    server: https://192.168.1.10:6443\n  name: kubernetes\ncontexts:\n- context:\n"
                   "    cluster: kubernetes\n    user: kubernetes-admin\n  name: kubernetes-admin@kubernetes\n"
                   "current-context: kubernetes-admin@kubernetes\nkind: Config\npreferences: {}\nusers:\n"
                   "- name: kubernetes-admin\n  user:\n    client-certificate-data: DATA+OMITTED\n"
                   "    client-key-data: DATA+OMITTED\n")
    raw = c.run("kubectl config view --raw").stdout
    assert "certificate-authority-data: LS0t" in raw
    assert c.run("kubectl config view -o jsonpath='{.users[0].name}'").stdout == "kubernetes-admin"


def test_config_contexts_and_namespace() -> None:
    cl = Cluster(cni="bridge", workers=0)
    assert cl.run("kubectl config current-context").stdout == "kubernetes-admin@kubernetes\n"
    assert cl.run("kubectl config get-contexts").stdout == (
        "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n"
        "*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n")
    r = cl.run("kubectl config set-context --current --namespace=kube-system")
    assert r.stdout == 'Context "kubernetes-admin@kubernetes" modified.\n'
    assert cl.run("kubectl config get-contexts -o name").stdout == "kubernetes-admin@kubernetes\n"
    assert cl.run("kubectl config view --minify -o jsonpath='{..namespace}'").stdout == "kube-system"
    assert "kube-proxy" in cl.run("kubectl get ds").stdout          # the context's namespace is the default
    assert cl.run("kubectl get ds -n default").stderr == "No resources found in default namespace.\n"
    assert cl.run("kubectl config use-context nope").stderr == 'error: no context exists with the name: "nope"\n'
    r = cl.run("kubectl config set-context dev --cluster=kubernetes --user=kubernetes-admin --namespace=default")
    assert r.stdout == 'Context "dev" created.\n'
    assert cl.run("kubectl config use-context dev").stdout == 'Switched to context "dev".\n'
    assert cl.run("kubectl get ds").stderr == "No resources found in default namespace.\n"
    assert cl.run("kubectl config get-clusters").stdout == "NAME\nkubernetes\n"


def test_config_on_a_node_without_kubeconfig(c: Cluster) -> None:
    node = c.lab.host("node01")
    r = node.run("kubectl config current-context")
    assert (r.stderr, r.returncode) == ("error: current-context is not set\n", 1)
    assert node.run("kubectl config view").stdout == ('apiVersion: v1\nclusters: null\ncontexts: null\n'
                                                      'current-context: ""\nkind: Config\npreferences: {}\n'
                                                      "users: null\n")


def test_tabwriter_minimum_width() -> None:
    assert printers.tabwrite([["A", "B"], ["x", "y"]]) == "A     B\nx     y\n"


def test_api_resources_lists_what_kube_apiserver_serves(c: Cluster) -> None:
    out = c.run("kubectl api-resources").stdout.splitlines()
    assert out[0] == "NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND"
    assert out[1] == "bindings                                         v1                                true         Binding"
    assert len(out) == 59 and out[-1].startswith("volumeattachments ")
    assert "events                              ev           events.k8s.io/v1                  true         Event" in out
    r = c.run("kubectl get pvc")
    assert (r.stderr, r.returncode) == ("No resources found in default namespace.\n", 0)
    assert c.run("kubectl api-resources --api-group=discovery.k8s.io -o name").stdout == \
        "endpointslices.discovery.k8s.io\n"
