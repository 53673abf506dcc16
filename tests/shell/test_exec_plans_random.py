"""The fast paths of a terminal line (run_plain_line, run_registered, ping_fast and the terminal line's way to it, the
TerminalEnv environments and the tables they remember: ping's options, plans, headers, reply texts and statistics,
the environments of a terminal state, PATH's candidates)
give what the general path gives with all of them off and every table emptied: random interleavings of the
state changes a learner can make and the lines that use that state."""
from __future__ import annotations

import contextlib
import random
from unittest import mock

import pytest

from course_lib import Lab
from course_lib.shell import interpreter_resolve, interpreter_state
from course_lib.shell.interpreter_exec import run_plain_line
from course_lib.shell.interpreter_state import PersistentState, TerminalEnv, shell_environ, shell_tables
from course_lib.shell import interpreter_exec
from course_lib.shell.nettools import ping, ping_fast, ping_options
from tests.shell.test_exec_plans import SETUP as EXEC_PLANS_SETUP

SETUP = EXEC_PLANS_SETUP + "mkdir -p /usr/local/bin\n"     # test_exec_plans's two netns, and a bin dir
CHANGES = [
    "export GREETING=hi", "unset GREETING", "export PATH=/usr/bin:/bin:/usr/sbin", "export PATH=/usr/local/bin:$PATH",
    "cd /tmp", "cd /", "cd", "hostname lab1", "hostname lab2", "X=1", "export X", "unset X", "alias ll=ls",
    "unalias ll", "f() { echo fn; }", "unset -f f", "set -e", "set +e", "false", "true",
    "printf '#!/bin/sh\\necho mine\\n' > /usr/local/bin/env", "chmod +x /usr/local/bin/env", "rm -f /usr/local/bin/env",
    "printf '#!/bin/sh\\necho p\\n' > /usr/local/bin/ping", "chmod +x /usr/local/bin/ping", "rm -f /usr/local/bin/ping",
    "echo '10.0.0.2 bee' > /etc/netns/a/hosts", "rm -f /etc/netns/a/hosts", "ip netns del b", "ip netns add b",
    "ip -n b addr add 10.0.0.3/24 dev lo", "ip -n a addr add 10.0.0.5/24 dev va", "ip -n a link set va down",
    "ip -n a link set va up", "ip -n a route add 10.9.0.0/16 via 10.0.0.2", "ip netns exec a sysctl -qw net.ipv4.icmp_echo_ignore_all=1",
    "ip netns exec b sysctl -qw net.ipv4.icmp_echo_ignore_all=0", "GREETING=yo",
    # the model under `ip netns exec` lines: a netns deleted and made again with the same name, addresses,
    # routes, links, forwarding, netfilter's REJECT and DROP
    "ip netns del a", "ip netns add a", "ip -n a link set lo down", "ip -n a link set lo up",
    "ip -n a addr del 10.0.0.1/24 dev va", "ip -n a addr add 10.0.0.1/24 dev va", "ip -n a route del 10.9.0.0/16",
    "ip netns exec a sysctl -qw net.ipv4.ip_forward=1", "ip netns exec a sysctl -qw net.ipv4.ip_forward=0",
    "ip netns exec a iptables -A OUTPUT -d 10.0.0.2 -j REJECT", "ip netns exec a iptables -F",
    "ip netns exec b iptables -A INPUT -p icmp -j DROP", "ip netns exec b iptables -F",
    "echo 'nameserver 10.0.0.2' > /etc/netns/a/resolv.conf", "rm -f /etc/netns/a/resolv.conf",
    "printf '#!/bin/sh\\necho myip\\n' > /usr/local/bin/ip", "chmod +x /usr/local/bin/ip", "rm -f /usr/local/bin/ip",
    "export _=x", "export -n _",
]
USES = [
    "ip netns exec a ping -c 1 10.0.0.2", "ip netns exec a ping -c 1 -W 1 10.0.0.2", "ip netns exec a ping -c 2 -i 0.2 10.0.0.2",
    "ip netns exec a ping -c 1 bee", "ip netns exec a ping -c 1 10.0.0.5", "ip netns exec b ping -c 1 10.0.0.1",
    "ip netns exec a ping -c 1 -W 0 10.0.0.9", "ip netns exec a env", "ip netns exec b env", "env", "ping -c 1 127.0.0.1",
    "ip netns exec a ping -q -c 1 10.0.0.2", "echo $? $X $GREETING", "pwd", "ll", "f", "ip netns exec a hostname",
    "ip netns exec a bash -c 'ip netns exec a env'", "GREETING=yo ip netns exec a env", "ip netns exec nope env",
    "ip netns exec a ping -c 1 -s 4 10.0.0.2", "ip netns exec a ping -c 1 -b 10.0.0.255",
    "ip netns exec a ping -c 1 -I va 10.0.0.2", "ip netns exec a ping -c 1 -I 10.0.0.1 10.0.0.2",
    "ip netns exec a ping -c 3 -i 0.2 -W 1 10.0.0.2", "ip netns exec a ping -c 1 -w 1 10.0.0.2",
    "ip netns exec a ping -c 1 10.9.1.1", "ip netns exec a cat /proc/net/snmp", "ip -n a -s link show va",
    "ip netns exec a ip neigh", "ip netns exec a echo hi", "ip netns exec a /usr/bin/env", "ip netns exec a true",
    "ip netns exec a false", "ip netns exec a nosuch", "ip netns exec . env", "ip netns exec a/b env",
    "ip netns exec a ip netns exec b ping -c 1 10.0.0.1", "ip netns exec a sh -c 'exit 3'", "ip netns exec a",
    "ip netns exec a bash -c 'exit 4'", "ip netns exec a ping", "ip netns exec a ping -c 1 localhost",
]


def _forget() -> None:
    ping_options._PLANS.clear()
    ping._SUMMARIES.clear()
    ping._HEADERS.clear()
    ping._LEADS.clear()
    ping._TOOK.clear()
    ping_fast._PLANS.clear()
    interpreter_state._ENV_PLANS.clear()
    interpreter_state._FRESH_ENVIRONS.clear()
    interpreter_resolve._CANDIDATES.clear()


def _lines(seed: int, n: int = 70) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(CHANGES) if rng.random() < 0.4 else rng.choice(USES) for _ in range(n)]


def transcript(lines: list[str], general: bool) -> list[tuple]:
    off = contextlib.ExitStack()
    fast_lines = []
    if general:
        off.enter_context(mock.patch("course_lib.shell.interpreter.run_plain_line", lambda *a, **k: None))
        off.enter_context(mock.patch("course_lib.shell.interpreter.run_registered", lambda *a, **k: None))
        off.enter_context(mock.patch.object(ping_fast, "ON", False))          # ping's own short way, and the
        off.enter_context(mock.patch.object(interpreter_exec, "PING_DIRECT", False))   # terminal line's way to it
    else:
        def spy(*args, **kwargs):
            result = run_plain_line(*args, **kwargs)
            fast_lines.append(result is not None)
            return result
        off.enter_context(mock.patch("course_lib.shell.interpreter.run_plain_line", spy))
    out = []
    with off:
        lab = Lab()
        lab.run(SETUP)
        for line in lines:
            if general:
                _forget()
            r = lab.run(line)
            state = lab.network.machines["host"].__dict__["_shell_terminal"]
            network = lab.network
            out.append((line, r.stdout, r.stderr, r.returncode, r.chunks, dict(state.vars), sorted(state.exported),
                        sorted(state.functions), dict(state.aliases), state.last_rc, state.cwd,
                        list(state.env.items()), network.clock, network.__dict__.get("_ping_ident")))
    if not general:
        assert sum(fast_lines) > len(lines) // 4          # the fast path did run many of the lines
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6, 7, 8])
def test_random_interleavings_fast_equals_general(seed: int) -> None:
    lines = _lines(seed)
    fast, general = transcript(lines, False), transcript(lines, True)
    for a, b in zip(fast, general):
        assert a == b


def test_terminal_env_forgets_its_origin_on_any_change() -> None:
    state = PersistentState({"PATH": "/bin", "HOME": "/root"}, {"PATH", "HOME"}, {})
    changes = [lambda e: e.__setitem__("A", "1"), lambda e: e.__delitem__("HOME"), lambda e: e.update(A="1"),
               lambda e: e.pop("HOME"), lambda e: e.popitem(), lambda e: e.setdefault("A", "1"), lambda e: e.clear(),
               lambda e: e.__ior__({"A": "1"})]
    for change in changes:
        env = TerminalEnv({"PATH": "/bin", "HOME": "/root"})
        env.origin = (state, "/usr/sbin/ip")
        change(env)
        assert env.origin is None


def test_a_changed_terminal_env_is_read_item_by_item() -> None:
    lab = Lab()
    lab.run("export A=1")
    state = lab.network.machines["host"].__dict__["_shell_terminal"]
    ctx = lab._backend_or_raise().context("host")
    env = TerminalEnv(state.plain_env or {})
    dict.__setitem__(env, "_", "/usr/sbin/ip")
    env.origin = (state, "/usr/sbin/ip")
    ctx.shell_state, ctx.env, ctx.cwd = state, env, state.cwd
    first = shell_environ(ctx)
    env["A"] = "2"                                   # a command changed its environment: the table no longer applies
    variables, exported, _ = shell_tables(ctx)
    assert shell_environ(ctx)[1]["A"] == "2" == variables["A"]
    assert first[1]["A"] == "1"


def test_fresh_contexts_get_a_login_environment() -> None:
    """A context with no terminal state and no environment (what the backend makes for a host): its programs get
    a login shell's environment for its cwd and hostname, also after they change."""
    def runs(general: bool) -> list[tuple]:
        off = mock.patch("course_lib.shell.interpreter.run_registered", lambda *a, **k: None) if general \
            else contextlib.nullcontext()
        out = []
        with off:
            lab = Lab()
            lab.run("ip netns add a")
            for step in ("", "hostname lab1", "cd /tmp", "hostname lab2"):
                if step:
                    lab.run(step)
                if general:
                    _forget()
                ctx = lab._backend_or_raise().context("host")
                for cwd in ("/root", "/tmp"):
                    ctx.cwd = cwd
                    for argv in (["env"], ["ip", "netns", "exec", "a", "env"]):
                        r = ctx.run_argv(argv)
                        out.append((step, cwd, argv[0], r.stdout, r.stderr, r.returncode))
        return out
    assert runs(False) == runs(True)


def test_netns_exec_memo_follows_changes() -> None:
    """A terminal line's `ip netns exec` memo (the netns, its stack, ip's path, the hostname, the program's
    environment) is given up by each change it depends on: the same transcript as the general path."""
    lines = ["ip netns exec a env", "ip netns exec a env", "printf '#!/bin/sh\\necho myip\\n' > /usr/local/bin/ip",
             "chmod +x /usr/local/bin/ip", "ip netns exec a env", "rm -f /usr/local/bin/ip", "ip netns exec a env",
             "hostname lab9", "ip netns exec a env", "ip netns exec a hostname", "ip netns del a", "ip netns exec a env",
             "ip netns add a", "ip netns exec a env", "ip netns exec a ping -c 1 127.0.0.1", "ip -n a link set lo up",
             "ip netns exec a ping -c 1 127.0.0.1", "printf '#!/bin/sh\\necho p\\n' > /usr/local/bin/ping",
             "chmod +x /usr/local/bin/ping", "ip netns exec a ping -c 1 127.0.0.1", "export _=x", "ip netns exec a env",
             "ip netns exec a ping -c 1 127.0.0.1"]
    assert transcript(lines, False) == transcript(lines, True)
