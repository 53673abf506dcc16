"""The Corefile syntax (Caddyfile): server blocks `ZONE[:PORT]...`, directives, nested blocks, comments, {$ENV}."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Optional


class CorefileError(Exception):
    """A Corefile problem, with CoreDNS's text (printed as is, then the server does not start)."""


@dataclass
class Token:
    text: str
    line: int
    quoted: bool = False


@dataclass
class Directive:
    """One directive line of a server block, with its arguments and its own { } block lines."""

    name: str
    args: list[str]
    line: int
    block: list["Directive"] = field(default_factory=list)
    has_block: bool = False


@dataclass
class ServerBlock:
    keys: list[str]
    directives: list[Directive]
    line: int


_ENV = re.compile(r"\{\$([A-Za-z0-9_]+)\}|\{%([A-Za-z0-9_]+)%\}")


def tokenize(text: str, env: Optional[dict[str, str]] = None) -> list[Token]:
    """Caddy's lexer: whitespace-separated words, "quoted strings", # comments, braces as words."""
    env = dict(os.environ) if env is None else env
    text = _ENV.sub(lambda m: env.get(m.group(1) or m.group(2), ""), text)
    tokens: list[Token] = []
    line = 1
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch in " \t\r":
            i += 1
        elif ch == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif ch == '"':
            start_line = line
            i += 1
            buf = []
            while i < n and text[i] != '"':
                if text[i] == "\\" and i + 1 < n and text[i + 1] == '"':
                    buf.append('"')
                    i += 2
                    continue
                if text[i] == "\n":
                    line += 1
                buf.append(text[i])
                i += 1
            i += 1
            tokens.append(Token("".join(buf), start_line, True))
        else:
            start = i
            while i < n and text[i] not in " \t\r\n":
                i += 1
            tokens.append(Token(text[start:i], line))
    return tokens


def parse(text: str, filename: str = "Corefile", env: Optional[dict[str, str]] = None) -> list[ServerBlock]:
    """The server blocks of a Corefile; CorefileError with caddy's message on a syntax error."""
    return _Parser(tokenize(text, env), filename).blocks()


class _Parser:
    def __init__(self, tokens: list[Token], filename: str) -> None:
        self.tokens = tokens
        self.pos = 0
        self.filename = filename

    def err(self, line: int, message: str) -> CorefileError:
        return CorefileError(f"{self.filename}:{line} - Error during parsing: {message}")

    def peek(self) -> Optional[Token]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def blocks(self) -> list[ServerBlock]:
        blocks = []
        while self.peek() is not None:
            blocks.append(self.block())
        return blocks

    def block(self) -> ServerBlock:
        first = self.peek()
        assert first is not None
        keys: list[str] = []
        line = first.line
        while True:
            tok = self.peek()
            if tok is None:
                break
            if tok.text == "{" and not tok.quoted:
                break
            if tok.text == "}" and not tok.quoted:
                raise self.err(tok.line, "Unexpected '}' because no matching opening brace")
            if keys and tok.line != line and not keys[-1].endswith(","):
                break
            self.pos += 1
            keys += [k for k in tok.text.split(",") if k]
            line = tok.line
        tok = self.peek()
        if tok is not None and tok.text == "{" and not tok.quoted:
            self.pos += 1
            directives = self.directives(tok.line, closing=True)
        elif len(keys) and not tok:
            directives = []
        else:
            directives = self.directives(line, closing=False)
        return ServerBlock(keys, directives, first.line)

    def directives(self, open_line: int, closing: bool) -> list[Directive]:
        out: list[Directive] = []
        while True:
            tok = self.peek()
            if tok is None:
                if closing:
                    raise self.err(open_line if not self.tokens else self.tokens[-1].line, "Unexpected EOF")
                return out
            if tok.text == "}" and not tok.quoted:
                if not closing:
                    raise self.err(tok.line, "Unexpected '}' because no matching opening brace")
                self.pos += 1
                return out
            if tok.text == "{" and not tok.quoted:
                raise self.err(tok.line, "Unexpected '{' on a line of its own")
            self.pos += 1
            directive = Directive(tok.text, [], tok.line)
            while True:
                nxt = self.peek()
                if nxt is None or nxt.line != tok.line:
                    break
                if nxt.text == "}" and not nxt.quoted:
                    break
                self.pos += 1
                if nxt.text == "{" and not nxt.quoted:
                    directive.block = self.directives(nxt.line, closing=True)
                    directive.has_block = True
                    break
                directive.args.append(nxt.text)
            out.append(directive)


@dataclass(frozen=True)
class ZoneAddress:
    """A server block key: zone (absolute, lowercase) and port."""

    zone: str
    port: int
    transport: str = "dns"


def parse_key(key: str, default_port: int, filename: str, line: int) -> ZoneAddress:
    text = key
    transport = "dns"
    if "://" in text:
        transport, text = text.split("://", 1)
        if transport not in ("dns", "tls", "grpc", "https", "quic"):
            raise CorefileError(f"{filename}:{line} - Error during parsing: unsupported scheme '{transport}'")
    port = default_port
    if ":" in text and not text.startswith("["):
        text, _, port_text = text.rpartition(":")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise CorefileError(f"{filename}:{line} - Error during parsing: invalid port '{port_text}'")
        port = int(port_text)
    zone = text or "."
    if "/" in zone:     # a reverse CIDR zone like 10.0.0.0/24
        zone = _cidr_zone(zone) or zone
    zone = zone.lower()
    if not zone.endswith("."):
        zone += "."
    return ZoneAddress(zone, port, transport)


def _cidr_zone(text: str) -> Optional[str]:
    import ipaddress
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None
    if net.version == 4:
        octets = net.prefixlen // 8
        parts = str(net.network_address).split(".")[:octets]
        return ".".join(reversed(parts)) + (".in-addr.arpa." if parts else "in-addr.arpa.")
    return net.network_address.reverse_pointer[(128 - net.prefixlen) // 4 * 2:] + "."
