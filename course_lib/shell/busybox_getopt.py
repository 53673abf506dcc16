"""BusyBox getopt32 for the applets: the one GNU getopt (coreutils_common.getopt), BusyBox's refusals.

getopt32 runs libc getopt_long (LONG_OPTS; same texts: `unrecognized option '--x'`, `invalid option -- 'x'`, `option requires an argument -- 'x'`,
each followed by the applet's usage: the banner and the usage text, exit 1) and converts a numeric
option's value (`w:+`) as it meets it, so a bad number (`nc: invalid number 'x'`, no usage) wins over
an error further right on the line, and loses to one further left. Values an applet converts itself
after getopt32 (traceroute's, ping -s) are `numeric_after`, checked in the order the applet does.

    found = getopt32(ctx, argv, "np:s:uvw:lki:o:zb", USAGE, numeric="w")
    if isinstance(found, CommandResult): return found           # the refusal
    found.has("-l"), found.value("-p"), found.operands
"""
from __future__ import annotations

from typing import Any, Union

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import Options, UsageError, getopt, usage_result


def usage(ctx: Any, text: str, first: str = "") -> CommandResult:
    """bb_show_usage(): an optional first line, the banner, the applet's usage text (leading newline); exit 1."""
    from course_lib.shell.busybox_applets import banner
    return CommandResult("", first + banner(ctx) + "\n" + text, 1)


def getopt32(ctx: Any, argv: list[str], shorts: str, usage_text: str, numeric: str = "",
             numeric_after: str = "", operands: tuple[int, int] = (0, 1 << 30)) -> Union[Options, CommandResult]:
    """The options and operands of `argv` (argv[0] is the applet), or the refusal to print.
    `operands` is the opt_complementary count (min, max): outside it, the bare usage."""
    tail = usage(ctx, usage_text).stderr.removesuffix("\n")
    prog = argv[0].rsplit("/", 1)[-1]
    words = argv[1:]
    opts = Options()
    for end in range(1, len(words) + 1):          # left to right: a prefix shows what getopt met first
        try:
            opts = getopt(argv[:1] + words[:end], shorts, usage=tail)
        except UsageError as exc:
            if end == len(words) or "requires an argument" not in exc.message:
                return usage_result(exc)
            continue                              # the value is the next word
        bad = next((v for name, v in opts.flags if name[1:] in numeric and v is not None and not v.isdigit()),
                   None)
        if bad is not None:
            return _bad_number(prog, bad)
    if not operands[0] <= len(opts.operands) <= operands[1]:
        return usage(ctx, usage_text)
    for letter in numeric_after:
        value = opts.value("-" + letter)
        if value is not None and not value.isdigit():
            return _bad_number(prog, value)
    return opts


def _bad_number(prog: str, value: str) -> CommandResult:
    return CommandResult("", f"{prog}: invalid number '{value}'\n", 1)


def count(opts: Options, name: str) -> int:
    """How often a counting option (`-v -v`, `-vv`) was given."""
    return sum(1 for flag, _ in opts.flags if flag == name)
