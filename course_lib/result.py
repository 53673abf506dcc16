"""The outcome of one command line: stdout, stderr and exit code, as bash would give them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CommandResult:
    """What a shell gives back for a command or a script."""

    stdout: str = ""
    stderr: str = ""
    returncode: int = 0
    # the same output in the order a terminal shows it: (is_stderr, text) pieces; empty when unknown
    chunks: tuple[tuple[bool, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when the command exited 0."""
        return self.returncode == 0

    def __str__(self) -> str:
        return self.stdout + self.stderr


def _init(self: CommandResult, stdout: str = "", stderr: str = "", returncode: int = 0,
          chunks: tuple[tuple[bool, str], ...] = ()) -> None:
    """The dataclass __init__ (same fields and defaults) without frozen's object.__setattr__ per field:
    every command makes results, several per command line."""
    fields = self.__dict__
    fields["stdout"] = stdout
    fields["stderr"] = stderr
    fields["returncode"] = returncode
    fields["chunks"] = chunks


CommandResult.__init__ = _init  # type: ignore[method-assign]
_new = object.__new__


def result_of(stdout: str, stderr: str, returncode: int) -> CommandResult:
    """CommandResult(stdout, stderr, returncode), for hot paths: type() calls a Python __init__ the slow way."""
    result = _new(CommandResult)
    _init(result, stdout, stderr, returncode)
    return result


class CommandError(Exception):
    """A failure a command reports as text on stderr with an exit code (never a traceback)."""

    def __init__(self, message: str, returncode: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode
