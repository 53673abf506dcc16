"""A machine's virtual file system: Debian-like default files, the learner's files, virtual executables.

One `FileSystem` per machine, made lazily on first use (`get_fs(machine)`); its default nodes are
shared between machines and replaced on write (copy-on-write), so hundreds of machines stay cheap.
Context-aware access (relative paths, /proc/sys <-> the current netns's sysctls, the /etc/netns/NAME
overlay inside `ip netns exec NAME`) lives in `course_lib.shell.fs_view`; the module-level helpers
below (`read_file(ctx, path)`, `write_file(...)`, ...) are the API other layers use.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Callable, Optional

from course_lib.shell.nettools.netdb import DEFAULT_NETWORKS

if TYPE_CHECKING:
    from course_lib.net.machine import Machine
    from course_lib.shell.context import ExecContext

ENOENT = "No such file or directory"
EISDIR = "Is a directory"
ENOTDIR = "Not a directory"
EEXIST = "File exists"
EINVAL = "Invalid argument"
ENOTEMPTY = "Directory not empty"
EACCES = "Permission denied"


class FsError(Exception):
    """A failed file operation: `strerror` is the C library's text, `path` the path as given."""

    def __init__(self, path: str, strerror: str = ENOENT) -> None:
        super().__init__(f"{path}: {strerror}")
        self.path = path
        self.strerror = strerror


class FileNotFound(FsError):
    """The path does not exist (ENOENT)."""

    def __init__(self, path: str, strerror: str = ENOENT) -> None:
        super().__init__(path, ENOENT)


def fs_error(path: str, strerror: str) -> FsError:
    """The error for `path`: FileNotFound for ENOENT (so callers can catch just that), else FsError."""
    return FileNotFound(path) if strerror == ENOENT else FsError(path, strerror)


@dataclass(frozen=True)
class Node:
    """A file, directory or symbolic link. Immutable: a write replaces the node (so defaults can be shared)."""

    kind: str = "file"            # "file" | "dir" | "link" (data: the link's target, as given to ln -s)
    mode: int = 0o644
    data: str = ""
    mtime: float = 0.0
    fn: Optional[Callable[..., Any]] = None    # a virtual executable: fn(ctx, argv, stdin) -> CommandResult

    @property
    def is_dir(self) -> bool:
        return self.kind == "dir"

    @property
    def executable(self) -> bool:
        return self.kind == "file" and bool(self.mode & 0o111)

    @property
    def is_link(self) -> bool:
        return self.kind == "link"


NSSWITCH = """\
# /etc/nsswitch.conf
#
# Example configuration of GNU Name Service Switch functionality.
# If you have the `glibc-doc-reference' and `info' packages installed, try:
# `info libc "Name Service Switch"' for information about this file.

passwd:         files
group:          files
shadow:         files
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
"""

OS_RELEASE = """\
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
"""

RT_TABLES = "#\n# reserved values\n#\n255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n#\n# local\n#\n#1\tinr.ruhep\n"
_DIRS = ["/", "/bin", "/boot", "/dev", "/etc", "/etc/iproute2", "/home", "/lib", "/mnt", "/opt", "/proc", "/root",
         "/run",
         "/sbin", "/srv", "/sys", "/tmp", "/usr", "/usr/bin", "/usr/lib", "/usr/local", "/usr/local/bin",
         "/usr/local/sbin", "/usr/sbin", "/usr/share", "/var", "/var/lib", "/var/log", "/var/tmp"]
_FILES = {
    "/etc/resolv.conf": "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n",   # DNS: the machine's stub resolver (course_lib/dns/internet.py)
    "/etc/nsswitch.conf": NSSWITCH,
    "/etc/os-release": OS_RELEASE,
    "/etc/debian_version": "12.11\n",
    "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\n",
    "/etc/group": "root:x:0:\n",
    "/etc/iproute2/rt_tables": RT_TABLES,          # `ip route/rule ... table NAME` (a learner adds names)
    "/etc/networks": DEFAULT_NETWORKS + "\n",      # netbase's: route, netstat -r, iptables -L name networks
}
_DEFAULTS: Optional[dict[str, Node]] = None


def default_hosts(hostname: str) -> str:
    """/etc/hosts as the Debian 12 installer writes it."""
    return ("127.0.0.1\tlocalhost\n"
            f"127.0.1.1\t{hostname}\n"
            "\n"
            "# The following lines are desirable for IPv6 capable hosts\n"
            "::1     localhost ip6-localhost ip6-loopback\n"
            "ff02::1 ip6-allnodes\n"
            "ff02::2 ip6-allrouters\n")


def _defaults() -> dict[str, Node]:
    global _DEFAULTS
    if _DEFAULTS is None:
        nodes = {d: Node("dir", 0o755) for d in _DIRS}
        nodes["/tmp"] = Node("dir", 0o1777)
        nodes["/var/tmp"] = Node("dir", 0o1777)
        nodes["/root"] = Node("dir", 0o700)
        nodes.update({p: Node("file", 0o644, text) for p, text in _FILES.items()})
        nodes["/dev/null"] = Node("file", 0o666)
        _DEFAULTS = nodes
    return _DEFAULTS


def normpath(path: str, cwd: str = "/") -> str:
    """An absolute, normalised path (no `.`/`..`, no trailing slash; `..` of / is /)."""
    if not path.startswith("/"):
        path = cwd.rstrip("/") + "/" + path
    out: list[str] = []
    for piece in path.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if out:
                out.pop()
        else:
            out.append(piece)
    return "/" + "/".join(out)


class FileSystem:
    """The flat path -> Node table of one machine."""

    def __init__(self, machine: Optional["Machine"] = None, hostname: str = "localhost") -> None:
        self.machine = machine
        self.nodes: dict[str, Node] = dict(_defaults())
        name = machine.hostname if machine is not None else hostname
        self.nodes["/etc/hosts"] = Node("file", 0o644, default_hosts(name))
        self.nodes["/etc/hostname"] = Node("file", 0o644, name + "\n")
        self.has_links = False       # no symbolic link yet: paths need no walk (fs_links.walk)
        self.hard: dict[str, list[str]] = {}     # a hard-linked file's path -> all its names (one shared list)

    # ---- time -----------------------------------------------------------------------------------
    def now(self) -> float:
        network = getattr(self.machine, "network", None)
        return float(getattr(network, "clock", 0.0) or 0.0)

    # ---- queries --------------------------------------------------------------------------------
    def real_path(self, path: str, follow: bool = True) -> str:
        """`path` (absolute) with its symbolic links resolved (the last one too when `follow`)."""
        if not self.has_links:
            return path
        from course_lib.shell.fs_links import walk
        return walk(self.nodes.get, path, follow)

    def get(self, path: str) -> Optional[Node]:
        """The node at `path` itself (a link is not followed: lstat)."""
        return self.nodes.get(path)

    def stat(self, path: str) -> Optional[Node]:
        """The node `path` names, links followed; None when missing (or a loop of links)."""
        try:
            return self.nodes.get(self.real_path(path))
        except FsError:
            return None

    def exists(self, path: str) -> bool:
        return self.stat(path) is not None

    def is_dir(self, path: str) -> bool:
        node = self.stat(path)
        return node is not None and node.is_dir

    def check_parent(self, path: str) -> None:
        """Raise ENOENT/ENOTDIR when a directory on the way to `path` is missing or a file."""
        pieces = path.strip("/").split("/")[:-1]
        current = ""
        for piece in pieces:
            current += "/" + piece
            node = self.nodes.get(current)
            if node is None:
                raise FileNotFound(path)
            if not node.is_dir:
                raise FsError(path, ENOTDIR)

    def listdir(self, path: str) -> list[str]:
        path = self.real_path(path)
        node = self.nodes.get(path)
        if node is None:
            raise FileNotFound(path)
        if not node.is_dir:
            raise FsError(path, ENOTDIR)
        prefix = path.rstrip("/") + "/"
        names = {p[len(prefix):] for p in self.nodes if p.startswith(prefix) and p != prefix
                 and "/" not in p[len(prefix):]}
        return sorted(names)

    def read(self, path: str) -> str:
        path = self.real_path(path)
        node = self.nodes.get(path)
        if node is None:
            self.check_parent(path)
            raise FileNotFound(path)
        if node.is_dir:
            raise FsError(path, EISDIR)
        return node.data

    # ---- changes --------------------------------------------------------------------------------
    def write(self, path: str, text: str, append: bool = False, mode: Optional[int] = None) -> None:
        path = self.real_path(path)
        node = self.nodes.get(path)
        if node is None:
            self.check_parent(path)
            node = Node("file", 0o644 if mode is None else mode)
        elif node.is_dir:
            raise FsError(path, EISDIR)
        if path == "/dev/null":
            return
        data = node.data + text if append else text
        self.store(path, replace(node, data=data, mtime=self.now(), fn=None if text else node.fn,
                                 mode=node.mode if mode is None else mode))

    def store(self, path: str, node: Node) -> None:
        """Put `node` at `path` and at the other names of its file (hard links share their content)."""
        self.nodes[path] = node
        for name in self.hard.get(path, ()):
            self.nodes[name] = node

    def nlink(self, path: str) -> int:
        """How many names the file at `path` has (1 unless hard-linked)."""
        return len(self.hard.get(path, (path,)))

    def hard_link(self, src: str, dst: str) -> None:
        """link(2): `dst` becomes another name of the file at `src` (both physical; `src` not followed)."""
        if dst in self.nodes:
            raise FsError(dst, EEXIST)
        self.check_parent(dst)
        names = self.hard.setdefault(src, [src])
        names.append(dst)
        self.hard[dst] = names
        self.nodes[dst] = self.nodes[src]

    def mkdir(self, path: str, parents: bool = False, mode: int = 0o755) -> None:
        path = self.real_path(path, follow=False)
        if path in self.nodes:
            if parents and self.is_dir(path):
                return
            raise FsError(path, EEXIST)
        parent = posixpath.dirname(path)
        if parent not in self.nodes:
            if not parents:
                raise FileNotFound(path)
            self.mkdir(parent, parents=True)
        elif not self.nodes[parent].is_dir:
            raise FsError(path, ENOTDIR)
        self.nodes[path] = Node("dir", mode, mtime=self.now())

    def symlink(self, target: str, path: str) -> None:
        """A symbolic link at `path` (its last component is not followed) to `target`, kept as given."""
        path = self.real_path(path, follow=False)
        if path in self.nodes:
            raise FsError(path, EEXIST)
        self.check_parent(path)
        self.nodes[path] = Node("link", 0o777, target, self.now())
        self.has_links = True

    def remove(self, path: str, recursive: bool = False) -> None:
        if path == "/":
            raise FsError(path, "Device or resource busy")
        path = self.real_path(path, follow=False)
        node = self.nodes.get(path)
        if node is None:
            raise FileNotFound(path)
        if node.is_dir:
            prefix = path.rstrip("/") + "/"
            inside = [p for p in self.nodes if p.startswith(prefix)]
            if inside and not recursive:
                raise FsError(path, ENOTEMPTY)
            for p in inside:
                self._unlink(p)
        self._unlink(path)

    def rename(self, src: str, dst: str) -> None:
        """rename(2) of a file or link (physical paths): it takes its new name, an existing `dst` is replaced."""
        if dst in self.nodes:
            self._unlink(dst)
        self.nodes[dst] = self.nodes.pop(src)
        names = self.hard.pop(src, None)
        if names is not None:
            names[names.index(src)] = dst
            self.hard[dst] = names

    def _unlink(self, path: str) -> None:
        del self.nodes[path]
        names = self.hard.pop(path, None)
        if names is not None:
            names.remove(path)
            if len(names) == 1:
                del self.hard[names[0]]

    def chmod(self, path: str, mode: int) -> None:
        path = self.real_path(path)
        node = self.nodes.get(path)
        if node is None:
            raise FileNotFound(path)
        self.store(path, replace(node, mode=mode))

    def touch(self, path: str) -> None:
        path = self.real_path(path)
        node = self.nodes.get(path)
        if node is None:
            self.write(path, "")
        else:
            self.store(path, replace(node, mtime=self.now()))

    def copy_tree(self, src: str, dst: str) -> None:
        """Copy a node (and, for a directory, everything under it) to `dst`."""
        prefix = src.rstrip("/") + "/"
        moved = {dst + p[len(src):]: n for p, n in self.nodes.items() if p == src or p.startswith(prefix)}
        self.nodes.update(moved)
        self.has_links = self.has_links or any(n.is_link for n in moved.values())

    def add_executable(self, path: str, fn: Callable[..., Any], mode: int = 0o755,
                       parents: bool = True) -> None:
        """A file bound to a Python callable fn(ctx, argv, stdin) -> CommandResult (e.g. a CNI plugin)."""
        if parents:
            self.mkdir(posixpath.dirname(path), parents=True)
        self.nodes[path] = Node("file", mode, "\x7fELF\x02\x01\x01", self.now(), fn)


def get_fs(machine: "Machine") -> FileSystem:
    """The machine's file system, made on first use."""
    if machine.fs is None:
        machine.fs = FileSystem(machine)
    return machine.fs


def fs_of(ctx: "ExecContext") -> FileSystem:
    return get_fs(ctx.machine)


# ---- the API other layers use (context-aware: cwd, /proc/sys, /etc/netns overlay) ----------------

def read_file(ctx: "ExecContext", path: str) -> str:
    """The text of a file; raises FileNotFound / FsError (with .strerror) when it cannot be read."""
    from course_lib.shell.fs_view import view
    return view(ctx).read(path)


def write_file(ctx: "ExecContext", path: str, text: str, append: bool = False,
               parents: bool = False, mode: Optional[int] = None) -> None:
    """Write (or append to) a file; `parents=True` makes missing directories first."""
    from course_lib.shell.fs_view import view
    v = view(ctx)
    if parents:
        v.mkdir(posixpath.dirname(v.abspath(path)), parents=True)
    v.write(path, text, append=append, mode=mode)


def exists(ctx: "ExecContext", path: str) -> bool:
    from course_lib.shell.fs_view import view
    return view(ctx).exists(path)


def listdir(ctx: "ExecContext", path: str) -> list[str]:
    from course_lib.shell.fs_view import view
    return view(ctx).listdir(path)


def mkdir(ctx: "ExecContext", path: str, parents: bool = False) -> None:
    from course_lib.shell.fs_view import view
    view(ctx).mkdir(path, parents=parents)


def remove(ctx: "ExecContext", path: str, recursive: bool = False) -> None:
    from course_lib.shell.fs_view import view
    view(ctx).remove(path, recursive=recursive)


def add_executable(ctx_or_machine: Any, path: str, fn: Callable[..., Any], mode: int = 0o755) -> None:
    """Register a virtual executable (the file exists, `ls -l` shows it, running it calls fn)."""
    machine = getattr(ctx_or_machine, "machine", ctx_or_machine)
    get_fs(machine).add_executable(normpath(path), fn, mode)
