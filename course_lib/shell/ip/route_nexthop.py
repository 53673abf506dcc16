"""`ip route add ... nexthop via GW dev DEV weight W [onlink] nexthop ...`: iproute.c's parse_nexthops()."""
from __future__ import annotations

from typing import Optional

from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, invarg, link_exists, matches, parse_address, parse_u32


def parse_nexthops(run, args: Args, family: Optional[int]) -> list[dict]:
    """The nexthop blocks from the word `nexthop` on (the rest of the line)."""
    hops = []
    while args.more():
        word = args.take()
        if word != "nexthop":
            raise CommandError(f'Error: "nexthop" or end of line is expected instead of "{word}"', 255)
        if not args.more():
            raise CommandError('Error: unexpected end of line after "nexthop"', 255)
        hops.append(_one(run, args, family))
    return hops


def _one(run, args: Args, family: Optional[int]) -> dict:
    """parse_one_nh(): via/dev/weight/onlink/realms until a word it does not know."""
    hop: dict = {"weight": 1}
    while args.more():
        word = args.peek()
        if word == "via":
            args.take()
            value = args.next_arg()
            if value in ("inet", "inet6"):
                value = args.next_arg()
            hop["gateway"] = str(parse_address(value, family, {4: "inet address", 6: "inet6 address"}.get(
                family or 0, "any valid address")))
        elif word == "dev":
            args.take()
            name = args.next_arg()
            if not link_exists(run.stack, name):
                raise CommandError(f'Cannot find device "{name}"\nError: cannot parse nexthop', 255)
            hop["dev"] = name
        elif word == "weight":
            args.take()
            value = args.next_arg()
            weight = parse_u32(value)
            if weight is None or not 1 <= weight <= 256:
                raise invarg('"weight" is invalid\n', value, blank=False)
            hop["weight"] = weight
        elif word == "onlink":
            args.take()
            hop["onlink"] = True
        elif matches(word, "realms"):
            args.take()
            args.next_arg()
        else:
            break
    return hop
