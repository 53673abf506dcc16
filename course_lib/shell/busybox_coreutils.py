"""BusyBox's sleep, timeout, tac and expr in busybox/alpine containers: their own words for the same errors
(checked with BusyBox 1.35's applets). BusyBox timeout runs PROG in its own place, so PROG killed by the signal
is the status the shell sees (143 for TERM, 137 for KILL; a shell that forked it would also print "Terminated",
not modelled here); time runs on the model clock as in GNU timeout.

    sleep 1x             sleep: invalid number '1x'                           exit 1
    timeout x sleep 1    timeout: invalid number 'x'                          exit 1
    timeout 1 nosuch     timeout: can't execute 'nosuch': No such file or directory   exit 127
"""
from __future__ import annotations

from typing import Any, Callable

from course_lib.result import CommandResult
from course_lib.shell import signals

SLEEP_USAGE = ("\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg "
               "can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n")
TIMEOUT_USAGE = ("\n\nUsage: timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS\n\nRun PROG. Send SIG to it if it is not "
                 "gone in SECS seconds.\nDefault SIG: TERM.If it still exists in KILL_SECS seconds, send KILL.\n\n")


def _usage(text: str) -> CommandResult:
    from course_lib.shell.busybox_applets import banner
    return CommandResult("", banner() + text, 1)


def sleep(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    from course_lib.shell.coreutils_timeout import parse_duration
    if len(argv) < 2:
        return _usage(SLEEP_USAGE)
    bad = next((a for a in argv[1:] if a.startswith("-") or parse_duration(a) is None), None)
    if bad is not None:
        return CommandResult("", f"sleep: invalid number '{bad}'\n", 1)
    return original(ctx, ["sleep", *argv[1:]], stdin)


def timeout(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    from course_lib.shell.coreutils_timeout import parse_duration, run_limited
    args, signo = argv[1:], 15
    while args and args[0] in ("-s", "-k") and len(args) > 1:
        if args[0] == "-s":
            signo = signals.signo(args[1])
            if signo <= 0:
                return CommandResult("", f"timeout: unknown signal '{args[1]}'\n", 1)
        elif parse_duration(args[1]) is None:
            return CommandResult("", f"timeout: invalid number '{args[1]}'\n", 1)
        args = args[2:]
    if len(args) < 2:
        return _usage(TIMEOUT_USAGE)
    seconds = parse_duration(args[0])
    if seconds is None:
        return CommandResult("", f"timeout: invalid number '{args[0]}'\n", 1)
    result = run_limited(ctx, args[1:], stdin, seconds, signo, preserve=True, foreground=True)
    if result.returncode == 127 and result.stderr.endswith(("not found\n", "No such file or directory\n")):
        return CommandResult(result.stdout, f"timeout: can't execute '{args[1]}': No such file or directory\n", 127)
    return result


def tac(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    result = original(ctx, argv, stdin)
    err = "".join(f"tac: {line[len('tac: failed to open '):].split(' for reading')[0].strip(chr(39))}: "
                  f"{line.rsplit(': ', 1)[-1]}" if line.startswith("tac: failed to open ") else line
                  for line in result.stderr.splitlines(keepends=True))
    return CommandResult(result.stdout, err, result.returncode)


def expr(ctx: Any, argv: list[str], stdin: str, original: Callable) -> CommandResult:
    if len(argv) < 2:
        return CommandResult("", "expr: too few arguments\n", 2)
    result = original(ctx, argv, stdin)
    err = result.stderr
    if err.startswith("expr: non-integer argument"):
        err = "expr: non-numeric argument\n"
    elif err.startswith("expr: syntax error"):
        err = "expr: syntax error\n"
    return CommandResult(result.stdout, err, result.returncode)


VARIANTS: dict[str, Callable[[Any, list[str], str, Callable], CommandResult]] = {
    "sleep": sleep, "timeout": timeout, "tac": tac, "expr": expr}
