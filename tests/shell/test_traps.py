"""The trap builtin and when bash runs EXIT, ERR, DEBUG and RETURN actions (course_lib/shell/traps.py), pinned as bash
5.2 -c printed them (measured on this machine's /usr/bin/bash; tests/shell/data/bash_cases.txt compares more live)."""
from __future__ import annotations

from shell_helpers import make_ctx

from course_lib.shell.interpreter import run_script


def _run(script: str) -> tuple[str, str, int]:
    result = run_script(make_ctx(), script)
    return result.stdout, result.stderr, result.returncode


def test_debug_err_return_and_a_subshells_exit_trap() -> None:
    script = """trap 'echo "D $LINENO [$BASH_COMMAND]"' DEBUG
x=1; echo $x | cat
trap - DEBUG
trap 'echo "E $LINENO [$BASH_COMMAND] $?"' ERR
false
[[ a == b ]]
h() { false; }; h
set -E; h; set +E
trap - ERR
r() { trap 'echo "R ${FUNCNAME[0]} $?"' RETURN; false; return 3; }; r; echo rc=$?
trap - RETURN
( trap "echo sub \\$?" EXIT; exit 4 ); echo rc=$?
echo | trap "echo never" EXIT; trap -p EXIT; echo end"""
    assert _run(script) == ("D 2 [x=1]\nD 2 [echo $x]\nD 2 [cat]\n1\nD 3 [trap - DEBUG]\nE 5 [false] 1\n"
                            "E 6 [[[ a == b ]]] 1\nE 7 [false] 1\nE 7 [false] 1\nE 8 [false] 1\nR r 1\nrc=3\n"
                            "sub 4\nrc=4\nnever\nend\n", "", 0)


def test_a_function_runs_debug_only_with_functrace() -> None:
    script = ("trap 'echo \"D [$BASH_COMMAND] ${FUNCNAME[0]-top}\"' DEBUG; k() { echo k; }; k; set -T; k; "
              "trap - DEBUG; echo $-")
    assert _run(script) == ("D [k] top\nk\nD [set -T] top\nD [k] top\nD [k] k\nD [echo k] k\nk\n"
                            "D [trap - DEBUG] top\nhBTc\n", "", 0)


def test_a_subshell_lists_its_parents_traps_and_keeps_its_own() -> None:
    assert _run("trap 'echo top' EXIT; ( trap; trap 'echo own' EXIT ); y=$(trap 'echo cs' EXIT); echo \"[$y]\"") \
        == ("trap -- 'echo top' EXIT\nown\n[cs]\ntop\n", "", 0)


def test_a_bad_signal_is_refused_and_the_other_traps_are_set() -> None:
    assert _run("trap 'echo x' NOSIG USR1; echo $?; trap -p") == (
        "1\ntrap -- 'echo x' SIGUSR1\n", "bash: trap: NOSIG: invalid signal specification\n", 0)
