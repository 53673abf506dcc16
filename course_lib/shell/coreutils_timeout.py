"""coreutils `timeout` and `sleep` in model time: timeout cuts its command at DURATION seconds of the lab's clock.

A command that waits in model time (sleep, ping, curl...) asks `limit_of(network)` for the time limit a
timeout around it set, stops there and ends as the signal would end it:
    timeout 2 ping 10.0.0.2       the replies of the first two seconds, no statistics (TERM), rc 124
    timeout -s INT 2 ping ...     the statistics too (ping's SIGINT handler), rc 124
    timeout --preserve-status     the command's own status (128+15 for TERM)
    timeout -s KILL 1 sleep 5     `Killed` from the shell (timeout dies with its process group), rc 137
Option and operand errors are coreutils 9.1's (exit 125); a command not found 127, not runnable 126.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional

from course_lib.result import CommandResult
from course_lib.shell import signals
from course_lib.shell.coreutils_common import Options, UsageError, getopt, locale_quotes, try_help, \
    usage_result, utf8_locale
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

_DURATION = re.compile(r"\s*([+-]?(?:inf(?:inity)?|nan|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
                       r"(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))([smhd]?)", re.I)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_LONGS = {"kill-after=": "-k", "signal=": "-s", "foreground": "foreground", "preserve-status": "preserve-status",
          "verbose": "-v"}


def version(prog: str, authors: str) -> str:
    """coreutils 9.1's --version text."""
    return (f"{prog} (GNU coreutils) 9.1\nCopyright (C) 2022 Free Software Foundation, Inc.\n"
            "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
            "This is free software: you are free to change and redistribute it.\n"
            f"There is NO WARRANTY, to the extent permitted by law.\n\nWritten by {authors}.\n")


@dataclass(frozen=True)
class TimeLimit:
    """The model time at which a timeout around the running command sends `signo` to it."""
    at: float
    signo: int

    def fired(self, clock: float) -> bool:
        return clock >= self.at - 1e-9


def limit_of(network: Any) -> Optional[TimeLimit]:
    """The time limit a `timeout` set around the command now running on this lab (None: no limit)."""
    return network.__dict__.get("time_limit") if network is not None else None


class TimeLimitReached(BaseException):
    """A wait of model time went past a timeout's limit: the command dies there (not an Exception, so that
    no command's error handling takes it for its own failure)."""

    def __init__(self, limit: TimeLimit) -> None:
        super().__init__(limit)
        self.limit = limit


def _cut_waits(network: Any) -> Callable[[], None]:
    """Make the lab's event scheduler stop at the network's time limit: a pump past it runs up to it and raises
    TimeLimitReached (curl, wget, nc, DNS retries waiting on the kernel's timers). Returns the undo."""
    from course_lib.net.events import scheduler
    sched = scheduler(network)
    kind = type(sched)
    if kind.__name__ == "LimitedScheduler" or getattr(kind, "handles_limits", False):
        return lambda: None             # stops at the limit already (course_lib.shell.jobs_run's too)
    sched.__class__ = _limited_class(kind)

    def restore() -> None:
        if type(sched).__name__ == "LimitedScheduler":     # not replaced meanwhile (by the jobs' scheduler)
            sched.__class__ = kind
    return restore


_LIMITED: dict[type, type] = {}


def _limited_class(kind: type) -> type:
    """A subclass of the scheduler's class whose pump stops at the network's time limit."""
    made = _LIMITED.get(kind)
    if made is None:
        def pump(self: Any, until: Optional[float] = None, done: Optional[Callable[[], bool]] = None) -> bool:
            limit = limit_of(self.network)
            if limit is None or until is not None and until <= limit.at + 1e-9:
                return kind.pump(self, until, done)
            if kind.pump(self, limit.at, done) and done is not None:
                return True
            raise TimeLimitReached(limit)
        made = _LIMITED[kind] = type("LimitedScheduler", (kind,), {"__slots__": (), "pump": pump})
    return made


def limited_deadline(limit: TimeLimit, clock: float, deadline: Optional[float]) -> Optional[float]:
    """A program's own deadline (seconds from now, or None) shortened to the time limit."""
    left = max(0.0, limit.at - clock)
    return left if deadline is None or left < deadline else deadline


def killed_by(limit: TimeLimit, clock: float) -> bool:
    """Whether a program that stopped at `clock` was stopped by the limit's signal and died of it: one that
    handles SIGINT (ping) ends as after Ctrl-C instead."""
    return limit.fired(clock) and limit.signo != 2


def parse_duration(text: str) -> Optional[float]:
    """xstrtod plus a unit suffix, as timeout and sleep take a duration; None when it is not one."""
    m = _DURATION.fullmatch(text)
    if not m or text.endswith(" ") or not text:
        return None
    number = m.group(1)
    try:
        value = float.fromhex(number) if "x" in number.lower() else float(number)
    except ValueError:
        return None
    if value != value or value < 0:
        return None
    return value * _UNITS[m.group(2)]


# Model seconds past which its wall-clock dates (model time 0 = 2025/2026) would leave year 9999 (Python's datetime)
FOREVER = 2e11


@command("sleep")
def sleep(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    """Let the model clock run (never really sleeps); a timeout around it ends it at its limit."""
    return locale_quotes(ctx, _sleep(ctx, argv))


def _read_options(argv: list[str], shorts: str, longs: dict[str, str], rc: int, help_text: str,
                  authors: str) -> "Options | CommandResult":
    """getopt_long without permutation; --help and --version answered; a usage error's text and status."""
    try:
        opts = getopt(argv, shorts, {**longs, "help": "help", "version": "version"}, rc=rc, permute=False)
    except UsageError as error:
        return usage_result(error)
    if opts.has("help"):
        return CommandResult(help_text, "", 0)
    if opts.has("version"):
        return CommandResult(version(_prog(argv), authors), "", 0)
    return opts


def _sleep(ctx: "ExecContext", argv: list[str]) -> CommandResult:
    opts = _read_options(argv, "", {}, 1, SLEEP_HELP, "Jim Meyering and Paul Eggert")
    if isinstance(opts, CommandResult):
        return opts
    if not opts.operands:
        return CommandResult("", f"sleep: missing operand\n{try_help('sleep')}\n", 1)
    total, bad = 0.0, ""
    for arg in opts.operands:
        seconds = parse_duration(arg)
        if seconds is None:
            bad += f"sleep: invalid time interval ‘{arg}’\n"
        else:
            total += seconds
    if bad:
        return CommandResult("", bad + try_help("sleep") + "\n", 1)
    network = getattr(ctx.machine, "network", None)
    if network is None or not hasattr(network, "clock"):
        return CommandResult("", "", 0)
    limit = limit_of(network)
    rc = 0
    if limit is not None and network.clock + total >= limit.at:
        total, rc = max(0.0, limit.at - network.clock), 128 + limit.signo
    if network.clock + total < FOREVER:           # later: it never ends in the model's dates, as `sleep inf`
        advance = getattr(network, "advance", None)
        if callable(advance):
            advance(total)
        else:
            network.clock += total
    elif limit is None:
        from course_lib.shell.jobs_run import hold
        hold(lambda: False)         # in a background job `sleep inf` waits until killed (outside: returns)
    return CommandResult("", "", rc)


def _prog(argv: list[str]) -> str:
    return argv[0].rsplit("/", 1)[-1]


@command("timeout")
def timeout(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    result = _timeout(ctx, argv, stdin)
    return result if result.returncode not in (125, 126, 127) else locale_quotes(ctx, result)


def _timeout(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    prog = _prog(argv)
    opts = _read_options(argv, "k:s:v", _LONGS, 125, HELP, "Padraig Brady")
    if isinstance(opts, CommandResult):
        return opts
    signo = 15
    if opts.value("-s") is not None:
        signo = signals.signo(opts.value("-s") or "")
        if signo < 0:
            return CommandResult("", f"{prog}: ‘{opts.value('-s')}’: invalid signal\n{try_help(prog)}\n", 125)
    for given in opts.values("-k"):
        if parse_duration(given) is None:
            return CommandResult("", f"{prog}: invalid time interval ‘{given}’\n{try_help(prog)}\n", 125)
    if len(opts.operands) < 2:
        return CommandResult("", try_help(prog) + "\n", 125)
    duration = parse_duration(opts.operands[0])
    if duration is None:
        return CommandResult("", f"{prog}: invalid time interval ‘{opts.operands[0]}’\n{try_help(prog)}\n", 125)
    if ctx.backend == "real":                # a kernel tool waits in real time: the real timeout cuts it
        from course_lib.backends.real.binaries import REAL_TOOLS, run_binary
        if opts.operands[1].rsplit("/", 1)[-1] in (*REAL_TOOLS, "timeout"):
            result = run_binary(ctx, ["timeout", *argv[1:]], stdin)
            killed = result.returncode == 137 and not opts.has("foreground")
            return CommandResult(result.stdout, result.stderr + "Killed\n", 137) if killed else result
    return run_limited(ctx, opts.operands[1:], stdin, duration, signo, prog, preserve=opts.has("preserve-status"),
                       verbose=opts.has("-v"), foreground=opts.has("foreground"))


def run_limited(ctx: "ExecContext", args: list[str], stdin: str, duration: float, signo: int, prog: str = "timeout",
                preserve: bool = False, verbose: bool = False, foreground: bool = False) -> CommandResult:
    """Run `args` with a time limit `duration` seconds of model time from now (0 or inf: none)."""
    from course_lib.shell.interpreter import run_argv
    if _shell_only(args[0]):                        # timeout execs a program: a builtin with no file is none
        return CommandResult("", f"{prog}: failed to run command ‘{args[0]}’: No such file or directory\n", 127)
    network = getattr(ctx.machine, "network", None)
    clock = float(getattr(network, "clock", 0.0) or 0.0)
    outer = limit_of(network)
    mine = TimeLimit(clock + duration, signo) if 0 < duration < float("inf") else None
    if mine is None or network is None or outer is not None and outer.at <= mine.at:
        result = run_argv(ctx, args, stdin)          # no limit, or an outer timeout's comes first
    else:
        network.__dict__["time_limit"] = mine
        restore: Callable[[], None] = lambda: None
        try:
            restore = _cut_waits(network)
            result = run_argv(ctx, args, stdin)
        except TimeLimitReached as cut:
            if cut.limit is not mine:
                raise
            result = CommandResult("", "", 128 + signo)      # killed while it waited: what it buffered is lost
        finally:
            restore()
            if outer is None:
                network.__dict__.pop("time_limit", None)
            else:
                network.__dict__["time_limit"] = outer
    if result.returncode in (126, 127) and result.stderr.startswith(f"bash: {args[0]}: "):
        why = result.stderr.rstrip("\n").rsplit(": ", 1)[-1]
        why = {"command not found": "No such file or directory", "Is a directory": "Permission denied"}.get(why, why)
        return CommandResult(result.stdout, f"{prog}: failed to run command ‘{args[0]}’: {why}\n",
                             result.returncode)
    now = float(getattr(network, "clock", 0.0) or 0.0)
    if mine is None or not mine.fired(now) or (outer is not None and outer.fired(now) and outer.at < mine.at):
        return result
    stderr = result.stderr
    if verbose:
        q = "‘’" if utf8_locale(ctx) else "''"
        stderr += f"{prog}: sending signal {signals.name(signo) or signo} to command {q[0]}{args[0]}{q[1]}\n"
    if signo == 9:
        return CommandResult(result.stdout, stderr if foreground else stderr + "Killed\n", 137)
    if preserve:        # the status of a command that stopped at the limit; one that ran past it was killed
        return CommandResult(result.stdout, stderr, result.returncode if now <= mine.at + 1e-9 else 128 + signo)
    return CommandResult(result.stdout, stderr, 124)


_ALSO_PROGRAMS = frozenset({"echo", "printf", "test", "[", "true", "false", "pwd", "kill"})   # /usr/bin has them


def _shell_only(name: str) -> bool:
    """A bash builtin or job builtin with no program of that name (cd, wait, read, jobs...)."""
    from course_lib.shell.interpreter_commands import builtins_table
    from course_lib.shell.jobs import BASH_BUILTINS
    return name not in _ALSO_PROGRAMS and (name in builtins_table() or name in BASH_BUILTINS)


HELP = """\
Usage: timeout [OPTION] DURATION COMMAND [ARG]...
  or:  timeout [OPTION]
Start COMMAND, and kill it if still running after DURATION.

Mandatory arguments to long options are mandatory for short options too.
      --preserve-status
                 exit with the same status as COMMAND, even when the
                   command times out
      --foreground
                 when not running timeout directly from a shell prompt,
                   allow COMMAND to read from the TTY and get TTY signals;
                   in this mode, children of COMMAND will not be timed out
  -k, --kill-after=DURATION
                 also send a KILL signal if COMMAND is still running
                   this long after the initial signal was sent
  -s, --signal=SIGNAL
                 specify the signal to be sent on timeout;
                   SIGNAL may be a name like 'HUP' or a number;
                   see 'kill -l' for a list of signals
  -v, --verbose  diagnose to stderr any signal sent upon timeout
      --help        display this help and exit
      --version     output version information and exit

DURATION is a floating point number with an optional suffix:
's' for seconds (the default), 'm' for minutes, 'h' for hours or 'd' for days.
A duration of 0 disables the associated timeout.

Upon timeout, send the TERM signal to COMMAND, if no other SIGNAL specified.
The TERM signal kills any process that does not block or catch that signal.
It may be necessary to use the KILL signal, since this signal can't be caught.

EXIT status:
  124  if COMMAND times out, and --preserve-status is not specified
  125  if the timeout command itself fails
  126  if COMMAND is found but cannot be invoked
  127  if COMMAND cannot be found
  137  if COMMAND (or timeout itself) is sent the KILL (9) signal (128+9)
  -    the exit status of COMMAND otherwise

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/timeout>
or available locally via: info '(coreutils) timeout invocation'
"""


SLEEP_HELP = """\
Usage: sleep NUMBER[SUFFIX]...
  or:  sleep OPTION
Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),
'm' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an
integer.  Given two or more arguments, pause for the amount of time
specified by the sum of their values.

      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/sleep>
or available locally via: info '(coreutils) sleep invocation'
"""
