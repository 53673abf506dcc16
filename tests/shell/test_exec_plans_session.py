"""The terminal's fast paths give what the general path gives for this session's commands too: job control (`CMD &`,
jobs, kill, wait, which are bash builtins a function or alias can shadow), nc -u -l listeners, conntrack, dig
+cookie, iptables -L, traceroute's packet length, ip netns set/identify, docker version/ps --format -- random
interleavings with the state changes a learner makes (tests/shell/test_exec_plans_random.py's transcript)."""
from __future__ import annotations

import random

import pytest

from tests.shell.test_exec_plans_random import CHANGES, transcript

SESSION_CHANGES = CHANGES + [
    "kill() { echo mykill \"$@\"; }", "unset -f kill", "jobs() { echo myjobs; }", "unset -f jobs", "alias jobs='echo aj'",
    "unalias jobs", "nc -l 8080 &", "nc -u -l 5353 &", "kill %1", "kill -9 %+", "export PATH=/nowhere",
    "export PATH=/usr/bin:/bin:/usr/sbin:/sbin", "ip netns set a 7", "ip netns set b auto", "conntrack -F",
    "iptables -A OUTPUT -d 127.0.0.1 -j ACCEPT", "iptables -F", "cd /etc",
]
SESSION_USES = [
    "jobs", "jobs -l", "jobs -p", "kill %1", "kill -s TERM %1", "kill -99 %1", "wait", "kill", "jobs %9",
    "echo hi | nc -u -w 1 127.0.0.1 5353", "nc -z 127.0.0.1 8080", "conntrack -L", "conntrack -L -p udp --dport 53",
    "conntrack -C", "dig +short +cookie localhost", "dig +cookie=zz localhost", "iptables -L OUTPUT",
    "iptables -L -n", "traceroute -n 127.0.0.1 100", "traceroute 127.0.0.1 28", "ip netns list", "ip netns list-id",
    "ip netns identify", "ip netns exec a ip netns identify", "ip netns exec a jobs", "ip netns exec a conntrack -L",
    "docker version --format '{{.Client.Version}}'", "docker ps --format '{{.Names}}'", "type kill jobs wait",
    "command -v conntrack", "ip netns exec a kill %1",
]


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_session_commands_fast_equals_general(seed: int) -> None:
    rng = random.Random(seed)
    lines = [rng.choice(SESSION_CHANGES) if rng.random() < 0.4 else rng.choice(SESSION_USES) for _ in range(70)]
    fast, general = transcript(lines, False), transcript(lines, True)
    for a, b in zip(fast, general):
        assert a == b
