"""Link commands of GNU coreutils 9.1 on the virtual fs: ln -s, readlink, realpath.

Texts and exit codes measured with coreutils 9.1 in a private mount namespace (tests/shell/data/
bash_cases.txt keeps the comparisons). Names in error messages are quoted as gnulib's quotef/quoteaf do.
"""
from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, try_help, usage_result
from course_lib.shell.fs import EEXIST, ENOENT, ENOTDIR, FsError
from course_lib.shell.fs_links import CAN_ALL_BUT_LAST, CAN_EXISTING, CAN_MISSING, canonicalize
from course_lib.shell.fs_view import View
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

_SAFE = re.compile(r"[A-Za-z0-9_./:@%+,-]|[^\x00-\x7f]")
_NO_DOUBLE = set('"$`\\!')


def quotef(name: str) -> str:
    """gnulib's shell-escape quoting of a file name: bare when safe, else in quotes ("it's", 'a b')."""
    if name and all(_SAFE.fullmatch(c) or (c in "#~" and i) for i, c in enumerate(name)):
        return name
    return quoteaf(name)


def quoteaf(name: str) -> str:
    """gnulib's shell-escape-always quoting: 'name', or "name" when it holds a single quote."""
    if "'" in name and not _NO_DOUBLE & set(name):
        return f'"{name}"'
    return "'" + name.replace("'", "'\\''") + "'"


# ---- ln -------------------------------------------------------------------------------------------

_LN_LONGS = {"symbolic": "-s", "force": "-f", "no-dereference": "-n", "no-target-directory": "-T",
             "target-directory=": "-t", "verbose": "-v", "relative": "-r", "logical": "-L", "physical": "-P",
             "interactive": "-i"}


@command("ln")
def ln(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "sfnTt:vrLPi", _LN_LONGS)
    except UsageError as error:
        return usage_result(error)
    view = View(ctx)
    targets = opts.values("-t")
    if len(targets) > 1:
        return _ln_fail("multiple target directories specified")
    if targets:
        node = view.stat(targets[0])
        if node is None or not node.is_dir:
            return _ln_fail(f"failed to access {quoteaf(targets[0])}: {ENOENT}" if node is None else
                            f"target {quoteaf(targets[0])} is not a directory")
    operands = list(opts.operands)
    if not operands:
        return usage_result(UsageError(f"ln: missing file operand\n{try_help('ln')}"))
    target_dir = targets[0] if targets else None
    if opts.has("-T"):
        if target_dir is not None:
            return _ln_fail("cannot combine --target-directory and --no-target-directory")
        if len(operands) != 2:
            what = f"missing destination file operand after {quoteaf(operands[0])}" if len(operands) < 2 else \
                f"extra operand {quoteaf(operands[2])}"
            return usage_result(UsageError(f"ln: {what}\n{try_help('ln')}"))
    elif target_dir is None:
        if len(operands) < 2:
            target_dir = "."
        elif _is_dir_target(view, operands[-1], opts.has("-n") and len(operands) == 2):
            target_dir = operands.pop()
        elif len(operands) > 2:
            node = view.stat(operands[-1])
            return _ln_fail(f"target {quoteaf(operands[-1])}: {ENOENT if node is None else ENOTDIR}")
    if opts.has("-r") and not opts.has("-s"):
        return _ln_fail("cannot do --relative without --symbolic")
    pairs = [(src, _concat(target_dir, src)) for src in operands] if target_dir is not None else \
        [(operands[0], operands[1])]
    logical = _last_mode(opts.flags, {"-L": "L", "-P": ""}) == "L"
    out, err = [], []
    for src, dest in pairs:
        message = _do_link(view, src, dest, opts.has("-s"), opts.has("-f"), opts.has("-r"), logical)
        if message:
            err.append(f"ln: {message}\n")
        elif opts.has("-v"):
            out.append(f"{quoteaf(dest)} {'-' if opts.has('-s') else '='}> {quoteaf(src)}\n")
    return CommandResult("".join(out), "".join(err), 1 if err else 0)


def _ln_fail(message: str) -> CommandResult:
    return CommandResult("", f"ln: {message}\n", 1)


def _concat(directory: str, src: str) -> str:
    """gnulib file_name_concat(dir, last_component(src)): `d` + `f` -> `d/f`, `d/` + `f` -> `d/f`."""
    base = src.rstrip("/").rsplit("/", 1)[-1] or "/"
    return directory + base if directory.endswith("/") else directory + "/" + base


def _is_dir_target(view: View, dest: str, no_dereference: bool) -> bool:
    node = view.lstat(dest) if no_dereference else view.stat(dest)
    return node is not None and node.is_dir


def _same_file(view: View, src: str, dest: str, follow_src: bool) -> bool:
    """ln's check before -f removes DEST: SOURCE is the same file (inode), and removing DEST would remove
    it (a single name, or the same name in the same directory)."""
    try:
        src_full = view.resolve(src, follow_src)
        dest_full = view.resolve(dest, follow=False)
    except FsError:
        return False
    names = view.fs.hard.get(src_full, [src_full])
    if dest_full not in names or view.lstat_physical(src_full) is None:
        return False
    if len(names) == 1:
        return True
    src_dir = view.resolve(posixpath.dirname(view.abspath(src)))
    dest_dir = view.resolve(posixpath.dirname(view.abspath(dest)))
    return src_dir == dest_dir and src_full.rsplit("/", 1)[-1] == dest_full.rsplit("/", 1)[-1]


def _do_link(view: View, src: str, dest: str, symbolic: bool, force: bool, relative: bool,
             logical: bool) -> Optional[str]:
    """ln.c's do_link: make one link; the error text (without `ln: `) or None."""
    if not symbolic:
        node = view.stat(src) if logical else view.lstat(src)
        if node is None:
            return f"failed to access {quoteaf(src)}: {ENOENT}"
        if node.is_dir:
            return f"{quotef(src)}: hard link not allowed for directory"
    existing = view.lstat(dest) if force else None
    if existing is not None and _same_file(view, src, dest, logical or symbolic):
        return f"{quoteaf(src)} and {quoteaf(dest)} are the same file"
    if existing is not None and existing.is_dir:
        return f"{quotef(dest)}: cannot overwrite directory"
    target = _relative_target(view, src, dest) if relative else src
    try:
        if existing is not None:
            view.remove(dest)
        if symbolic:
            view.symlink(target, dest)
        else:
            view.hard_link(src, dest, logical)
    except FsError as error:
        if symbolic:
            shown = f"{quoteaf(dest)} -> {quoteaf(src)}" if not src else quoteaf(dest)
            return f"failed to create symbolic link {shown}: {error.strerror}"
        shown = quoteaf(dest) if error.strerror == EEXIST else f"{quoteaf(dest)} => {quoteaf(src)}"
        return f"failed to create hard link {shown}: {error.strerror}"
    return None


def _relative_target(view: View, src: str, dest: str) -> str:
    """ln -r: the source relative to the link's directory (both canonicalized, missing parts allowed)."""
    lookup = view.lstat_physical
    source, _ = canonicalize(lookup, view.abspath(src), CAN_MISSING)
    where, _ = canonicalize(lookup, posixpath.dirname(view.abspath(dest)), CAN_MISSING)
    return posixpath.relpath(source or "/", where or "/")


# ---- readlink / realpath --------------------------------------------------------------------------

_READLINK_LONGS = {"canonicalize": "-f", "canonicalize-existing": "-e", "canonicalize-missing": "-m",
                   "no-newline": "-n", "quiet": "-q", "silent": "-s", "verbose": "-v", "zero": "-z"}


@command("readlink")
def readlink(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "femnqsvz", _READLINK_LONGS)
        if not opts.operands:
            raise UsageError(f"readlink: missing operand\n{try_help('readlink')}")
    except UsageError as error:
        return usage_result(error)
    mode = _last_mode(opts.flags, {"-f": CAN_ALL_BUT_LAST, "-e": CAN_EXISTING, "-m": CAN_MISSING})
    verbose = _last_mode(opts.flags, {"-v": "v", "-q": "", "-s": ""}) == "v"
    end = "\0" if opts.has("-z") else "\n"
    err: list[str] = []
    if opts.has("-n") and len(opts.operands) > 1:
        err.append("readlink: ignoring --no-newline with multiple arguments\n")
    elif opts.has("-n"):
        end = ""
    view = View(ctx)
    out: list[str] = []
    status = 0
    for name in opts.operands:
        try:
            if mode is None:
                value = view.readlink(name) if name else ""
                if not name:
                    raise FsError(name, ENOENT)
            else:
                value = _canonical(view, name, mode)
            out.append(value + end)
        except FsError as error:
            status = 1
            if verbose:
                err.append(f"readlink: {quotef(name)}: {error.strerror}\n")
    return CommandResult("".join(out), "".join(err), status)


@command("realpath")
def realpath(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "emLPqsz", {"canonicalize-existing": "-e", "canonicalize-missing": "-m",
                                        "logical": "-L", "physical": "-P", "quiet": "-q", "strip": "-s",
                                        "no-symlinks": "-s", "zero": "-z", "relative-to=": "--relative-to",
                                        "relative-base=": "--relative-base"})
        if not opts.operands:
            raise UsageError(f"realpath: missing operand\n{try_help('realpath')}")
    except UsageError as error:
        return usage_result(error)
    mode = _last_mode(opts.flags, {"-e": CAN_EXISTING, "-m": CAN_MISSING}) or CAN_ALL_BUT_LAST
    end = "\0" if opts.has("-z") else "\n"
    view = View(ctx)
    out, err = [], []
    status = 0
    links = not opts.has("-s")
    try:
        bases = [_canonical(view, opts.value(o) or "", mode, links) if opts.value(o) is not None else None
                 for o in ("--relative-to", "--relative-base")]
    except FsError as error:
        return CommandResult("", f"realpath: {quotef(error.path)}: {error.strerror}\n", 1)
    relative_to, base = bases[0] or bases[1], bases[1]
    for name in opts.operands:
        try:
            value = _canonical(view, name, mode, links)
            if relative_to is not None and (base is None or _under(value, base) and _under(relative_to, base)):
                value = posixpath.relpath(value, relative_to)
            out.append(value + end)
        except FsError as error:
            status = 1
            if not opts.has("-q"):
                err.append(f"realpath: {quotef(name)}: {error.strerror}\n")
    return CommandResult("".join(out), "".join(err), status)


def _under(path: str, base: str) -> bool:
    return base == "/" or path == base or path.startswith(base + "/")


def _last_mode(flags: list[tuple[str, Optional[str]]], modes: dict[str, str]) -> Optional[str]:
    found = None
    for flag, _ in flags:
        found = modes.get(flag, found)
    return found


def _canonical(view: View, name: str, mode: str, links: bool = True) -> str:
    """gnulib canonicalize_filename_mode on the view (with CAN_NOLINKS when not `links`); FsError."""
    if not name:
        raise FsError(name, ENOENT)
    raw = name if name.startswith("/") else view.cwd.rstrip("/") + "/" + name
    if links:
        found, error = canonicalize(view.lstat_physical, raw, mode)
    else:
        found, error = _no_links(view, raw, mode)
    if found is None:
        raise FsError(name, error)
    return found


def _no_links(view: View, raw: str, mode: str) -> tuple[Optional[str], str]:
    """realpath -s: `.` and `..` taken by name; existence checked as the mode asks (links followed)."""
    full = posixpath.normpath(raw)
    full = "/" + full.lstrip("/")
    if mode == CAN_MISSING:
        return full, ""
    node = view.stat(full)
    if node is not None or (mode == CAN_ALL_BUT_LAST and view.is_dir(posixpath.dirname(full))):
        return full, ""
    return None, ENOENT
