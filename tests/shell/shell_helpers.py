"""A tiny machine and execution context for the shell tests (no Lab facade needed)."""
from __future__ import annotations

import re
import signal
from typing import Any

from course_lib.net.machine import Machine
from course_lib.net.world import Network
from course_lib.shell.context import ExecContext


def terminal_signals() -> None:
    """preexec_fn for the real bash: a terminal's dispositions of HUP, INT and QUIT. A launcher may have left them
    ignored (nohup; `CMD &` in a script ignores INT and QUIT), ignored ones pass through exec, and bash then lists
    them in `trap` output (`trap -- '' SIGINT`) and its jobs ignore them."""
    for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_DFL)

def make_ctx(hostname: str = "host") -> ExecContext:
    net = Network()
    machine = Machine(hostname, net)
    net.machines[hostname] = machine
    return ExecContext(machine=machine, netns=machine.root)


def run3(target: Any, line: str) -> tuple[str, str, int]:
    """(stdout, stderr, returncode) of `line` run on a Lab or a Lab host."""
    r = target.run(line)
    return r.stdout, r.stderr, r.returncode


def drop_line_numbers(stderr: str) -> str:
    """bash -c's error prefix `bash: line N: ` (`environment: line N: ` inside a function) as the course's
    terminal prints it: `bash: ` (README: lab.run's errors read as an interactive terminal's)."""
    return re.sub(r"^(bash|environment): (-c: )?line \d+: ", "bash: ", stderr, flags=re.M)
