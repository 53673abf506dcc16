"""The file system as a command sees it: cwd, /proc/sys of the current netns, the /etc/netns overlay.

`view(ctx)` wraps the machine's FileSystem with the context's providers:
- /proc/sys/net/ipv4/ip_forward <-> sysctl net.ipv4.ip_forward of the CURRENT netns (ctx.stack when
  the backend gives one, else ctx.netns.sysctls), with the kernel's EINVAL for bad values;
- /sys/class/net/<ifname> directories for the current netns's links;
- inside `ip netns exec NAME` (ctx.netns_name), /etc/X is /etc/netns/NAME/X when that exists, as
  iproute2 bind-mounts those files.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.shell.fs import (EACCES, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, FileNotFound,
                                 FileSystem, FsError, Node, fs_error, fs_of, normpath)
from course_lib.shell.sysfs_net import READ_EACCES, READ_EINVAL     # a provided file whose read(2) fails

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

PROC_SYS = "/proc/sys"
PROC_NET = "/proc/net"
SYS_NET = "/sys/class/net"
SYS_DEVICES = "/sys/devices/virtual/net"
_TWO_INTS = {"net.ipv4.ip_local_port_range", "net.ipv4.ping_group_range"}


def normalise_sysctl(key: str, text: str) -> Optional[str]:
    """The stored form of a value written to /proc/sys/<key>, or None when the kernel says EINVAL."""
    fields = text.split()
    try:
        numbers = [int(f, 10) for f in fields]
    except ValueError:
        return None
    if key in _TWO_INTS:
        if len(numbers) != 2 or numbers[0] > numbers[1]:
            return None
        return f"{numbers[0]}\t{numbers[1]}"
    if len(numbers) != 1 or not -(2 ** 31) <= numbers[0] < 2 ** 31:
        return None
    return str(numbers[0])


class SysctlSource:
    """The sysctls of the context's netns: on the simulation the model netns (with its per-device
    keys), else the backend's stack for the current netns."""

    def __init__(self, ctx: "ExecContext") -> None:
        self.netns = ctx.netns
        self.stack = ctx.stack if hasattr(ctx.stack, "sysctl_get") else None
        self.table: dict[str, str] = getattr(ctx.netns, "sysctls", None) or {}
        self.model: Any = None
        if ctx.backend == "sim" and hasattr(ctx.netns, "sysctls"):
            try:
                from course_lib.backends import sim_sysctl
                self.model = sim_sysctl
            except ImportError:
                self.model = None
            self.stack = None

    def keys(self) -> list[str]:
        if self.model is not None:
            return list(self.model.sysctl_keys(self.netns))
        return list(self.stack.sysctl_keys()) if self.stack is not None else list(self.table)

    def get(self, key: str) -> Optional[str]:
        if self.model is not None:
            return self.model.sysctl_get(self.netns, key)
        return self.stack.sysctl_get(key) if self.stack is not None else self.table.get(key)

    def set(self, key: str, value: str) -> None:
        if self.model is not None:
            self.model.sysctl_set(self.netns, key, value)
        elif self.stack is not None:
            self.stack.sysctl_set(key, value)
        else:
            self.table[key] = value


class View:
    """File operations for one command, with relative paths resolved against ctx.cwd."""

    def __init__(self, ctx: "ExecContext") -> None:
        self.ctx = ctx
        self.fs: FileSystem = fs_of(ctx)
        self.cwd = ctx.cwd or "/"

    def abspath(self, path: str) -> str:
        return normpath(path, self.cwd)

    def resolve(self, path: str, follow: bool = True) -> str:
        """The absolute physical path: redirected to /etc/netns/NAME/... inside `ip netns exec NAME`,
        symbolic links followed (the last one too when `follow`); raises FsError(ELOOP) for a loop."""
        if not path:
            raise FileNotFound(path)
        full = normpath(path, self.cwd)
        name = self.ctx.netns_name
        if name and full.startswith("/etc/") and not full.startswith("/etc/netns/"):
            first = full[5:].split("/", 1)[0]
            if self.fs.stat(f"/etc/netns/{name}/{first}") is not None:     # a dangling link: the bind fails
                full = f"/etc/netns/{name}/" + full[5:]
                return self._walk(path, full, follow)
        if self.fs.has_links:
            full = self._walk(path, path if path.startswith("/") else self.cwd.rstrip("/") + "/" + path, follow)
        if full.startswith(SYS_DEVICES + "/") and self.ctx.backend == "sim":
            return SYS_NET + full[len(SYS_DEVICES):]        # a device's directory, where class/net links point
        return full

    def _walk(self, path: str, raw: str, follow: bool) -> str:
        try:
            return self.fs.real_path(raw, follow)
        except FsError as err:
            raise fs_error(path, err.strerror) from None

    # ---- providers ------------------------------------------------------------------------------
    def _sysctl_key(self, full: str) -> str:
        return full[len(PROC_SYS) + 1:].replace("/", ".")

    def _proc_node(self, full: str) -> Optional[Node]:
        src = SysctlSource(self.ctx)
        if full == PROC_SYS:
            return Node("dir", 0o555)
        key = self._sysctl_key(full)
        if src.get(key) is not None:
            return Node("file", 0o644, src.get(key) + "\n", self.fs.now())  # type: ignore[operator]
        if any(k.startswith(key + ".") for k in src.keys()):
            return Node("dir", 0o555)
        return None

    def _links(self) -> list[str]:
        lookup = getattr(self.ctx.stack, "sysfs_lookup", None)
        if self.ctx.backend != "sim" and lookup is not None:
            found = lookup("")
            return list(found[1]) if found is not None else []
        netns: Any = self.ctx.netns
        links = getattr(netns, "links", None)
        if isinstance(links, dict):
            return [link.name for link in links.values()]
        if self.ctx.stack is not None and hasattr(self.ctx.stack, "links"):
            return [rec.name for rec in self.ctx.stack.links()]
        return []

    def _sys_lookup(self, full: str, content: bool = True) -> Optional[tuple]:
        """("dir", names, mode) / ("file", text, mode) for a path below /sys/class/net; None: none.
        content=False: the kind and mode are enough (stat), which the real backend may answer from the
        listing it just read."""
        rel = full[len(SYS_NET) + 1:]
        lookup = getattr(self.ctx.stack, "sysfs_lookup", None)
        if self.ctx.backend != "sim" and lookup is not None:       # the real backend: the netns's own sysfs
            return lookup(rel, content)
        pieces = rel.split("/")
        link = self._model_link(pieces[0])
        if link is None:
            return None
        from course_lib.shell import sysfs_net
        return sysfs_net.resolve(self.ctx.netns, link, pieces[1:])

    def _sys_node(self, full: str, content: bool = True, follow: bool = True) -> Optional[Node]:
        if full in ("/sys/class", SYS_NET):
            return Node("dir", 0o755)
        if not follow and self.ctx.backend == "sim":           # lstat: the simulation's sysfs links
            target = self._sys_link(full)
            if target is not None:
                return Node("link", 0o777, target)
        found = self._sys_lookup(full, content)
        if found is None:
            return None
        kind, value, mode = found
        return Node("dir", mode) if kind == "dir" else Node("file", mode, value)

    def _sys_link(self, full: str) -> Optional[str]:
        pieces = full[len(SYS_NET) + 1:].split("/")
        link = self._model_link(pieces[0])
        if link is None:
            return None
        from course_lib.shell.sysfs_net import link_target
        return link_target(link, pieces[1:])

    def _sys_store(self, path: str, full: str, text: str) -> None:
        """A write to a /sys/class/net file of the simulation (course_lib/shell/sysfs_store.py)."""
        from course_lib.shell.sysfs_store import store
        rel = full[len(SYS_NET) + 1:]
        writer = getattr(self.ctx.stack, "sysfs_store", None)
        if self.ctx.backend != "sim" and writer is not None:      # the real backend: the netns's own sysfs
            error = writer(rel, text) if text else None
        else:
            pieces = rel.split("/")
            link = self._model_link(pieces[0])
            error = store(self.ctx.stack, link, pieces[1:], text) if link is not None and text else None
        if error is not None:
            raise FsError(path, error)

    def _model_link(self, name: str) -> Any:
        links = getattr(self.ctx.netns, "links", None)
        if isinstance(links, dict):
            for link in links.values():
                if link.name == name:
                    return link
        return None

    def _proc_net_node(self, full: str) -> Optional[Node]:
        """/proc/net, its directories and files (shell/nettools/proc_net.py), of the current netns."""
        from course_lib.shell.nettools.proc_net import proc_net_dir_file, proc_net_entries, proc_net_text
        if proc_net_entries(self.ctx, full) is not None:
            return Node("dir", 0o555)
        parent, _, name = full.rpartition("/")
        inside = proc_net_entries(self.ctx, parent) if parent != "/proc" else None
        if parent != PROC_NET and inside is not None and name in inside:
            text = proc_net_dir_file(self.ctx, parent.rpartition("/")[2], name)
            return None if text is None else Node("file", 0o444, text, self.fs.now())
        text = proc_net_text(self.ctx, full)
        return None if text is None else Node("file", 0o444, text, self.fs.now())

    def _provided(self, full: str, content: bool = True, follow: bool = True) -> tuple[bool, Optional[Node]]:
        if full == PROC_NET or full.startswith(PROC_NET + "/"):
            return True, self._proc_net_node(full)
        if full == PROC_SYS or full.startswith(PROC_SYS + "/"):
            return True, self._proc_node(full)
        if (full + "/").startswith("/sys/devices/") and self.ctx.backend == "sim":   # where class/net links point
            if full in ("/sys/devices", "/sys/devices/virtual", SYS_DEVICES):
                return True, Node("dir", 0o755)
            if not full.startswith(SYS_DEVICES + "/"):
                return False, None
            follow = follow or "/" not in full[len(SYS_DEVICES) + 1:]      # the device's own directory
            full = SYS_NET + full[len(SYS_DEVICES):]
        if full == "/sys/class" or full == SYS_NET or full.startswith(SYS_NET + "/"):
            return True, self._sys_node(full, content, follow)
        return False, None

    # ---- queries --------------------------------------------------------------------------------
    def lookup(self, path: str, follow: bool = True) -> Node:
        """The node `path` names (stat; lstat when not `follow`); raises FsError (ENOENT, ELOOP ...)."""
        follow = follow or (path.endswith("/") and path.strip("/") != "")      # a trailing slash follows
        full = self.resolve(path, follow)
        provided, node = self._provided(full, content=False, follow=follow)
        if not provided:
            node = self.fs.get(full)
        if node is None:
            self._check_parent(path, full)
            raise FileNotFound(path)
        return node

    def _check_parent(self, path: str, full: str) -> None:
        try:
            self.fs.check_parent(full)
        except FsError as err:
            raise fs_error(path, err.strerror) from None

    def stat(self, path: str, follow: bool = True) -> Optional[Node]:
        """The node `path` names, or None (missing, a loop of links ...); lstat when not `follow`."""
        if not path:
            return None
        follow = follow or (path.endswith("/") and path.strip("/") != "")      # a trailing slash follows
        try:
            full = self.resolve(path, follow)
        except FsError:
            return None
        provided, node = self._provided(full, content=False, follow=follow)
        return node if provided else self.fs.get(full)

    def lstat(self, path: str) -> Optional[Node]:
        """The node at `path` itself: a symbolic link is not followed."""
        return self.stat(path, follow=False)

    def lstat_physical(self, full: str) -> Optional[Node]:
        """The node at an absolute path whose links are resolved already (the last one is not followed)."""
        provided, node = self._provided(full, content=False, follow=False)
        return node if provided else self.fs.get(full)

    def readlink(self, path: str) -> str:
        """A symbolic link's target; FsError EINVAL when `path` is no link (readlink(2))."""
        node = self.lookup(path, follow=False)
        if not node.is_link:
            raise FsError(path, EINVAL)
        return node.data

    def exists(self, path: str) -> bool:
        return self.stat(path) is not None

    def is_dir(self, path: str) -> bool:
        node = self.stat(path)
        return node is not None and node.is_dir

    def listdir(self, path: str) -> list[str]:
        full = self.resolve(path)
        provided, node = self._provided(full)
        if not provided:
            try:
                names = self.fs.listdir(full)
            except FsError as err:
                raise fs_error(path, err.strerror) from None
        elif node is None:
            raise FileNotFound(path)
        elif not node.is_dir:
            raise FsError(path, ENOTDIR)
        elif full.startswith(PROC_SYS):
            prefix = "" if full == PROC_SYS else self._sysctl_key(full) + "."
            names = sorted({k[len(prefix):].split(".", 1)[0] for k in SysctlSource(self.ctx).keys()
                            if k.startswith(prefix)})
        elif full == PROC_NET or full.startswith(PROC_NET + "/"):
            from course_lib.shell.nettools.proc_net import proc_net_entries
            names = proc_net_entries(self.ctx, full) or []
        elif full == "/sys/class":
            names = ["net"]
        elif full == SYS_NET:
            names = sorted(self._links())
        elif full.startswith(SYS_NET + "/"):
            found = self._sys_lookup(full)
            names = found[1] if found is not None and found[0] == "dir" else []
        else:
            names = []
        if full == "/proc":
            names = sorted(set(names) | {"net", "sys"})
        if full == "/sys":
            names = sorted(set(names) | {"class"})
        return names

    def read(self, path: str) -> str:
        full = self.resolve(path)
        provided, node = self._provided(full)
        if provided:
            if node is None:
                raise FileNotFound(path)
            if node.is_dir:
                raise FsError(path, EISDIR)
            if node.data == READ_EINVAL:
                raise FsError(path, EINVAL)
            if node.data == READ_EACCES:
                raise FsError(path, EACCES)
            return node.data
        try:
            return self.fs.read(full)
        except FsError as err:
            raise fs_error(path, err.strerror) from None

    # ---- changes --------------------------------------------------------------------------------
    def open_write(self, path: str, append: bool = False) -> None:
        """What open(O_CREAT|O_WRONLY[|O_TRUNC]) does before any byte is written (for `>`)."""
        full = self.resolve(path)
        provided, node = self._provided(full)
        if provided:
            if node is None:            # sysfs refuses to create a file (EACCES); procfs has no such entry
                raise fs_error(path, EACCES if full.startswith(SYS_NET + "/") else ENOENT)
            if node.is_dir:
                raise FsError(path, EISDIR)
            if not node.mode & 0o222:   # a read-only proc or sysfs file: open(O_WRONLY) fails
                raise FsError(path, EACCES)
            return
        node = self.fs.get(full)
        if node is not None and node.is_dir:
            raise FsError(path, EISDIR)
        try:
            if node is None or not append:
                self.fs.write(full, "", append=append)
        except FsError as err:
            raise fs_error(path, err.strerror) from None

    def write(self, path: str, text: str, append: bool = False, mode: Optional[int] = None) -> None:
        """Write text; for /proc/sys raises FsError(EINVAL) like the kernel's write(2)."""
        full = self.resolve(path)
        provided, node = self._provided(full)
        if provided:
            if node is None:
                raise fs_error(path, ENOENT if full.startswith(PROC_SYS) else EACCES)
            if node.is_dir:
                raise FsError(path, EISDIR)
            if full.startswith(SYS_NET + "/"):
                self._sys_store(path, full, text)
                return
            if not full.startswith(PROC_SYS):
                raise FsError(path, EACCES)
            if not text:
                return
            key = self._sysctl_key(full)
            value = normalise_sysctl(key, text)
            if value is None:
                raise FsError(path, EINVAL)
            SysctlSource(self.ctx).set(key, value)
            return
        try:
            self.fs.write(full, text, append=append, mode=mode)
        except FsError as err:
            raise fs_error(path, err.strerror) from None

    def mkdir(self, path: str, parents: bool = False) -> None:
        full = self.resolve(path, follow=False)
        provided, node = self._provided(full)
        if provided:
            raise FsError(path, EEXIST if node is not None else EACCES)
        try:
            self.fs.mkdir(full, parents=parents)
        except FsError as err:
            raise fs_error(path, err.strerror) from None

    def symlink(self, target: str, path: str) -> None:
        """symlink(2): a link at `path` to `target`; FsError EEXIST, ENOENT, ENOTDIR as the kernel's."""
        full = self.resolve(path, follow=False)
        provided, node = self._provided(full)
        if provided:
            raise fs_error(path, EEXIST if node is not None else EACCES)
        if not target:
            raise FileNotFound(path)
        try:
            self.fs.symlink(target, full)
        except FsError as err:
            raise fs_error(path, err.strerror) from None

    def hard_link(self, src: str, path: str, follow: bool = False) -> None:
        """linkat(2): `path` becomes another name of the file `src` names (its link followed when `follow`)."""
        full = self.resolve(path, follow=False)
        source = self.resolve(src, follow)
        if self._provided(full)[0] or self._provided(source)[0]:
            raise FsError(path, "Invalid cross-device link")
        if self.fs.get(source) is None:
            raise FileNotFound(src)
        try:
            self.fs.hard_link(source, full)
        except FsError as err:
            raise fs_error(path, err.strerror) from None

    def remove(self, path: str, recursive: bool = False) -> None:
        full = self.resolve(path, follow=False)
        provided, node = self._provided(full)
        if provided:
            raise fs_error(path, EACCES if node is not None else ENOENT)
        try:
            self.fs.remove(full, recursive=recursive)
        except FsError as err:
            raise fs_error(path, err.strerror) from None


def view(ctx: "ExecContext") -> View:
    return View(ctx)


__all__ = ["View", "view", "FsError", "normalise_sysctl", "EINVAL", "EISDIR", "ENOENT", "ENOTDIR"]
