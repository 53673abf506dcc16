"""The simulated kubectl against the real kubectl 1.30 client, for what the client answers without a server.

Seeded command lines: the generators of `kubectl create ...` and `kubectl run` with --dry-run=client and each
output format (yaml, json, name, jsonpath, go-template, custom-columns, bad ones), their flag and argument errors;
and a `kubectl config` session (view, get-contexts, use/set/rename/delete-context) that edits each side's own copy
of the cluster's kubeconfig. Stdout, stderr and exit codes must be equal. Lines the real client takes to the API
server (unreachable in its private netns) are skipped. Skipped when no kubectl 1.30 client is installed.
"""
from __future__ import annotations

import random
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from course_lib import Cluster
from tests.k8s.real_kubectl import RealKubectl, find_kubectl_130, needs_server

KUBECTL = find_kubectl_130()
pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl v1.30 client on this machine")

NAMES = ["web", "db-1", "a.b", "Bad_Name", "x" * 64]
IMAGES = ["nginx", "busybox:1.36", "registry.k8s.io/pause:3.9", "Bad Image"]
OUTPUTS = ["yaml", "json", "name", "jsonpath={.metadata.name}", "jsonpath='{.spec}'", "jsonpath={.kind}{\"\\n\"}",
           "jsonpath={.metadata.labels}", "jsonpath={.missing}", "jsonpath={.metadata.name", "go-template={{.kind}}",
           "go-template='{{.metadata.name}}{{\"\\n\"}}'", "go-template={{.nope}}", "go-template={{.kind",
           "custom-columns=NAME:.metadata.name,KIND:.kind", "custom-columns=X", "wide", "bogus", "''",
           "jsonpath-as-json={.metadata}", "template={{.kind}}", "yaml -o json"]


def _opt(rng: random.Random, p: float, text: str) -> str:
    return text if rng.random() < p else ""


def _generator(rng: random.Random) -> str:
    """One `create`/`run` generator with random arguments (most of them valid)."""
    name = rng.choice(NAMES[:3]) if rng.random() < 0.8 else rng.choice(NAMES)
    image = rng.choice(IMAGES[:3]) if rng.random() < 0.9 else IMAGES[3]
    port = rng.choice(["80", "8080", "0", "70000", "x"]) if rng.random() < 0.3 else "80"
    kind = rng.choice(["deployment", "deploy", "service clusterip", "service nodeport", "service loadbalancer",
                       "service externalname", "configmap", "cm", "secret generic", "namespace", "ns", "job",
                       "cronjob", "cj", "serviceaccount", "sa", "role", "rolebinding", "clusterrole", "ingress",
                       "quota", "priorityclass", "pc", "run", "clusterrolebinding", "secret docker-registry"])
    if kind in ("deployment", "deploy"):
        return (f"create {kind} {name} --image={image}" + _opt(rng, 0.3, f" --replicas={rng.choice(['3', '0', '-1'])}")
                + _opt(rng, 0.3, f" --port={port}") + _opt(rng, 0.2, " --image=redis")
                + _opt(rng, 0.2, " -- sleep 3600"))
    if kind.startswith("service "):
        sub = kind.split()[1]
        if sub == "externalname":
            return f"create service externalname {name}" + _opt(rng, 0.8, " --external-name=db.example.com") \
                + _opt(rng, 0.3, " --tcp=80")
        tcp = rng.choice(["80", "80:8080", "80:http", "x:80", "80:8080,443:8443"])
        return (f"create service {sub} {name}" + _opt(rng, 0.85, f" --tcp={tcp}")
                + _opt(rng, 0.2 if sub == "clusterip" else 0, " --clusterip=None")
                + _opt(rng, 0.3 if sub == "nodeport" else 0, " --node-port=30080"))
    if kind in ("configmap", "cm", "secret generic"):
        lits = rng.sample(["a=1", "b=two words", "c=", "=x", "d", "a=2", "e.f=g"], rng.randint(0, 3))
        extra = " --type=kubernetes.io/tls" if kind.startswith("secret") and rng.random() < 0.2 else ""
        return f"create {kind} {name}" + "".join(f" --from-literal={shlex.quote(x)}" for x in lits) + extra
    if kind in ("namespace", "ns", "serviceaccount", "sa"):
        return f"create {kind} {name}"
    if kind == "job":
        return f"create job {name} --image={image}" + _opt(rng, 0.4, " -- echo hi")
    if kind in ("cronjob", "cj"):
        sched = rng.choice(["'*/1 * * * *'", "'0 0 * * *'", "bad", "''"])
        return f"create {kind} {name} --image={image}" + _opt(rng, 0.9, f" --schedule={sched}") \
            + _opt(rng, 0.3, " --restart=Never") + _opt(rng, 0.3, " -- date")
    if kind in ("role", "clusterrole"):
        return f"create {kind} {name}" + _opt(rng, 0.9, f" --verb={rng.choice(['get', 'get,list', 'bogus'])}") \
            + _opt(rng, 0.9, f" --resource={rng.choice(['pods', 'deployments.apps', 'pods/log'])}")
    if kind == "clusterrolebinding":
        return f"create clusterrolebinding {name}" + _opt(rng, 0.8, " --clusterrole=view") \
            + _opt(rng, 0.5, " --group=devs") + _opt(rng, 0.3, f" --serviceaccount={rng.choice(['ns:sa', 'bad'])}")
    if kind == "secret docker-registry":
        return f"create secret docker-registry {name}" + _opt(rng, 0.8, " --docker-username=u") \
            + _opt(rng, 0.8, " --docker-password=p") + _opt(rng, 0.4, " --docker-server=r.io") \
            + _opt(rng, 0.3, " --docker-email=a@b.c")
    if kind == "rolebinding":
        return f"create rolebinding {name}" + _opt(rng, 0.8, " --role=reader") \
            + _opt(rng, 0.2, " --clusterrole=view") + _opt(rng, 0.8, " --user=alice") \
            + _opt(rng, 0.3, " --serviceaccount=default:robot")
    if kind == "ingress":
        rule = rng.choice(["foo.com/=svc:80", "foo.com/bar*=svc:http", "/path=svc:8080", "bad", "a.com/=s:80,tls"])
        return f"create ingress {name}" + _opt(rng, 0.9, f" --rule={rule}") + _opt(rng, 0.3, " --class=nginx")
    if kind == "quota":
        return f"create quota {name}" + _opt(rng, 0.9, f" --hard={rng.choice(['pods=2', 'cpu=1,memory=1Gi', 'x'])}")
    if kind in ("priorityclass", "pc"):
        return f"create {kind} {name}" + _opt(rng, 0.9, f" --value={rng.choice(['100', 'x', '-5'])}") \
            + _opt(rng, 0.3, " --global-default") + _opt(rng, 0.3, " --description=important")
    return (f"run {name} --image={image}" + _opt(rng, 0.3, f" --port={port}")
            + _opt(rng, 0.3, " --env=A=1 --env=B=two") + _opt(rng, 0.3, " --labels=app=x,tier=y")
            + _opt(rng, 0.2, " --restart=Never") + _opt(rng, 0.3, " --command -- sleep 10"))


EXTRAS = ["-n team", "--namespace=kube-system", "--save-config", "--validate=false", "--bogus", "-Z", "extra",
          "--field-manager=me", "--show-managed-fields", "--allow-missing-template-keys=false", "--template={{.kind}}",
          "--image", "-o"]


def command_lines(seed: int, count: int) -> list[str]:
    """COUNT seeded generator lines with --dry-run=client, an output format, sometimes a flag more."""
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        line = _generator(rng)
        dry = rng.choice(["--dry-run=client"] * 8 + ["--dry-run", "--dry-run=bogus"])
        out = rng.choice(OUTPUTS)
        words = line.split(" -- ", 1)
        tail = f" -- {words[1]}" if len(words) == 2 else ""
        extra = f" {rng.choice(EXTRAS)}" if rng.random() < 0.25 else ""
        head = f"{words[0]} {dry} -o {out}{extra}" if rng.random() < 0.8 else f"{words[0]}{extra} {dry} -o {out}"
        lines.append(head + tail)
    return lines


KLOG = re.compile(r"^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", re.M)


def _plain(result: tuple[str, str, int]) -> tuple[str, str, int]:
    """klog's header (time, pid) left out: the rest of the line must be equal."""
    return result[0], KLOG.sub(r"\1 ", result[1]), result[2]


def compare(cluster: Cluster, real: RealKubectl, lines: list[str]) -> tuple[int, list[str]]:
    """How many lines were compared, and the differences."""
    checked, diffs = 0, []
    for line, want in zip(lines, real.run_many(lines)):
        if needs_server(want[1]):
            continue
        checked += 1
        r = cluster.run("kubectl " + line)
        got, want = _plain((r.stdout, r.stderr, r.returncode)), _plain(want)
        if got != want:
            diffs.append(f"kubectl {line}\n  real: {want!r}\n  sim:  {got!r}")
    return checked, diffs


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster()


@pytest.fixture(scope="module")
def real(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> RealKubectl:
    assert KUBECTL is not None
    return RealKubectl(KUBECTL, tmp_path_factory.mktemp("home"), cluster.run("cat ~/.kube/config").stdout)


def test_generators_answer_as_the_real_client(cluster: Cluster, real: RealKubectl) -> None:
    checked, diffs = compare(cluster, real, command_lines(130, 160))
    assert checked > 130
    assert not diffs, f"{len(diffs)} of {checked} lines differ:\n" + "\n".join(diffs[:10])


CONFIG_SESSION = [
    "config view", "config view --minify", "config view --raw -o jsonpath={.users[0].name}", "config view -o json",
    "config view -o name", "config view -o wide", "config view -o go-template={{.kind}}",
    "config view -o jsonpath-as-json={.kind}", "config view -o jsonpath='{.current-context}'",
    "config get-contexts", "config get-contexts -o name", "config get-contexts nosuch", "config get-contexts x y",
    "config get-contexts -o wide", "config get-contexts nosuch --no-headers", "config current-context",
    "config use-context nosuch", "config use-context", "config use-context a b", "config", "config bogus",
    "config set-context dev --namespace=dev --cluster=kubernetes --user=kubernetes-admin", "config get-contexts",
    "config view", "config use-context dev", "config set-context --current --namespace=prod",
    "config view --minify", "config view -o jsonpath='{.contexts[*].name}'", "config set-context",
    "config set-context dev --bogus", "config rename-context dev kubernetes-admin@kubernetes",
    "config rename-context dev dev2", "config rename-context nosuch x", "config rename-context a",
    "config current-context", "config delete-context", "config delete-context nosuch", "config delete-context dev2",
    "config view --minify", "config use-context kubernetes-admin@kubernetes", "config get-clusters",
    "config get-users", "config view -o json",
]


USAGE_LINES = ["xyzzy", "gett", "lgos", "describ", "creat", "ap", "Get", "rollot", "--bogus", "-Z", "--bogus=1",
               "get --bogus", "get pods --bogus", "get", "describe", "describe --bogus", "logs", "logs --bogus",
               "exec web --bogus -- ls", "delete", "delete --bogus", "apply", "apply -f", "create --bogus",
               "run", "run --bogus x", "expose", "scale", "scale --replicas=x deploy/web", "label", "annotate",
               "edit --bogus", "rollout", "rollout status", "rollout bogus", "rollout --bogus", "top", "top bogus",
               "top --bogus", "explain", "explain --bogus", "cp", "port-forward", "wait", "api-resources --bogus",
               "version --bogus", "version --client -o bogus", "-n", "get pods -n", "auth", "auth can-i", "set image",
               "create secret", "create secret bogus x", "create secret --bogus", "create service",
               "create service bogus x", "config bogus x"]


def test_usage_errors_answer_as_the_real_client(cluster: Cluster, real: RealKubectl) -> None:
    checked, diffs = compare(cluster, real, USAGE_LINES)
    assert checked > 45
    assert not diffs, f"{len(diffs)} of {checked} lines differ:\n" + "\n".join(diffs[:10])


DATA_FILES = ("mkdir -p d d2; printf 'hello\\n' > d/a.txt; printf 'x=1\\n' > d/b.env; printf 'v1' > d2/one; "
              "printf 'v2\\n' > d2/two; printf '# c\\nA=1\\nB = two\\n' > env1; "
              "printf 'A=1\\n# x\\n\\nB=two words\\nC=\\n' > env2")
DATA_LINES = [
    "create cm a --from-file=d -o yaml", "create cm a --from-file=k1=d/a.txt --from-file=d/a.txt -o yaml",
    "create cm a --from-file=/nonexistent -o yaml", "create cm a --from-file=k=d -o yaml",
    "create cm a --from-env-file=env1 -o yaml", "create cm a --from-env-file=env2 -o json",
    "create secret generic s --from-file=d/a.txt --from-literal=z=1 -o yaml",
    "create cm a --from-file=d/a.txt --from-file=d/a.txt", "create cm a --from-file==d/a.txt",
    "create cm a --from-env-file=env1 --from-file=d/a.txt", "create cm a --from-literal=a.txt=x --from-file=d/a.txt",
    "create secret generic s --from-file=d2 -o json",
]


def test_data_from_files_as_the_real_client(cluster: Cluster, real: RealKubectl) -> None:
    """--from-file/--from-env-file over the same files in each side's working directory."""
    subprocess.run(["bash", "-c", DATA_FILES], cwd=real.home, check=True)
    assert cluster.run("cd /root && " + DATA_FILES).returncode == 0
    diffs = []
    for line in DATA_LINES:
        want = real.run(line + " --dry-run=client")
        r = cluster.run(f"cd /root && kubectl {line} --dry-run=client")
        if (r.stdout, r.stderr, r.returncode) != want:
            diffs.append(f"kubectl {line}\n  real: {want!r}\n  sim:  {(r.stdout, r.stderr, r.returncode)!r}")
    assert not diffs, "\n".join(diffs[:10])


def test_config_session_answers_as_the_real_client(tmp_path: Path) -> None:
    cluster = Cluster()
    assert KUBECTL is not None
    real = RealKubectl(KUBECTL, tmp_path, cluster.run("cat ~/.kube/config").stdout)
    diffs = []
    for line in CONFIG_SESSION:                    # in order: each side edits its own kubeconfig
        want = real.run(line)
        r = cluster.run("kubectl " + line)
        if (r.stdout, r.stderr, r.returncode) != want:
            diffs.append(f"kubectl {line}\n  real: {want!r}\n  sim:  {(r.stdout, r.stderr, r.returncode)!r}")
    assert not diffs, f"{len(diffs)} of {len(CONFIG_SESSION)} lines differ:\n" + "\n".join(diffs[:10])


if __name__ == "__main__":                      # python -m tests.k8s.test_kubectl_vs_real_kubectl SEED COUNT
    import tempfile
    assert KUBECTL is not None
    c = Cluster()
    rk = RealKubectl(KUBECTL, Path(tempfile.mkdtemp()), c.run("cat ~/.kube/config").stdout)
    n, found = compare(c, rk, command_lines(int(sys.argv[1]), int(sys.argv[2])))
    print(f"{len(found)} of {n} differ\n" + "\n".join(found))
