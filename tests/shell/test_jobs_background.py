"""Background jobs (`CMD &`, course_lib.shell.jobs_run) against a non-interactive bash 5.2: each script's answer
below is what `bash -c SCRIPT` printed in a private pid+net namespace on this machine (`bash: line N: ` dropped as
the terminal drops it for every error; a notice's pid is compared as PID)."""
from __future__ import annotations

import re

import pytest

from course_lib import Lab

REAL_BASH = [
    ('sleep 10 & kill -9 $!; echo x; sleep 0.2; echo y; wait $!; echo $?',
     'x\ny\n137\n', 'bash:     2 Killed                  sleep 10\n', 0),
    ('sleep 10 & kill %1; sleep 0.1; jobs; echo $?',
     '0\n', '', 0),
    ('sleep 0.1 & sleep 0.5; jobs; wait $!; echo $?',
     '0\n', '', 0),
    ('sleep 1 & sleep 2 & jobs; jobs -p | wc -l; jobs %1; jobs -r; jobs %2 %1',
     '[1]-  Running                 sleep 1 &\n[2]+  Running                 sleep 2 &\n2\n[1]-  Running                 sleep 1 &\n[1]-  Running                 sleep 1 &\n[2]+  Running                 sleep 2 &\n[2]+  Running                 sleep 2 &\n[1]-  Running                 sleep 1 &\n', '', 0),
    ('sleep 1 & sleep 2 & kill %1 %2; wait; echo $?',
     '0\n', '', 0),
    ('sleep 10 & disown; jobs; echo $?',
     '0\n', '', 0),
    ('(exit 7) & sleep 0.1; jobs; wait %1; echo $?',
     '127\n', 'bash: wait: %1: no such job\n', 0),
    ('(exit 7) & wait %1; echo $?',
     '7\n', '', 0),
    ('sleep 0.3 & sleep 0.1 & wait -n; echo $?; jobs',
     '0\n[1]+  Running                 sleep 0.3 &\n', '', 0),
    ('wait %1; echo $?; wait 99999; echo $?; wait; echo $?; kill %1; echo $?',
     '127\n127\n0\n1\n', 'bash: wait: %1: no such job\nbash: wait: pid 99999 is not a child of this shell\nbash: kill: %1: no such job\n', 0),
    ('sleep 2 & kill -INT %1; kill -QUIT %1; sleep 0.1; jobs',
     '[1]+  Running                 sleep 2 &\n', '', 0),
    ('sleep 10 & kill -HUP %1; wait %1; echo $?',
     '129\n', 'bash:     2 Hangup                  sleep 10\n', 0),
    ('sleep 10 & kill -PIPE %1; wait %1; echo $?',
     '141\n', '', 0),
    ('sleep 10 & sleep 10 & kill -9 %1 %2; wait',
     '', 'bash:     2 Killed                  sleep 10\nbash:     3 Killed                  sleep 10\n', 0),
    ('for i in 1 2; do sleep 10 & done; jobs; kill %1 %2',
     '[1]-  Running                 sleep 10 &\n[2]+  Running                 sleep 10 &\n', '', 0),
    ("sleep 10 & jobs -l | awk '{print NF, $1, $3, $4, $5}'; kill %%",
     '6 [1]+ Running sleep 10\n', '', 0),
    ('sleep 10 & kill %sl; kill %?ee; wait; echo $?',
     '0\n', '', 0),
    ('sleep 10 & fg %1; echo $?; bg; echo $?; kill %1',
     '1\n1\n', 'bash: fg: no job control\nbash: bg: no job control\n', 0),
    ('(sleep 1; echo a) & echo b; wait',
     'b\na\n', '', 0),
    ('{ sleep 0.1; echo in; } & echo out; wait; echo end',
     'out\nin\nend\n', '', 0),
    ('exit 3 & wait $!; echo $?',
     '3\n', '', 0),
    ('timeout 1 sleep 5 & sleep 2; wait $!; echo $?',
     '124\n', '', 0),
    ('for i in 3 1 2; do (sleep $i; echo done $i) & done; wait; echo all',
     'done 1\ndone 2\ndone 3\nall\n', '', 0),
    ('x=5; (x=6; echo in $x) & wait; echo $x',
     'in 6\n5\n', '', 0),
    ('sleep 5 >/dev/null 2>&1 & sleep   5  |  cat & { sleep 5; echo a; } & (sleep 5) & jobs; kill %1 %2 %3 %4',
     '[1]   Running                 sleep 5 > /dev/null 2>&1 &\n[2]   Running                 sleep 5 | cat &\n[3]-  Running                 { sleep 5; echo a; } &\n[4]+  Running                 ( sleep 5 ) &\n', '', 0),
    ('ip link set lo up; nc -l -p 8080 > got & sleep 1; echo hi | nc -q 1 127.0.0.1 8080; sleep 1; cat got',
     'hi\n', '', 0),
    ('ip link set lo up; (nc -l 8080 > got; echo got: $(cat got)) & sleep 0.5; echo hi | nc -N 127.0.0.1 8080; wait',
     'got: hi\n', '', 0),
    ('ip link set lo up; ping -c 3 127.0.0.1 > log & sleep 5; grep -c bytes log',
     '4\n', '', 0),
    ('ip link set lo up; nc -l 8080 & sleep 0.5; kill %1; wait %1; echo $?; ss -lnt | grep -c 8080',
     '143\n0\n', '', 1),
    # a killed ping keeps the lines it wrote (iputils writes each reply as it comes; no statistics after TERM/KILL)
    ('ip link set lo up; ping -c 100 -i 0.2 127.0.0.1 > log & sleep 2; kill %1; wait; wc -l < log; tail -1 log | cut -d= -f2',
     '11\n10 ttl\n', '', 0),
    ('ip link set lo up; ping -c 100 -i 0.2 127.0.0.1 > log & sleep 2; kill -9 %1; wait %1; echo $?; grep -c bytes log',
     '137\n11\n', 'bash:     2 Killed                  ping -c 100 -i 0.2 127.0.0.1 > log\n', 0),
    ('sleep inf & sleep 1; jobs; kill %1; wait %1; echo $?',
     '[1]+  Running                 sleep inf &\n143\n', '', 0),
    ('while true; do sleep 1; done & until false; do sleep 1; done & case x in x|y) sleep 4; sleep 5;; z) ;; esac & [[ -n x ]] && sleep 5 & (( 1 )) && sleep 5 & f() { sleep 5; }; f & jobs; kill %1 %2 %3 %4 %5 %6',
     '[1]   Running                 while true; do\n    sleep 1;\ndone &\n[2]   Running                 until false; do\n    sleep 1;\ndone &\n[3]   Running                 case x in \n    x | y)\n        sleep 4; sleep 5\n    ;;\n    z)\n\n    ;;\nesac &\n[4]   Running                 [[ -n x ]] && sleep 5 &\n[5]-  Running                 (( 1 )) && sleep 5 &\n[6]+  Running                 f &\n', '', 0),
]


def _pid_free(text: str) -> str:
    return re.sub(r"^bash: +\d+ ", "bash: PID ", text, flags=re.M)


@pytest.mark.parametrize("script,out,err,rc", REAL_BASH)
def test_same_as_bash(script: str, out: str, err: str, rc: int) -> None:
    r = Lab().run(script)
    assert (r.stdout, _pid_free(r.stderr), r.returncode) == (out, _pid_free(err), rc)


def test_pid_and_notice_format() -> None:
    lab = Lab()
    r = lab.run("sleep 10 & echo $!; jobs -l; kill -9 %1; sleep 1")
    pid = r.stdout.splitlines()[0]
    assert r.stdout == f"{pid}\n[1]+ {pid:>5} Running                 sleep 10 &\n"
    assert r.stderr == f"bash: {pid:>5} Killed                  sleep 10\n"


def test_a_job_lives_on_in_the_terminal() -> None:
    """A job still running when lab.run returns stays in the machine: ps and jobs show it, its output appears in
    the run during which it writes it, and another host's terminal has its own table."""
    lab = Lab()
    other = lab.add_host("A")
    assert lab.run("(sleep 2; echo late) & echo now").stdout == "now\n"
    assert lab.run("jobs").stdout == "[1]+  Running                 ( sleep 2; echo late ) &\n"
    assert "-bash" in lab.run("ps -ef").stdout.splitlines()[2]             # after the header and init
    assert other.run("jobs; echo \"[$!]\"").stdout == "[]\n"
    assert lab.run("echo before; sleep 3; echo after").stdout == "before\nlate\nafter\n"
    assert lab.run("jobs").stdout == ""                         # reaped after `sleep 3`
    lab.run("sleep 100 &")
    other.run("sleep 200")                                      # the lab's clock runs for every machine
    assert lab.run("jobs").stdout == "[1]+  Done                    sleep 100\n"
    assert lab.run("jobs").stdout == ""


def test_a_listener_job_serves_a_later_run() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    assert lab.run("nc -l 8080 > got &").stdout == ""
    assert "LISTEN" in lab.run("ss -lnt | grep 8080").stdout
    pid = lab.run("echo $!").stdout.strip()
    assert f"pid={pid}," in lab.run("ss -lntp | grep 8080").stdout
    lab.run("echo hello | nc -N 127.0.0.1 8080; nc -lk 9000 &")
    assert lab.run("cat got; jobs").stdout == "hello\n[1]+  Running                 nc -lk 9000 &\n"
    assert lab.run("kill %1; jobs").stdout == "[1]+  Terminated              nc -lk 9000\n"    # a killed one too
    assert lab.run("ss -lnt | grep -c '8080\\|9000'").stdout == "0\n"


def test_a_shell_inside_has_its_own_jobs() -> None:
    """`bash -c` is another shell process: its jobs are its own (bash -c 'jobs' in bash lists none of the caller's),
    and what it leaves running is no job of the terminal's."""
    lab = Lab()
    assert lab.run("sleep 5 & bash -c jobs; jobs").stdout == "[1]+  Running                 sleep 5 &\n"
    r = lab.run('bash -c "sleep 1 & jobs; wait %1; echo w=\\$?"; jobs; wait')
    assert r.stdout == "[1]+  Running                 sleep 1 &\nw=0\n[1]+  Running                 sleep 5 &\n"
    assert lab.run('timeout 2 bash -c "sleep 10 & wait"; echo rc=$?; jobs').stdout == "rc=124\n"


def test_a_killed_ping_keeps_its_lines_on_the_terminal() -> None:
    """bash -c 'ip link set lo up; ping -c 5 -i 0.5 127.0.0.1 & sleep 1.2; kill %1; echo k; wait; echo $?' in a
    private netns: the three replies before the TERM, no statistics, then k and 0."""
    r = Lab().run("ip link set lo up; ping -c 5 -i 0.5 127.0.0.1 & sleep 1.2; kill %1; echo k; wait; echo $?")
    assert (re.sub(r"time=[0-9.]+", "time=T", r.stdout), r.stderr, r.returncode) == (
        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n" + "".join(
            f"64 bytes from 127.0.0.1: icmp_seq={i} ttl=64 time=T ms\n" for i in (1, 2, 3)) + "k\n0\n", "", 0)
