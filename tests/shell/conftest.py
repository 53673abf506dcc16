"""Fixtures for the shell tests: a tiny machine and context, without the Lab facade."""
from __future__ import annotations

import pytest
from shell_helpers import make_ctx

from course_lib.shell.context import ExecContext


@pytest.fixture
def ctx() -> ExecContext:
    return make_ctx()


@pytest.fixture
def sh(ctx):
    """Run a script in the fixture's context: sh("echo hi") -> CommandResult."""
    from course_lib.shell.interpreter import run_script

    def run(script: str, stdin: str = ""):
        return run_script(ctx, script, stdin)
    return run
