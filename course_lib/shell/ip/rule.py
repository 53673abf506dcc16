"""`ip rule`: the default policy rules (local, main, default); the course never changes them."""
from __future__ import annotations

from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, matches, usage

RULES4 = "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n"
RULES6 = "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n"


def do_rule(run, args: Args) -> None:
    word = args.take() if args.more() else "show"
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        run.write(RULES6 if run.opts.family == 6 else RULES4)
        return
    if matches(word, "help"):
        raise usage("ip rule")
    if matches(word, "add") or matches(word, "delete") or matches(word, "flush"):
        raise CommandError("RTNETLINK answers: Operation not supported", 2)
    raise CommandError(f'Command "{word}" is unknown, try "ip rule help".', 255)
