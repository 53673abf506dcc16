"""Option parsers of -m length/ttl/pkttype/owner/string/connlimit/connmark/recent and -j CONNMARK (libxt_* texts)."""
from __future__ import annotations

import ipaddress
from typing import Optional

from course_lib.net.netfilter.connmark import ConnmarkMatch, ConnmarkTarget
from course_lib.net.netfilter.matches_more import (PKT_TYPES, ConnlimitMatch, LengthMatch, OwnerMatch,
                                                   PkttypeMatch, StringMatch, TtlMatch)
from course_lib.net.netfilter.matches_recent import RecentMatch
from course_lib.shell.iptables_ext_base import Extension, ParamError, parse_mark, parse_number


def _uint(text: str, hi: int, ext: str, opt: str) -> int:
    value = parse_number(text, 0, hi) if text[:1].isdigit() else None
    if value is None:
        raise ParamError(f'{ext}: bad value for option "--{opt}", or out of range (0-{hi}).\n')
    return value


class LengthExt(Extension):
    name = "length"
    options = {"length": 1}
    invertible = frozenset(options)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = LengthMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        lo, colon, hi = args[0].partition(":")
        values = []
        for part, default in ((lo, 0), (hi, 0xFFFF))[:2 if colon else 1]:
            if colon and part == "":
                values.append(default)
                continue
            v = parse_number(part, 0, 0xFFFF) if part[:1].isdigit() else None
            if v is None:
                raise ParamError(f'length: bad value for option "--length" near "{part}", or out of range (0-65535).\n')
            values.append(v)
        self.obj.lo, self.obj.hi = values[0], values[1] if colon else values[0]
        self.obj.inv = inv

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError('length: option "--length" must be specified\n')


class TtlExt(Extension):
    name = "ttl"
    options = {"ttl-lt": 1, "ttl-gt": 1, "ttl-eq": 1}
    invertible = frozenset({"ttl-eq"})
    exclusive = (frozenset(options),)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = TtlMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        self.obj.value = _uint(args[0], 255, "ttl", opt)
        self.obj.mode = "ne" if inv else opt[4:]

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError("TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt")


class PkttypeExt(Extension):
    name = "pkttype"
    options = {"pkt-type": 1}
    invertible = frozenset(options)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = PkttypeMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        kind = {"host": "unicast"}.get(args[0].lower(), args[0].lower())
        if kind not in PKT_TYPES:
            raise ParamError(f"Bad packet type '{args[0]}'")
        self.obj.kind, self.obj.inv = kind, inv

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError('pkttype: option "--pkt-type" must be specified\n')


class OwnerExt(Extension):
    name = "owner"
    options = {"uid-owner": 1, "gid-owner": 1, "socket-exists": 0}
    invertible = frozenset(options)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = OwnerMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if opt == "socket-exists":
            self.obj.socket = not inv
            return
        value = _id_range(args[0], opt)
        if opt == "uid-owner":
            self.obj.uid, self.obj.uid_inv = value, inv
        else:
            self.obj.gid, self.obj.gid_inv = value, inv

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError("owner: At least one of --uid-owner, --gid-owner or --socket-exists is required")


def _id_range(text: str, opt: str) -> tuple[int, int]:
    """A user/group id, a range a-b, or root's name (the only account of the model's machines)."""
    if text == "root":
        return 0, 0
    lo, dash, hi = text.partition("-")
    if lo.isdigit() and (not dash or hi.isdigit()):
        return int(lo), int(hi) if dash else int(lo)
    raise ParamError(f'owner: Bad value for "--{opt}" option: "{text}"')


class StringExt(Extension):
    name = "string"
    options = {"string": 1, "hex-string": 1, "algo": 1, "from": 1, "to": 1, "icase": 0}
    invertible = frozenset({"string", "hex-string"})

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = StringMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if opt in ("string", "hex-string"):
            self.obj.text, self.obj.inv = args[0], inv
        elif opt == "algo":
            self.obj.algo = args[0]
        elif opt == "icase":
            self.obj.icase = True

    def final_check(self, ctx: dict) -> None:
        if "string" not in self.used and "hex-string" not in self.used:
            raise ParamError("STRING match: You must specify `--string' or `--hex-string'")
        if "algo" not in self.used:
            raise ParamError('string: option "--algo" must be specified\n')


class ConnlimitExt(Extension):
    name = "connlimit"
    options = {"connlimit-upto": 1, "connlimit-above": 1, "connlimit-mask": 1, "connlimit-saddr": 0,
               "connlimit-daddr": 0}
    exclusive = (frozenset({"connlimit-upto", "connlimit-above"}), frozenset({"connlimit-saddr", "connlimit-daddr"}))

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = ConnlimitMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if opt in ("connlimit-upto", "connlimit-above"):
            self.obj.limit = _uint(args[0], 0xFFFFFFFF, "connlimit", opt)
            self.obj.above = (opt == "connlimit-above") != inv
        elif opt == "connlimit-mask":
            self.obj.mask = _uint(args[0], 32, "connlimit", opt)
        else:
            self.obj.daddr = opt == "connlimit-daddr"

    def final_check(self, ctx: dict) -> None:
        if "connlimit-upto" not in self.used and "connlimit-above" not in self.used:
            raise ParamError('You must specify "--connlimit-above" or "--connlimit-upto".')


class ConnmarkExt(Extension):
    name = "connmark"
    options = {"mark": 1}
    invertible = frozenset(options)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = ConnmarkMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        v, m = parse_mark(args[0], "connmark", "mark")
        self.obj.value, self.obj.mask, self.obj.inv = v, 0xFFFFFFFF if m is None else m, inv

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError('connmark: option "--mark" must be specified\n')


class RecentExt(Extension):
    name = "recent"
    options = {"set": 0, "rcheck": 0, "update": 0, "remove": 0, "seconds": 1, "reap": 0, "hitcount": 1,
               "rttl": 0, "name": 1, "mask": 1, "rsource": 0, "rdest": 0}
    invertible = frozenset({"set", "rcheck", "update", "remove"})
    exclusive = (frozenset({"set", "rcheck", "update", "remove"}),)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = RecentMatch()

    def check_option(self, opt: str, inv: bool = False) -> None:
        if opt in ("rsource", "rdest"):             # the last of them counts, as libxt_recent
            self.used.append(opt)
            return
        super().check_option(opt, inv)

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        r = self.obj
        if opt in ("set", "rcheck", "update", "remove"):
            r.mode, r.inv = opt, inv
        elif opt in ("seconds", "hitcount"):
            setattr(r, opt, _uint(args[0], 0xFFFFFFFF, "recent", opt))
        elif opt in ("reap", "rttl"):
            setattr(r, opt, True)
        elif opt == "name":
            r.list_name = args[0]
        elif opt == "mask":
            try:
                r.mask = int(ipaddress.IPv4Address(args[0]))
            except ValueError:
                raise ParamError(f'recent: bad value for option "--mask", or out of range.\n') from None
        else:
            r.rdest = opt == "rdest"

    def final_check(self, ctx: dict) -> None:
        if not any(o in self.used for o in ("set", "rcheck", "update", "remove")):
            raise ParamError("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'")


class ConnmarkTargetExt(Extension):
    name = "CONNMARK"
    x6 = False
    options = {"set-xmark": 1, "set-mark": 1, "and-mark": 1, "or-mark": 1, "xor-mark": 1, "save-mark": 0,
               "restore-mark": 0, "mask": 1, "nfmask": 1, "ctmask": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = ConnmarkTarget()
        self.action: Optional[str] = None

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        t = self.obj
        if opt in ("save-mark", "restore-mark"):
            self.action, t.mode = opt, opt.split("-")[0]
            return
        if opt in ("mask", "nfmask", "ctmask"):
            value = parse_number(args[0])
            if value is None:
                raise ParamError(f'CONNMARK: bad integer value for option "--{opt}", or out of range.\n')
            if opt in ("mask", "nfmask"):
                t.nfmask = value
            if opt in ("mask", "ctmask"):
                t.ctmask = value
            return
        self.action, t.mode = opt, "set"
        if opt in ("set-xmark", "set-mark"):
            v, m = parse_mark(args[0], "CONNMARK", opt)
            mask = 0xFFFFFFFF if m is None else m
            t.ctmark, t.ctmask = (v, mask) if opt == "set-xmark" else (v, v | mask)
        else:
            v = parse_number(args[0])
            if v is None:
                raise ParamError(f'CONNMARK: bad integer value for option "--{opt}", or out of range.\n')
            t.ctmark, t.ctmask = {"and-mark": (0, (~v) & 0xFFFFFFFF), "or-mark": (v, v), "xor-mark": (v, 0)}[opt]

    def final_check(self, ctx: dict) -> None:
        if self.action is None:
            raise ParamError("CONNMARK target: No operation specified")


MATCH_CLASSES = {"length": LengthExt, "ttl": TtlExt, "pkttype": PkttypeExt, "owner": OwnerExt, "string": StringExt,
                 "connlimit": ConnlimitExt, "connmark": ConnmarkExt, "recent": RecentExt}


class HashlimitExt(Extension):
    name = "hashlimit"
    options = {"hashlimit": 1, "hashlimit-upto": 1, "hashlimit-above": 1, "hashlimit-burst": 1, "hashlimit-mode": 1,
               "hashlimit-name": 1, "hashlimit-srcmask": 1, "hashlimit-dstmask": 1, "hashlimit-htable-size": 1,
               "hashlimit-htable-max": 1, "hashlimit-htable-expire": 1, "hashlimit-htable-gcinterval": 1}
    exclusive = (frozenset({"hashlimit", "hashlimit-upto", "hashlimit-above"}),)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        from course_lib.net.netfilter.targets_more import HashlimitMatch
        self.obj = HashlimitMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        from course_lib.net.netfilter.matches_limit import parse_rate
        h = self.obj
        if opt in ("hashlimit", "hashlimit-upto", "hashlimit-above"):
            avg = parse_rate(args[0])
            if avg is None:
                raise ParamError(f'hashlimit: bad value for option "--{opt}", or out of range.\n')
            h.avg, h.above = avg, (opt == "hashlimit-above") != inv
        elif opt == "hashlimit-burst":
            h.burst = _uint(args[0], 10000, "hashlimit", opt)
        elif opt == "hashlimit-mode":
            modes = args[0].split(",")
            if any(m not in ("srcip", "srcport", "dstip", "dstport") for m in modes):
                raise ParamError("hashlimit: bad value for option \"--hashlimit-mode\", or out of range.\n")
            h.modes = tuple(m for m in ("srcip", "srcport", "dstip", "dstport") if m in modes)
        elif opt == "hashlimit-name":
            h.table = args[0]
        elif opt in ("hashlimit-srcmask", "hashlimit-dstmask"):
            setattr(h, opt[10:], _uint(args[0], 32, "hashlimit", opt))

    def final_check(self, ctx: dict) -> None:
        if not any(o in self.used for o in ("hashlimit", "hashlimit-upto", "hashlimit-above")):
            raise ParamError("You have to specify --hashlimit")
        if "hashlimit-name" not in self.used:
            raise ParamError('hashlimit: option "--hashlimit-name" must be specified\n')


class TcpmssExt(Extension):
    name = "TCPMSS"
    options = {"set-mss": 1, "clamp-mss-to-pmtu": 0}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        from course_lib.net.netfilter.targets_more import TcpmssTarget
        self.obj = TcpmssTarget()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        self.obj.mss = _uint(args[0], 0xFFFF, "TCPMSS", opt) if opt == "set-mss" else None

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError("TCPMSS target: At least one parameter is required")


class TtlTargetExt(Extension):
    name = "TTL"
    options = {"ttl-set": 1, "ttl-dec": 1, "ttl-inc": 1}
    exclusive = (frozenset(options),)

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        from course_lib.net.netfilter.targets_more import TtlTarget
        self.obj = TtlTarget()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        self.obj.mode, self.obj.value = opt[4:], _uint(args[0], 255, "TTL", opt)

    def final_check(self, ctx: dict) -> None:
        if not self.used:
            raise ParamError("TTL: You must specify an action")


class NflogExt(Extension):
    name = "NFLOG"
    options = {"nflog-group": 1, "nflog-prefix": 1, "nflog-range": 1, "nflog-size": 1, "nflog-threshold": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        from course_lib.net.netfilter.targets_more import NflogTarget
        self.obj = NflogTarget()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if opt == "nflog-prefix":
            self.obj.prefix = args[0][:63]
        elif opt == "nflog-group":
            self.obj.group = _uint(args[0], 0xFFFF, "NFLOG", opt)
        elif opt == "nflog-threshold":
            self.obj.threshold = _uint(args[0], 0xFFFF, "NFLOG", opt)


MATCH_CLASSES["hashlimit"] = HashlimitExt
TARGET_CLASSES = {"CONNMARK": ConnmarkTargetExt, "TCPMSS": TcpmssExt, "TTL": TtlTargetExt, "NFLOG": NflogExt}
