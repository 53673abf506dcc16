"""procps ps and pgrep over the machine's processes (machine.processes: objects with pid, name and
cmdline, e.g. daemons other layers start), plus init (PID 1) and the learner's shell."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from course_lib.result import CommandResult
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

SHELL_PID = 4242


def _processes(ctx: "ExecContext", own: str) -> list[tuple[int, int, str, str, str]]:
    """(pid, ppid, name, cmdline, tty) of every process, in pid order."""
    procs = [(1, 0, "systemd", "/sbin/init", "?")]
    for proc in getattr(ctx.machine, "processes", []) or []:
        pid = getattr(proc, "pid", None)
        if not isinstance(pid, int):
            continue
        cmdline = str(getattr(proc, "cmdline", "") or getattr(proc, "name", "") or "")
        name = str(getattr(proc, "name", "") or cmdline.split(" ", 1)[0].rsplit("/", 1)[-1])
        procs.append((pid, 1, name[:15], cmdline, "?"))
    procs.append((SHELL_PID, 1, "bash", "-bash", "pts/0"))
    procs.append((SHELL_PID + 1, SHELL_PID, own, own, "pts/0"))
    return sorted(procs)


def _sizes(pid: int) -> tuple[int, int]:
    return (7000 + (pid * 7919) % 90000, 3000 + (pid * 104729) % 20000)


@command("ps")
def ps(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    flags = "".join(a.lstrip("-") for a in args if not a.startswith("--"))
    bsd = any(not a.startswith("-") for a in args) or "aux" in args or "-aux" in args
    own_cmd = " ".join(["ps"] + args)
    procs = _processes(ctx, own_cmd)
    unknown = [c for c in flags if c not in "aefuxlwAo"]
    if unknown:
        return CommandResult("", "error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n\n"
                             " Try 'ps --help <simple|list|output|threads|misc|all>'\n"
                             "  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\n"
                             "For more details see ps(1).\n", 1)
    out = []
    if "u" in flags and (bsd or "a" in flags):
        out.append("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
        for pid, _, name, cmdline, tty in procs:
            vsz, rss = _sizes(pid)
            stat = "Ss" if pid in (1, SHELL_PID) else ("R+" if tty != "?" else "Ssl")
            out.append(f"{'root':<8} {pid:>7} {'0.0':>4} {'0.1':>4} {vsz:>6} {rss:>5} {tty:<8} {stat:<4} "
                       f"{'00:00':>5} {'0:00':>6} {cmdline}\n")
    elif "f" in flags or ("e" in flags and "f" in flags):
        out.append("UID          PID    PPID  C STIME TTY          TIME CMD\n")
        for pid, ppid, name, cmdline, tty in procs:
            out.append(f"{'root':<8} {pid:>7} {ppid:>7} {0:>2} {'00:00':<5} {tty:<8} {'00:00:00':>8} {cmdline}\n")
    else:
        show_all = "e" in flags or "A" in flags or "x" in flags
        out.append("    PID TTY          TIME CMD\n")
        for pid, _, name, _, tty in procs:
            if show_all or tty != "?":
                out.append(f"{pid:>7} {tty:<8} {'00:00:00':>8} {name.split(' ')[0]}\n")
    return CommandResult("".join(out), "", 0)


@command("pgrep", "pidof")
def pgrep(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    full = "-f" in argv
    patterns = [a for a in argv[1:] if not a.startswith("-")]
    if not patterns:
        prog = argv[0].rsplit("/", 1)[-1]
        if prog == "pidof":
            return CommandResult("", "", 1)
        return CommandResult("", "pgrep: no matching criteria specified\nTry `pgrep --help' for more "
                             "information.\n", 2)
    found: list[Any] = []
    for pid, _, name, cmdline, _ in _processes(ctx, argv[0]):
        if pid == SHELL_PID + 1:
            continue
        for pattern in patterns:
            if argv[0].endswith("pidof"):
                if name == pattern or cmdline.split(" ", 1)[0].rsplit("/", 1)[-1] == pattern:
                    found.append(pid)
            elif re.search(pattern, cmdline if full else name):
                found.append(pid)
    if argv[0].endswith("pidof"):
        return CommandResult(" ".join(str(p) for p in sorted(found, reverse=True)) + "\n" if found else "",
                             "", 0 if found else 1)
    return CommandResult("".join(f"{p}\n" for p in found), "", 0 if found else 1)
