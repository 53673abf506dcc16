"""The klog lines (and warnings) kubectl writes to stderr while a command runs (`W1127 15:54:07.682883   12771 helpers.go:703] ...`).

A command calls warn() where kubectl 1.30 calls klog.Warning; the kubectl entry point collects the lines of one
invocation (collecting()) and puts them on stderr before whatever the command prints there later, stamped with the
lab's clock and the kubectl process's pid as klog stamps them (severity, MMDD, time with microseconds, pid in 7
columns, file:line of the call).
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any, Iterator, Optional

Entry = tuple[str, str, str]          # severity letter, file:line, message

_SINK: ContextVar[Optional[list[Entry]]] = ContextVar("kubectl_klog", default=None)


def warn(where: str, message: str) -> None:
    """klog.Warning at `where` (file.go:line of kubectl 1.30); nothing when no invocation is collecting."""
    sink = _SINK.get()
    if sink is not None and ("W", where, message) not in sink:   # kubectl asks once where the sim may ask twice
        sink.append(("W", where, message))


def stderr(text: str) -> None:
    """A line a command writes to its ErrOut itself (`Warning: ...`), kept in order with the klog lines."""
    sink = _SINK.get()
    if sink is not None:
        sink.append(("", "", text))


@contextmanager
def collecting() -> Iterator[list[Entry]]:
    """The klog entries of one kubectl invocation."""
    entries: list[Entry] = []
    token = _SINK.set(entries)
    try:
        yield entries
    finally:
        _SINK.reset(token)


def pid(cluster: Any, ctx: Any) -> int:
    """The pid of the kubectl process: the next pid of the node it runs on."""
    node = getattr(ctx.machine, "hostname", "controlplane") if ctx is not None else "controlplane"
    return cluster.new_pid(node) if cluster is not None and node in cluster.kubelets else 4242


def clock(cluster: Any, offset: float = 0.0012) -> str:
    """The header's `MMDD HH:MM:SS.micro`: the lab's clock, `offset` seconds into the command."""
    at = (cluster.network.epoch + cluster.now()) if cluster is not None else 0.0
    return datetime.fromtimestamp(at + offset, tz=timezone.utc).strftime("%m%d %H:%M:%S.%f")


def render(entries: list[Entry], cluster: Any, ctx: Any) -> str:
    """The collected entries as klog prints them."""
    if not entries:
        return ""
    when, number = (clock(cluster), pid(cluster, ctx)) if any(sev for sev, _, _ in entries) else ("", 0)
    return "".join(f"{sev}{when} {number:7d} {where}] {message}\n" if sev else message
                   for sev, where, message in entries)
