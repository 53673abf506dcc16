"""The table of commands a simulated machine knows, filled by the command modules with @command."""
from __future__ import annotations

import importlib
from typing import Callable, Optional, TYPE_CHECKING

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext
    from course_lib.result import CommandResult

# A command takes the execution context, its argv (argv[0] is the command name) and its stdin text.
CommandFn = Callable[["ExecContext", list[str], str], "CommandResult"]

_COMMANDS: dict[str, CommandFn] = {}

# Modules that register commands; imported on the first lookup so `import course_lib` stays light.
# Each helper adds its module here (one line each).
COMMAND_MODULES: list[str] = [
    "course_lib.shell.coreutils_builtin",
]
_loaded = False


def command(*names: str) -> Callable[[CommandFn], CommandFn]:
    """Register a function as the implementation of one or more command names."""
    def decorate(fn: CommandFn) -> CommandFn:
        for name in names:
            _COMMANDS[name] = fn
        return fn
    return decorate


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in COMMAND_MODULES:
            importlib.import_module(module)


def lookup(name: str) -> Optional[CommandFn]:
    """The implementation of command `name` (a bare name or a path like /usr/sbin/ip), or None."""
    _load()
    return _COMMANDS.get(name.rsplit("/", 1)[-1]) if name else None


def names() -> list[str]:
    _load()
    return sorted(_COMMANDS)
