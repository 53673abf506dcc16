"""What the CLI tests compare: a command line's (stdout, stderr, exit code) on a Lab or Cluster."""
from __future__ import annotations

from typing import Any


def answer(target: Any, line: str, stdin: str = "") -> tuple[str, str, int]:
    """Run `line` (with `stdin`) on a Lab, Cluster or machine: (stdout, stderr, returncode)."""
    r = target.run(line, stdin=stdin)
    return r.stdout, r.stderr, r.returncode
