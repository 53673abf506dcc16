"""$LINENO, FUNCNAME, BASH_LINENO, BASH_SOURCE and `caller` (course_lib/shell/callstack.py), pinned as bash 5.2 -c
printed them (measured on this machine's /usr/bin/bash; tests/shell/data/bash_cases.txt compares more live)."""
from __future__ import annotations

from shell_helpers import make_ctx

from course_lib.shell.interpreter import run_script


def _run(script: str) -> tuple[str, str, int]:
    result = run_script(make_ctx(), script)
    return result.stdout, result.stderr, result.returncode


def test_lines_of_functions_eval_and_substitutions_count_as_bash_counts_them() -> None:
    script = ('f() {\n  echo "$LINENO ${FUNCNAME[*]} ${BASH_LINENO[*]} ${BASH_SOURCE[*]}"\n  caller 0\n}\n'
              "g() { f; }\ng\neval $'echo $LINENO\\necho $LINENO'\nx=$(\necho $LINENO); echo $x\ncaller; echo $?")
    assert _run(script) == ("2 f g 5 6 environment environment\n5 g environment\n7\n8\n9\n1\n", "", 0)


def test_a_sourced_file_is_a_frame_and_return_ends_it() -> None:
    script = ("printf 'echo $LINENO ${BASH_SOURCE[0]} ${BASH_LINENO[0]}\\ncaller\\nreturn 5\\necho no\\n' > /s.sh\n"
              ". /s.sh; echo rc=$?")
    assert _run(script) == ("1 /s.sh 2\n2 NULL\nrc=5\n", "", 0)


def test_a_multi_line_command_has_the_line_bash_gives_it() -> None:
    assert _run("echo \\\n$LINENO\n\"multi\nline\" 2>/dev/null; echo $LINENO\nfor i in \\\n 1; do echo $LINENO; done") \
        == ("2\n4\n6\n", "", 0)


def test_caller_refuses_a_bad_frame_number_as_bash_does_and_changes_nothing() -> None:
    assert _run("caller x; echo $?; f() { caller -1; echo $?; caller x; echo $?; caller 5; echo $?; }; f") == (
        "1\n2\n2\n1\n",
        "bash: caller: -1: invalid option\ncaller: usage: caller [expr]\n"
        "bash: caller: x: invalid number\ncaller: usage: caller [expr]\n", 0)


def test_lineno_ignores_an_assignment_and_unset_makes_it_plain() -> None:
    assert _run("LINENO=100; echo $LINENO\necho $((LINENO + 1))\nunset LINENO; echo \"[$LINENO]\"") == \
        ("1\n3\n[]\n", "", 0)
