"""/etc/resolv.conf as BIND 9.18's tools read it (lib/irs/resconf.c), which is not how glibc reads it.

The file is read word by word: a keyword may follow blanks, `;` or `#` starts a comment only where a
word would start, and a keyword's words run to the end of its line -- but the newline that ends the
keyword itself is eaten with it, so `search` alone on its line takes the next line's words. Up to
three nameservers and eight search domains count; `domain` and `search` replace each other. A
nameserver that is no numeric address, junk after an address or a domain, or a bad `ndots:` makes
the whole parse fail: dig, host and nslookup then stop with "parse of /etc/resolv.conf failed".
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from course_lib.dns import files
from course_lib.dns.resolvconf import _inet_aton

MAX_NAMESERVERS = 3
MAX_SEARCH = 8
EOF = ""


class ParseError(Exception):
    """The file could not be parsed (BIND's tools give up)."""


@dataclass(frozen=True)
class BindConf:
    nameservers: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    ndots: int = 1
    explicit_nameserver: bool = False
    timeout: Optional[int] = None       # options timeout:N -- the tools' default wait (seconds), when given
    attempts: Optional[int] = None      # options attempts:N -- dig's and nslookup's default tries, when given


class _Reader:
    """resconf.c's getword/eatwhite/eatline over the file's characters."""

    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0

    def getc(self) -> str:
        if self.pos >= len(self.text):
            return EOF
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def eatline(self) -> str:
        ch = self.getc()
        while ch not in ("\n", EOF):
            ch = self.getc()
        return ch

    def eatwhite(self) -> str:
        ch = self.getc()
        while ch not in ("\n", EOF) and ch.isspace():
            ch = self.getc()
        if ch in (";", "#"):
            ch = self.eatline()
        return ch

    def getword(self) -> tuple[str, str]:
        """(word, the character that stopped it); the stop character is consumed."""
        ch = self.eatwhite()
        if ch == EOF:
            return "", EOF
        word = ""
        while ch != EOF and not ch.isspace():
            word += ch
            ch = self.getc()
        return word, ch

    def words_to_end(self, first: tuple[str, str]) -> list[str]:
        word, delim = first
        words = []
        while word:
            words.append(word)
            if delim in (EOF, "\n"):
                break
            word, delim = self.getword()
        return words

    def single(self) -> str:
        """One word and nothing else on the line (nameserver, domain)."""
        word, delim = self.getword()
        if not word:
            raise ParseError("unexpected end")
        if delim in (" ", "\t"):
            delim = self.eatwhite()
        if delim not in (EOF, "\n"):
            raise ParseError("unexpected token")
        return word


def parse(text: Optional[str]) -> BindConf:
    """irs_resconf_load(); ParseError when BIND's tools would refuse the file."""
    reader = _Reader(text or "")
    servers: list[str] = []
    search: list[str] = []
    domain: Optional[str] = None
    ndots = 1
    numbers: dict[str, int] = {}
    while True:
        word, stop = reader.getword()
        if stop == EOF:
            break                           # as resconf.c: a keyword ending the file is dropped
        if word == "nameserver":
            if len(servers) < MAX_NAMESERVERS:
                servers.append(_numeric_host(reader.single()))
        elif word == "domain":
            domain, search = reader.single(), []
        elif word == "search":
            domain = None
            search = reader.words_to_end(reader.getword())[:MAX_SEARCH]
            if not search:
                raise ParseError("unexpected end")
        elif word == "options":
            for option in reader.words_to_end(reader.getword()):
                name, colon, value = option.partition(":")
                if colon and name in ("ndots", "timeout", "attempts"):      # parse_uint(..., 0xff)
                    if not value.isdigit():
                        raise ParseError("unexpected token")
                    if int(value) > 255:
                        raise ParseError("out of range")
                    numbers[name] = int(value)
                    ndots = numbers.get("ndots", ndots)
        elif word == "sortlist":
            reader.words_to_end(reader.getword())
        elif word and stop != "\n" and reader.eatline() == EOF:   # an unknown word: the rest of its line
            break
    return BindConf(tuple(servers), (domain,) if domain else tuple(search), ndots, bool(servers),
                    numbers.get("timeout"), numbers.get("attempts"))


def _numeric_host(word: str) -> str:
    """getaddrinfo(AI_NUMERICHOST): inet_aton's forms or an IPv6 address; 0.0.0.0 means 127.0.0.1."""
    if ":" in word:
        try:
            return str(ipaddress.IPv6Address(word.split("%", 1)[0]))
        except ValueError:
            raise ParseError("bad address form") from None
    address = _inet_aton(word)
    if address is None:
        raise ParseError("bad address form")
    return "127.0.0.1" if address == "0.0.0.0" else address


@lru_cache(maxsize=128)
def _cached(text: Optional[str]) -> Any:
    try:
        return parse(text)
    except ParseError as exc:
        return exc


def load(ctx: Any) -> BindConf:
    """The machine's (or netns's) resolv.conf for BIND's tools; ParseError when they refuse it."""
    result = _cached(files.read_file(ctx, files.RESOLV_CONF))
    if isinstance(result, ParseError):
        raise result
    return result


PARSE_FAILED = "parse of /etc/resolv.conf failed"
__all__ = ["BindConf", "ParseError", "parse", "load", "PARSE_FAILED"]
