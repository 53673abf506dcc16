"""`docker rename CONTAINER NEW_NAME` (docker/cli container/rename.go and moby daemon/rename.go)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from course_lib.docker.cli_util import parse_flags
from course_lib.docker.engine import Engine
from course_lib.result import CommandResult

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


def rename(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    """The daemon's refusal is printed, then the CLI's own `Error: failed to rename container named OLD`."""
    _, rest = parse_flags("rename", args, {}, {})
    old, new = rest[0].strip(), rest[1].strip().removeprefix("/")
    if not old or not new:
        return CommandResult("", "Error: Neither old nor new names may be empty\n", 1)
    c = engine.find_container(old)
    problem = ""
    if c is None:
        problem = f"No such container: {old}"
    elif c.name == new:
        problem = "Renaming a container with the same name as its current name"
    elif not re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+", new):
        problem = f"Invalid container name ({new}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
    else:
        clash = next((o for o in engine.containers.values() if o.name == new), None)
        if clash is not None:
            problem = (f'Error when allocating new name: Conflict. The container name "/{new}" is already in use by '
                       f'container "{clash.id}". You have to remove (or rename) that container to be able to reuse '
                       "that name")
    if problem:
        return CommandResult("", f"Error response from daemon: {problem}\nError: failed to rename container named "
                                 f"{old}\n", 1)
    c.name = new
    return CommandResult("", "", 0)
