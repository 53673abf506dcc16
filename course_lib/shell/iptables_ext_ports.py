"""The port and ICMP match extensions of iptables: tcp/udp/sctp (ports, --tcp-flags, --syn), icmp, multiport."""
from __future__ import annotations

from course_lib.net.netfilter import matches as M
from course_lib.net.netfilter.netdb import service_port
from course_lib.shell.iptables_ext_base import (Extension, ParamError, parse_number, parse_port_range,
                                              refuse_second)


class PortExt(Extension):
    options = {"sport": 1, "source-port": 1, "dport": 1, "destination-port": 1, "tcp-flags": 2, "syn": 0}
    x6 = False

    def __init__(self, proto: str, name: str = "tcp") -> None:
        super().__init__(proto)
        self.name = name
        self.obj = M.PortMatch(name=name)
        if name in ("udp", "sctp"):          # sctp: libxt_sctp's ports (its --chunk-types are not modelled)
            self.options = {"sport": 1, "source-port": 1, "dport": 1, "destination-port": 1}

    def _udp_range(self, text: str, opt: str) -> tuple[int, int]:
        """libxtables' x6 port range (udp): no min > max check, numbers wrap to 16 bits."""
        parts = text.split(":")
        if len(parts) > 2:
            long = "source-port" if opt in ("sport", "source-port") else "destination-port"
            raise ParamError(f'udp: Too many components for option "--{long}" (max: 2)\n')
        values = []
        for i, part in enumerate(parts):
            if part == "":
                values.append(0 if i == 0 else 65535)
            elif part.isdigit():
                values.append(int(part) & 0xFFFF)
            else:
                port = service_port(part, "udp")
                if port is None:
                    raise ParamError(f'Port "{part}" does not resolve to anything.\n')
                values.append(port)
        return (values[0], values[0]) if len(values) == 1 else (values[0], values[1])

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        m = self.obj
        if self.name == "udp":
            if opt in ("sport", "source-port"):
                if m.sport:
                    raise ParamError('udp: option "--source-port" can only be used once.\n')
                m.sport, m.sport_inv = self._udp_range(args[0], opt), inv
            else:
                if m.dport:
                    raise ParamError('udp: option "--destination-port" can only be used once.\n')
                m.dport, m.dport_inv = self._udp_range(args[0], opt), inv
            return
        if opt in ("sport", "source-port"):
            if m.sport:
                raise ParamError("Only one `--source-port' allowed")
            m.sport, m.sport_inv = parse_port_range(args[0], self.name), inv
        elif opt in ("dport", "destination-port"):
            if m.dport:
                raise ParamError("Only one `--destination-port' allowed")
            m.dport, m.dport_inv = parse_port_range(args[0], self.name), inv
        else:
            if m.flags:
                raise ParamError("Only one of `--syn' or `--tcp-flags'  allowed")
            if opt == "syn":
                m.flags, m.flags_inv = (0x17, 0x02), inv
            else:
                m.flags, m.flags_inv = (_flags(args[0]), _flags(args[1])), inv

    def proto_check(self, ctx: dict) -> None:
        if self.name == "sctp":
            return                              # no check in libxt_sctp: the kernel refuses (EINVAL)
        if ctx["proto_name"] != self.name or ctx["proto_inv"]:
            raise ParamError(f"{self.name.upper()} match requires '-p {self.name}'")


def _flags(text: str) -> int:
    bits = 0
    for word in text.split(","):
        w = word.upper()
        if w == "ALL":
            bits |= 0x3F
        elif w == "NONE":
            continue
        else:
            for n, b in M.TCP_FLAGS:
                if n == w:
                    bits |= b
                    break
            else:
                raise ParamError(f"Unknown TCP flag `{word}'")
    return bits


class IcmpExt(Extension):
    name = "icmp"
    invertible = frozenset({"icmp-type"})
    options = {"icmp-type": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = M.IcmpMatch()

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        text = args[0]
        name = M.ICMP_ALIASES.get(text, text)
        hits = [e for e in M.ICMP_TYPES if e[0] == name] or [e for e in M.ICMP_TYPES if e[0].startswith(name)]
        if len(hits) > 1 and hits[0][0] != name:
            raise ParamError(f"Ambiguous ICMP type `{text}': `{hits[0][0]}' or `{hits[1][0]}'?")
        if hits:
            _, t, lo, hi = hits[0]
            self.obj.type, self.obj.code = t, (lo, hi)
        else:
            t_text, slash, c_text = text.partition("/")
            t = parse_number(t_text, 0, 255) if t_text.isdigit() else None
            c = parse_number(c_text, 0, 255) if slash and c_text.isdigit() else None
            if t is None or (slash and c is None):
                raise ParamError(f"Unknown ICMP type `{text}'")
            self.obj.type, self.obj.code = t, ((c, c) if slash else (0, 0xFF))
        self.obj.inv = inv

    def final_check(self, ctx: dict) -> None:
        if "icmp-type" not in self.used:
            raise ParamError('icmp: option "--icmp-type" must be specified\n')

    def proto_check(self, ctx: dict) -> None:
        if ctx["proto_name"] != "icmp" or ctx["proto_inv"]:
            raise ParamError("ICMP match requires '-p icmp'")


class MultiportExt(Extension):
    name = "multiport"
    x6 = False
    options = {"sports": 1, "source-ports": 1, "dports": 1, "destination-ports": 1, "ports": 1}

    def __init__(self, proto: str) -> None:
        super().__init__(proto)
        self.obj = M.MultiportMatch(proto=proto or "tcp")
        self.seen = False

    def parse(self, opt: str, args: list[str], inv: bool) -> None:
        kind = {"source-ports": "sports", "destination-ports": "dports"}.get(opt, opt)
        if self.seen:
            names = {"sports": "source-ports", "dports": "destination-ports", "ports": "ports"}
            refuse_second("multiport", names[self.obj.kind], names[kind], list(names.values()))
        self.seen = True
        if self.proto not in ("tcp", "udp", "udplite", "sctp", "dccp"):
            raise ParamError("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'")
        ports = [parse_port_range(p, self.proto) for p in args[0].split(",")]
        if len(ports) > 15:
            raise ParamError("too many ports specified")
        self.obj.kind, self.obj.ports, self.obj.inv = kind, ports, inv

    def final_check(self, ctx: dict) -> None:
        if not self.seen:
            raise ParamError("multiport expection an option")
