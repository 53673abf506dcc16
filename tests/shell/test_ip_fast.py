"""`ip`'s short way for its commonest requests (course_lib/shell/ip/fast.py, also taken by the terminal line
without making the command's context: interpreter_exec._ip_direct) answers as the general parser:
random command lines and `ip -batch` files around a bridged topology -- mostly the shapes the short way takes,
with names, addresses and options it must leave to the general path (keywords, leading zeros, /33, 0.0.0.0,
missing devices and netns, -4/-6/-all batches) -- run with the short way on and off give the same output,
error and exit code for every line, and the same state after (links, addresses, routes, neighbours, FDBs,
counters, the model clock and its timer queue)."""
from __future__ import annotations

import random

import pytest

from course_lib import Lab
from course_lib.shell.ip import fast, main
from course_lib.shell.fs import write_file

try:
    from tests.net.flood_state import dump
except ImportError:                                 # run from tests/shell
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "net"))
    from flood_state import dump  # type: ignore[no-redef]

SEEDS = 40
_SHOW = ["ip -d -s link show", "ip addr", "ip route show table all", "ip -6 route show table all", "ip neigh",
         "bridge fdb show", "bridge link"]


def _words(rng: random.Random, n: int) -> dict[str, list[str]]:
    hosts = [f"h{i}" for i in range(n)]
    return {
        "ns": hosts + ["r", "r", "nope", "up", "", "1", "a/b"],
        "dev": [f"v{i}" for i in range(n)] + [f"p{i}" for i in range(n)] + ["br0", "lo", "eth9", "up", "dev",
                                                                           "name", "x" * 16, "a/b", "br1"],
        "addr": [f"10.250.0.{rng.randint(1, 9)}/16", "10.250.0.1/16", "10.250.00.3/16", "10.250.0.3/33",
                 "10.250.0.3/08", "256.1.1.1/8", "0.0.0.0/0", "10.250.0.3", "10.250/16", "::1/128",
                 f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}/{rng.randint(0, 32)}"],
        "gw": ["10.250.0.1", "10.250.0.1", "10.250.0.7", "0.0.0.0", "010.250.0.1", "10.250.1", "1.2.3.4",
               "fe80::1", "default", "10.250.0.256"],
    }


def _line(rng: random.Random, n: int) -> str:
    w = _words(rng, n)
    pick = lambda key: rng.choice(w[key])           # noqa: E731
    i = rng.randrange(n)
    where = rng.choice(["", "", f"-n h{i} ", "-n r ", f"-n {pick('ns')} ", "-4 ", "-n r -6 "])
    shapes = [
        f"link set {pick('dev')} {rng.choice(['up', 'up', 'down'])}",
        f"link set p{i} {rng.choice(['up', 'down'])}", f"link set v{i} up", "link set lo up",
        f"link set {pick('dev')} master {rng.choice(['br0', 'br0', 'br1', 'nope', pick('dev')])}",
        f"link set p{i} master br0", f"link set p{i} nomaster",
        f"addr add {pick('addr')} dev {pick('dev')}", f"addr add {pick('addr')} dev v{i}",
        f"route add default via {pick('gw')}", f"route add default via {pick('gw')} dev v{i}",
        f"route del default", f"netns add {pick('ns')}", f"netns add h{rng.randrange(n + 2)} extra",
        f"link add {pick('dev')} netns {pick('ns')} type veth peer name {pick('dev')} netns {pick('ns')}",
        f"link add v{i} netns h{i} type veth peer name p{i} netns r",
        f"link add q{i} type veth peer name {pick('dev')}", f"link add q{i} type veth peer name w{i} netns r",
        f"link add q{i} netns {pick('ns')} type veth peer name w{i}", f"link del {pick('dev')}",
        f"link add q{i} type veth peer w{i}", f"link add br1 type bridge", f"link set {pick('dev')} netns r",
    ]
    return f"ip {where}{rng.choice(shapes)}"


def _state(lab: Lab) -> str:
    network = lab.backend.network
    out = [dump(network)]
    names = [""] + sorted(network.machines["host"].netns)
    out += [lab.run("ip netns list").stdout]
    for ns in names:
        for cmd in _SHOW:
            words = cmd.split()
            if ns:
                words[1:1] = ["-n", ns]
            r = lab.run(" ".join(words))
            out.append(f"$ {' '.join(words)}\n{r.stdout}{r.stderr}{r.returncode}")
    sched = network.__dict__.get("_scheduler")
    if sched is not None:
        queue = sorted(sched.queued())
        out.append(repr([(round(w, 9), getattr(f, "__qualname__", f), len(a)) for w, _, f, a in queue]))
    return "\n".join(out)


def _build(lab: Lab, n: int) -> None:
    """The router r with br0 up; hosts h0..h(n-2), the first two joined to br0 (the lines take the general path)."""
    lines = ["ip netns add r", "ip -n r link add br0 type bridge", "ip -n r link set br0 up",
             "ip -n r addr add 10.250.0.1/16 dev br0"] + [f"ip netns add h{i}" for i in range(n - 1)]
    for i in range(2):
        lines += [f"ip link add v{i} netns h{i} type veth peer name p{i} netns r", f"ip -n r link set p{i} master br0"]
    for line in lines:
        assert lab.run(line).returncode == 0, line


def _run_both(monkeypatch, labs: tuple[Lab, Lab], line: str, stdin: str = "") -> None:
    answers = []
    for on, lab in zip((True, False), labs):
        monkeypatch.setattr(fast, "ON", on)
        r = lab.run(line, stdin or None)
        answers.append((r.stdout, r.stderr, r.returncode))
    assert answers[0] == answers[1], line


@pytest.mark.parametrize("seed", range(SEEDS))
def test_short_way_answers_as_the_general_parser(monkeypatch, seed: int) -> None:
    rng = random.Random(seed)
    n = 4
    labs = (Lab(), Lab())
    monkeypatch.setattr(fast, "ON", False)
    for lab in labs:
        _build(lab, n)
    for step in range(60):
        if rng.random() < 0.12:                     # a batch file of such lines, with global options
            lines = [_line(rng, n).split(" ", 1)[1] for _ in range(rng.randint(1, 6))]
            lines = [line.split(" ", 2)[2] if line.startswith("-n ") else line.lstrip("-46 ") for line in lines]
            for lab in labs:
                write_file(lab.backend.context("host"), "/tmp/b", "\n".join(lines) + "\n")
            opts = rng.choice(["", "-n r ", f"-n h{rng.randrange(n)} ", "-force ", "-4 ", "-6 ", "-all ", "-n nope "])
            _run_both(monkeypatch, labs, f"ip {opts}-batch /tmp/b")
        elif rng.random() < 0.1:                   # what the terminal kept of the line before
            _run_both(monkeypatch, labs, rng.choice(["echo $? $_", "echo $?; ip -n r link set br0 up; echo $?"]))
        else:
            _run_both(monkeypatch, labs, _line(rng, n))
        if step % 20 == 19:
            assert _state(labs[0]) == _state(labs[1]), (seed, step)
    assert _state(labs[0]) == _state(labs[1]), seed


def test_the_build_lines_take_the_short_way(monkeypatch) -> None:
    """The reference topology's lines (benchmarks/bench_sim_build.py) but the bridge's never reach the general parser."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import bench_sim_build
    from course_lib.shell import interpreter_exec
    general, direct = [], []
    do_cmd, ip_direct = main.do_cmd, interpreter_exec._ip_direct
    monkeypatch.setattr(main, "do_cmd", lambda run, argv: general.append(argv) or do_cmd(run, argv))
    monkeypatch.setattr(interpreter_exec, "_ip_direct", lambda *args: direct.append(args[1]) or ip_direct(*args))
    lab = Lab()
    lines = bench_sim_build.command_lines(5)
    for line in lines:
        r = lab.run(line)
        assert (r.stdout, r.stderr, r.returncode) == ("", "", 0), line
    assert general == [["link", "add", "br0", "type", "bridge"]]          # the one line of another shape
    # (the machine's first line makes its terminal: the general shell path runs it)
    assert [" ".join(words) for words in direct] == [line for line in lines[1:] if "type bridge" not in line]
    assert fast.plan(["ip", "-n", "h1", "link", "set", "v1", "up"], 3) is not None
    assert fast.plan(["ip", "link", "set", "dev", "up"], 1) is None           # `dev` is a keyword: the parser's
    assert fast.plan(["ip", "addr", "add", "10.0.0.01/8", "dev", "v1"], 1) is None     # octal: the parser's
