"""A helper of the netfilter tests: a table of command lines the real tool refuses, with its first error line."""
from __future__ import annotations

from typing import Any


def refused(lab: Any, command: str, cases: dict[str, str], prefix: str, rc: int = 2) -> None:
    """Each `command ARGS` of `cases` fails with `rc` and `prefix + message` as its first stderr line."""
    for args, message in cases.items():
        r = lab.run(f"{command} {args}")
        assert (r.returncode, r.stderr.splitlines()[0]) == (rc, prefix + message), args
