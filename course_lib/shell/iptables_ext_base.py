"""The base of the iptables extension parsers: ParamError, libxtables' number/port/mark parsers, Extension.

Each extension declares its long options (name -> number of arguments) and a `parse(opt, args, inv)`
that fills a model object from course_lib.net.netfilter.matches/targets, raising ParamError with the
text iptables 1.8.9 prints. `final_check()` runs once all options are read.
"""
from __future__ import annotations

from typing import Any, Optional

from course_lib.net.netfilter.netdb import service_port


class ParamError(Exception):
    """A parameter problem: printed as `iptables v1.8.9 (nf_tables): MSG` + the Try line, rc 2."""

    def __init__(self, message: str, prefix: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.prefix = prefix


def parse_number(text: str, lo: int = 0, hi: int = 0xFFFFFFFF) -> Optional[int]:
    try:
        value = int(text, 0) if not text.startswith("0") or text.startswith("0x") or text == "0" else int(text, 8)
    except ValueError:
        return None
    return value if lo <= value <= hi else None


def parse_port(text: str, proto: str) -> int:
    """xtables_parse_port: a number in any base (strtoul base 0) up to 65535, or a service name."""
    value = _strtoui(text)
    if value is not None:
        if value <= 65535:
            return value
    else:
        value = service_port(text, proto)
        if value is not None:
            return value
    raise ParamError(f"invalid port/service `{text}' specified")


def _strtoui(text: str) -> Optional[int]:
    t = text.lower()
    try:
        if t.startswith("0x") and len(t) > 2:
            return int(t[2:], 16)
        if t.startswith("0") and len(t) > 1:
            return int(t[1:], 8)
        return int(t) if t.isdigit() else None
    except ValueError:
        return None


def parse_port_range(text: str, proto: str) -> tuple[int, int]:
    if ":" in text:
        a, _, b = text.partition(":")
        lo = parse_port(a, proto) if a else 0
        hi = parse_port(b, proto) if b else 65535
        if lo > hi:
            raise ParamError("invalid portrange (min > max)")
        return lo, hi
    p = parse_port(text, proto)
    return p, p


def parse_mark(text: str, ext: str, opt: str) -> tuple[int, Optional[int]]:
    value, _, mask = text.partition("/")
    v = parse_number(value)
    m = parse_number(mask) if mask else None
    if v is None or (mask and m is None):
        raise ParamError(f'{ext}: bad integer value for option "--{opt}", or out of range.\n')
    return v, m


def refuse_second(ext: str, first: str, second: str, order: list[str]) -> None:
    """Raise libxtables' error for option `second` given after `first` (the same one, or one it excludes)."""
    if first == second:
        raise ParamError(f'{ext}: option "--{first}" can only be used once.\n')
    a, b = sorted([first, second], key=order.index)
    raise ParamError(f'{ext}: option "--{a}" cannot be used together with "--{b}".\n')


class Extension:
    """A loaded match or target extension while a command line is parsed.

    x6: options are checked as libxtables' x6 parser does (each once; `exclusive` groups conflict),
    with its messages; the older extensions (tcp/udp, multiport, MARK) check in their own parse.
    """

    options: dict[str, int] = {}
    exclusive: tuple[frozenset, ...] = ()
    invertible: frozenset = frozenset()
    x6 = True
    name = ""

    def __init__(self, proto: str) -> None:
        self.proto = proto
        self.obj: Any = None
        self.used: list[str] = []

    def check_option(self, opt: str, inv: bool = False) -> None:
        """Refuse a repeated, conflicting or wrongly inverted option, as xtables_option_parse does."""
        if self.x6 and inv and opt not in self.invertible:
            raise ParamError(f'{self.name}: option "--{opt}" cannot be inverted.\n')
        if self.x6:
            if opt in self.used:
                refuse_second(self.name, opt, opt, list(self.options))
            for group in self.exclusive:
                if opt in group:
                    for other in self.used:
                        if other in group and other != opt:
                            refuse_second(self.name, other, opt, list(self.options))
        self.used.append(opt)

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        raise NotImplementedError

    def final_check(self, ctx: dict) -> None:
        pass

    def proto_check(self, ctx: dict) -> None:
        """A check made when the rule is built for nf_tables (after every option check)."""
