"""The table of commands a simulated machine knows, filled by the command modules with @command."""
from __future__ import annotations

import importlib
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Optional, TYPE_CHECKING

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext
    from course_lib.result import CommandResult

# A command takes the execution context, its argv (argv[0] is the command name) and its stdin text.
CommandFn = Callable[["ExecContext", list[str], str], "CommandResult"]

_COMMANDS: dict[str, CommandFn] = {}
# Per-backend overrides (the real backend runs iptables, ping... as the real binaries), consulted
# by lookup() while that backend is active (see active_backend()).
_BACKEND_COMMANDS: dict[str, dict[str, CommandFn]] = {}
_ACTIVE_BACKEND: ContextVar[str] = ContextVar("course_lib_active_backend", default="sim")

# Modules that register commands; imported on the first lookup so `import course_lib` stays light.
# Each helper adds its module here (one line each).
COMMAND_MODULES: list[str] = [
    "course_lib.dns.commands",
    "course_lib.shell.ip.main",
    "course_lib.shell.bridge",
    "course_lib.shell.sysctl",
    "course_lib.shell.hostname",
    "course_lib.docker.cli",
    "course_lib.docker.nsenter",
    "course_lib.cni.cnitool",
    "course_lib.http.curl",
    "course_lib.http.wget",
    "course_lib.shell.openssl_cmd",
    "course_lib.shell.coreutils_builtin",
    "course_lib.shell.iptables",
    "course_lib.shell.iptables_save",
    "course_lib.shell.conntrack_cmd",
    "course_lib.shell.ipvsadm", "course_lib.shell.ipset_cmd",
    "course_lib.shell.nettools.commands",
    "course_lib.shell.coreutils_text",
    "course_lib.shell.coreutils_columns",
    "course_lib.shell.coreutils_grep",
    "course_lib.shell.coreutils_files",
    "course_lib.shell.coreutils_ls",
    "course_lib.shell.coreutils_sys",
    "course_lib.shell.coreutils_awk",
    "course_lib.shell.coreutils_sed",
    "course_lib.shell.coreutils_more",
    "course_lib.shell.coreutils_links",
    "course_lib.shell.coreutils_extra",
    "course_lib.k8s.kubectl.main",
    "course_lib.k8s.kubeadm_cmd",
    "course_lib.shell.coreutils_ps",
    "course_lib.shell.busybox_applets",     # last: wraps ip, ps, cat... for busybox images
]
_loaded = False


def command(*names: str) -> Callable[[CommandFn], CommandFn]:
    """Register a function as the implementation of one or more command names."""
    def decorate(fn: CommandFn) -> CommandFn:
        for name in names:
            _COMMANDS[name] = fn
        return fn
    return decorate


def backend_command(backend: str, *names: str) -> Callable[[CommandFn], CommandFn]:
    """Register an implementation used instead of the common one while `backend` is active."""
    def decorate(fn: CommandFn) -> CommandFn:
        table = _BACKEND_COMMANDS.setdefault(backend, {})
        for name in names:
            table[name] = fn
        return fn
    return decorate


@contextmanager
def active_backend(backend: str) -> Iterator[None]:
    """Within this block, lookup() prefers the commands registered for `backend`."""
    token = _ACTIVE_BACKEND.set(backend)
    try:
        yield
    finally:
        _ACTIVE_BACKEND.reset(token)


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in COMMAND_MODULES:
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 - one broken module must not take every command down
                logging.getLogger(__name__).warning("cannot load command module %s", module, exc_info=True)


def lookup(name: str) -> Optional[CommandFn]:
    """The implementation of command `name` (a bare name or a path like /usr/sbin/ip), or None."""
    if not _loaded:
        _load()
    if not name:
        return None
    if "/" in name:
        name = name.rsplit("/", 1)[-1]
    if _BACKEND_COMMANDS:
        override = _BACKEND_COMMANDS.get(_ACTIVE_BACKEND.get())
        if override and name in override:
            return override[name]
    return _COMMANDS.get(name) if name else None


def common(name: str) -> Optional[CommandFn]:
    """The implementation every backend shares (no override of the active backend): what a wrapper wraps."""
    if not _loaded:
        _load()
    return _COMMANDS.get(name)


def lookup_plain(name: str) -> Optional[CommandFn]:
    """lookup(name) for a name without '/' (the hot paths' own check), without the override table when none
    is registered."""
    if _loaded and not _BACKEND_COMMANDS:
        return _COMMANDS.get(name) if name else None
    return lookup(name)


def names() -> list[str]:
    _load()
    return sorted(_COMMANDS)
