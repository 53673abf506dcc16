"""Option parsers of the iptables target extensions: REJECT, LOG, MARK, DNAT, SNAT, MASQUERADE, REDIRECT, CT."""
from __future__ import annotations

import re

from course_lib.net.netfilter import targets as T
from course_lib.net.netfilter.netdb import service_port
from course_lib.net.netfilter.rules import ip_to_int
from course_lib.shell.iptables_ext_base import Extension, ParamError, parse_mark, parse_number, refuse_second


class RejectExt(Extension):
    name = "REJECT"
    options = {"reject-with": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = T.Reject()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        """libipt_REJECT: the first name or alias the argument begins (case-insensitively)."""
        arg = args[0].lower()
        for name, alias in REJECT_TABLE:
            if name.startswith(arg) or alias.startswith(arg):
                self.obj.with_ = name
                return
        err = ParamError(f'unknown reject type "{args[0]}"')
        if "echo-reply".startswith(arg):
            err.warnings = ["--reject-with echo-reply no longer supported\n"]     # type: ignore[attr-defined]
        raise err


REJECT_TABLE = [("icmp-net-unreachable", "net-unreach"), ("icmp-host-unreachable", "host-unreach"),
                ("icmp-proto-unreachable", "proto-unreach"), ("icmp-port-unreachable", "port-unreach"),
                ("icmp-net-prohibited", "net-prohib"), ("icmp-host-prohibited", "host-prohib"),
                ("tcp-reset", "tcp-rst"), ("icmp-admin-prohibited", "admin-prohib")]


class LogExt(Extension):
    name = "LOG"
    options = {"log-prefix": 1, "log-level": 1, "log-tcp-sequence": 0, "log-tcp-options": 0,
               "log-ip-options": 0, "log-uid": 0, "log-macdecode": 0}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = T.Log()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        bit = {"log-tcp-sequence": 1, "log-tcp-options": 2, "log-ip-options": 4, "log-uid": 8,
               "log-macdecode": 0x20}.get(opt)
        if bit is not None:
            self.obj.flags |= bit
            return
        if opt == "log-prefix":
            self.obj.prefix = args[0][:29]
        elif opt == "log-level":
            level = T.LOG_LEVEL_NAMES.get(args[0].lower())
            if level is None:
                level = parse_number(args[0], 0, 7)
            if level is None:
                raise ParamError(f'log level "{args[0]}" unknown\n')
            self.obj.level = level


class MarkTargetExt(Extension):
    name = "MARK"
    x6 = False
    options = {"set-xmark": 1, "set-mark": 1, "and-mark": 1, "or-mark": 1, "xor-mark": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = T.Mark()
        self.seen = ""

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if self.seen:
            refuse_second("MARK", self.seen, opt, list(self.options))
        self.seen = opt
        if opt in ("set-xmark", "set-mark"):
            v, m = parse_mark(args[0], "MARK", opt)
        else:
            v, m = parse_number(args[0]), None
            if v is None or "/" in args[0]:
                raise ParamError(f'MARK: bad value for option "--{opt}", or out of range (0-4294967295).\n')
        if opt == "set-xmark":
            self.obj.value, self.obj.mask = v, 0xFFFFFFFF if m is None else m
        elif opt == "set-mark":
            self.obj.value, self.obj.mask = v, v | (0xFFFFFFFF if m is None else m)
        elif opt == "and-mark":
            self.obj.value, self.obj.mask = 0, (~v) & 0xFFFFFFFF
        elif opt == "or-mark":
            self.obj.value, self.obj.mask = v, v
        else:
            self.obj.value, self.obj.mask = v, 0

    def final_check(self, ctx: dict) -> None:
        if not self.seen:
            raise ParamError("MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required")


PORT_PROTOS = ("tcp", "udp", "sctp", "dccp")


class NatExt(Extension):
    """DNAT, SNAT, MASQUERADE and REDIRECT."""

    def __init__(self, proto: str, name: str) -> None:
        super().__init__(proto)
        self.name = name
        self.obj = T.Nat(name=name)
        self.seen = False
        if name == "DNAT":
            self.options = {"to-destination": 1, "random": 0, "persistent": 0}
        elif name == "SNAT":
            self.options = {"to-source": 1, "random": 0, "random-fully": 0, "persistent": 0}
        elif name == "MASQUERADE":
            self.options = {"to-ports": 1, "random": 0, "random-fully": 0}
        else:
            self.options = {"to-ports": 1, "random": 0}

    def _ports(self, text: str) -> None:
        """libxt_NAT's parse_ports: PORT, PORT-PORT or PORT-PORT/BASE (the first and the base a number, strtoul
        base 0, or a service name; the range's end a number), for a rule whose protocol has ports so far
        (-p tcp/udp/sctp/dccp/icmp before this option, inverted or not). SNAT and MASQUERADE keep a base of 0."""
        if self.proto not in PORT_PROTOS + ("icmp",):
            raise ParamError("Need TCP, UDP, SCTP or DCCP with port specification")
        port, end = _port_value(text)
        if end.startswith(":"):
            raise ParamError("Invalid port:port syntax - use dash")
        if end and not end.startswith("-"):
            raise ParamError(f"Garbage after port value: `{end}'")
        maxport = port
        if end:
            arg = end[1:]
            maxport, end = _port_value(arg, services=False)
            if maxport < port:
                raise ParamError(f"Port range `{arg}' funky")     # sic, libxt_NAT.c
            if end and not end.startswith("/"):
                raise ParamError(f"Garbage after port range: `{end}'")
            if end:
                base, _ = _port_value(end[1:], low=1)
                self.obj.base = base if self.name in ("DNAT", "REDIRECT") else 0
        self.obj.port_lo, self.obj.port_hi = port, maxport

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if opt in ("random", "random-fully", "persistent"):
            setattr(self.obj, opt.replace("-", "_"), True)
            return
        if opt == "to-ports":
            self._ports(args[0])
            return
        self.seen = True
        text = args[0]
        if "[" in text:
            raise ParamError("Invalid address format")
        ips, colon, ports = text.partition(":")
        if ":" in ports:                # a second colon: an IPv6 address, no port
            ips, colon, ports = text, "", ""
        if colon:                       # the ports are read first
            self._ports(ports)
        if ips:
            lo, dash, hi = ips.partition("-")
            for part in ([lo, hi] if dash else [lo]):
                try:
                    _dotted(part)
                except ValueError:
                    raise ParamError(f'Bad IP address "{part}"') from None
            a = ip_to_int(lo)
            b = ip_to_int(hi) if dash else a
            self.obj.ip_lo, self.obj.ip_hi = a, b

    def final_check(self, ctx: dict) -> None:
        if self.name == "REDIRECT" and self.obj.base is not None:
            raise ParamError("Shifted portmap ranges not supported with this kernel")    # REDIRECT revision 0
        if self.name in ("DNAT", "SNAT") and not self.seen:
            opt = "to-destination" if self.name == "DNAT" else "to-source"
            raise ParamError(f'{self.name}: option "--{opt}" must be specified\n')


def _port_value(text: str, low: int = 0, services: bool = True) -> tuple[int, str]:
    """xtables_strtoui(text, &end, low, 65535) -- strtoul base 0, leading blanks and a sign allowed -- or, when
    that fails, the whole text as a service name (xtables_service_to_port): (port, the rest after it)."""
    match = re.match(r"\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", text)
    if match:
        digits = match.group(2)
        value = int(digits, 16) if digits[:2].lower() == "0x" else int(digits, 8) if digits.startswith("0") \
            else int(digits)
        if match.group(1) == "-" and value:
            value = -1                  # strtoul wraps a negative number past every maximum
        if low <= value <= 65535:
            return value, text[match.end():]
    port = service_port(text, "tcp") if services else None
    if port is None:
        raise ParamError(f"Port `{text}' not valid")
    return port, ""


def _dotted(text: str) -> str:
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
        raise ValueError(text)
    return text


class CtExt(Extension):
    """CT --notrack and --zone N (helpers, events and timeouts are refused as unknown) and NOTRACK."""

    name = "CT"
    options = {"notrack": 0, "zone": 1}

    def __init__(self, proto: str, name: str = "CT") -> None:
        super().__init__(proto)
        self.obj = T.Ct(name=name, notrack=name == "NOTRACK")
        if name == "NOTRACK":
            self.options = {}

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        if opt == "notrack":
            self.obj.notrack = True
            return
        zone = parse_number(args[0], 0, 0xFFFF) if args[0].isdigit() else None
        if zone is None:
            raise ParamError(f"Cannot parse {args[0]} as a zone ID")
        self.obj.zone = zone


def _more_target(name: str):
    def make(proto: str) -> Extension:
        from course_lib.shell.iptables_ext_more import TARGET_CLASSES
        return TARGET_CLASSES[name](proto)
    return make


def _tos_target(name: str):
    def make(proto: str) -> Extension:
        from course_lib.shell import iptables_ext_tos
        return getattr(iptables_ext_tos, name)(proto)
    return make


TARGETS = {"CT": CtExt, "NOTRACK": lambda p: CtExt(p, "NOTRACK"), "REJECT": RejectExt, "LOG": LogExt, "MARK": MarkTargetExt,
           "DNAT": lambda p: NatExt(p, "DNAT"), "SNAT": lambda p: NatExt(p, "SNAT"),
           "MASQUERADE": lambda p: NatExt(p, "MASQUERADE"), "REDIRECT": lambda p: NatExt(p, "REDIRECT"), "TOS": _tos_target("TosTargetExt"),
           "DSCP": _tos_target("DscpTargetExt"), **{name: _more_target(name) for name in ("CONNMARK", "TCPMSS", "TTL", "NFLOG")}}

