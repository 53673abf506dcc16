"""The simulated docker CLI against the real Docker CLI 28 binary, for everything the CLI answers before it
talks to a daemon: --help texts, unknown commands and flags, missing flag values, the typed flags' value
errors, positional-argument counts, docker run's own checks (-p, --expose, --restart with --rm, --env-file,
--mac-address, -a with -d, --network), inspect's --type and template parse errors. Stdout, stderr and exit
codes must be equal. Lines the real CLI takes to the daemon (none runs here) are skipped.

Skipped when no `docker` binary is installed (the real CLI's version must be the one the simulation is).
"""
from __future__ import annotations

import os
import random
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from course_lib import Lab
from course_lib.docker import cli_flags

DOCKER = shutil.which("docker")
pytestmark = pytest.mark.skipif(DOCKER is None, reason="no docker CLI binary on this machine")

BAD_VALUES = {
    "int": ["x", "99999999999999999999", "0x10", "1_0", "010", "-5", "1.5"],
    "uint16": ["-1", "70000", "x", "0b11"],
    "uint": ["-1", "x"],
    "bytes": ["1x", "-1", "1.5.5", "10m", "1kbb", "1 KiB", "b", "1MB"],
    "duration": ["1", "1x", "1s", "-1h30m", ".5s", "1..5s"],
    "decimal": ["abc", "1/3", "1.5", "1e-10", "1/0"],
    "": ["maybe", "", "0", "T"],
    "filter": ["x", "a=b"],
}
LIST_VALUES = {
    "dns": ["bad", "1.2.3.4", " 1.2.3.4"], "add-host": ["bad", "a:b", "a=1.2.3.4", ":1.2.3.4", "a:[::1]"],
    "label": ["=x", "a b=c", " a=b", "ok=1"], "env": ["=x", "A=1"], "attach": ["bogus", "STDOUT"],
    "dns-search": ["a..b", "ok.example", "."], "link": ["a:b:c", ":b", "a:b"], "sysctl": ["x", "net.ipv4.ip_forward=1"],
    "ulimit": ["x", "nofile=1:2", "bogus=1"], "network": ["", "name=a,foo=b", "a=b"],
}
PUBLISH = ["abc", "80:abc", "99999:80", "80-70:80", "80:80/sctpx", "1:2:3:4", "[::1]:80:80", "[::1:80:80",
           "0", "80/", "/udp", ":80", "80:", "8000-8001:80-82", "127.0.0.1::80", "published=8080,target=80",
           "published=8080,target", "1.2.3.4:80:80/UDP", "80-81", "-1:80", "65536", "fe80::1%eth0:80:80"]
RUN_LINES = ["run -d -a stdout busybox", "run --rm --restart always busybox", "run --rm --restart no busybox",
             "run --restart :3 busybox", "run --restart on-failure:x busybox", "run --mac-address zz busybox",
             "run --mac-address 02:42:ac:11:00:02:aa busybox", "run --env-file /nonexistent busybox",
             "run --label-file /nonexistent busybox", "run --env-file /etc busybox", "run --expose 1:2 busybox",
             "run --expose 80-70 busybox", "run --expose x busybox", "run --memory-swappiness 101 busybox",
             "run --network= busybox", "run --net= busybox", "run -p", "run --name", "run -it", "run -dp",
             "run -d=x busybox", "run -p=80 --bogus", "run --dns-opt", "run --help=false", "run -- --bogus"]
ROOT_LINES = ["", "--bogus", "-H", "--config", "-D", "-Dv", "-v frob", "frob", "help", "help frob", "help run",
              "help network ls", "--help", "network", "network bogus", "network --bogus", "network -x ls",
              "network --help ls", "container", "container bogus", "image", "image bogus", "image ls --bogus",
              "container list --bogus", "container ps -x", "image remove", "container remove", "network list x",
              "network remove", "-l bogus ps", "--log-level=warn", "ps -h", "ps --bogus -h", "ps ---x", "ps -ax",
              "ps -- x", "stop --time x x", "inspect --type bogus a", "inspect -f '{{.x' a",
              "inspect -f '{{.x}}}}{{end}}' a", "network inspect -f '{{' x", "container inspect -f '{{if}}' a",
              "image inspect --type x a", "version -v", "version extra", "images a b", "rename a", "port",
              "port a b c", "logs", "logs a b", "exec a", "rm --help x", "rm -f", "network connect a",
              "network disconnect a b c", "network create", "network prune x", "stats --bogus", "top",
              "container run --help", "container exec --help", "container logs --bogus", "container stop --help",
              "container ps --help", "container remove --help", "image list --help", "image pull --help",
              "image remove --help", "network list --help", "network remove --help", "container run", "image rm"]


def _real(line: str, home: Path) -> tuple[str, str, int]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/root", "COLUMNS": "80",
           "DOCKER_HOST": "unix:///nonexistent/docker.sock", "DOCKER_CONFIG": str(home)}
    prefix = ["unshare", "--net"] if os.geteuid() == 0 and shutil.which("unshare") else []   # no traffic leaves
    p = subprocess.run([*prefix, DOCKER, *shlex.split(line)], capture_output=True, text=True, env=env,
                       stdin=subprocess.DEVNULL, timeout=30, cwd=home)
    fix = str(home)                                   # the --config default the global options show
    return p.stdout.replace(fix, "/root/.docker"), p.stderr.replace(fix, "/root/.docker"), p.returncode


def _flag_lines(rng: random.Random) -> list[str]:
    """Per command: --help, unknown flags, each flag without its value, bad typed values, random mixes."""
    lines = []
    for path in sorted(cli_flags.HELP):
        if path in ("", "network", "container", "image"):
            continue
        spec = {s: f for s, f in cli_flags.flags_of(path).items()       # content trust would ask a notary server
                if f.name not in ("help", "disable-content-trust")}
        need = cli_flags.ARGS.get(path, (0, None))[0]
        args = " ".join(["a1", "a2"][:need])
        lines += [f"{path} --help", f"{path} --bogus {args}", f"{path} -Z {args}", f"{path}"]
        for spelling, f in sorted(spec.items()):
            if f.kind:
                lines.append(f"{path} {spelling}")
            for bad in BAD_VALUES.get(f.kind, LIST_VALUES.get(f.name, [])):
                joined = f"{spelling}={shlex.quote(bad)}" if spelling.startswith("--") or not f.kind \
                    else f"{spelling} {shlex.quote(bad)}"
                lines.append(f"{path} {joined} {args}")
        names = sorted(spec)
        for _ in range(6):
            picked = rng.sample(names, min(3, len(names)))
            words = []
            for spelling in picked:
                f = spec[spelling]
                words.append(spelling)
                if f.kind:
                    words.append(shlex.quote(rng.choice(BAD_VALUES.get(f.kind, LIST_VALUES.get(f.name, ["v"])) + ["1"])))
            lines.append(f"{path} {' '.join(words)} {' '.join(['a1', 'a2', 'a3'][:rng.randint(0, 3)])}")
    return lines


def _lines() -> list[str]:
    rng = random.Random(28)
    run = RUN_LINES + [f"run -p {shlex.quote(p)} busybox" for p in PUBLISH]
    return ROOT_LINES + run + _flag_lines(rng)


def test_cli_answers_as_the_real_docker_cli(tmp_path: Path) -> None:
    lab = Lab()
    lab.run("docker network create mynet")
    checked, diffs = 0, []
    for line in _lines():
        real = _real(line, tmp_path)
        if "Cannot connect to the Docker daemon" in real[1] or "error during connect" in real[1]:
            continue                          # the real CLI went on to the daemon: nothing to compare here
        checked += 1
        r = lab.run("docker " + line)
        sim = (r.stdout, r.stderr, r.returncode)
        if sim != real:
            diffs.append(f"docker {line}\n  real: {real!r}\n  sim:  {sim!r}")
    assert checked > 500
    assert not diffs, f"{len(diffs)} of {checked} lines differ:\n" + "\n".join(diffs[:15])
