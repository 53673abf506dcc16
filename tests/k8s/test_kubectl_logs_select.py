"""kubectl logs -l SELECTOR (one pod after another, --prefix, --tail 10) and logs TYPE/NAME (GetFirstPod)."""
from __future__ import annotations

import pytest

from course_lib import Cluster

LINE = "2025/01/20 09:15:00 [INFO] server is listening on :5678\n"


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    cl.run("kubectl create deployment echo --image=hashicorp/http-echo --replicas=3 -- /http-echo -text=hi")
    return cl


def test_selector(c: Cluster) -> None:
    names = c.run("kubectl get pods -l app=echo -o name").stdout.split()
    r = c.run("kubectl logs -l app=echo")
    assert (r.stdout.count("server is listening on :5678\n"), r.stderr, r.returncode) == (3, "", 0)
    r = c.run("kubectl logs -l app=echo --prefix")
    assert [line.split("]")[0] + "]" for line in r.stdout.splitlines()] == [f"[{n}/http-echo]" for n in names]
    assert c.run("kubectl logs -l app=echo echo").stderr == "error: only a selector (-l) or a POD name is allowed\n" \
        "See 'kubectl logs -h' for help and examples\n"
    assert c.run("kubectl logs -l app=nope").stderr == "No resources found in default namespace.\n"
    r = c.run("kubectl logs -l app=echo -f --max-log-requests 2")
    assert r.returncode == 1 and r.stderr.startswith("error: you are attempting to follow 3 log streams, but maximum")
    r = c.run("kubectl logs -n kube-system -l k8s-app=kube-dns --tail=1")
    assert r.stdout.count("\n") == 2


def test_type_name_picks_one_pod(c: Cluster) -> None:
    r = c.run("kubectl logs deploy/echo")
    first = c.run("kubectl get pods -l app=echo -o name").stdout.split()[0]
    assert r.stdout.endswith("server is listening on :5678\n") and r.stdout.count("\n") == 1
    assert r.stderr == f"Found 3 pods, using {first}\n"
    assert c.run(f"kubectl logs {first}").stderr == ""
