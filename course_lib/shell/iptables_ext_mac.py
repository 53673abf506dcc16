"""The iptables option parser of `-m mac` (--mac-source), with libxt_mac's messages."""
from __future__ import annotations

from course_lib.net.netfilter.matches_mac import MacMatch
from course_lib.shell.iptables_ext_base import Extension, ParamError


def parse_mac(text: str) -> str:
    """xtables_parse_mac (ether_aton): six colon-separated bytes of one or two hex digits."""
    parts = text.split(":")
    if len(parts) != 6 or not all(1 <= len(p) <= 2 and all(c in "0123456789abcdefABCDEF" for c in p)
                                  for p in parts):
        raise ParamError("Invalid MAC address specified.")
    return ":".join(f"{int(p, 16):02x}" for p in parts)


class MacExt(Extension):
    name = "mac"
    options = {"mac-source": 1}
    invertible = frozenset(options)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = MacMatch()
        self.seen = False

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        self.obj.mac, self.obj.inv, self.seen = parse_mac(args[0]), inv, True

    def final_check(self, ctx: dict) -> None:
        if not self.seen:
            raise ParamError('mac: option "--mac-source" must be specified\n')
