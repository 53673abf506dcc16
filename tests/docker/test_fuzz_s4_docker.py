"""Property: `docker run` with random combinations of its flags (each with a good, a bad or an odd value, attached
or separate, repeated, in any order) never raises; a run the CLI or the daemon refuses before the container exists
(rc 125) leaves the lab (engine, network model, iptables, files) as it was; the terminal answers afterwards."""
from __future__ import annotations

import os
import random

from hypothesis import given
from hypothesis import strategies as st

from course_lib import Lab
from tests.docker.test_docker_fuzz import SETUP, _comparable
from tests.fuzz_support import BAD_VALUES, built, fixed, lab_state, run_session

FLAGS: dict[str, list[str]] = {
    "-d": [], "--rm": [], "-i": [], "-t": [], "-it": [], "--privileged": [], "-P": [], "--init": [],
    "--name": ["c1", "web", "a b", "-x", "UPPER", "é", "x" * 300, "c_1.2-3"],
    "--network": ["none", "host", "bridge", "appnet", "nosuch", "container:web", "container:", "container:nosuch"],
    "--net": ["none", "host", "appnet", ""],
    "-p": ["8080:80", "80", "127.0.0.1:9090:80/tcp", "70000:80", "80:80/sctp", "1-3:1-3", "::80", "a:b", "8081:80/xyz"],
    "--publish": ["9091:80", "0:80"], "--expose": ["80", "80-90", "x"],
    "-e": ["A=1", "A", "=x", "A=é"], "--env": ["B=2"], "--env-file": ["/etc/hosts", "/nonexistent"],
    "-h": ["hx", "bad_host!", "a" * 70], "--hostname": ["h2"], "--dns": ["8.8.8.8", "nope", "300.1.1.1"],
    "--add-host": ["db:10.1.1.1", "db=10.1.1.2", "db", "db:300.1.1.1", "host.docker.internal:host-gateway"],
    "--ip": ["172.18.0.50", "10.9.9.9", "x"], "--mac-address": ["02:42:ac:11:00:99", "zz"],
    "--cap-add": ["NET_ADMIN", "ALL", "BOGUS"], "--cap-drop": ["NET_RAW", "ALL"], "-u": ["root", "1000", "nobody:x"],
    "-w": ["/tmp", "rel", ""], "--entrypoint": ["sh", "", "/nonexistent"], "--restart": ["always", "no", "bogus",
                                                                                     "on-failure:3"],
    "-l": ["a=b", ""], "--label": ["team=x"], "--sysctl": ["net.ipv4.ip_forward=1", "bogus"],
    "-m": ["64m", "x"], "--cpus": ["0.5", "-1"], "--pull": ["never", "always", "bogus"], "--platform": ["linux/amd64"],
}
IMAGES = ["busybox", "nginx", "redis", "alpine", "hashicorp/http-echo", "nicolaka/netshoot", "nosuchimage",
          "busybox:nosuchtag", "UPPER", "", "nginx@sha256:zz"]
COMMANDS = [[], ["true"], ["false"], ["sh", "-c", "'exit 3'"], ["ip", "a"], ["ping", "-c", "1", "172.17.0.1"],
            ["sleep", "99"], ["nosuchcmd"], ["-text=hi"], ["echo", "é"]]


def docker_run(rng: random.Random) -> str:
    words = ["docker", "run"]
    for _ in range(rng.randint(0, 6)):
        flag = rng.choice(sorted(FLAGS))
        values = FLAGS[flag]
        if not values:
            words.append(flag)
            continue
        value = rng.choice(values + BAD_VALUES[:6]) if rng.random() < 0.9 else ""
        quoted = "'" + value.replace("'", "") + "'"
        words += [f"{flag}={quoted}"] if flag.startswith("--") and rng.random() < 0.4 else [flag, quoted]
    if rng.random() < 0.05:
        words.append("--bogus-flag")
    image = rng.choice(IMAGES)
    words += ([image] if image else []) + rng.choice(COMMANDS)
    return " ".join(words)


STARTS_THAT_FAILED = ("driver failed programming", "unable to find user", "unable to find group",
                      "uids and gids must be in range")


def refused(line: str, result) -> bool:
    """The CLI's or the daemon's refusal before the container exists: rc 125 and nothing on stdout (not a start
    that failed: `driver failed programming external connectivity`, or a -u the image's files do not have, leaves
    the created container, as on Docker)."""
    return result.returncode == 125 and not result.stdout and not any(s in result.stderr for s in STARTS_THAT_FAILED)


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 40)))
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_s4_docker_run_flag_combinations_never_raise_and_refusals_change_nothing(seed: int) -> None:
    rng = random.Random(seed)
    lab = built(Lab(), SETUP)
    run_session(lab.run, 10, lambda: (docker_run(rng), None), lambda: lab_state(lab), refused,
                normalise=lambda before, after, line: (_comparable(before, line), _comparable(after, line)))
    assert lab.run("docker ps -q | wc -l").returncode == 0
    assert lab.run("echo alive").stdout == "alive\n"
