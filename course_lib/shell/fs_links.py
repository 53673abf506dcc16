"""Symbolic links in the virtual file system: the kernel's path walk and gnulib's canonicalize modes.

`walk` is what open(2)/stat(2) do with a path (namei): every link on the way is followed, the last one
too unless told not to (lstat, unlink, readlink), at most MAXSYMLINKS (40) links per lookup, more is
ELOOP, `Too many levels of symbolic links`. `..` is taken physically: `link/..` is the parent of the
link's target, not the directory holding the link.

`canonicalize` is gnulib's canonicalize_filename_mode, which `readlink -f/-e/-m` and `realpath` print:
CAN_EXISTING (every component exists), CAN_ALL_BUT_LAST (all but the last), CAN_MISSING (none need
to). Its loop check is gnulib's: after 20 links it remembers (parent directory, rest of the name)
pairs, and a pair seen twice is a loop (ELOOP; under CAN_MISSING the walk goes on past it).
"""
from __future__ import annotations

from typing import Callable, Optional

from course_lib.shell.fs import EINVAL, ENOENT, ENOTDIR, FsError, Node

MAXSYMLINKS = 40                     # include/linux/namei.h
ELOOP = "Too many levels of symbolic links"
CAN_EXISTING, CAN_ALL_BUT_LAST, CAN_MISSING = "e", "f", "m"

Lookup = Callable[[str], Optional[Node]]       # an absolute physical path -> its node, not followed


def _pieces(path: str) -> list[str]:
    """The components of `path`, last first (a stack), without empty and `.` ones."""
    return [p for p in reversed(path.split("/")) if p and p != "."]


def _join(out: list[str]) -> str:
    return "/" + "/".join(out)


def walk(lookup: Lookup, path: str, follow: bool = True) -> str:
    """The physical path `path` (absolute) names, its links resolved; raises FsError(ELOOP).

    A missing or non-directory component stops the walk: the rest is kept as written (normalised), and
    the operation that uses the path reports ENOENT or ENOTDIR for it. A trailing slash follows the
    last link, as the kernel does (LOOKUP_FOLLOW | LOOKUP_DIRECTORY)."""
    follow = follow or (path.endswith("/") and path.strip("/") != "")
    pending = _pieces(path)
    out: list[str] = []
    hops = 0
    while pending:
        piece = pending.pop()
        if piece == "..":
            if out:
                out.pop()
            continue
        out.append(piece)
        node = lookup(_join(out))
        if node is not None and node.kind == "link" and (pending or follow):
            hops += 1
            if hops > MAXSYMLINKS:
                raise FsError(path, ELOOP)
            out.pop()
            if node.data.startswith("/"):
                out = []
            pending.extend(_pieces(node.data))
        elif pending and (node is None or not node.is_dir):
            rest: list[str] = []
            for later in reversed(pending):
                if later != "..":
                    rest.append(later)
                elif rest:
                    rest.pop()
                elif len(out) > 0:
                    out.pop()
            return _join(out + rest)
    return _join(out)


def _suffix_requires_dir_check(end: str) -> bool:
    """gnulib: a rest of `/`, `/.` or `/..` (even not last) means the component must be a directory."""
    while end.startswith("/"):
        end = end.lstrip("/")
        if not end:
            return True
        if not end.startswith("."):
            return False
        end = end[1:]
        if not end or end[0] == "/" or (end[0] == "." and (len(end) == 1 or end[1] == "/")):
            return True
    return False


def canonicalize(lookup: Lookup, path: str, mode: str) -> tuple[Optional[str], str]:
    """(the canonical name of `path` (absolute), '') or (None, strerror), as gnulib computes it."""
    if not path:
        return None, ENOENT
    out: list[str] = []
    rest = path
    links = 0
    seen: set[tuple[str, str]] = set()
    while rest:
        rest = rest.lstrip("/")
        cut = rest.find("/")
        piece, end = (rest, "") if cut < 0 else (rest[:cut], rest[cut:])
        if not piece:
            break
        if piece == "..":
            if out:
                out.pop()
        elif piece != ".":
            parent = _join(out)
            out.append(piece)
            here = _join(out)
            node = lookup(here)
            if node is not None and node.kind == "link":
                if links < 20:
                    links += 1
                else:
                    if (rest, parent) in seen:
                        if mode == CAN_MISSING:
                            rest = end
                            continue
                        return None, ELOOP
                    seen.add((rest, parent))
                out.pop()
                if node.data.startswith("/"):
                    out = []
                rest = node.data + end
                continue
            error = EINVAL if node is not None else _missing_error(lookup, parent)
            if mode == CAN_MISSING:
                pass
            elif _suffix_requires_dir_check(end):
                error = "" if node is not None and node.is_dir else (ENOTDIR if node is not None else error)
                if error and not (mode == CAN_ALL_BUT_LAST and error == ENOENT and not end.strip("/")):
                    return None, error
            elif error != EINVAL and not (mode == CAN_ALL_BUT_LAST and error == ENOENT and not end.strip("/")):
                return None, error
        rest = end
    return _join(out), ""


def _missing_error(lookup: Lookup, parent: str) -> str:
    """readlink(2)'s errno for a missing name in `parent`: ENOTDIR when the parent is a file."""
    node = lookup(parent)
    return ENOTDIR if node is not None and not node.is_dir and node.kind != "link" else ENOENT
