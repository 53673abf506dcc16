"""A few more everyday tools: find (-name -iname -type -maxdepth -mindepth), less/more (a non-tty
pager is cat), clear."""
from __future__ import annotations

import fnmatch
import posixpath
from typing import TYPE_CHECKING

from course_lib.result import CommandResult
from course_lib.shell.fs_view import View
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


def _find_error(text: str) -> CommandResult:
    return CommandResult("", text, 1)


@command("find")
def find(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    paths = []
    while args and not args[0].startswith("-") and args[0] not in ("(", "!"):
        paths.append(args.pop(0))
    tests: list[tuple[str, str]] = []
    maxdepth, mindepth = 1 << 30, 0
    while args:
        opt = args.pop(0)
        if opt in ("-print", "-print0"):
            continue
        if opt in ("-name", "-iname", "-type", "-maxdepth", "-mindepth", "-path"):
            if not args:
                return _find_error(f"find: missing argument to `{opt}'\n")
            value = args.pop(0)
            if opt == "-maxdepth" or opt == "-mindepth":
                if not value.isdigit():
                    return _find_error(f"find: Expected a positive decimal integer argument to {opt}, "
                                       f"but got ‘{value}’\n")
                if opt == "-maxdepth":
                    maxdepth = int(value)
                else:
                    mindepth = int(value)
                continue
            if opt == "-type" and value not in ("f", "d", "l"):
                return _find_error(f"find: Unknown argument to -type: {value}\n")
            tests.append((opt, value))
            continue
        return _find_error(f"find: unknown predicate `{opt}'\n" if opt.startswith("-")
                           else f"find: paths must precede expression: `{opt}'\n")
    view = View(ctx)
    out, err = [], []

    def matches(path: str, kind: str) -> bool:
        name = posixpath.basename(path.rstrip("/")) or path
        for opt, value in tests:
            if opt == "-name" and not fnmatch.fnmatchcase(name, value):
                return False
            if opt == "-iname" and not fnmatch.fnmatchcase(name.lower(), value.lower()):
                return False
            if opt == "-path" and not fnmatch.fnmatchcase(path, value):
                return False
            if opt == "-type" and value != kind:
                return False
        return True

    def walk(path: str, depth: int) -> None:
        node = view.lstat(path)                 # find -P: a link is itself (type l), never descended into
        if node is None:
            return
        if depth >= mindepth and matches(path, "d" if node.is_dir else "l" if node.is_link else "f"):
            out.append(path + "\n")
        if node.is_dir and depth < maxdepth:
            for name in view.listdir(path):
                walk(path.rstrip("/") + "/" + name if path != "/" else "/" + name, depth + 1)

    for start in paths or ["."]:
        if view.lstat(start) is None:
            err.append(f"find: ‘{start}’: No such file or directory\n")
            continue
        walk(start, 0)
    return CommandResult("".join(out), "".join(err), 1 if err else 0)


@command("less", "more", "view", "most")
def pager(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    """On a non-terminal output (the notebook), a pager copies its input like cat."""
    from course_lib.shell.coreutils_text import cat
    files = [a for a in argv[1:] if not a.startswith(("-", "+"))]
    if not argv[0].endswith("more") or not files:
        return cat(ctx, ["cat"] + files, stdin)
    out, err = [], []
    for name in files:
        result = cat(ctx, ["cat", name], "")
        if result.returncode == 0:
            out.append(f"::::::::::::::\n{name}\n::::::::::::::\n{result.stdout}")
        else:
            err.append(f"more: cannot open {name}: No such file or directory\n")
    return CommandResult("".join(out), "".join(err), 0)


@command("clear")
def clear(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    return CommandResult("\x1b[H\x1b[2J\x1b[3J", "", 0)
