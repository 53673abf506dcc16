"""The simulated shell against the real bash 5.2 / coreutils 9.1 of this machine, case by case.

Each line of data/bash_cases.txt (`ML:` lines hold multi-line scripts, with \\n) runs in a scratch directory with the same two files, once in real
bash and once in the simulation; stdout, stderr and the exit code must be identical.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from shell_helpers import drop_line_numbers, make_ctx, terminal_signals

from course_lib.shell.interpreter import run_script

CASES = [line[3:].replace("\\n", "\n").replace("\\t", "\t") if line.startswith("ML:") else line
         for line in (Path(__file__).parent / "data" / "bash_cases.txt").read_text().split("\n")
         if line.strip() and not line.startswith("#")]   # ML: a multi-line case with \n escapes
SETUP = ("mkdir -p {d} && cd {d} && printf 'a b c\\nd e f\\nfoo bar\\nFoo BAR baz\\n' > f1 && "
         "printf '3 x\\n1 y\\n2 z\\n10 w\\n1 y\\n' > nums; ")


def _real(script: str) -> tuple[str, str, int]:
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8"}
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=30,
                          preexec_fn=terminal_signals)
    # bash -c names the line in messages; an interactive terminal (what the course models) does not
    return proc.stdout, drop_line_numbers(proc.stderr), proc.returncode


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs the real bash to compare with")
@pytest.mark.parametrize("case", CASES)
def test_same_as_real_bash(case: str, tmp_path: Path) -> None:
    scratch = str(tmp_path / "scratch")
    script = SETUP.format(d=scratch) + case
    expected = _real(script)
    shutil.rmtree(scratch, ignore_errors=True)
    result = run_script(make_ctx(), script)
    assert (result.stdout, result.stderr, result.returncode) == expected
    assert os.path.isdir(str(tmp_path))
