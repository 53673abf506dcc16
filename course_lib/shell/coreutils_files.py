"""File commands of GNU coreutils 9.1 on the virtual fs: mkdir, rmdir, touch, rm, cp, mv, chmod (ls: coreutils_ls)."""
from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, try_help, usage_result
from course_lib.shell.fs import FsError, Node
from course_lib.shell.fs_links import ELOOP
from course_lib.shell.fs_view import View
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


def _result(out: list[str], err: list[str], rc_on_error: int = 1) -> CommandResult:
    return CommandResult("".join(out), "".join(err), rc_on_error if err else 0)


# ---- mkdir / rmdir / touch ------------------------------------------------------------------------

@command("mkdir")
def mkdir(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "pvm:", {"parents": "-p", "verbose": "-v", "mode=": "-m"})
        if not opts.operands:
            raise UsageError(f"mkdir: missing operand\n{try_help('mkdir')}")
    except UsageError as error:
        return usage_result(error)
    view = View(ctx)
    out, err = [], []
    for operand in opts.operands:
        try:
            existed = view.exists(operand)
            view.mkdir(operand, parents=opts.has("-p"))
            if opts.value("-m"):
                view.fs.chmod(view.resolve(operand), int(opts.value("-m") or "755", 8))
            if opts.has("-v") and not existed:
                out.append(f"mkdir: created directory '{operand}'\n")
        except FsError as error:
            shown = operand
            if opts.has("-p") and error.strerror == "Not a directory":
                pieces = operand.rstrip("/").split("/")
                for cut in range(1, len(pieces) + 1):
                    prefix = "/".join(pieces[:cut]) or "/"
                    node = view.stat(prefix)
                    if node is not None and not node.is_dir:
                        shown = "/".join(pieces[:cut])
                        break
            what = f"cannot create directory ‘{shown}’: {error.strerror}"
            if opts.has("-p") and error.strerror == "File exists":
                try:
                    view.lookup(operand)            # mkdir -p stats what exists: a loop of links says why
                except FsError as why:
                    if why.strerror == ELOOP:
                        what = f"cannot stat ‘{operand}’: {ELOOP}"
            err.append(f"mkdir: {what}\n")
        except ValueError:
            err.append(f"mkdir: invalid mode ‘{opts.value('-m')}’\n")
    return _result(out, err)


@command("rmdir")
def rmdir(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "pv", {"parents": "-p", "verbose": "-v"})
        if not opts.operands:
            raise UsageError(f"rmdir: missing operand\n{try_help('rmdir')}")
    except UsageError as error:
        return usage_result(error)
    view = View(ctx)
    err = []
    for operand in opts.operands:
        node = view.stat(operand)
        try:
            if node is not None and not node.is_dir:
                raise FsError(operand, "Not a directory")
            view.remove(operand, recursive=False)
        except FsError as error:
            err.append(f"rmdir: failed to remove '{operand}': {error.strerror}\n")
    return _result([], err)


@command("touch")
def touch(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "acmd:t:r:", {"no-create": "-c"})
        if not opts.operands:
            raise UsageError(f"touch: missing file operand\n{try_help('touch')}")
    except UsageError as error:
        return usage_result(error)
    view = View(ctx)
    err = []
    for operand in opts.operands:
        node = view.stat(operand)
        try:
            if node is None:
                if not opts.has("-c"):
                    view.write(operand, "")
            elif not node.is_dir and not view.resolve(operand).startswith(("/proc/", "/sys/")):
                view.fs.touch(view.resolve(operand))
        except FsError as error:
            err.append(f"touch: cannot touch '{operand}': {error.strerror}\n")
    return _result([], err)


# ---- rm / cp / mv ---------------------------------------------------------------------------------

@command("rm")
def rm(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "frRivd", {"force": "-f", "recursive": "-r", "verbose": "-v", "dir": "-d",
                                       "no-preserve-root": "--no-preserve-root"})
        if not opts.operands and not opts.has("-f"):
            raise UsageError(f"rm: missing operand\n{try_help('rm')}")
    except UsageError as error:
        return usage_result(error)
    view = View(ctx)
    recursive, force = opts.has("-r", "-R"), opts.has("-f")
    out, err = [], []
    for operand in opts.operands:
        full = view.abspath(operand)
        if full == "/" and recursive:
            err.append("rm: it is dangerous to operate recursively on '/'\n"
                       "rm: use --no-preserve-root to override this failsafe\n")
            continue
        node = view.lstat(operand)
        if node is None:
            if not force:
                err.append(f"rm: cannot remove '{operand}': No such file or directory\n")
            continue
        if node.is_dir and recursive and operand.endswith("/") and (view.lstat(operand.rstrip("/")) or node).is_link:
            for name in view.listdir(operand):               # rm -r LINK/: the directory's entries go, the
                view.remove(posixpath.join(operand, name), recursive=True)   # link stays (unlinkat: ENOTDIR)
            err.append(f"rm: cannot remove '{operand}': Not a directory\n")
            continue
        if node.is_dir and not recursive and not (opts.has("-d") and not view.listdir(operand)):
            err.append(f"rm: cannot remove '{operand}': Is a directory\n")
            continue
        try:
            view.remove(operand, recursive=True)
            if opts.has("-v"):
                out.append(f"removed {'directory ' if node.is_dir else ''}'{operand}'\n")
        except FsError as error:
            err.append(f"rm: cannot remove '{operand}': {error.strerror}\n")
    return _result(out, err)


def _copy_or_move(ctx: "ExecContext", argv: list[str], move: bool) -> CommandResult:
    prog = "mv" if move else "cp"
    try:
        opts = getopt(argv, "rRafvpniT", {"recursive": "-r", "archive": "-a", "force": "-f",
                                          "verbose": "-v", "no-clobber": "-n"})
        if not opts.operands:
            raise UsageError(f"{prog}: missing file operand\n{try_help(prog)}")
        if len(opts.operands) == 1:
            raise UsageError(f"{prog}: missing destination file operand after '{opts.operands[0]}'\n"
                             f"{try_help(prog)}")
    except UsageError as error:
        return usage_result(error)
    view = View(ctx)
    *sources, dest = opts.operands
    dest_is_dir = view.is_dir(dest)
    if len(sources) > 1 and not dest_is_dir:
        why = "is not a directory" if view.exists(dest) else ": No such file or directory"
        return CommandResult("", f"{prog}: target '{dest}'{' ' if why[0] != ':' else ''}{why}\n", 1)
    recursive = move or opts.has("-r", "-R", "-a")
    out, err = [], []
    for source in sources:
        node = view.lstat(source) if recursive else view.stat(source)   # mv, cp -r/-a: a link as itself (-P)
        if node is None:
            err.append(f"{prog}: cannot stat '{source}': No such file or directory\n")
            continue
        if node.is_dir and not recursive:
            err.append(f"cp: -r not specified; omitting directory '{source}'\n")
            continue
        src_full = view.resolve(source, follow=not node.is_link)
        target = posixpath.join(dest, posixpath.basename(src_full)) if dest_is_dir else dest
        dst_full = view.resolve(target, follow=not move)
        if src_full == "/":
            err.append(f"mv: cannot move '{source}' to '{target}': Device or resource busy\n" if move else
                       f"cp: cannot copy a directory, '{source}', into itself, '{target}'\n")
            continue
        if dst_full == src_full or dst_full.startswith(src_full + "/"):
            what = "'{0}' and '{1}' are the same file" if dst_full == src_full else (
                "cannot move '{0}' to a subdirectory of itself, '{1}'" if move else
                "cannot copy a directory, '{0}', into itself, '{1}'")
            err.append(f"{prog}: " + what.format(source, target, "move" if move else "copy") + "\n")
            if not move and dst_full != src_full and view.lstat(target) is None:
                view.fs.copy_tree(src_full, dst_full)     # cp made the copy of what was there, then met it
            continue
        try:
            if node.is_dir:
                if view.exists(target) and not view.is_dir(target):
                    raise FsError(target, "Not a directory")
                view.fs.check_parent(dst_full)
                view.fs.copy_tree(src_full, dst_full)
            elif move or node.is_link:
                if (view.lstat(target) or node).is_dir:
                    raise FsError(target, "Is a directory")
                view.fs.check_parent(dst_full)
                if move:
                    view.fs.rename(src_full, dst_full)
                else:
                    view.fs.nodes[dst_full] = node
            else:
                existing = view.stat(target)
                if existing is not None and existing.is_dir:
                    raise FsError(target, "Is a directory")
                if existing is None and (view.lstat(target) or node).is_link:
                    err.append(f"cp: not writing through dangling symlink '{target}'\n")
                    continue
                if src_full.startswith(("/proc/", "/sys/")) or dst_full.startswith(("/proc/", "/sys/")):
                    view.write(target, view.read(source))
                else:
                    view.fs.check_parent(dst_full)
                    mode = existing.mode if existing is not None else node.mode
                    view.fs.store(dst_full, Node("file", mode, node.data, view.fs.now(), node.fn))
            if move and node.is_dir:
                view.remove(source, recursive=True)
            if opts.has("-v"):
                out.append(f"{'renamed ' if move else ''}'{source}' -> '{target}'\n")
        except FsError as error:
            verb = "cannot move" if move else "cannot create regular file"
            if move:
                err.append(f"mv: cannot move '{source}' to '{target}': {error.strerror}\n")
            else:
                err.append(f"cp: {verb} '{target}': {error.strerror}\n")
    return _result(out, err)


@command("cp")
def cp(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    return _copy_or_move(ctx, argv, move=False)


@command("mv")
def mv(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    return _copy_or_move(ctx, argv, move=True)


# ---- chmod ----------------------------------------------------------------------------------------

def _parse_mode(spec: str, current: int, is_dir: bool) -> Optional[int]:
    if re.fullmatch(r"[0-7]{1,4}", spec):
        return int(spec, 8)
    mode = current
    for clause in spec.split(","):
        m = re.fullmatch(r"([ugoa]*)([-+=])([rwxXst]*)", clause)
        if not m:
            return None
        who = m.group(1) or "a"
        bits = 0
        for letter in m.group(3):
            value = {"r": 4, "w": 2, "x": 1, "X": 1 if (is_dir or current & 0o111) else 0, "s": 0, "t": 0}[letter]
            for w in who:
                shifts = {"u": [6], "g": [3], "o": [0], "a": [6, 3, 0]}[w]
                for shift in shifts:
                    bits |= value << shift
            if letter == "t":
                bits |= 0o1000
        if m.group(2) == "+":
            mode |= bits
        elif m.group(2) == "-":
            mode &= ~bits
        else:
            mask = 0
            for w in who:
                for shift in {"u": [6], "g": [3], "o": [0], "a": [6, 3, 0]}[w]:
                    mask |= 7 << shift
            mode = (mode & ~mask) | bits
    return mode


@command("chmod")
def chmod(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = [a for a in argv[1:] if a not in ("-R", "-v", "-f")]
    if not args:
        return CommandResult("", f"chmod: missing operand\n{try_help('chmod')}\n", 1)
    if len(args) == 1:
        return CommandResult("", f"chmod: missing operand after ‘{args[0]}’\n{try_help('chmod')}\n", 1)
    spec, paths = args[0], args[1:]
    if _parse_mode(spec, 0o644, False) is None:
        return CommandResult("", f"chmod: invalid mode: ‘{spec}’\n{try_help('chmod')}\n", 1)
    view = View(ctx)
    err = []
    for path in paths:
        node = view.stat(path)
        if node is None:
            err.append(f"chmod: cannot access '{path}': No such file or directory\n")
            continue
        full = view.resolve(path)
        if full in view.fs.nodes:
            view.fs.chmod(full, _parse_mode(spec, node.mode, node.is_dir) or 0)
    return _result([], err)
