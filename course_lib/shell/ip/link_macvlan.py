"""`ip link add NAME link DEV type macvlan ...`: the arguments as iproute2 6.1's iplink_macvlan.c parses them."""
from __future__ import annotations

from typing import Any

from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, invarg, matches, parse_u32

MODES = ("private", "vepa", "bridge", "passthru", "source")
USAGE = """Usage: ... macvlan mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]

MODE: private | vepa | bridge | passthru | source
MODE_FLAG: null | nopromisc | nodst
MODE_OPTS: for mode "source":
\tmacaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }
BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]"""


def _fail(text: str) -> CommandError:
    """macvlan_parse_opt returned -1 after printing to stderr: `ip` exits 1."""
    return CommandError(text, 1)


def parse_macvlan(args: Args) -> dict[str, Any]:
    """mode (absent: the kernel's default, vepa), flag (nopromisc/nodst) and bcqueuelen."""
    info: dict[str, Any] = {}
    flags: set[str] = set()
    while args.more():
        word = args.take()
        if matches(word, "mode"):
            value = args.next_arg()
            if value not in MODES:
                raise _fail('Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or '
                            f'"source", not "{value}"')
            info["mode"] = value
        elif matches(word, "flag"):
            value = args.next_arg()
            if value not in ("nopromisc", "nodst", "null"):
                raise _fail(USAGE)
            if value != "null":
                flags.add(value)
            info.setdefault("flags_given", True)
        elif matches(word, "macaddr"):
            value = args.next_arg()
            if value in ("add", "del"):
                args.next_arg()
            elif value == "set":
                while args.more():
                    args.take()
        elif matches(word, "nopromisc") or matches(word, "nodst"):
            flags.add("nopromisc" if matches(word, "nopromisc") else "nodst")
        elif matches(word, "bcqueuelen"):
            value = args.next_arg()
            number = parse_u32(value)
            if number is None:
                raise invarg("bcqueuelen is invalid", value)
            info["bcqueuelen"] = number
        elif matches(word, "help"):
            raise _fail(USAGE)
        else:
            raise _fail(f'macvlan: unknown option "{word}"?\n' + USAGE)
    info.pop("flags_given", None)
    if "nopromisc" in flags and info.get("mode") != "passthru":
        raise _fail("macvlan: nopromisc flag only valid in passthru mode\n" + USAGE)
    if flags:
        info["flag"] = " ".join(f for f in ("nopromisc", "nodst") if f in flags)
    return info
