"""Cases the third session's bad-input hunt found in the new shell parts (arithmetic, trap, jobs): each pinned to
what bash 5.2 answers to `bash -c SCRIPT` in a private namespace (its 'line 1: ' prefix aside, as the sim's
other builtin errors)."""
from __future__ import annotations

import pytest

from course_lib import Lab

CASES = [
    # a negative or too-large shift count was Python's ValueError (or a huge integer); x86 masks the count to 6 bits
    ("echo $((1<<64)) $((1<<-1)) $((1>>-1)) $((-8>>1)) $((1<<63)) $((3<<999999999999)) $((-1>>70))",
     "1 -9223372036854775808 0 -4 -9223372036854775808 -9223372036854775808 -1\n", "", 0),
    ("x=1; (( x <<= -1 )); echo $x; (( x >>= 65 )); echo $x", "-9223372036854775808\n-4611686018427387904\n", "", 0),
    # `trap --` was an IndexError; it lists as a bare trap
    ("trap 'echo a' EXIT; trap --; echo $?", "trap -- 'echo a' EXIT\n0\na\n", "", 0),
    ("trap foo; echo $?", "2\n", "trap: usage: trap [-lp] [[arg] signal_spec ...]\n", 0),
    ("trap -; echo $?", "2\n", "trap: usage: trap [-lp] [[arg] signal_spec ...]\n", 0),
    ("trap -x; echo $?", "2\n", "bash: trap: -x: invalid option\ntrap: usage: trap [-lp] [[arg] signal_spec ...]\n", 0),
    ("trap 'echo a' EXIT INT; trap -p EXIT BOGUS; echo $?", "trap -- 'echo a' EXIT\n1\na\n",
     "bash: trap: BOGUS: invalid signal specification\n", 0),
    ("trap -lp | head -1", " 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n", "", 0),
]


@pytest.mark.parametrize("script, out, err, rc", CASES)
def test_as_bash(script: str, out: str, err: str, rc: int) -> None:
    result = Lab().run(script)
    assert (result.stdout, result.stderr, result.returncode) == (out, err, rc)


@pytest.mark.parametrize("script, out, err, rc", [
    # a job named twice was removed twice (list.remove's ValueError); bash takes the specs one at a time
    ("sleep 1 & disown %1 %1; echo $?; jobs", "1\n", "bash: disown: %1: no such job\n", 0),
    ("sleep 1 & sleep 2 & disown %1 %2 %1; echo $?; jobs", "1\n", "bash: disown: %1: no such job\n", 0),
    ("sleep 1 & sleep 2 & disown -h %1 %1; echo $?; jobs", "0\n[1]-  Running                 sleep 1 &\n"
     "[2]+  Running                 sleep 2 &\n", "", 0),
])
def test_disown_as_bash(script: str, out: str, err: str, rc: int) -> None:
    result = Lab().run(script)
    assert (result.stdout, result.stderr, result.returncode) == (out, err, rc)


@pytest.mark.parametrize("script, out", [
    # =~ handed the POSIX ERE to Python's re: [[:alpha:]] was a set of ':alph' (and a FutureWarning that -W error
    # turned into an internal error); an invalid expression is status 2, not 1
    ("[[ x =~ [[:alpha:]] ]]; echo $?", "0\n"),
    ("[[ 5 =~ ^[[:digit:]]+$ ]]; echo $?", "0\n"),
    ("[[ a: =~ [[:alpha:]]: ]]; echo $? ${BASH_REMATCH[0]}", "0 a:\n"),
    ("[[ 'a b' =~ a[[:space:]]b ]]; echo $?", "0\n"),
    ("[[ x =~ [[:bogus:]] ]]; echo $?", "2\n"),
    ("[[ a =~ [ ]]; echo $?", "2\n"),
    ("[[ 'a.b' =~ \"a.b\" ]]; echo $?; [[ 'axb' =~ \"a.b\" ]]; echo $?", "0\n1\n"),
    ("[[ 10.0.0.1 =~ ^([0-9]+)\\.([0-9]+) ]] && echo ${BASH_REMATCH[2]}", "0\n"),
])
def test_regex_match_as_bash(script: str, out: str) -> None:
    result = Lab().run(script)
    assert (result.stdout, result.stderr, result.returncode) == (out, "", 0)
