"""The iptables option parsers of -m tos, -m dscp, -j TOS and -j DSCP, with libxtables' messages."""
from __future__ import annotations

import re

from course_lib.net.netfilter.tos import DSCP_CLASSES, TOS_SYMBOLS, DscpMatch, DscpTarget, TosMatch, TosTarget
from course_lib.shell.iptables_ext_base import Extension, ParamError

_NUMBER = re.compile(r"\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")


def _strtoul(text: str) -> tuple[int, str] | None:
    """strtoul(base 0): the number at the start of `text` and the rest, or None."""
    m = _NUMBER.match(text)
    if m is None:
        return None
    return int(m.group(1), 0) if not re.fullmatch(r"0[0-7]+", m.group(1)) else int(m.group(1), 8), text[m.end():]


def parse_tosmask(text: str, symbolic_mask: int) -> tuple[int, int]:
    """XTTYPE_TOSMASK: VALUE[/MASK] (0-255, mask 0xff by default) or a TOS name (mask `symbolic_mask`)."""
    head = _strtoul(text)
    if head is not None and head[0] <= 0xFF:
        value, rest = head
        mask = 0xFF
        if rest.startswith("/"):
            tail = _strtoul(rest[1:])
            if tail is None or tail[0] > 0xFF:
                raise ParamError(f'Illegal value: "{text}"')
            mask, rest = tail
        if rest:
            raise ParamError(f'Illegal value: "{text}"')
        return value, mask
    for value, name in TOS_SYMBOLS:
        if name.lower() == text.lower():
            return value, symbolic_mask
    raise ParamError(f'Symbolic name "{text}" is unknown')


def _uint(text: str, hi: int, ext: str, opt: str) -> int:
    head = _strtoul(text)
    if head is None or head[1] or head[0] > hi:
        raise ParamError(f'{ext}: bad value for option "--{opt}", or out of range (0-{hi}).\n')
    return head[0]


def dscp_class(text: str) -> int:
    value = DSCP_CLASSES.get(text.upper())
    if value is None:
        raise ParamError(f"Invalid DSCP value `{text}'")
    return value


class TosExt(Extension):
    name = "tos"
    options = {"tos": 1}
    invertible = frozenset({"tos"})

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = TosMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        self.obj.value, self.obj.mask = parse_tosmask(args[0], 0x3F)
        self.obj.inv = inv

    def final_check(self, ctx: dict) -> None:
        if "tos" not in self.used:
            raise ParamError('tos: option "--tos" must be specified\n')


class DscpExt(Extension):
    name = "dscp"
    options = {"dscp": 1, "dscp-class": 1}
    invertible = frozenset(options)
    exclusive = (frozenset(options),)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = DscpMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        self.obj.dscp = _uint(args[0], 63, "dscp", opt) if opt == "dscp" else dscp_class(args[0])
        self.obj.inv = inv

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError("DSCP match: Parameter --dscp is required")


class TosTargetExt(Extension):
    name = "TOS"
    options = {"set-tos": 1, "and-tos": 1, "or-tos": 1, "xor-tos": 1}
    exclusive = (frozenset(options),)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = TosTarget()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        t = self.obj
        if opt == "set-tos":
            t.value, t.mask = parse_tosmask(args[0], 0x3F)
            return
        bits = _uint(args[0], 0xFF, "TOS", opt)
        if opt == "and-tos":
            t.value, t.mask = 0, (~bits) & 0xFF
        elif opt == "or-tos":
            t.value, t.mask = bits, bits
        else:
            t.value, t.mask = bits, 0

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError("TOS: An action is required")


class DscpTargetExt(Extension):
    name = "DSCP"
    options = {"set-dscp": 1, "set-dscp-class": 1}
    exclusive = (frozenset(options),)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = DscpTarget()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        self.obj.dscp = _uint(args[0], 63, "DSCP", opt) if opt == "set-dscp" else dscp_class(args[0])

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError("DSCP target: Parameter --set-dscp is required")
