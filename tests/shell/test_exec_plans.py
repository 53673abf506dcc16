"""What the fast paths of a terminal line remember (ping's reading of its words, the environment of a
terminal state, PATH's candidate files) never stands in for the model: after `ip netns del`, an
/etc/netns/NAME/hosts edit, an address change, `export`, `cd` or a new file on PATH, a line gives what
the general path gives with every remembered table emptied first."""
from __future__ import annotations

import contextlib
from unittest import mock

import pytest

from course_lib import Lab
from course_lib.shell import interpreter_resolve, interpreter_state
from course_lib.shell.nettools import ping_options

SETUP = """ip netns add a
ip netns add b
ip -n a link set lo up
ip -n a link add va type veth peer name vb netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
mkdir -p /etc/netns/a
"""
LINES = [
    "ip netns exec a ping -c 1 10.0.0.2", "ip netns exec a ping -c 1 10.0.0.2",
    "ip -n b addr add 10.0.0.3/24 dev vb", "ip netns exec a ping -c 1 10.0.0.3",
    "ip -n b addr del 10.0.0.2/24 dev vb", "ip netns exec a ping -c 1 -W 1 10.0.0.2",
    "ip netns exec a ping -c 1 bee", "echo '10.0.0.3 bee' > /etc/netns/a/hosts", "ip netns exec a ping -c 1 bee",
    "echo '10.0.0.2 bee' > /etc/netns/a/hosts", "ip netns exec a ping -c 1 -W 1 bee",
    "echo '10.0.0.3 bee' > /etc/netns/a/hosts", "ip netns exec a ping -c 2 -i 0.2 10.0.0.3",
    "ip netns exec a env", "export GREETING=hi", "ip netns exec a env", "cd /tmp", "ip netns exec a env",
    "ip netns exec a ping -c 1 10.0.0.3", "echo $?", "ip netns exec a ping -c 1 -W 1 10.0.0.9", "echo $?",
    "GREETING=yo ip netns exec a env", "ip netns exec a bash -c 'cd /etc; ip netns exec a env'",
    "ip netns exec a bash -c 'A=1 B=2 ip netns exec a env; B=2 A=1 ip netns exec a env'",
    "ip netns exec a bash -c 'X=1; export X; ip netns exec a env; ip netns exec a env'",
    "mkdir -p /usr/local/bin", "printf '#!/bin/sh\\n' > /usr/local/bin/env", "chmod +x /usr/local/bin/env",
    "ip netns exec a env", "env", "rm /usr/local/bin/env", "ip netns exec a env",
    "export PATH=/usr/bin:/bin:/usr/sbin", "ip netns exec a env", "ip netns exec a ping -c 1 10.0.0.3",
    "ip netns del b", "ip netns exec a ping -c 1 -W 1 10.0.0.3", "ip netns exec b ping -c 1 10.0.0.1",
    "ip netns add b", "ip netns exec b ping -c 1 10.0.0.1", "ip -n b link set lo up",
    "ip netns exec b ping -c 1 127.0.0.1", "hostname lab1", "ip netns exec a env", "unset GREETING",
    "ip netns exec a env", "ip netns exec a ping -c 1 -6 10.0.0.1", "ip netns exec a ping -c 0 x",
]


def _forget() -> None:
    ping_options._PLANS.clear()
    interpreter_state._ENV_PLANS.clear()
    interpreter_state._FRESH_ENVIRONS.clear()
    interpreter_resolve._CANDIDATES.clear()


def transcript(general: bool) -> list[tuple]:
    lab = Lab()
    lab.run(SETUP)
    out = []
    with mock.patch("course_lib.shell.interpreter.run_plain_line", lambda *a, **k: None) if general \
            else contextlib.nullcontext():
        for line in LINES:
            if general:
                _forget()
            r = lab.run(line)
            state = lab.network.machines["host"].__dict__["_shell_terminal"]
            out.append((line, r.stdout, r.stderr, r.returncode, dict(state.vars), sorted(state.exported),
                        state.last_rc, state.cwd, list(state.env.items())))
    return out


def test_remembered_plans_follow_the_model() -> None:
    fast, general = transcript(False), transcript(True)
    for a, b in zip(fast, general):
        assert a == b
    by_line = {}
    for entry in fast:
        by_line.setdefault(entry[0], []).append(entry[1:4])
    # the same line answered differently as the model changed
    assert by_line["ip netns exec a ping -c 1 bee"][0][1] == "ping: bee: Temporary failure in name resolution\n"
    assert by_line["ip netns exec a ping -c 1 bee"][1][0].startswith("PING bee (10.0.0.3)")
    assert "1 received" in by_line["ip netns exec a ping -c 1 10.0.0.3"][0][0]
    # b deleted: its end of the veth pair went with it, and va with it
    assert by_line["ip netns exec a ping -c 1 -W 1 10.0.0.3"] == [("", "ping: connect: Network is unreachable\n", 2)]
    assert by_line["ip netns exec b ping -c 1 10.0.0.1"] == [
        ("", 'Cannot open network namespace "b": No such file or directory\n', 255),
        ("", "ping: connect: Network is unreachable\n", 2)]
    envs = [e[0] for e in by_line["ip netns exec a env"]]
    assert "GREETING=hi\n" not in envs[0] and "GREETING=hi\n" in envs[1] and "PWD=/tmp\n" in envs[2]
    assert envs[3].endswith("_=/usr/local/bin/env\n") and envs[4].endswith("_=/usr/bin/env\n")
    assert "PATH=/usr/bin:/bin:/usr/sbin\n" in envs[5]
    assert "GREETING=hi\n" in envs[6] and "GREETING=hi\n" not in envs[7]
    # the same terminal state with another environment or directory (an assignment, a shell's cd)
    assert "GREETING=yo\n" in by_line["GREETING=yo ip netns exec a env"][0][0]
    both = by_line["ip netns exec a bash -c 'A=1 B=2 ip netns exec a env; B=2 A=1 ip netns exec a env'"][0][0]
    assert both.index("A=1\nB=2\n") < both.index("B=2\nA=1\n")      # the same state, its order each time
    assert "PWD=/etc\n" in by_line["ip netns exec a bash -c 'cd /etc; ip netns exec a env'"][0][0]
    assert by_line["ip netns exec a bash -c 'X=1; export X; ip netns exec a env; ip netns exec a env'"][0][0].count(
        "X=1\n") == 2


@pytest.mark.parametrize("argv", [["ping", "-c", "1", "10.0.0.2"], ["ping", "-c", "0", "x"], ["ping", "-V"],
                                  ["ping", "-i", "0.2x", "-c", "2", "h"], ["ping"]])
def test_ping_reads_the_same_words_the_same_way(argv: list[str]) -> None:
    ping_options._PLANS.clear()
    first = ping_options.options(argv)
    assert ping_options.options(list(argv)) is first           # remembered by the words
    ping_options._PLANS.clear()
    assert ping_options.options(argv) == first                 # and a pure function of them
