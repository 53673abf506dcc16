"""iproute2's argument conventions: global options, `matches` abbreviations, and its error exits."""
from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from typing import Optional

from course_lib.net import ipparse
from course_lib.result import CommandError


@dataclass
class IpOptions:
    """The global options of one `ip` invocation."""

    family: Optional[int] = None     # 4, 6, or None (all); 0 = -0 (link layer)
    details: int = 0
    stats: int = 0
    oneline: bool = False
    brief: bool = False
    json: bool = False
    pretty: bool = False
    netns: Optional[str] = None
    batch: Optional[str] = None
    force: bool = False
    numeric: bool = False
    all: bool = False
    colour: bool = False             # -c / -color[=always]: ANSI colours (never with -j)
    human: bool = False              # -h / -human[-readable]: counters as 850k (print_num)
    iec: bool = False                # -iec: powers of 1024 (850Ki)


# lib/color.c's palette for a light background: what each kind of field is painted with
_PALETTE = {"ifname": 36, "lladdr": 33, "inet": 35, "inet6": 34, "UP": 32, "DOWN": 31}


def paint(opts: Optional[IpOptions], kind: str, text: str) -> str:
    """print_color_string(): `text` in the colour of `kind` when colours are on (operstates other
    than UP and DOWN, and unknown kinds, stay plain)."""
    if opts is None or not opts.colour:
        return text
    code = _PALETTE.get(kind)
    return text if code is None else f"\x1b[{code}m{text}\x1b[0m"


def colour_when(opt: str, raw: str, tool: str = "ip") -> bool:
    """matches_color()'s value part: -c / -c= / -c=always colour, auto (a terminal only: output here is
    always captured) and never do not; another value is an unknown option."""
    when = opt.partition("=")[2]
    if when not in ("", "always", "auto", "never"):
        raise CommandError(f'Option "{raw}" is unknown, try "{tool} -help".' if tool == "ip" else
                           f'Option "{raw}" is unknown, try "{tool} help".', 255)
    return when in ("", "always")


def family_kind(address: str) -> str:
    """The colour kind of an address text (ifa_family_color)."""
    return "inet6" if ":" in address else "inet"


def matches(word: str, full: str) -> bool:
    """iproute2's matches(): `word` is a non-empty prefix of `full`."""
    return word != "" and full.startswith(word)


class Args:
    """A cursor over the remaining arguments, with iproute2's NEXT_ARG behaviour."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.i = 0

    def more(self) -> bool:
        return self.i < len(self.argv)

    def peek(self) -> str:
        return self.argv[self.i]

    def take(self) -> str:
        word = self.argv[self.i]
        self.i += 1
        return word

    def next_arg(self) -> str:
        """NEXT_ARG(): the value of a keyword, or `Command line is not complete`."""
        if not self.more():
            raise incomplete()
        return self.take()

    def rest(self) -> list[str]:
        return self.argv[self.i:]


def incomplete() -> CommandError:
    return CommandError('Command line is not complete. Try option "help"', 255)


def invarg(msg: str, arg: str, blank: bool = True) -> CommandError:
    """invarg(): `Error: argument "ARG" is wrong: MSG` and exit(-1)."""
    return CommandError(f'Error: argument "{arg}" is wrong: {msg}' + ("\n" if blank else ""), 255)


def duparg(key: str, arg: str) -> CommandError:
    return CommandError(f'Error: duplicate "{key}": "{arg}" is the second value.', 255)


def duparg2(key: str, arg: str) -> CommandError:
    return CommandError(f'Error: either "{key}" is duplicate, or "{arg}" is a garbage.', 255)


def unknown_command(cmd: str, obj: str) -> CommandError:
    return CommandError(f'Command "{cmd}" is unknown, try "ip {obj} help".', 255)


def usage(key: str) -> CommandError:
    from course_lib.shell.usage_texts import USAGE
    text, _stream, rc = USAGE[key]
    return CommandError(text.rstrip("\n"), rc)


_HEX_RE = re.compile(r"\s*([+-]?)(?:0[xX])?([0-9a-fA-F]+)")


def lladdr_bytes(text: str) -> list[int]:
    """ll_addr_a2n(): ':'-separated components read with sscanf("%x") (a hex prefix is enough),
    at most 32 of them; a dotted quad gives its 4 bytes. Errors name the failing component."""
    if "." in text:
        try:
            return list(ipaddress.IPv4Address(text).packed)
        except ValueError:
            raise CommandError(f'"{text}" is invalid lladdr.', 1) from None
    out: list[int] = []
    parts = text.split(":")
    for i, part in enumerate(parts[:32]):
        m = _HEX_RE.match(part)
        value = int(m.group(2), 16) * (-1 if m.group(1) == "-" else 1) if m else None
        if value is None or not 0 <= value <= 255:
            raise CommandError(f'"{part if i < len(parts) - 1 or i == 0 else part}" is invalid lladdr.', 1)
        out.append(value)
    return out


def parse_lladdr(text: str) -> str:
    """An Ethernet address as iproute2 reads it; a length other than 6 is the kernel's EINVAL."""
    octets = lladdr_bytes(text)
    if len(octets) != 6:
        raise CommandError("RTNETLINK answers: Invalid argument", 2)
    return ":".join(f"{b:02x}" for b in octets)


def c_atoi(text: str) -> int:
    """C's atoi (strtol, then a cast to int): leading blanks and a sign, the digits that follow (none: 0),
    LONG_MAX/LONG_MIN on overflow, then the low 32 bits as a signed int (4294967301 is 5)."""
    m = re.match(r"[ \t\n\v\f\r]*([+-]?)([0-9]*)", text)
    value = int(m.group(2) or "0") * (-1 if m.group(1) == "-" else 1)      # type: ignore[union-attr]
    value = max(-(1 << 63), min((1 << 63) - 1, value)) & 0xFFFFFFFF
    return value - (1 << 32) if value >> 31 else value


def c_get_integer(text: str) -> Optional[int]:
    """iproute2's get_integer(base 0): all of `text` as strtol reads it (blanks, sign, 0x hex, 0 octal) within
    an int; None if invalid."""
    m = re.fullmatch(r"[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", text)
    if m is None:
        return None
    digits = m.group(2)
    value = int(digits, 16 if digits[1:2] in ("x", "X") else 8 if digits.startswith("0") else 10)
    value = -value if m.group(1) == "-" else value
    return value if -(1 << 31) <= value < (1 << 31) else None


def parse_u32(text: str) -> Optional[int]:
    """get_unsigned/get_u32: decimal, 0x hex or 0 octal; None if invalid."""
    try:
        if text.lower().startswith("0x"):
            value = int(text[2:], 16)
        elif len(text) > 1 and text.startswith("0"):
            value = int(text, 8)
        else:
            if not text.isdigit():
                return None
            value = int(text)
    except ValueError:
        return None
    return value if 0 <= value <= 0xFFFFFFFF else None


def parse_prefix(text: str, family: Optional[int], *, what: str = "prefix", default_ok: bool = True
                 ) -> tuple[int, str]:
    """get_prefix(): `default`/`any`/`all`, or ADDR[/LEN] (no /LEN = host). Returns (family, "net/len")."""
    if default_ok and text in ("default", "any", "all"):
        # the family stays unspecified (the caller falls back to inet)
        return family, "0.0.0.0/0" if family != 6 else "::/0"
    addr, slash, plen = text.partition("/")
    try:
        ip = _ip_address(addr, family)
        if family and ip.version != family:
            raise ValueError
        max_len = ip.max_prefixlen
        length = max_len if not slash else int(plen)
        if not (0 <= length <= max_len) or (slash and not plen.isdigit()):
            raise ValueError
    except ValueError:
        word = {4: "inet", 6: "inet6"}.get(family or 0, "any valid")   # family_name_verbose()
        raise CommandError(f'Error: {word} {what} is expected rather than "{text}".', 1) from None
    return ip.version, f"{ip}/{length}"


_STRTOUL = re.compile(r"0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*")


@functools.lru_cache(maxsize=4096)
def get_addr_ipv4(text: str) -> Optional[ipaddress.IPv4Address]:
    """iproute2's get_addr_ipv4(): up to four strtoul(..., 0) parts (hex, octal or decimal) joined by
    dots, missing ones 0 -- so 10.244/16 is 10.244.0.0/16 and 010.1.2.3 is 8.1.2.3. (An address is
    immutable: one object per text is shared.)"""
    octets = [0, 0, 0, 0]
    rest = text
    for i in range(4):
        m = _STRTOUL.match(rest)
        if m is None:                         # an empty part is refused (endp == cp)
            return None
        digits = m.group(0)
        value = int(digits, 8) if len(digits) > 1 and digits[0] == "0" and digits[1] not in "xX" else int(digits, 0)
        if value > 255:
            return None
        octets[i] = value
        rest = rest[m.end():]
        if not rest:
            return ipaddress.IPv4Address(octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3])
        if i == 3 or rest[0] != ".":
            return None
        rest = rest[1:]
    return None


def _ip_address(text: str, family: Optional[int]) -> ipaddress._BaseAddress:
    """get_addr_1(): IPv6 when there is a colon, else the loose IPv4 form."""
    if ":" in text or family == 6:
        return ipparse.ip_address(text)
    ip = get_addr_ipv4(text)
    if ip is None:
        raise ValueError(text)
    return ip


def parse_address(text: str, family: Optional[int], what: str = "inet address") -> ipaddress._BaseAddress:
    """get_addr(): one address of the right family."""
    try:
        ip = _ip_address(text, family)
        if family and ip.version != family:
            raise ValueError
    except ValueError:
        raise CommandError(f'Error: {what} is expected rather than "{text}".', 1) from None
    return ip


IFNAME_RE = re.compile(r"^[^\s/:]{1,15}$")


def check_ifname(name: str) -> None:
    """check_ifname(): iproute2 refuses bad device names before asking the kernel."""
    if not IFNAME_RE.match(name) or name in (".", ".."):
        raise CommandError(f'Error: argument "{name}" is wrong: "name" not a valid ifname', 255)


def link_exists(stack, name: str) -> bool:
    """ll_name_to_index() != 0, through the stack's cheap check when it has one."""
    check = getattr(stack, "link_exists", None)
    if check is not None:
        return check(name)
    return any(rec.name == name for rec in stack.links())
