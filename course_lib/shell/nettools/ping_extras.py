"""iputils ping options that act before or around the echo loop in ping.py, as iputils 20221126 prints them:

    -p PATTERN    `PATTERN: 0x...` (the pad bytes, 16 at most) on stdout while the options are read, -q or not
    -t 0          `ping: cannot set unicast time-to-live: Invalid argument`, exit 2, once the destination resolved
Registered over ping.py's `ping` (nettools/commands.py imports this module after it); a command line without
these options costs one look-up in ping_options' cache.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.result import CommandResult
from course_lib.shell.nettools import ping as base
from course_lib.shell.nettools.busybox_ping import uses_busybox_ping
from course_lib.shell.nettools.ping_options import Exit, extras, options
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


@command("ping")
def ping(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    plan = options(argv)
    extra = extras(argv)
    if extra is None or type(plan) is Exit or uses_busybox_ping(ctx):
        return base.ping(ctx, argv, stdin)
    lead = f"PATTERN: 0x{extra.pattern.hex()}\n" if extra.pattern is not None else ""
    if extra.zero_ttl and plan.ip4 is not None:
        return CommandResult(lead, plan.warnings + "ping: cannot set unicast time-to-live: Invalid argument\n", 2)
    result = base.ping(ctx, argv, stdin)
    return CommandResult(lead + result.stdout, result.stderr, result.returncode) if lead else result
