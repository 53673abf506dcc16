"""Linux signal names and numbers as bash's `kill -l` lists them, and the words bash prints for a death by signal.

    signo("TERM") == signo("SIGTERM") == signo("15") == 15      -1 for no signal (above 64, unknown name)
    name(9) == "KILL"          death(9) == "Killed"             (strsignal, as bash's job notices print it)
"""
from __future__ import annotations

from typing import Optional

_CLASSIC = ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
            "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
            "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"]
NAMES: dict[int, str] = {n: name for n, name in enumerate(_CLASSIC, start=1)}
for _n in range(34, 65):                       # bash names the real-time ones from both ends, as glibc does
    NAMES[_n] = "RTMIN" if _n == 34 else f"RTMIN+{_n - 34}" if _n <= 49 else \
        "RTMAX" if _n == 64 else f"RTMAX-{64 - _n}"
NUMBERS: dict[str, int] = {name: n for n, name in NAMES.items()}
NUMBERS.update({"IOT": 6, "POLL": 29, "CLD": 17})

_DEATHS = ["Hangup", "Interrupt", "Quit", "Illegal instruction", "Trace/breakpoint trap", "Aborted", "Bus error",
           "Floating point exception", "Killed", "User defined signal 1", "Segmentation fault",
           "User defined signal 2", "Broken pipe", "Alarm clock", "Terminated", "Stack fault", "Child exited",
           "Continued", "Stopped (signal)", "Stopped", "Stopped (tty input)", "Stopped (tty output)",
           "Urgent I/O condition", "CPU time limit exceeded", "File size limit exceeded",
           "Virtual timer expired", "Profiling timer expired", "Window changed", "I/O possible",
           "Power failure", "Bad system call"]


def signo(text: str) -> int:
    """A signal's number from its name (any case, with or without SIG) or its number (0-64), as bash's
    decode_signal takes it; -1 when there is none (non-ASCII digits are no number)."""
    if text.isascii() and text.isdigit():
        return int(text) if int(text) <= 64 else -1
    upper = text.upper()
    return NUMBERS.get(upper[3:] if upper.startswith("SIG") else upper, -1)


def name(number: int) -> Optional[str]:
    """The signal's name without SIG, or None (0, 32, 33, above 64)."""
    return NAMES.get(number)


def death(number: int) -> str:
    """What bash prints for a job that `number` ended ("Terminated", "Killed", "Real-time signal 3"...)."""
    if 1 <= number <= len(_DEATHS):
        return _DEATHS[number - 1]
    if 34 <= number <= 64:
        return f"Real-time signal {number - 34}"
    return f"Unknown signal {number}"


def kill_list() -> str:
    """bash's `kill -l`: five `NN) SIGNAME` columns a line, each followed by a tab."""
    cells = [f"{n:2d}) SIG{NAMES[n]}" for n in sorted(NAMES)]
    return "".join("\t".join(cells[i:i + 5]) + "\t\n" if i + 5 >= len(cells) else "\t".join(cells[i:i + 5]) + "\n"
                   for i in range(0, len(cells), 5))
