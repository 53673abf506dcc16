"""Shared pieces of the bad-input properties: line mutations, the result checks and a lab's whole state as text.

Built on the helpers of tests/shell/test_bad_input_fuzz.py (word mutations, the network model snapshot) and
tests/shell/test_iptables_fuzz.py (the netfilter state), so every property compares the same things.
"""
from __future__ import annotations

import difflib
import random
import re
from types import SimpleNamespace
from typing import Any, Callable, Iterable, Optional, Sequence

from hypothesis import HealthCheck, settings

from course_lib.shell.context import ExecContext
from course_lib.shell.fs import get_fs
from tests.shell.test_bad_input_fuzz import mutate, snapshot
from tests.shell.test_iptables_fuzz import state as iptables_state

# A fixed, derandomized profile: the same examples on every run, no example database written.
FIXED = dict(deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))


def fixed(examples: int) -> Any:
    return settings(max_examples=examples, **FIXED)


# Values a learner (or a typo) puts where a good one belongs.
BAD_VALUES = ["300.1.1.1", "10.0.0.1/33", "-1", "0", "65536", "99999999999999999999", "''", '""', "é", "🙂",
              "x" * 300, "'", '"', "\\", "--", "-", "{{", "}}", "{{.Foo", "{{.}", "[", "]", "{", ":", "::", "=",
              "a=b", "-x", "--nope", "nosuch", "/nonexistent/file", "1e9", "0x10", "NaN", " "]
COUNTERS = re.compile(r"\[\d+:\d+\] ?")
SHELL_OPERATORS = set(";|&<>`$()\n")


def mutated(rng: random.Random, line: str, vocab: Sequence[str]) -> str:
    """`line` with words dropped, repeated, swapped or replaced (vocab + BAD_VALUES), sometimes truncated or
    given an unbalanced quote."""
    words = mutate(rng, line.split(), list(vocab) + BAD_VALUES)
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.08 and text:
        text = text[:rng.randrange(len(text))]
    elif roll < 0.14:
        pos = rng.randint(0, len(text))
        text = text[:pos] + rng.choice("'\"") + text[pos:]
    return text


def built(lab: Any, setup: Iterable[str]) -> Any:
    """`lab` (a Lab or a Cluster) after running each setup line, every one of which must succeed."""
    for line in setup:
        result = lab.run(line)
        assert result.returncode == 0, (line, result.stderr)
    return lab


def random_line(rng: random.Random, valid: Sequence[str], tools: Sequence[str], vocab: Sequence[str]) -> str:
    """A valid line (1 in 4), a tool with random words (1 in 4), or a mutated valid line (half) -- never empty."""
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(valid)
    if kind == 1:
        words = list(vocab) + BAD_VALUES
        return rng.choice(tools) + " " + " ".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
    return mutated(rng, rng.choice(valid), vocab) or rng.choice(valid)


def one_command(line: str) -> bool:
    """True when the shell runs the line as one simple command (no lists, pipes, substitutions, redirections)."""
    return not SHELL_OPERATORS & set(line) and line.count("'") % 2 == 0 and line.count('"') % 2 == 0


def check_result(line: str, result: Any) -> None:
    """A CommandResult with text, an exit code in 0..255, and no Python error shown to the learner."""
    assert isinstance(result.stdout, str) and isinstance(result.stderr, str), line
    assert isinstance(result.returncode, int) and 0 <= result.returncode <= 255, (line, result.returncode)
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown and "internal error" not in shown, (line, result.stderr)


def first_difference(before: str, after: str) -> str:
    """The first lines that differ between two states (for an assertion message)."""
    split = [text.replace(", \"", ",\n\"").splitlines() for text in (before, after)]
    return "\n".join(list(difflib.unified_diff(*split, lineterm="", n=0))[2:12])


def run_session(run: Callable[[str, Optional[str]], Any], steps: int,
                next_input: Callable[[], tuple[str, Optional[str]]], state: Callable[[], str],
                unchanged: Callable[[str, Any], bool], settle: Callable[[str], None] = lambda line: None,
                normalise: Callable[[str, str, str], tuple[str, str]] = lambda before, after, line: (before, after),
                ) -> None:
    """Run `steps` inputs as a learner's session: each result a proper CommandResult (check_result); where
    `unchanged(line, result)` says the line must have left the lab as it was (a checked failure, a dry run), the
    state is what it was before the line (compared after `normalise(before, after, line)`); after any other line
    `settle(line)` runs and the state is taken anew."""
    before = None
    for _ in range(steps):
        line, stdin = next_input()
        before = before or state()                  # a checked line's state is the next line's "before"
        result = run(line, stdin)
        check_result(line if stdin is None else f"{line} <<< {stdin}", result)
        if unchanged(line, result):
            after = state()
            want, got = normalise(before, after, line)
            assert got == want, f"{line!r} <<< {stdin!r} (rc {result.returncode}: {result.stdout!r} " \
                                f"{result.stderr!r}) changed the lab: {first_difference(want, got)}"
            before = after
        else:
            before = None
            settle(line)


def machines_state(machines: Iterable[Any]) -> str:
    """The network model, the netfilter tables and the files of these machines, as text."""
    machines = list(machines)
    out = [snapshot(SimpleNamespace(network=SimpleNamespace(machines={m.name: m for m in machines})))]
    for m in machines:
        for ns in [m.root, *m.netns.values()]:
            if getattr(ns, "netfilter", None) is not None:
                text, *rest = iptables_state(ExecContext(m, ns))      # without the date line and the counters
                out.append(repr((COUNTERS.sub("", "".join(t for t in text.splitlines(True) if t[:1] != "#")), rest)))
        out.append(repr(sorted(get_fs(m).nodes.items())))
    return "\n".join(out)


def docker_state(machine: Any) -> str:
    """What a machine's Docker engine holds: images, networks, containers and their own network stacks."""
    engine = getattr(machine, "docker_engine", None)
    if engine is None:
        return ""
    out = [f"images {[i.ref for i in engine.images.images]}"]
    for n in engine.networks.values():
        out.append(f"net {n.name} {n.id} {n.driver} {n.subnet} {n.gateway} {n.bridge} {n.internal} "
                   f"{sorted(n.labels.items())} {n.ip_range} {sorted(map(str, n.taken))}")
    boxes = []
    for c in engine.containers.values():
        out.append(f"container {c.id} {c.name} {c.image.ref} {c.argv} {c.status} {c.exit_code} {c.network_mode} "
                   f"{c.ports} {c.extra_networks} {c.hostname} {len(c.logs)} "
                   f"{[(k, e.ip, e.mac, e.host_veth, e.ifname, e.aliases) for k, e in c.endpoints.items()]}")
        if c.box is not None and c.box is not machine:
            boxes.append(c.box)
    return "\n".join(out) + "\n" + machines_state(boxes)


def lab_state(lab: Any) -> str:
    """The whole lab: every machine's model, tables, files and Docker engine."""
    machines = list(lab.network.machines.values())
    return "\n".join([machines_state(machines), *(docker_state(m) for m in machines)])
