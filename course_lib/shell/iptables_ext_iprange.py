"""The iptables option parser of `-m iprange` (--src-range, --dst-range), with libxt_iprange's messages."""
from __future__ import annotations

from typing import Optional

from course_lib.net.netfilter.matches_iprange import IprangeMatch, range_text
from course_lib.net.netfilter.rules import ip_to_int
from course_lib.shell.iptables_ext_base import Extension, ParamError


def numeric_ipv4(text: str) -> Optional[int]:
    """xtables_numeric_to_ipaddr: 1 to 4 dotted decimal parts, missing ones are 0 (`1.2.3` is 1.2.3.0)."""
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(p.isdigit() and len(p) <= 3 and int(p) <= 255 for p in parts):
        return None
    return ip_to_int(".".join(parts + ["0"] * (4 - len(parts))))


class IprangeExt(Extension):
    name = "iprange"
    options = {"src-range": 1, "dst-range": 1}
    invertible = frozenset(options)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = IprangeMatch()
        self.reversed: list[str] = []

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        first, dash, last = args[0].partition("-")
        lo = numeric_ipv4(first)
        if lo is None:
            raise ParamError(f'iprange: Bad value for "--{opt}" option: "{first}"')
        hi = lo
        if dash:
            hi = numeric_ipv4(last)
            if hi is None:
                raise ParamError(f'iprange: Bad value for "--{opt}" option: "{last}"')
        if lo > hi:
            self.reversed.append(range_text((lo, hi)))
        if opt == "src-range":
            self.obj.src, self.obj.src_inv = (lo, hi), inv
        else:
            self.obj.dst, self.obj.dst_inv = (lo, hi), inv

    def final_check(self, ctx: dict) -> None:
        if self.obj.src is None and self.obj.dst is None:
            raise ParamError("iprange match: You must specify `--src-range' or `--dst-range'")
        warnings = ctx.get("warnings")
        if warnings is not None:
            warnings.extend(f"xt_iprange: range {r} is reversed and will never match\n" for r in self.reversed)
