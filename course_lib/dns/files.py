"""The resolver's configuration files of a machine: /etc/hosts and /etc/resolv.conf, with /etc/netns overlays.

The shell layer owns the machine file system (course_lib.shell.fs). Until a machine has one, these
helpers keep the files in a small per-machine dict so the resolver works on a bare model too.
Inside `ip netns exec NAME`, a file /etc/netns/NAME/<file> replaces /etc/<file>, as iproute2's
bind mounts do.
"""
from __future__ import annotations

import weakref
from typing import Any, Optional

HOSTS = "/etc/hosts"
RESOLV_CONF = "/etc/resolv.conf"
NSSWITCH = "/etc/nsswitch.conf"

# The stub listener address of the machine's own resolver (systemd-resolved on Ubuntu, see internet.py).
STUB_ADDRESS = "127.0.0.53"


def default_hosts(hostname: str) -> str:
    """A fresh Debian/Ubuntu machine's /etc/hosts."""
    return (f"127.0.0.1\tlocalhost\n127.0.1.1\t{hostname}\n\n"
            "# The following lines are desirable for IPv6 capable hosts\n"
            "::1     localhost ip6-localhost ip6-loopback\n"
            "ff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n")


def default_resolv_conf() -> str:
    """A fresh Ubuntu machine's /etc/resolv.conf: the systemd-resolved stub on 127.0.0.53."""
    return ("# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\n"
            "# Do not edit.\n#\n"
            "# This file might be symlinked as /etc/resolv.conf. If you're looking at\n"
            "# /etc/resolv.conf and seeing this text, you have followed the most direct\n"
            "# way to use systemd-resolved.\n#\n"
            "# Run \"resolvectl status\" to see details about the uplink DNS servers\n"
            "# currently in use.\n#\n"
            "# Third party programs should typically not access this file directly, but only\n"
            "# through the symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a\n"
            "# different way, replace this symlink by a static file or a different symlink.\n#\n"
            "# See man:systemd-resolved.service(8) for details about the supported modes of\n"
            "# operation for /etc/resolv.conf.\n\n"
            f"nameserver {STUB_ADDRESS}\noptions edns0 trust-ad\nsearch .\n")


def default_files(hostname: str) -> dict[str, str]:
    """The name-resolution files a fresh machine starts with (for the shell's file system)."""
    return {HOSTS: default_hosts(hostname), RESOLV_CONF: default_resolv_conf(),
            NSSWITCH: "passwd:         files\ngroup:          files\nshadow:         files\n"
                      "hosts:          files dns\nnetworks:       files\n"}


_fallback: "weakref.WeakKeyDictionary[Any, dict[str, str]]" = weakref.WeakKeyDictionary()


def _fallback_files(machine: Any) -> dict[str, str]:
    files = _fallback.get(machine)
    if files is None:
        files = default_files(getattr(machine, "hostname", "") or getattr(machine, "name", "localhost"))
        _fallback[machine] = files
    return files


def _fs_read(fs: Any, path: str) -> Optional[str]:
    for method in ("read_text", "read", "read_file", "cat"):
        fn = getattr(fs, method, None)
        if fn is None:
            continue
        try:
            data = fn(path)
        except Exception:   # missing file or not a regular file: the resolver treats it as absent
            return None
        if isinstance(data, bytes):
            data = data.decode("utf-8", "replace")
        return data if isinstance(data, str) else None
    return None


def _fs_write(fs: Any, path: str, text: str) -> bool:
    for method in ("write_text", "write", "write_file"):
        fn = getattr(fs, method, None)
        if fn is not None:
            fn(path, text)
            return True
    return False


def read_file(ctx: Any, path: str) -> Optional[str]:
    """The text of `path` as a process in `ctx` sees it (netns overlay applied), None when missing."""
    machine = getattr(ctx, "machine", None)
    if machine is None:
        if getattr(ctx, "backend", "sim") == "real":   # the real daemon: `ip netns exec` bind-mounted /etc/netns/NAME
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    return f.read()
            except OSError:
                return None
    else:
        # a plain regular file under /etc straight from the machine's nodes (the netns overlay applied)
        nodes = getattr(machine.fs, "nodes", None) if hasattr(machine, "fs") else None
        if nodes is not None and path[:5] == "/etc/":
            text = _etc_node_text(nodes, getattr(ctx, "netns_name", None), path)
            if text is not None:
                return text
        shell_fs = _shell_fs()
        if shell_fs is not None:
            try:
                return shell_fs.read_file(ctx, path)
            except Exception:      # FileNotFound, a directory...: the resolver treats it as absent
                return None
    name = getattr(ctx, "netns_name", None)
    if name and path.startswith("/etc/"):
        overlay = read_raw(ctx.machine, f"/etc/netns/{name}/{path[5:]}")
        if overlay is not None:
            return overlay
    return read_raw(ctx.machine, path)


def read_etc_files(ctx: Any, paths: tuple[str, ...]) -> tuple[Optional[str], ...]:
    """read_file for several files under /etc at once (one look at the machine's file system)."""
    machine = getattr(ctx, "machine", None)
    fs = getattr(machine, "fs", None)
    nodes = getattr(fs, "nodes", None)
    if nodes is None:
        return tuple(read_file(ctx, path) for path in paths)
    name = getattr(ctx, "netns_name", None)
    texts = []
    for path in paths:
        node = nodes.get(f"/etc/netns/{name}/{path[5:]}") if name else None   # _etc_node_text, inlined
        if node is None:
            node = nodes.get(path)
        if node is not None and node.kind == "file" and node.fn is None and node.data.__class__ is str:
            texts.append(node.data)
        else:
            texts.append(read_file(ctx, path))
    return tuple(texts)


def etc_nodes(ctx: Any, paths: tuple[str, ...]) -> Optional[tuple[Any, ...]]:
    """The nodes (None where missing) of /etc files as a process outside `ip netns exec` finds them in the
    machine's file system, or None without one. Nodes are immutable (a write replaces the node): the
    same nodes are the same files."""
    fs = getattr(getattr(ctx, "machine", None), "fs", None)
    nodes = getattr(fs, "nodes", None)
    if nodes is None or getattr(ctx, "netns_name", None):
        return None
    return tuple(map(nodes.get, paths))


def plain_files(nodes: tuple[Any, ...]) -> bool:
    """Whether every node is a regular file read as it is (what read_file returns is its data)."""
    return all(node is not None and node.kind == "file" and node.fn is None and node.data.__class__ is str
               for node in nodes)


def _etc_node_text(nodes: dict[str, Any], netns_name: Optional[str], path: str) -> Optional[str]:
    """The text of /etc/FILE when it is a plain regular file (/etc/netns/NAME/FILE first), else None."""
    node = nodes.get(f"/etc/netns/{netns_name}/{path[5:]}") if netns_name else None
    if node is None:
        node = nodes.get(path)
    if node is not None and node.kind == "file" and node.fn is None and node.data.__class__ is str:
        return node.data
    return None


_SHELL_FS: list[Any] = []


def _shell_fs() -> Any:
    """course_lib.shell.fs (looked up once), or None without the shell layer."""
    if not _SHELL_FS:
        try:
            from course_lib.shell import fs as shell_fs
        except ImportError:
            shell_fs = None
        _SHELL_FS.append(shell_fs)
    return _SHELL_FS[0]


def read_raw(machine: Any, path: str) -> Optional[str]:
    """The text of `path` on `machine`, without any netns overlay."""
    fs = getattr(machine, "fs", None)
    if fs is not None and any(hasattr(fs, m) for m in ("read_text", "read", "read_file", "cat")):
        return _fs_read(fs, path)
    return _fallback_files(machine).get(path)


def write_file(machine: Any, path: str, text: str) -> None:
    """Write `path` on `machine` (tests and labs use this when the shell's file system is absent)."""
    try:
        from course_lib.shell.fs import get_fs
        fs = get_fs(machine)
        fs.mkdir(path.rsplit("/", 1)[0] or "/", parents=True)
        fs.write(path, text)
        return
    except ImportError:
        pass
    fs = getattr(machine, "fs", None)
    if fs is not None and _fs_write(fs, path, text):
        return
    _fallback_files(machine)[path] = text


def hostname_of(ctx: Any) -> str:
    machine = getattr(ctx, "machine", None)
    return getattr(machine, "hostname", "") or getattr(machine, "name", "localhost")
