"""The address selectors of `ip address show|flush` (label, scope, to, flag words), as ipaddress.c applies them."""
from __future__ import annotations

import fnmatch
import ipaddress
from typing import Optional

from course_lib.backends.stack import AddrRecord
from course_lib.net.addrs import scope_number
from course_lib.shell.ip.options import invarg, parse_prefix

# ifa_flag_names in bit order; "permanent" is the bit a finite lifetime clears (shown as "dynamic")
FLAG_BITS = {name: 1 << i for i, name in enumerate(
    ("secondary", "nodad", "optimistic", "dadfailed", "home", "deprecated", "tentative", "permanent",
     "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy"))}
FLAG_BITS["temporary"] = FLAG_BITS["secondary"]
_SCOPES = {"global": 0, "universe": 0, "site": 200, "link": 253, "host": 254, "nowhere": 255}


class AddrSelectors:
    """filter.{pfx,scope,scopemask,flags,flagmask,label} of ipaddress.c."""

    def __init__(self) -> None:
        self.prefix: Optional[ipaddress._BaseNetwork] = None
        self.scope = 0
        self.scopemask = 0
        self.flags = 0
        self.flagmask = 0
        self.label: Optional[str] = None

    def take_flag(self, word: str) -> bool:
        """get_filter(): a flag word, `-` negated; dynamic = -permanent, primary = -secondary."""
        inverted = word.startswith("-")
        name = word[1:] if inverted else word
        if name in ("dynamic", "primary"):
            inverted, name = not inverted, {"dynamic": "permanent", "primary": "secondary"}[name]
        bit = FLAG_BITS.get(name)
        if bit is None:
            return False
        self.flags = self.flags & ~bit if inverted else self.flags | bit
        self.flagmask |= bit
        return True

    def take_scope(self, value: str) -> None:
        number = _SCOPES.get(value)
        if number is None and value.isdigit() and int(value) < 256:
            number = int(value)
        if number is None:
            if value != "all":
                raise invarg('invalid "scope"\n', value, blank=False)
            self.scope, self.scopemask = 255, 0
            return
        self.scope, self.scopemask = number, -1

    def take_prefix(self, value: str, family: Optional[int]) -> int:
        """`to PREFIX`; returns its family (which becomes the listing's family)."""
        fam, text = parse_prefix(value, family)
        self.prefix = ipaddress.ip_network(text, strict=False)
        return fam

    def selects(self, a: AddrRecord) -> bool:
        if (self.scope ^ scope_number(a.scope)) & self.scopemask:
            return False
        if (self.flags ^ flag_bits(a)) & self.flagmask:
            return False
        if self.label is not None and fnmatch.fnmatchcase(a.label or a.dev, self.label) is False:
            return False
        if self.prefix is not None:
            ip = ipaddress.ip_address(a.local)
            if ip.version != self.prefix.version or ip not in self.prefix:
                return False
        return True


def flag_bits(a: AddrRecord) -> int:
    bits = 0 if "dynamic" in a.flags else FLAG_BITS["permanent"]
    for word in a.flags:
        bits |= FLAG_BITS.get(word, 0)
    return bits
