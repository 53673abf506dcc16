"""Finding what a command name runs: a registered command, a virtual executable, or a script file."""
from __future__ import annotations

import functools
import itertools
import operator
import posixpath
import re
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from course_lib.result import CommandResult
from course_lib.shell import registry
from course_lib.shell.fs import fs_of, get_fs

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

STD_BIN_DIRS = {"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"}
CommandFn = Callable[..., CommandResult]


def _not_found(name: str, why: str, rc: int) -> CommandResult:
    if any(ord(c) < 32 or ord(c) == 127 for c in name):       # bash names it as $'...'
        from course_lib.shell.coreutils_builtin import ansi_quote
        name = ansi_quote(name)
    return CommandResult("", f"bash: {name}: {why}\n", rc)


def _script_runner(text: str) -> CommandFn:
    """A text file run as a program: a shell script (the `#!` line is a comment to bash)."""
    def run(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
        from course_lib.shell.interpreter import Shell
        shell = Shell(ctx, argv0=argv[0], positional=argv[1:])
        shell.vars["PWD"] = ctx.cwd
        rc = shell.run_source(text, stdin)
        shell.release()
        return CommandResult("".join(shell.sinks[0].out), "".join(shell.sinks[0].err), rc)
    return run


def _from_node(name: str, node: Any) -> Union[CommandFn, CommandResult]:
    if node.is_dir:
        return _not_found(name, "Is a directory", 126)
    if not node.executable:
        return _not_found(name, "Permission denied", 126)
    if node.fn is not None:
        return node.fn
    return _script_runner(node.data)


def resolve(shell: "Shell", name: str) -> Union[CommandFn, CommandResult]:
    """The implementation of `name`, or the CommandResult of bash's error (rc 127/126)."""
    from course_lib.shell.busybox_applets import is_busybox, not_found, own_applet, sh_not_found
    # busybox ash (`sh -c`, `kubectl exec -it POD -- sh`): `sh: NAME: not found` for what the image lacks;
    # run_argv's own shell is dockerd's or the kubelet's (iptables in the container's netns) and may run it
    refused = sh_not_found(shell.ctx, name) if name and shell.argv0 in ("sh", "/bin/sh", "ash") else None
    if refused is not None:
        return refused
    found = _resolve(shell, name)
    if isinstance(found, CommandResult) and found.returncode == 127 and is_busybox(shell.ctx):
        return own_applet(posixpath.basename(name)) or not_found(name)      # ifconfig, nc: busybox only
    return found


def _resolve(shell: "Shell", name: str) -> Union[CommandFn, CommandResult]:
    if "/" in name:
        view = shell.view()
        node = view.stat(name)
        if node is None:
            full = view.abspath(name)
            fn = registry.lookup(posixpath.basename(full))
            if fn is not None and posixpath.dirname(full) in STD_BIN_DIRS:
                return fn
            return _not_found(name, "No such file or directory", 127)
        return _from_node(name, node)
    fn = registry.lookup(name) if name else None
    if fn is not None:
        return fn
    if name:
        view = shell.view()
        for directory in shell.vars.get("PATH", "").split(":"):
            if directory.startswith("/"):
                node = _stat_in(view, directory, name)
                if node is not None and node.executable:
                    return _from_node(name, node)
    return _not_found(name, "command not found", 127)


# a directory path normpath leaves as it is, outside the files a View provides or redirects
_PLAIN_DIR = re.compile(r"(?:/(?!\.\.?(?:/|$))[^/]+)+")
_VIEW_SPECIAL = ("/etc/", "/proc/", "/sys/")


@functools.lru_cache(maxsize=256)
def _direct_dir(directory: str) -> bool:
    return bool(_PLAIN_DIR.fullmatch(directory)) and not (directory + "/").startswith(_VIEW_SPECIAL)


@functools.lru_cache(maxsize=64)
def _path_dirs(path: str) -> tuple[tuple[str, Optional[str]], ...]:
    """PATH's absolute directories, each with DIR/ when its files can be looked up straight in the file
    table (_direct_dir), else None."""
    return tuple((d, d + "/" if _direct_dir(d) else None) for d in path.split(":") if d.startswith("/"))


@functools.lru_cache(maxsize=64)
def _direct_prefixes(path: str) -> Optional[tuple[str, ...]]:
    """The DIR/ prefixes of PATH's _path_dirs entries when all of them have one, else None."""
    prefixes = tuple(prefix for _, prefix in _path_dirs(path))
    return None if None in prefixes else prefixes


def _stat_in(view: Any, directory: str, name: str) -> Any:
    """view.stat(directory/name), straight from the file table when nothing can redirect the path."""
    if name not in (".", "..") and "/" not in name and _direct_dir(directory):
        return view.fs.nodes.get(directory + "/" + name)
    return view.stat(posixpath.join(directory, name))


MAX_CANDIDATES = 512
_CANDIDATES: dict[tuple[str, str], Optional[tuple[str, ...]]] = {}


def _candidates(path: str, name: str) -> Optional[tuple[str, ...]]:
    """DIR/NAME for each directory of PATH in order, when which_direct can look them all up straight
    in the file table; else None. A pure function of the texts, remembered."""
    key = (path, name)
    try:
        return _CANDIDATES[key]
    except KeyError:
        pass
    found = None
    if name and name not in (".", "..") and "/" not in name:
        prefixes = _direct_prefixes(path)
        if prefixes is not None:
            found = tuple(map(operator.add, prefixes, itertools.repeat(name)))
    if len(_CANDIDATES) >= MAX_CANDIDATES:
        _CANDIDATES.clear()
    _CANDIDATES[key] = found
    return found


def which_direct(ctx: Any, path: str, name: str, registered: Any = None) -> Optional[str]:
    """which() for a plain name when every directory of PATH (`path`) is looked up straight in the
    file table (no View needed, so no Shell either); None when it takes the general lookup.
    `registered`: registry.lookup(name) when the caller has it."""
    try:
        candidates = _CANDIDATES[(path, name)]
    except KeyError:
        candidates = _candidates(path, name)
    if candidates is None:
        return None
    machine = ctx.machine
    nodes = (machine.fs or get_fs(machine)).nodes
    # usually no directory has the name at all
    if not nodes.keys().isdisjoint(candidates):
        for full in candidates:
            node = nodes.get(full)
            if node is not None and node.executable:
                return full                                 # what posixpath.join gives for these
    if registered is not None:
        return _PROGRAM_PATHS.get(name) or _program_path(name)
    return _registry_path(name)


_PROGRAM_PATHS: dict[str, str] = {}


def _program_path(name: str) -> str:
    """Where the registered command `name` lives: /usr/sbin for SBIN's, else /usr/bin (remembered)."""
    if len(_PROGRAM_PATHS) > 1024:
        _PROGRAM_PATHS.clear()
    path = _PROGRAM_PATHS[name] = ("/usr/sbin/" if name in SBIN else "/usr/bin/") + name
    return path


def which(shell: "Shell", name: str) -> str:
    """The path `command -v` / `which` prints for an external command ('' when none)."""
    if "/" in name:
        node = shell.view().stat(name)
        return name if node is not None and node.executable else ""
    path = shell.vars.get("PATH", "")
    found = which_direct(shell.ctx, path, name)
    if found is not None:
        return found
    view = nodes = None
    direct_name = bool(name) and name not in (".", "..")
    entries = _path_dirs(path)
    for directory, prefix in entries:
        if prefix is not None and direct_name:              # _stat_in's shortcut, without making a View
            if nodes is None:
                nodes = fs_of(shell.ctx).nodes
            node = nodes.get(prefix + name)
            if node is not None and node.executable:
                return prefix + name                        # what posixpath.join gives for these
            continue
        if view is None:
            view = shell.view()
        node = view.stat(posixpath.join(directory, name))
        if node is not None and node.executable:
            return posixpath.join(directory, name)
    return _registry_path(name)


def _registry_path(name: str) -> str:
    """Where a registered command's program lives ('' when there is none)."""
    if registry.lookup(name) is not None:
        return _PROGRAM_PATHS.get(name) or _program_path(name)
    return ""


SBIN = {"ip", "bridge", "iptables", "iptables-save", "iptables-restore", "sysctl", "arp", "route",
        "ifconfig", "tc", "ss", "xtables-nft-multi", "ip6tables", "ebtables", "conntrack", "dnsmasq",
        "coredns", "kubelet", "chroot", "ipvsadm", "ipset"}
