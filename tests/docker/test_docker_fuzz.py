"""Property: random and mutated `docker` command lines never raise, and one the CLI or the daemon refuses
leaves the lab (engine, network model, iptables, files) exactly as it was."""
from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from course_lib import Lab
from tests.fuzz_support import fixed, lab_state, mutated, one_command, run_session

SETUP = ["docker network create appnet", "docker run -d --name web -p 8080:80 nginx",
         "docker run -d --name box --network appnet busybox sleep 3600", "docker run --name done busybox true"]

VALID = [
    "docker run -d --name web2 -p 8081:80 nginx", "docker run --rm busybox echo hi", "docker run --network none busybox ip a",
    "docker run -d --network host --name h2 hashicorp/http-echo -text=hi -listen=:5679",
    "docker run --rm --network appnet busybox nslookup box", "docker run -d -p 127.0.0.1:9090:80/tcp --name w3 nginx",
    "docker run -d --name r1 -e A=1 --hostname hh redis", "docker run --rm -it busybox sh",
    "docker ps", "docker ps -a", "docker ps -q", "docker ps -a --format '{{.Names}} {{.Status}}'",
    "docker ps --filter name=web", "docker ps -aq --no-trunc", "docker ps -n 2",
    "docker network ls", "docker network ls -q", "docker network create --subnet 10.5.0.0/24 --gateway 10.5.0.1 n5",
    "docker network create -d bridge --internal inner", "docker network create --subnet 10.6.0.0/16 --ip-range 10.6.1.0/24 n6",
    "docker network inspect appnet", "docker network inspect -f '{{range .Containers}}{{.Name}}{{end}}' appnet",
    "docker network connect appnet web", "docker network connect --alias www appnet web",
    "docker network connect --ip 172.18.0.50 appnet web", "docker network disconnect appnet box",
    "docker network disconnect -f appnet box", "docker network rm appnet", "docker network rm bridge",
    "docker network prune -f", "docker inspect web", "docker inspect -f '{{.NetworkSettings.IPAddress}}' web",
    "docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' box",
    "docker inspect --format '{{json .State}}' web", "docker inspect -f '{{.State.Pid}}' web",
    "docker inspect -f '{{index .Config.Env 0}}' web", "docker inspect --type network appnet",
    "docker inspect -f '{{if .State.Running}}up{{else}}down{{end}}' done",
    "docker exec web ls /", "docker exec box ip addr", "docker exec -it box sh", "docker exec -e X=1 box env",
    "docker exec box wget -qO- http://web", "docker exec done ls", "docker logs web", "docker logs --tail 2 web",
    "docker logs -f done", "docker logs -t --since 1m web", "docker stop web", "docker stop -t 1 box done",
    "docker start done", "docker restart box", "docker rm done", "docker rm -f web", "docker rm web",
    "docker kill web", "docker kill -s HUP box", "docker port web", "docker port web 80/tcp", "docker port box",
    "docker images", "docker pull alpine", "docker rmi busybox", "docker version", "docker info",
    "docker container ls", "docker container inspect web", "docker top web", "docker create --name c1 nginx",
]

VOCAB = ("docker run ps network ls create inspect connect disconnect rm prune exec logs stop start restart kill "
         "port images pull rmi version container top -d --rm --name -p -P -e --network --net -it -i -t -a -q "
         "-f --format --filter --tail --since -s --subnet --gateway --ip --alias --driver bridge host none "
         "appnet nosuchnet web box done nginx busybox redis alpine nosuchimage hashicorp/http-echo sh ip ls "
         "echo true false 80 8080 80/tcp 53/udp 8080:80 0.0.0.0:80:80 1.2.3.4:80:80 70000:80 80:80/sctp "
         "10.5.0.0/24 10.5.0.1 172.18.0.50 172.17.0.2 {{.Name}} '{{.Id}}' '{{json .}}' '{{range .}}' "
         "'{{.NetworkSettings.Networks.bridge.IPAddress}}' '{{index .Config.Env 9}}' '{{len .Name}}' "
         "'{{.State.Pid | printf}}' '{{end}}' '{{if}}' -1 0 1 KILL SIGTERM 9 FOO").split()


def new_lab() -> Lab:
    lab = Lab()
    for line in SETUP:
        result = lab.run(line)
        assert result.returncode == 0, (line, result.stderr)
    return lab


def random_line(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(VALID)
    if kind == 1:
        return "docker " + " ".join(rng.choice(VOCAB) for _ in range(rng.randint(0, 7)))
    line = mutated(rng, rng.choice(VALID), VOCAB)
    return line if line.startswith("docker") else "docker " + line


def _sub(line: str) -> str:
    """The docker command a line names: its first word after `docker` that is no option (`docker -- run ...`
    runs run, as the real CLI does)."""
    return next((w for w in line.split()[1:] if not w.startswith("-")), "")


def may_change_on_failure(line: str, result) -> bool:
    """Failures that change state on a real engine too: the container's own exit code (`run`/`exec`/`start`
    after the container exists), or several operands of which some succeeded (their names on stdout)."""
    sub = _sub(line)
    return (sub in ("run", "exec", "start", "restart", "create") and result.returncode != 125) or \
        bool(result.stdout) or not one_command(line)


def _comparable(state: str, line: str) -> str:
    """The lab's state; without the pulled images for `run`/`create`, which pull before the daemon checks the
    rest (`docker run --network nosuch nginx` pulls nginx, then fails)."""
    if _sub(line) in ("run", "create"):
        return "\n".join(t for t in state.splitlines() if not t.startswith("images "))
    return state


@fixed(300)
@given(st.integers(0, 2 ** 32 - 1))
def test_docker_lines_never_raise_and_failures_change_nothing(seed: int) -> None:
    rng = random.Random(seed)
    lab = new_lab()
    run_session(lab.run, 10, lambda: (random_line(rng), None), lambda: lab_state(lab),
                lambda line, result: result.returncode != 0 and not may_change_on_failure(line, result),
                normalise=lambda before, after, line: (_comparable(before, line), _comparable(after, line)))
