"""Commands nested deeper than the parser's stack are bash's syntax error; deeper than the interpreter runs, a clear
one-line error: never an internal RecursionError (found by tests/shell/test_shell_garbage_fuzz.py)."""
from __future__ import annotations


def test_moderate_nesting_runs(sh):
    assert sh("{ " * 100 + "echo hi; " + "}; " * 100).stdout == "hi\n"
    assert sh("if true; then " * 100 + "echo x; " + "fi; " * 100).stdout == "x\n"


def test_too_deep_for_the_parser_is_a_syntax_error(sh):
    r = sh("{ " * 3000 + "echo hi; " + "}; " * 3000)
    assert (r.stdout, r.stderr, r.returncode) == ("", "bash: syntax error near unexpected token `{'\n", 2)


def test_too_deep_to_run_is_a_clear_error(sh):
    r = sh("( " * 199 + "echo hi" + " )" * 199)
    assert (r.stderr, r.returncode) == ("bash: maximum nesting level exceeded\n", 2)
    assert sh("echo after").stdout == "after\n"
