"""The interpreter's state types: control-flow exceptions, output sinks, stdin streams, terminal memory."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ShellExit(Exception):
    def __init__(self, rc: int) -> None:
        super().__init__(rc)
        self.rc = rc


class LoopControl(Exception):
    def __init__(self, kind: str, levels: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.levels = levels


class FunctionReturn(Exception):
    def __init__(self, rc: int) -> None:
        super().__init__(rc)
        self.rc = rc


class RedirectError(Exception):
    pass


class Stream(str):
    """A command's stdin text with a read position, so `while read line` consumes it line by line."""

    pos: int = 0


def as_stream(text: str) -> Stream:
    stream = Stream(text)
    stream.pos = 0
    return stream


def remaining(stdin: str) -> str:
    """The unread part of stdin (what a program started now would read)."""
    return str(stdin[stdin.pos:]) if isinstance(stdin, Stream) else stdin


@dataclass
class Sink:
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    seq: list[tuple[bool, str]] = field(default_factory=list)   # the terminal's order (top-level sink only)
    top: bool = False

    def put(self, text: str, is_err: bool) -> None:
        (self.err if is_err else self.out).append(text)
        if self.top:
            self.seq.append((is_err, text))


@dataclass
class PersistentState:
    """What a terminal keeps between command lines: variables, exported names, functions."""

    vars: dict[str, str]
    exported: set[str]
    functions: dict[str, Any]
    aliases: dict[str, str] = field(default_factory=dict)
    last_rc: int = 0
    cwd: str = "/root"
    env: dict[str, str] = field(default_factory=dict)
