"""A process's identity (uid, gid, groups) and the names /etc/passwd and /etc/group give them.

A command runs as root unless its context says otherwise (ExecContext.user: a container's process started with
`docker run -u` or `docker exec -u`); `id` and `whoami` print it with the names of the machine's own files.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


@dataclass(frozen=True)
class Identity:
    """A process's credentials: uid, gid and its groups (the gid first)."""

    uid: int
    gid: int
    groups: tuple[int, ...]


ROOT = Identity(0, 0, (0,))


def of(ctx: Any) -> Identity:
    """The identity a command runs with."""
    return getattr(ctx, "user", None) or ROOT


def machine_file(ctx: Any, path: str) -> Optional[str]:
    """/etc/passwd or /etc/group of the machine the command runs on (None when it has none)."""
    from course_lib.shell.fs import get_fs
    fs = get_fs(ctx.machine)
    return fs.read(path) if fs.exists(path) else None


def rows(text: str, width: int) -> list[list[str]]:
    """The colon-separated lines of a passwd/group file, short lines padded (libcontainer's parseLine)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            parts = line.split(":")
            out.append(parts + [""] * (width - len(parts)))
    return out


def id_number(text: str) -> int:
    """A uid/gid column as strconv.Atoi reads it (0 when it is not a number)."""
    body = text[1:] if text[:1] in "+-" else text
    return int(text) if body.isdigit() and body.isascii() else 0


def name_of(number: int, text: Optional[str]) -> Optional[str]:
    """The name of the first entry of a passwd or group file with that id."""
    for row in rows(text or "", 3):
        if id_number(row[2]) == number:
            return row[0]
    return None
