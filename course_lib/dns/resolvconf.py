"""/etc/resolv.conf as glibc's res_init reads it: nameservers, search list and options, with its defaults."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Optional

MAXNS = 3               # glibc keeps the first three nameservers
MAX_NDOTS = 15
MAX_TIMEOUT = 30
MAX_ATTEMPTS = 5


@dataclass
class ResolvConf:
    """The resolver configuration of one process."""

    nameservers: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    ndots: int = 1
    timeout: int = 5
    attempts: int = 2
    rotate: bool = False
    edns0: bool = False
    trust_ad: bool = False              # queries set AD (glibc 2.31+: RES_TRUSTAD)
    single_request: bool = False
    single_request_reopen: bool = False     # the AAAA query from a new socket
    no_tld_query: bool = False
    no_aaaa: bool = False
    explicit_nameserver: bool = False   # False: none configured, glibc falls back to 127.0.0.1

    @classmethod
    def parse(cls, text: Optional[str], hostname: str = "", env: Optional[dict[str, str]] = None
              ) -> "ResolvConf":
        conf = cls()
        search_set = False
        for raw in (text or "").splitlines():
            if not raw or raw[0] in ";#":
                continue
            keyword, _, rest = _split_keyword(raw)
            if keyword == "nameserver":
                token = _first_token(rest, ";# \t")
                address = _nameserver_address(token)
                if address and len(conf.nameservers) < MAXNS:
                    conf.nameservers.append(address)
            elif keyword == "domain":
                token = _first_token(rest, " \t")
                if token:
                    conf.search = [token]
                    search_set = True
            elif keyword == "search":
                domains = rest.split()
                if domains:
                    conf.search = domains
                    search_set = True
            elif keyword == "options":
                conf._apply_options(rest)
        env = env or {}
        if env.get("LOCALDOMAIN"):
            conf.search = env["LOCALDOMAIN"].split()
            search_set = True
        if env.get("RES_OPTIONS"):
            conf._apply_options(env["RES_OPTIONS"])
        if not search_set and "." in hostname.strip("."):
            conf.search = [hostname.split(".", 1)[1]]
        conf.explicit_nameserver = bool(conf.nameservers)
        if not conf.nameservers:
            conf.nameservers = ["127.0.0.1"]
        return conf

    def _apply_options(self, text: str) -> None:
        for option in text.split():
            name, _, value = option.partition(":")
            if name == "ndots" and _is_int(value):
                self.ndots = min(int(value), MAX_NDOTS)
            elif name == "timeout" and _is_int(value):
                self.timeout = min(int(value), MAX_TIMEOUT)
            elif name == "attempts" and _is_int(value):
                self.attempts = min(int(value), MAX_ATTEMPTS)
            elif option == "rotate":
                self.rotate = True
            elif option == "edns0":
                self.edns0 = True
            elif option == "trust-ad":
                self.trust_ad = True
            elif option in ("single-request", "single-request-reopen"):
                self.single_request = True
                if option == "single-request-reopen":
                    self.single_request_reopen = True
            elif option == "no-tld-query":
                self.no_tld_query = True
            elif option == "no-aaaa":
                self.no_aaaa = True

    def server_order(self, start: int = 0) -> list[str]:
        """The order glibc tries the nameservers in (rotated by one per query with `rotate`)."""
        servers = self.nameservers
        if self.rotate and servers:
            k = start % len(servers)
            servers = servers[k:] + servers[:k]
        return list(servers)


def _split_keyword(line: str) -> tuple[str, str, str]:
    """glibc's MATCH(): a keyword counts only when a space or tab follows it."""
    for keyword in ("nameserver", "domain", "search", "options", "sortlist"):
        if line.startswith(keyword) and len(line) > len(keyword) and line[len(keyword)] in " \t":
            return keyword, "", line[len(keyword):].lstrip(" \t")
    return "", "", ""


def _first_token(text: str, stops: str) -> str:
    for i, ch in enumerate(text):
        if ch in stops or ch == "\n":
            return text[:i]
    return text


def _is_int(text: str) -> bool:
    return text.isdigit()


def _nameserver_address(token: str) -> Optional[str]:
    """An IPv4 address as inet_aton reads it (127.1 works) or an IPv6 address (with %scope), else None."""
    if not token:
        return None
    if ":" in token:
        try:
            return str(ipaddress.IPv6Address(token.split("%", 1)[0]))
        except ValueError:
            return None
    return _inet_aton(token)


def _inet_aton(text: str) -> Optional[str]:
    parts = text.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = []
    for part in parts:
        try:
            values.append(int(part, 0) if not (part.startswith("0") and part[1:].isdigit())
                          else int(part, 8))
        except ValueError:
            return None
        if values[-1] < 0:
            return None
    limits = {1: [2**32], 2: [256, 2**24], 3: [256, 256, 2**16], 4: [256, 256, 256, 256]}[len(values)]
    if any(v >= lim for v, lim in zip(values, limits)):
        return None
    number = 0
    for v, lim in zip(values, limits):
        number = number * lim + v
    return str(ipaddress.IPv4Address(number))
