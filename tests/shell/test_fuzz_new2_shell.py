"""Property: random and mutated lines of the third session's shell parts -- background jobs (CMD &, jobs, wait,
kill, $!, nc -l in a job), ${s^^} and the other parameter operators, BASE#N arithmetic, read/mapfile/let/trap,
PIPESTATUS, set -x, [[ =~ ]] -- never raise or hang; a line that fails as one job builtin or one read/mapfile/let
changes no file and leaves no job behind; every job a session started is gone after `kill` and `wait`."""
from __future__ import annotations

import os
import random

from hypothesis import given
from hypothesis import strategies as st

from course_lib import Lab
from tests.fuzz_support import check_result, fixed, random_line

VALID = [
    "sleep 5 &", "sleep 1 & wait", "sleep 2 & wait $!; echo $?", "wait -n", "wait %1", "wait %2 %1", "wait 99999",
    "jobs", "jobs -l", "jobs -p", "jobs -r", "jobs %1", "jobs -x echo %1", "kill %1", "kill -9 %1", "kill -l",
    "kill -s HUP %1", "kill -STOP %1", "kill $!", "kill 0", "echo $!", "fg", "bg %1", "disown %1", "disown -a",
    "nc -l 8080 > /tmp/got &", "nc -l -p 8081 & sleep 1; echo hi | nc 127.0.0.1 8081; wait", "ping -c 2 127.0.0.1 &",
    "(sleep 1; exit 3) & wait $!; echo $?", "f() { sleep 1 & }; f; wait", "timeout 1 sleep 5 & wait",
    "for i in 1 2 3; do sleep $i & done; wait -n; echo $?", "sleep inf &", "true | sleep 1 &", "x=$(sleep 1 &)",
    "s=hello; echo ${s^^} ${s,,} ${s~~} ${s^} ${s^[lh]} ${s:1:2} ${s: -2} ${s@U} ${s@Q} ${s@L} ${s@u} ${s@E}",
    "a=(1 2 3); echo ${a[@]:1:2} ${a[@]: -1} ${#a[@]}", "set -- a b c; echo ${@:2} ${@:0:1}", "echo ${s:x}",
    "echo $((2#101)) $((16#ff)) $((0x10)) $((010)) $((64#@)) $((36#z))", "echo $((08))", "echo $((2#2))",
    "echo $((1<<70)) $((7>>-2))", "echo $((2**63)) $((-2**64))", "(( x = 5 ** 3 )); echo $x", "let x=1+2 y=x*3",
    "read a b <<< 'x y z'; echo $a $b", "read -a arr <<< '1 2'; echo ${arr[1]}", "read -n 2 c <<< abc; echo $c",
    "read -d , d <<< 'a,b'; echo $d", "read -t 0 e", "read -r -p prompt f <<< x", "read -s g <<< x",
    "mapfile -t lines < /etc/hosts; echo ${#lines[@]}", "readarray -n 1 x < /etc/hosts", "mapfile -d , m <<< 'a,b'",
    "trap 'echo bye' EXIT", "trap - EXIT", "trap -p", "trap -l", "trap '' INT", "trap 'echo t' TERM; kill $$",
    "true | false | true; echo ${PIPESTATUS[@]}", "set -x; x=1; echo $x; set +x", "set -x; for i in 1; do :; done",
    "[[ abc =~ ^a(b)c$ ]] && echo ${BASH_REMATCH[1]}", "[[ a =~ (a|b)+ ]]; echo $?", "[[ x =~ [[:alpha:]] ]]",
]
VOCAB = ("sleep 1 5 inf 0 & && || ; wait -n %1 %2 %+ %- %% %x $! $$ jobs -l -p -r -x kill -9 -s HUP TERM KILL STOP "
         "-l fg bg disown -a -h nc -l 8080 -p ping -c 127.0.0.1 timeout read -a -d -n -N -p -r -s -t -u 3 mapfile "
         "readarray -t -C -c -O -s let trap EXIT ERR - -- '' echo ${s^^} ${s,,} ${s~} ${s^[} ${s:1:-9} ${s@X} "
         "${a[@]:-1} $((2#)) $((10#)) $((64#@)) $((1<<-1)) $((0x)) (( )) [[ =~ ]] ( ) { } PIPESTATUS set -x +x "
         "-o pipefail -e x=1 s=hi a=(1) f() /tmp/got /etc/hosts <<< < >").split()
TOOLS = ["wait", "jobs", "kill", "read", "mapfile", "let", "trap", "echo", "sleep 1 &", "[["]


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 25)))
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_third_session_shell_lines_never_raise_and_jobs_end(seed: int) -> None:
    rng = random.Random(seed)
    lab = Lab()
    for _ in range(8):
        line = random_line(rng, VALID, TOOLS, VOCAB)
        check_result(line, lab.run(line))
    check_result("cleanup", lab.run("trap - EXIT; kill -9 $(jobs -p) 2>/dev/null; wait"))  # jobs' last output
    result = lab.run("jobs")
    assert (result.stdout, result.stderr) == ("", ""), result
