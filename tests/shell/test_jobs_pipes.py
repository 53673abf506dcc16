"""Background jobs write into the stdout/stderr they inherited, have job tables of their own in subshells, and
write their lines at model time (course_lib.shell.jobs_sinks, jobs_stream, jobs): each script's answer below is
what `bash -c SCRIPT` (bash 5.2.15) printed in a private pid+net namespace on this machine (`unshare --net --pid
--fork --mount-proc`, `bash: line 1: ` dropped as the terminal drops it; ping's times normalised)."""
from __future__ import annotations

import re

import pytest

from course_lib import Lab

# a job writes into the pipe, the $(...) or the redirection it inherited; their reader waits for it (EOF);
# subshells ( ), compound pipeline stages and jobs have their own job tables; $(...) still lists the parent's.
# Not modelled: a pipeline's stages run one after another (a reader starts when its writer is done), so
# `(sleep 0.5; echo late) & { sleep 1 & echo a; } | cat` prints late before a (bash: a, late).
INHERITED = [
    ('{ echo a & wait; } | tr a b',
     'b\n', '', 0),
    ('x=$( (sleep 1; echo a) & wait ); echo "[$x]"',
     '[a]\n', '', 0),
    ('(sleep 1; echo late) & x=$(sleep 2 & echo hi); echo "[$x]"',
     'late\n[hi]\n', '', 0),
    ('(sleep 1; echo late) & x=$(sleep 2 >/dev/null & echo hi); echo "[$x]"; wait',
     '[hi]\nlate\n', '', 0),
    ('(sleep 1; echo late) & x=$(sleep 2 2>&1 >/dev/null & echo hi); echo "[$x]"',
     'late\n[hi]\n', '', 0),
    ('(sleep 1; echo late) & x=$(sleep 2 >&2 & echo hi); echo "[$x]"; wait',
     '[hi]\nlate\n', '', 0),
    ('(sleep 1; echo x) > f & wait; cat f',
     'x\n', '', 0),
    ('(echo out; echo err >&2) 2>&1 & wait',
     'out\nerr\n', '', 0),
    ('{ (sleep 0.3; echo late) & } > f; cat f; wait; cat f',
     'late\n', '', 0),
    ('{ (sleep 0.3; echo late; echo e >&2) & } 2>&1 >/dev/null | cat',
     'e\n', '', 0),
    ('(sleep 0.5; echo late) & { sleep 1 >&2 & echo a; } | cat; echo end; wait',
     'a\nend\nlate\n', '', 0),
    ('x=$( { (sleep 0.5; echo e >&2; echo o) & } ); echo "[$x]"',
     '[o]\n', 'e\n', 0),
    ('f() { (sleep 0.2; echo fn) & }; x=$(f); echo "[$x]"',
     '[fn]\n', '', 0),
    ('(sleep 5 &); jobs; echo "[$!]"',
     '[]\n', '', 0),
    ('x=$(sleep 1 &); echo "[$!]"; jobs; echo "[$x]"',
     '[]\n[]\n', '', 0),
    ('{ sleep 1 & } | cat; echo "[$!]"; jobs',
     '[]\n', '', 0),
    ('sleep 2 & (echo "[$!]" | tr -d 0-9; jobs; wait; echo "w=$?"; kill %1; echo "k=$?"); jobs',
     '[]\nw=0\nk=1\n[1]+  Running                 sleep 2 &\n', 'bash: kill: %1: no such job\n', 0),
    ('(sleep 1 & jobs; wait $!; echo $?); echo "[$!]"',
     '[1]+  Running                 sleep 1 &\n0\n[]\n', '', 0),
    ('sleep 2 & { jobs; echo "[$!]" | tr -d 0-9; sleep 0.5 & jobs; } & wait; jobs',
     '[]\n[1]+  Running                 sleep 0.5 &\n', '', 0),
    ('sleep 1 & x=$(jobs); echo "$x"; jobs | cat',
     '[1]+  Running                 sleep 1 &\n[1]+  Running                 sleep 1 &\n', '', 0),
    ('sleep 5 & { sleep 1 & jobs; } | cat; kill %1',
     '[1]+  Running                 sleep 1 &\n', '', 0),
    ('sleep 5 & x=$(sleep 1 & jobs); echo "$x"; kill %1',
     '[1]-  Running                 sleep 5 &\n[2]+  Running                 sleep 1 &\n', '', 0),
    ('sleep 5 & echo | { kill %1; echo k$?; }; jobs; kill %1',
     'k1\n[1]+  Running                 sleep 5 &\n', 'bash: kill: %1: no such job\n', 0),
    ('sleep 1 & x=$(wait; echo w$?); echo $x; jobs',
     'w0\n[1]+  Running                 sleep 1 &\n', '', 0),
    ('sleep 1 & p=$!; wait $p; echo $?; wait $p; echo $?',
     '0\n0\n', '', 0),
    ('(exit 4) & p=$!; sleep 0.1; wait $p; echo $?; wait $p; echo $?',
     '4\n4\n', '', 0),
    ('wait -n 99; echo $?; wait -n %2; echo $?; sleep 1 & wait -n 99 $!; echo $?',
     '127\n127\n0\n', 'bash: wait: 99: no such job\nbash: wait: %2: no such job\nbash: wait: 99: no such job\n', 0),
    ('sleep 0.3 & sleep 0.1 & wait -n %1; echo $?; jobs',
     '0\n', '', 0),
    ('sleep 0.3 & sleep 0.1 & wait %1; jobs',
     '', '', 0),
    ('sleep 0.1 & sleep 0.3 & sleep 0.2 & wait -n %2; echo $?; jobs',
     '0\n', '', 0),
    ('sleep 0.1 & sleep 0.3 & wait -n; echo $?; jobs',
     '0\n[2]+  Running                 sleep 0.3 &\n', '', 0),
    ('sleep 1 & jobs -x echo %1 x %+ | tr -d 0-9; jobs -x; echo $?; jobs -x nosuch; echo $?; jobs -x echo %5; echo $?',
     ' x \n0\n127\n%5\n0\n', 'bash: nosuch: command not found\n', 0),
    ('(exit 4) & p=$!; wait %1; echo $?; wait $p; echo $?; wait; wait $p 2>/dev/null; echo $?',
     '4\n4\n127\n', '', 0),
    ('sleep 5 & x=$(kill %1; echo k$?); echo "$x"; sleep 0.1; jobs',
     'k0\n', '', 0),
    # a pipe and a $(...) take stdout only: stderr keeps its place among what jobs write meanwhile
    ('{ sleep 0.5; echo p >&2; } & { jobs %% & sleep 0.9 > f; cat f; } | cat; wait',
     '', 'bash: jobs: %%: no such job\np\n', 0),
    ('{ sleep 0.5; echo p >&2; } & x=$(jobs %9; sleep 1); wait',
     '', 'bash: jobs: %9: no such job\np\n', 0),
    ('{ echo o; echo e >&2; } | cat; x=$(echo e2 >&2; echo o2); echo $x',
     'o\no2\n', 'e\ne2\n', 0),
]

# a shell run as a program (bash -c) hands its jobs' output back where the program's output goes
NESTED = [
    ("bash -c '(sleep 1; echo x) &' | cat; echo end",
     'x\nend\n', '', 0),
    ('(sleep 0.5; echo late) & x=$(bash -c \'sleep 1 & echo hi\'); echo "[$x]"',
     'late\n[hi]\n', '', 0),
    ("bash -c '(sleep 0.5; echo x) &'; echo end; sleep 1",
     'end\nx\n', '', 0),
    ("bash -c '(sleep 0.5; echo x) &' > f; cat f; sleep 1; echo; cat f",
     '\nx\n', '', 0),
    ("(sleep 0.5; echo late) & bash -c 'sleep 1 > /dev/null & echo a' | cat; echo end; wait",
     'a\nend\nlate\n', '', 0),
]

# job specs as bash's get_job_spec reads them: `%` optional for jobs, a name matching two jobs is ambiguous,
# disown N is a pid
SPECS = [
    ('sleep 5 & sleep 6 & jobs %sl; echo $?; jobs sl; echo $?; jobs %?ee; echo $?; wait %s; echo $?; disown %?e; echo $?; jobs %? ; echo $?; kill %1 %2',
     '1\n1\n1\n127\n1\n1\n', 'bash: jobs: sl: ambiguous job spec\nbash: jobs: %sl: no such job\nbash: jobs: sl: ambiguous job spec\nbash: jobs: sl: no such job\nbash: jobs: ee: ambiguous job spec\nbash: jobs: %?ee: no such job\nbash: wait: s: ambiguous job spec\nbash: disown: e: ambiguous job spec\nbash: disown: %?e: no such job\nbash: jobs: : ambiguous job spec\nbash: jobs: %?: no such job\n', 0),
    ('sleep 5 & jobs sleep; jobs +; jobs %?; echo $?; jobs %?zz; echo $?; kill %1',
     '[1]+  Running                 sleep 5 &\n[1]+  Running                 sleep 5 &\n[1]+  Running                 sleep 5 &\n0\n1\n', 'bash: jobs: %?zz: no such job\n', 0),
    ('sleep 5 & disown 1; echo $?; jobs; kill $!',
     '1\n[1]+  Running                 sleep 5 &\n', 'bash: disown: 1: no such job\n', 0),
    ('sleep 5 & sleep 6 & kill %sl; echo $?; kill %?ee; echo $?; kill %1 %2',
     '1\n1\n', 'bash: kill: sl: ambiguous job spec\nbash: kill: ee: ambiguous job spec\n', 0),
    ('sleep 1 & jobs 1; echo $?; jobs %1x; echo $?; kill %0; echo $?; wait',
     '[1]+  Running                 sleep 1 &\n0\n1\n1\n', 'bash: jobs: %1x: no such job\nbash: kill: %0: no such job\n', 0),
]

# wait's options: -n, -f, -p VAR (the pid whose status it returns), their errors
WAIT = [
    ('sleep 0.2 & p=$!; wait -p v -n; echo $?; [ "$v" = "$p" ] && echo same',
     '0\nsame\n', '', 0),
    ('(exit 3) & p=$!; wait -p v $p; echo $?; [ "$v" = "$p" ] && echo same',
     '3\nsame\n', '', 0),
    ('(exit 3) & p=$!; wait -p v %1; echo $?; [ "$v" = "$p" ] && echo same',
     '3\nsame\n', '', 0),
    ('wait -p v; echo $? ${v-unset}; v=1; wait -p v -n; echo $? ${v-unset}',
     '0 unset\n127 unset\n', '', 0),
    ('wait -p; echo $?; wait -p 1x -n; echo $?',
     '2\n1\n', "bash: wait: -p: option requires an argument\nwait: usage: wait [-fn] [-p var] [id ...]\nbash: wait: `1x': not a valid identifier\n", 0),
    ('sleep 0.3 & sleep 0.1 & wait -fn; echo $?; wait -n -f; echo $?; wait -x; echo $?; wait -fz; echo $?; wait -- %1; echo $?',
     '0\n0\n2\n2\n127\n', 'bash: wait: -x: invalid option\nwait: usage: wait [-fn] [-p var] [id ...]\nbash: wait: -z: invalid option\nwait: usage: wait [-fn] [-p var] [id ...]\nbash: wait: %1: no such job\n', 0),
]

# a program beside background jobs writes each line when it comes (model time): on the terminal, into a file
PER_LINE = [
    ('ip link set lo up; ping -c 3 -i 1 127.0.0.1 & sleep 1.5; echo mid; wait',
     'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=T ms\n64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=T ms\nmid\n64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=T ms\n\n--- 127.0.0.1 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time Tms\nrtt min/avg/max/mdev = X ms\n', '', 0),
    ('ip link set lo up; ping -c 3 -i 1 127.0.0.1 > log & sleep 1.5; cat log; wait; echo; tail -2 log | cut -c1-22',
     'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=T ms\n64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=T ms\n\n3 packets transmitted,\nrtt min/avg/max/mdev =\n', '', 0),
    ('ip link set lo up; (sleep 1.5; echo job) & ping -c 3 -i 1 127.0.0.1; wait',
     'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=T ms\n64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=T ms\njob\n64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=T ms\n\n--- 127.0.0.1 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time Tms\nrtt min/avg/max/mdev = X ms\n', '', 0),
    ('ip link set lo up; { ping -c 3 -i 1 127.0.0.1; } > log 2>&1 & sleep 1.5; wc -l < log; wait; wc -l < log',
     '3\n8\n', '', 0),
    ('ip link set lo up; ping -c 3 -i 1 127.0.0.1 2>&1 >log & sleep 1.5; grep -c icmp_seq log; kill %1; wait; cat log | wc -l',
     '2\n3\n', '', 0),
    ('ip link set lo up; x=$(ping -c 2 -i 1 127.0.0.1 & sleep 0.5; echo mid); echo "$x" | head -4 | cut -c1-30',
     'PING 127.0.0.1 (127.0.0.1) 56(\n64 bytes from 127.0.0.1: icmp_\nmid\n64 bytes from 127.0.0.1: icmp_\n', '', 0),
]


def _timeless(text: str) -> str:
    text = re.sub(r"time=[0-9.]+ ms", "time=T ms", text)
    text = re.sub(r"time [0-9]+ms", "time Tms", text)
    return re.sub(r"mdev = [0-9./]+ ms", "mdev = X ms", text)


@pytest.mark.parametrize("script,out,err,rc", INHERITED + NESTED + SPECS + WAIT + PER_LINE)
def test_same_as_bash(script: str, out: str, err: str, rc: int) -> None:
    r = Lab().run(script)
    assert (_timeless(r.stdout), r.stderr, r.returncode) == (out, err, rc)


def test_a_capture_is_read_to_its_end_in_model_time() -> None:
    """bash: `x=$(sleep 1 & echo hi)` returns after 1 s (the job holds the capture's pipe), and the lab's clock
    moved by it; a job that does not hold it (> /dev/null) costs nothing."""
    lab = Lab()
    clock = lab.network.clock
    assert lab.run('x=$(sleep 1 & echo hi); echo "[$x]"').stdout == "[hi]\n"
    assert lab.network.clock == pytest.approx(clock + 1)
    assert lab.run('x=$(sleep 5 > /dev/null & echo hi); echo "[$x]"').stdout == "[hi]\n"
    assert lab.network.clock == pytest.approx(clock + 1)


def test_a_job_left_by_a_subshell_is_nobodys_and_runs_on() -> None:
    """`(sleep 1; echo late) &` inside ( ): no job of the terminal's; its line still comes in model time."""
    lab = Lab()
    assert lab.run("((sleep 1; echo late) &); jobs; echo now").stdout == "now\n"
    assert lab.run("sleep 2; echo after").stdout == "late\nafter\n"


def test_a_background_ping_writes_each_line_into_the_next_run() -> None:
    """A job still running when lab.run returns writes each line in the run during which it comes."""
    lab = Lab()
    lab.run("ip link set lo up")
    first = lab.run("ping -c 3 -i 1 127.0.0.1 &")     # the job starts when the script ends (model time stays)
    assert first.stdout == "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
    second = _timeless(lab.run("sleep 1.5; echo mid").stdout)
    assert second == "".join(f"64 bytes from 127.0.0.1: icmp_seq={i} ttl=64 time=T ms\n" for i in (1, 2)) + "mid\n"
    assert "icmp_seq=3" in lab.run("sleep 1").stdout


def test_a_program_whose_result_is_returned_keeps_its_whole_output_beside_jobs() -> None:
    """docker exec returns the container program's result: that program must not write as it goes, even while some
    lab has a live background job (a busybox ping there lost its header and replies)."""
    Lab().run("sleep 100 &")                    # a live job somewhere: programs beside jobs may write as they go
    lab = Lab()
    lab.run("docker run -d --name bb busybox sleep 3600")
    r = lab.run("docker exec bb ping -c 2 127.0.0.1")
    assert r.stdout.startswith("PING 127.0.0.1 (127.0.0.1): 56 data bytes\n64 bytes from 127.0.0.1: seq=0"), r
