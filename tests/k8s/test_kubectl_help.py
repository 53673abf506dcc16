"""kubectl --help/-h and `kubectl help`: the sim prints the real kubectl 1.30.13 texts (help.py, its data file).

Every command path of the data file (each top-level command the simulation dispatches and every subcommand under
it) is run on the sim and on the real client in `unshare --net` (tests/k8s/real_kubectl.py) and must print the same
stdout, stderr and exit code; so must the lines where pflag's errors come before the help, `-h` is a flag's value,
or `kubectl help` names a topic. The real-client tests skip when no kubectl 1.30 client is installed.
"""
from __future__ import annotations

import random
import pytest

from course_lib import Cluster
from course_lib.k8s.kubectl import commands  # noqa: F401  (registers the subcommands)
from course_lib.k8s.kubectl import help as kubectl_help
from course_lib.k8s.kubectl.help_args import flags_of
from course_lib.k8s.kubectl.main import SUBCOMMANDS
from tests.k8s.real_kubectl import RealKubectl, find_kubectl_130

KUBECTL = find_kubectl_130()
needs_kubectl = pytest.mark.skipif(KUBECTL is None, reason="no kubectl v1.30 client on this machine")
PATHS = sorted(kubectl_help._data()["commands"])


def test_data_covers_every_command() -> None:
    """Each dispatched command has its text, and so has every subcommand a text lists."""
    assert set(SUBCOMMANDS) <= set(PATHS)
    for path in PATHS:
        if path not in ("", "options"):
            listed = [name for name, _ in kubectl_help.split(kubectl_help.render(path) or "")["commands"]]
            assert {f"{path} {name}" for name in listed} <= set(PATHS), path


def test_help_before_the_command_runs() -> None:
    c = Cluster(cni="bridge")
    r = c.run("kubectl create deploy web -h")
    assert (r.stdout, r.stderr, r.returncode) == (kubectl_help.render("create deployment"), "", 0)
    assert r.stdout.startswith("Create a deployment with the specified name.\n\nAliases:\ndeployment, deploy\n")
    assert "\n    -r, --replicas=1:\n\tNumber of replicas to create. Default is 1.\n\n" in r.stdout
    c.run("kubectl run web --image=nginx; kubectl wait --for=condition=Ready pod/web")
    r = c.run("kubectl exec web -- ls -h /")          # after --: the command's own flag
    assert r.returncode == 0 and "Usage:" not in r.stdout
    assert c.run("kubectl get pods").stdout.count("\n") == 2      # nothing ran for the help lines


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cluster, RealKubectl]:
    assert KUBECTL is not None
    cluster = Cluster()
    return cluster, RealKubectl(KUBECTL, tmp_path_factory.mktemp("home"), cluster.run("cat ~/.kube/config").stdout)


def _differences(sides: tuple[Cluster, RealKubectl], lines: list[str]) -> list[str]:
    cluster, real = sides
    diffs = []
    for line, want in zip(lines, real.run_many(lines)):
        r = cluster.run(f"kubectl {line}")
        if (r.stdout, r.stderr, r.returncode) != want:
            diffs.append(f"kubectl {line}\n  real: {want[1][:300]!r} rc {want[2]}\n  sim:  {r.stderr[:300]!r} "
                         f"rc {r.returncode}, stdout same: {r.stdout == want[0]}")
    return diffs


@needs_kubectl
def test_every_command_help_as_the_real_client(sides: tuple[Cluster, RealKubectl]) -> None:
    lines = [f"{p} --help".strip() for p in PATHS if p != "options"] + ["-h", "options"]
    lines += ["create deploy -h", "create svc nodeport -h", "create cm -h", "create sa -h", "create cj -h",
              "create pc -h", "create ns -h", "create quota -h", "create ing -h"]
    diffs = _differences(sides, lines)
    assert not diffs, f"{len(diffs)} of {len(lines)} differ:\n" + "\n".join(diffs[:10])


EDGE_LINES = [
    "help", "help get", "help get pods", "help create deploy", "help create bogus x", "help bogus", "help bogus get",
    "help -h", "help --bogus", "help help", "log -h", "get pods -h --bogus", "get -Z -h", "get -o -h", "get -h -o",
    "get --output -h", "get --dry-run -h", "create deployment -h x --image", "run x --image nginx -h",
    "get pods -h extra", "logs -h -f", "exec -h -- ls", "-n -h get", "rollout bogus -h", "get -owide -h",
    "config set-cluster --help", "create secret tls -h", "get -A -h", "get -Ah", "get -hA", "get --help=true",
    "create secret -h tls", "set image -h", "auth can-i -h --list", "-h get", "get --bogus=1 -h",
    "config view -h --raw", "top pod -h", "get -l -h", "options -Z", "options --bogus",
    "options --help", "options x", "create -h secret tls", "create secret tls -h x",
    "create --edit secret -h", "rollout -h status x", "create -o yaml deploy -h",
]


@needs_kubectl
def test_help_edges_as_the_real_client(sides: tuple[Cluster, RealKubectl]) -> None:
    diffs = _differences(sides, EDGE_LINES)
    assert not diffs, f"{len(diffs)} of {len(EDGE_LINES)} differ:\n" + "\n".join(diffs[:10])


def random_help_lines(seed: int, count: int) -> list[str]:
    """Lines that ask for help somewhere among a command's own and global flags (typed values good and bad,
    shorthand clusters, unknown flags, words), sometimes inside the command path."""
    rng = random.Random(seed)
    paths = [p for p in PATHS if p not in ("", "options", "help")]
    lines = []
    for _ in range(count):
        path = rng.choice(paths)
        longs, shorts = flags_of(path)
        extra = []
        for _ in range(rng.randint(0, 3)):
            r = rng.random()
            if r < 0.3:
                name = rng.choice(sorted(longs))
                values = ["", "=false", "=maybe"] if longs[name][0] == "bool" else ["=x", "=true", "=3", "=1s", "", " v"]
                extra.append(f"--{name}{rng.choice(values)}")
            elif r < 0.5:
                short = rng.choice(sorted(shorts))
                extra.append(f"-{short}" + ("" if longs[shorts[short]][0] == "bool" else rng.choice(["", "x", " v"])))
            elif r < 0.6:
                extra.append(rng.choice(["--bogus", "-Z", "--bogus=1", "-hZ", "-Zh", "-Ah"]))
            else:
                extra.append(rng.choice(["x", "pods", "tls", "status", "-"]))
        extra.insert(rng.randint(0, len(extra)), rng.choice(["-h", "--help", "--help=true", "--help=1"]))
        words = path.split()
        if rng.random() < 0.2 and len(words) > 1:
            cut = rng.randint(1, len(words) - 1)
            words = words[:cut] + [extra.pop(0)] + words[cut:]
        lines.append(" ".join(words + extra))
    return lines


@needs_kubectl
def test_random_help_lines_as_the_real_client(sides: tuple[Cluster, RealKubectl]) -> None:
    """Where the real client prints a help text or pflag's error (or the sim a help text), the two agree; a line
    whose -h went to another flag runs the command itself, which is not this test's matter."""
    cluster, real = sides
    texts = {kubectl_help.render(p) for p in PATHS}
    lines = random_help_lines(1, 80) + random_help_lines(2, 80)
    diffs = []
    for line, want in zip(lines, real.run_many(lines)):
        r = cluster.run(f"kubectl {line}")
        got = (r.stdout, r.stderr, r.returncode)
        asked = want[2] == 0 and want[0] in texts or want[1].endswith("--help' for usage.\n")
        if got != want and (asked or got[2] == 0 and got[0] in texts):
            diffs.append(f"kubectl {line}\n  real: {want[1][:200]!r} rc {want[2]}\n  sim:  {r.stderr[:200]!r} "
                         f"rc {r.returncode}, stdout same: {r.stdout == want[0]}")
    assert not diffs, f"{len(diffs)} of {len(lines)} differ:\n" + "\n".join(diffs[:10])
