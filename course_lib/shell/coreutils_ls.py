"""ls of GNU coreutils 9.1 on the virtual fs: names, -l long lines, links (-> target, -L, -F), sorting."""
from __future__ import annotations

import posixpath
import time
from typing import TYPE_CHECKING, Optional

from course_lib.net.wallclock import EPOCH
from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, usage_result
from course_lib.shell.fs import FsError, Node
from course_lib.shell.fs_view import View
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


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
        size = 0 if node.is_link and path.startswith(("/sys/", "/proc/")) else _size(node)  # kernfs/procfs: 0
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
