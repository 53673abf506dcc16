"""ss's FILTER: `state`/`exclude` TCP-state sets and the expression (sport/dport/src/dst, and/or/not, parentheses).

A socket is (proto, state, local ip, local port, peer ip, peer port); states are ss's SS_* names. The
State column is left out when exactly one state is selected, as ss does.
"""
from __future__ import annotations

import ipaddress
from typing import Any, Callable, Optional

from course_lib.net.netfilter.netdb import service_port

STATES = ["UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN",
          "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING"]
ALL = sum(1 << i for i in range(1, 12))
_CONN = ALL & ~((1 << 10) | (1 << 7) | (1 << 6) | (1 << 3))
NAMES = {"all": ALL, "connected": ALL & ~((1 << 10) | (1 << 7)),
         "synchronized": ALL & ~((1 << 10) | (1 << 7) | (1 << 2)), "bucket": (1 << 3) | (1 << 6),
         "big": ALL & ~((1 << 3) | (1 << 6)), "established": 1 << 1, "syn-sent": 1 << 2, "syn-recv": 1 << 3,
         "fin-wait-1": 1 << 4, "fin-wait-2": 1 << 5, "time-wait": 1 << 6, "closed": 1 << 7, "close-wait": 1 << 8,
         "last-ack": 1 << 9, "listening": 1 << 10, "listen": 1 << 10, "closing": 1 << 11}
DEFAULT = ALL & ~((1 << 10) | (1 << 7) | (1 << 3) | (1 << 6))      # connected sockets, as ss lists by default
Sock = tuple           # (proto, state name, local ip, local port, peer ip or None, peer port or None)


class FilterError(Exception):
    pass


def state_bit(name: str) -> int:
    return 1 << STATES.index(name)


def parse_states(words: list[str], listening: bool, all_: bool) -> tuple[int, list[str]]:
    """The state mask of -l/-a and `state X`/`exclude X` words, and the words left (the expression)."""
    mask = ALL if all_ else ((1 << 10) | (1 << 7)) if listening else DEFAULT
    saw = False
    rest: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("state", "exclude", "excl") and i + 1 < len(words):
            name = words[i + 1]
            bits = NAMES.get(name)
            if bits is None:
                raise FilterError(f"ss: wrong state name: {name}\n")
            if w == "state":
                mask = (0 if not saw else mask) | bits
                saw = True
            else:
                mask = (ALL if not saw else mask) & ~bits
                saw = True
            i += 2
            continue
        rest.append(w)
        i += 1
    return mask, rest


def one_state(mask: int) -> bool:
    return mask != 0 and not mask & (mask - 1)


# -- the expression ---------------------------------------------------------------------------------
def _tokens(words: list[str]) -> list[str]:
    text = " ".join(words).replace("(", " ( ").replace(")", " ) ")
    out: list[str] = []
    for tok in text.split():
        if tok in ("==", "eq"):
            tok = "="
        elif tok == "ne":
            tok = "!="
        out.append(tok)
    return out


def _port(text: str, proto: str) -> Optional[int]:
    text = text.rsplit(":", 1)[-1] if ":" in text else text
    if text.isdigit():
        return int(text)
    return service_port(text, proto) if text and text != "*" else None


def _cmp(op: str, value: Optional[int], want: int) -> bool:
    if value is None:
        return False
    return {"=": value == want, "!=": value != want, ">=": value >= want, "ge": value >= want,
            "<=": value <= want, "le": value <= want, ">": value > want, "gt": value > want,
            "<": value < want, "lt": value < want}.get(op, False)


def compile_expr(words: list[str]) -> Callable[[Sock], bool]:
    """A predicate for the expression words (none: every socket)."""
    toks = _tokens(words)
    if not toks:
        return lambda s: True
    pos = 0

    def peek() -> Optional[str]:
        return toks[pos] if pos < len(toks) else None

    def take() -> str:
        nonlocal pos
        if pos >= len(toks):
            raise FilterError("ss: bad filter expression\n")
        pos += 1
        return toks[pos - 1]

    def primary() -> Callable[[Sock], bool]:
        t = take()
        if t in ("not", "!"):
            inner = primary()
            return lambda s: not inner(s)
        if t == "(":
            e = disj()
            if take() != ")":
                raise FilterError("ss: bad filter expression\n")
            return e
        if t in ("sport", "dport", "src", "dst"):
            op = "="
            if peek() in ("=", "!=", ">=", "<=", ">", "<", "ge", "le", "gt", "lt"):
                op = take()
            value = take()
            return _atom(t, op, value)
        return _atom("dst" if ":" not in t or t.count(".") == 3 else "dport", "=", t)

    def conj() -> Callable[[Sock], bool]:
        parts = [primary()]
        while peek() not in (None, "or", "|", "||", ")"):
            if peek() in ("and", "&", "&&"):
                take()
            parts.append(primary())
        return lambda s: all(p(s) for p in parts)

    def disj() -> Callable[[Sock], bool]:
        parts = [conj()]
        while peek() in ("or", "|", "||"):
            take()
            parts.append(conj())
        return lambda s: any(p(s) for p in parts)

    expr = disj()
    if pos != len(toks):
        raise FilterError("ss: bad filter expression\n")
    return expr


def _atom(kind: str, op: str, value: str) -> Callable[[Sock], bool]:
    if kind in ("sport", "dport"):
        def by_port(s: Sock) -> bool:
            want = _port(value, s[0])
            if want is None:
                return False
            return _cmp(op, s[3] if kind == "sport" else s[5], want)
        return by_port
    addr, _, port = value.partition(":") if value.count(":") == 1 else (value, "", "")
    try:
        net = ipaddress.ip_network(addr, strict=False) if addr and addr != "*" else None
    except ValueError:
        raise FilterError(f'Error: an inet prefix is expected rather than "{value}".\n') from None

    def by_addr(s: Sock) -> bool:
        ip = s[2] if kind == "src" else s[4]
        hit = net is None or (ip is not None and ip.version == net.version and ip in net)
        if hit and port:
            hit = _port(port, s[0]) == (s[3] if kind == "src" else s[5])
        return hit if op == "=" else not hit
    return by_addr


def summary(socks: list[Any]) -> str:
    """ss -s from the model's sockets (no raw sockets, fragments or connections in the model)."""
    tcp = [s for s in socks if s.proto == "tcp"]
    udp = [s for s in socks if s.proto == "udp"]

    def split(group: list[Any]) -> tuple[int, int, int]:
        v4 = sum(1 for s in group if s.ip.version == 4)
        return len(group), v4, len(group) - v4
    lines = [f"Total: {len(socks)}", f"TCP:   {len(tcp)} (estab 0, closed 0, orphaned 0, timewait 0)", "",
             "Transport Total     IP        IPv6"]
    for name, group in (("RAW", []), ("UDP", udp), ("TCP", tcp), ("INET", tcp + udp), ("FRAG", [])):
        total, v4, v6 = split(group)
        lines.append(f"{name}\t  {total:<9} {v4:<9} {v6:<9}")
    return "\n".join(lines) + "\n\n"
