"""File commands of GNU coreutils 9.1 on the virtual fs: ls, mkdir, rmdir, touch, rm, cp, mv, chmod."""
from __future__ import annotations

import posixpath
import re
import time
from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, try_help, usage_result
from course_lib.net.wallclock import EPOCH
from course_lib.shell.fs import FsError, Node
from course_lib.shell.fs_links import ELOOP
from course_lib.shell.fs_view import View
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


def _result(out: list[str], err: list[str], rc_on_error: int = 1) -> CommandResult:
    return CommandResult("".join(out), "".join(err), rc_on_error if err else 0)


# ---- ls -------------------------------------------------------------------------------------------

def mode_string(node: Node) -> str:
    kind = "d" if node.is_dir else "l" if node.is_link else "-"
    bits = ""
    for shift in (6, 3, 0):
        part = (node.mode >> shift) & 7
        bits += ("r" if part & 4 else "-") + ("w" if part & 2 else "-") + ("x" if part & 1 else "-")
    if node.mode & 0o1000:
        bits = bits[:8] + ("t" if bits[8] == "x" else "T")
    return kind + bits


def _blocks(node: Node) -> int:
    if node.is_dir:
        return 4
    if node.is_link:
        return 0                                # a fast symlink: the target sits in the inode
    size = len(node.data.encode("utf-8", "surrogateescape"))
    return (size + 4095) // 4096 * 4


def _size(node: Node) -> int:
    return 4096 if node.is_dir else len(node.data.encode("utf-8", "surrogateescape"))


def _date(mtime: float, now: float) -> str:
    stamp = time.gmtime(EPOCH + mtime)
    recent = abs(now - mtime) < 15778476
    day = f"{stamp.tm_mday:2d}"
    return time.strftime(f"%b {day} %H:%M", stamp) if recent else time.strftime(f"%b {day}  %Y", stamp)


def _nlink(view: View, path: str, node: Node) -> int:
    if not node.is_dir:
        return view.fs.nlink(view.resolve(path, follow=False))
    try:
        return 2 + sum(1 for n in view.listdir(path) if (view.lstat(posixpath.join(path, n)) or node).is_dir)
    except FsError:
        return 2


def _classify(node: Optional[Node]) -> str:
    """ls -F's indicator: / for a directory, @ for a link, * for an executable file."""
    if node is None:
        return ""
    return "/" if node.is_dir else "@" if node.is_link else "*" if node.mode & 0o111 else ""


def _long_lines(view: View, entries: list[tuple[str, str, Node]], human: bool,
                unknown: frozenset[str] = frozenset(), classify: bool = False) -> list[str]:
    """`ls -l` lines; the paths in `unknown` could not be stat'ed (ls -L of a dangling link): `?` fields."""
    now = view.fs.now()
    rows = []
    for shown, path, node in entries:
        if path in unknown:
            rows.append(("l?????????", "?", "?", "?", "?", shown))
            continue
        size = _size(node)
        size_text = _human_size(size) if human else str(size)
        name = shown + " -> " + node.data if node.is_link else shown
        if classify:
            name += _classify(view.stat(path)) if node.is_link else _classify(node)
        rows.append((mode_string(node), str(_nlink(view, path, node)), "root", size_text, _date(node.mtime, now),
                     name))
    wl = max((len(r[1]) for r in rows), default=1)
    wo = max((len(r[2]) for r in rows), default=1)
    ws = max((len(r[3]) for r in rows), default=1)
    wd = max((len(r[4]) for r in rows), default=1)
    return [f"{m} {n:>{wl}} {o:<{wo}} {o:<{wo}} {s:>{ws}} {d:>{wd}} {name}\n" for m, n, o, s, d, name in rows]


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("", "K", "M", "G", "T"):
        if value < 1024 or unit == "T":
            if unit == "":
                return str(size)
            return f"{value:.1f}{unit}" if value < 10 else f"{value:.0f}{unit}"
        value /= 1024
    return str(size)


@command("ls")
def ls(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "laA1dhrtRFiSL", {"all": "-a", "almost-all": "-A", "directory": "-d",
                                               "dereference": "-L",
                                              "human-readable": "-h", "reverse": "-r", "color=": "--color",
                                              "color": "--color"}, rc=2)
    except UsageError as error:
        return usage_result(error)
    view = View(ctx)
    long, show_all, almost = opts.has("-l"), opts.has("-a"), opts.has("-A")
    deref, classify = opts.has("-L"), opts.has("-F")
    operands = opts.operands or ["."]
    files: list[tuple[str, str, Node]] = []
    dirs: list[tuple[str, str, Node]] = []
    err: list[str] = []
    unknown: set[str] = set()
    for operand in operands:
        try:
            node = _ls_operand(view, operand, "always" if deref else "never" if long or opts.has("-d") or
                               opts.has("-F") else "dir")
        except FsError as error:
            err.append(f"ls: cannot access '{operand}': {error.strerror}\n")
            continue
        (dirs if node.is_dir and not opts.has("-d") else files).append((operand, view.abspath(operand), node))
    status = 2 if err else 0

    def order(entries: list[tuple[str, str, Node]]) -> list[tuple[str, str, Node]]:
        entries = sorted(entries, key=lambda e: e[0])
        if opts.has("-t"):
            entries = sorted(entries, key=lambda e: -e[2].mtime)
        if opts.has("-S"):
            entries = sorted(entries, key=lambda e: -_size(e[2]))
        return list(reversed(entries)) if opts.has("-r") else entries

    out: list[str] = []
    files = order(files)
    if files:
        out.extend(_long_lines(view, files, opts.has("-h"), classify=classify) if long else
                   [f[0] + (_classify(f[2]) if classify else "") + "\n" for f in files])
    many = len(operands) > 1
    for index, (shown, path, node) in enumerate(order(dirs)):
        try:
            names = view.listdir(path)
        except FsError as error:
            err.append(f"ls: cannot open directory '{shown}': {error.strerror}\n")
            continue
        entries = [(n, posixpath.join(path, n), view.lstat(posixpath.join(path, n))) for n in names
                   if show_all or almost or not n.startswith(".")]
        entries = [(n, p, nd) for n, p, nd in entries if nd is not None]
        if deref and (long or opts.has("-t", "-S", "-F", "-i")):    # entries are stat'ed (not for names only)
            entries = [_ls_follow(view, shown, n, p, nd, err, unknown) for n, p, nd in entries]
            status = status or (1 if unknown else 0)
        if show_all:
            parent = posixpath.dirname(path)
            entries += [(".", path, node), ("..", parent, view.stat(parent) or node)]
        entries = order(entries)  # type: ignore[arg-type]
        if many or files:
            out.append(("\n" if out or index else "") + f"{shown}:\n")
        if long:
            out.append(f"total {sum(_blocks(e[2]) for e in entries if e[1] not in unknown)}\n")
            out.extend(_long_lines(view, entries, opts.has("-h"), frozenset(unknown), classify))  # type: ignore[arg-type]
        else:
            out.extend(e[0] + (_classify(e[2]) if classify else "") + "\n" for e in entries)
    return CommandResult("".join(out), "".join(err), status)


def _ls_operand(view: View, operand: str, deref: str) -> Node:
    """An operand's node as GNU ls stats it (gobble_file): followed under -L ("always"); by default
    ("dir": no -l, -d, -F) followed when it names a directory, a dangling link shown as itself;
    "never": lstat. FsError (ENOENT, ELOOP) when it cannot be."""
    if deref == "never":
        return view.lookup(operand, follow=False)
    try:
        node = view.lookup(operand)
    except FsError as error:
        if deref == "always" or error.strerror != "No such file or directory":
            raise
        return view.lookup(operand, follow=False)
    return node if node.is_dir or deref == "always" else view.lookup(operand, follow=False)


def _ls_follow(view: View, shown: str, name: str, path: str, node: Node, err: list[str],
               unknown: set[str]) -> tuple[str, str, Node]:
    """ls -L: a directory entry's target; when it cannot be stat'ed, the error and a `?` line."""
    if not node.is_link:
        return name, path, node
    try:
        return name, path, view.lookup(path)
    except FsError as error:
        where = name if shown == "." else shown.rstrip("/") + "/" + name
        err.append(f"ls: cannot access '{where}': {error.strerror}\n")
        unknown.add(path)
        return name, path, node


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
