"""Property: mutated job-control lines (`&`, wait -n, kill %N, fg, jobs -x), generated parameter expansions and
arithmetic, trap specs and read/mapfile/readarray options never raise or hang; a job builtin, trap, read, mapfile
or let that fails as one command leaves the lab (model, tables, files, Docker engine, running jobs) as it was; the
shell answers `echo` after every line; every job is gone after kill -9 and wait."""
from __future__ import annotations

import os
import random
import signal
from contextlib import contextmanager
from typing import Iterator

from hypothesis import given
from hypothesis import strategies as st

from course_lib import Lab
from tests.fuzz_support import BAD_VALUES, built, check_result, first_difference, fixed, lab_state, one_command, \
    random_line

SETUP = ["ip netns add red", "ip link add v1 type veth peer name v2", "ip link set v2 netns red",
         "ip addr add 10.0.0.1/24 dev v1", "ip link set v1 up", "ip -n red addr add 10.0.0.2/24 dev v2",
         "ip -n red link set v2 up", "iptables -A INPUT -p tcp --dport 22 -j ACCEPT", "echo data > /tmp/f",
         "s=hello; a=(1 2 3)"]

VALID = [
    "sleep 5 &", "sleep 1 & sleep 2 & wait -n; echo $?", "wait -n", "wait -n %1 %2", "wait -f %1", "kill %3",
    "kill -9 %1 %2", "kill -s TERM %+", "kill %-", "kill %%", "kill %sleep", "kill %?lee", "fg", "fg %1", "bg %2",
    "jobs -x echo %1", "jobs -x", "jobs -x kill %1", "jobs -lp %1", "jobs -n", "disown %2", "wait $!",
    "ping -c 3 -i 0.2 10.0.0.2 > /tmp/p & wait", "ping -c 3 10.0.0.2 & sleep 1; kill %1; wait", "(sleep 1 &); jobs",
    "{ sleep 1; echo a; } & wait %1; echo $?", "sleep 1 && echo ok & wait", "false & wait $!; echo $?",
    "echo ${s/l/L} ${s//l} ${s/#h/H} ${s/%o/O} ${s#*l} ${s##*l} ${s%l*} ${s%%l*} ${#s} ${!s} ${s:?x}",
    "echo ${u:-d} ${u:=d} ${u:+p} ${u?} ${s@A} ${s@a} ${s@P} ${s@K} ${a[@]@Q} ${!a[@]} ${a[-1]} ${a[9]}",
    "echo ${s:1:-1} ${s: -9} ${s:9} ${s:x:y} ${s:1:2:3} ${s^^[aeiou]} ${s,,*} ${a[@]^} ${@:1}",
    "echo $((1/0)) $((2**-1)) $((9223372036854775807+1)) $((-9223372036854775808/-1)) $((64#_)) $((37#1))",
    "echo $((x++ + ++x)) $((a[1]+=2)) $((1?2:3)) $((1,2)) $((~0)) $((!1)) $((010+0x1F+2#11)) $((1 < 2 > 0))",
    "x=5; (( x <<= 2, x |= 1 )); echo $x", "let 'x = 1 /' y=2", "let", "let 0", "let '1 > 0'", "let x=08",
    "trap -- 'echo x' 0 1 2 SIGHUP RTMIN+1", "trap 'echo e' ERR; false", "trap 'echo d' DEBUG", "trap 'echo r' RETURN",
    "trap 99 'echo x'", "trap -9", "trap 'echo x' -9", "trap 'echo x' SIGBOGUS", "trap -p EXIT INT", "trap -l 9",
    "trap '' TERM; kill -TERM $$; echo alive", "trap 'echo hup' HUP; kill -HUP $$", "trap -- -", "trap - ''",
    "read -u 9 x", "read -n -1 x <<< ab", "read -N x y <<< ab", "read -t -1 x", "read -d", "read -a 1bad <<< x",
    "read -t 1e9 x <<< a", "read -p 'name: ' x <<< a; echo $x", "read -e x <<< a", "read -i t x <<< a",
    "read x y z <<< 'a b'", "read -r -d '' x <<< 'a\\b'", "read -a s <<< 'x y'", "read 1x", "read -n 99999999999 x",
    "mapfile -u 9 m", "mapfile -C echo -c 0 m < /tmp/f", "mapfile -O -1 m < /tmp/f", "mapfile -s x m < /tmp/f",
    "mapfile 1bad < /tmp/f", "readarray -d", "mapfile -n -3 m < /tmp/f", "mapfile -t -O 5 a < /tmp/f; echo ${a[@]}",
    "mapfile -C 'echo cb' -c 1 m < /tmp/f", "readarray -t m <<< $'a\\nb'; echo ${#m[@]}", "mapfile s < /tmp/f",
]
VOCAB = ("& && || ; | wait -n -f %1 %2 %3 %+ %- %% %? %sleep %?lee %0 %99 $! $$ jobs -l -p -r -s -n -x kill -9 -s -n "
         "HUP TERM KILL INT STOP CONT RTMIN+1 SIGBOGUS 64 65 0 fg bg disown -a -h sleep 1 5 ping -c 3 10.0.0.2 "
         "${s/l/L} ${s//} ${s/#} ${s/%} ${s#*} ${s%%} ${!s} ${!a[@]} ${s:?} ${u:=d} ${s@A} ${s@P} ${s@K} ${s@Z} "
         "${s:1:-1} ${s:x} ${a[-9]} ${a[@]@Q} ${#a[@]} ${s^^[} ${s,,} ${ ${} ${s:} ${s:-${s:-x}} "
         "$((1/0)) $((2**-1)) $((64#_)) $((37#1)) $((x++)) $((a[)) $((1?)) $((,)) $((9223372036854775807+1)) "
         "let trap -p -l -- - '' 'echo x' EXIT ERR DEBUG RETURN 99 -9 read -u -t -d -a -N -p -i -e -r 1bad 1e9 "
         "mapfile readarray -C -c -O -s -t echo m /tmp/f < <<< > /tmp/p").split()
TOOLS = ["wait", "wait -n", "jobs -x", "kill", "fg", "bg", "disown", "trap", "read", "mapfile", "readarray", "let",
         "echo", "sleep 1 &"]
PURE = ("wait", "jobs", "kill", "fg", "bg", "disown", "trap", "read", "mapfile", "readarray", "let")


def expansion(rng: random.Random) -> str:
    """A generated ${...} or $((...)) word: a name, an operator and an operand, each maybe malformed."""
    if rng.random() < 0.5:
        name = rng.choice(["s", "u", "a[@]", "a[1]", "@", "#", "!s", "!a[@]", "1", "?", "", "9x", "a[", "s[x]"])
        op = rng.choice(["", ":", ":-", ":=", ":+", ":?", "-", "=", "#", "##", "%", "%%", "/", "//", "/#", "/%",
                         "^", "^^", ",", ",,", "~", "@", "@Q", "@E", "@A", "@U", "@X", ":1", ":1:", ":-1:2"])
        word = rng.choice(["", "x", "*", "[a-z]", "$s", "${s}", "$((1))", "}", "{", "'", "-1", "99999999999999999999"])
        return "${" + name + op + word + "}"
    terms = ["1", "0", "x", "a[1]", "64#@", "2#2", "0x", "08", "9223372036854775807", "-1", "s", "'", "$s", ""]
    ops = ["+", "/", "%", "**", "<<", ">>", "&&", "||", "?", ":", ",", "=", "+=", "++", "--", "<", "==", "~", "!"]
    expr = rng.choice(terms)
    for _ in range(rng.randint(0, 4)):
        expr += rng.choice(ops) + rng.choice(terms)
    return "$((" + expr + "))"


def next_line(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return "echo " + " ".join(expansion(rng) for _ in range(rng.randint(1, 3)))
    return random_line(rng, VALID, TOOLS, VOCAB + BAD_VALUES[:8])


def state(lab: Lab) -> str:
    machine = lab.network.machines["host"]
    jobs = [(j.number, j.text, j.process.running) for j in machine.__dict__.get("shell_jobs", []) if j.process.running]
    return lab_state(lab) + "\n" + repr(jobs)


def must_change_nothing(line: str, result) -> bool:
    """One of these builtins that failed alone (kill of several targets ends the good ones, as bash does)."""
    words = line.split()
    if result.returncode == 0 or not one_command(line) or not words or words[0] not in PURE:
        return False
    return not (words[0] in ("kill", "wait", "disown") and len([w for w in words[1:] if not w.startswith("-")]) > 1)


@contextmanager
def no_hang(line: str, seconds: float = 20.0) -> Iterator[None]:
    """A line that runs longer than `seconds` of wall time is a hang (everything here is model time)."""
    def alarm(signo, frame):  # noqa: ANN001
        raise AssertionError(f"{line!r} hung")
    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 25)))
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_s4_shell_lines_never_raise_failures_change_nothing_and_the_shell_answers(seed: int) -> None:
    rng = random.Random(seed)
    lab = built(Lab(), SETUP)
    for _ in range(10):
        line = next_line(rng)
        before = state(lab)
        with no_hang(line):
            result = lab.run(line)
        check_result(line, result)
        if must_change_nothing(line, result):
            after = state(lab)
            assert after == before, f"{line!r} (rc {result.returncode}: {result.stderr!r}) changed the lab: " \
                                    f"{first_difference(before, after)}"
        with no_hang(line):
            alive = lab.run("echo alive")
        check_result(line, alive)
        assert alive.returncode == 0 and "alive\n" in alive.stdout, (line, alive)
    check_result("cleanup", lab.run("trap - EXIT; kill -9 $(jobs -p) 2>/dev/null; wait"))
    result = lab.run("jobs")
    assert (result.stdout, result.stderr) == ("", ""), result
