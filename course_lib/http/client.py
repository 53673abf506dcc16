"""What curl and wget share: URL parsing, name resolution and one HTTP exchange over simulated TCP."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Optional

from course_lib.http import transport
from course_lib.http.message import Request, Response

TEMP_FAILURE = "Temporary failure in name resolution"


@dataclass
class Url:
    scheme: str
    host: str
    port: int
    target: str          # path and query, starting with /

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        return self.host if self.port == default else f"{self.host}:{self.port}"

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host_header}{self.target}"


class UrlError(Exception):
    """A URL the client cannot use: kind is "format" or "scheme"."""

    def __init__(self, kind: str, scheme: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.scheme = scheme


def parse_url(text: str, default_scheme: str = "http") -> Url:
    rest = text
    scheme = default_scheme
    if "://" in text:
        scheme, rest = text.split("://", 1)
        scheme = scheme.lower()
        if scheme not in ("http", "https"):
            raise UrlError("scheme", scheme)
    hostport, slash, path = rest.partition("/")
    hostport = hostport.split("@")[-1]
    if not hostport:
        raise UrlError("format")
    host, port_text = hostport, ""
    if hostport.startswith("["):
        host, _, port_text = hostport[1:].partition("]")
        port_text = port_text.lstrip(":")
    elif ":" in hostport:
        host, port_text = hostport.rsplit(":", 1)
    port = 443 if scheme == "https" else 80
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise UrlError("format")
        port = int(port_text)
    target = "/" + path if slash else "/"
    if "?" in host:
        host, query = host.split("?", 1)
        target = "/?" + query
    return Url(scheme, host, port, target)


def is_ip(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
        return True
    except ValueError:
        return False


def resolve(ctx: Any, host: str, curl_localhost: bool = False) -> Optional[str]:
    """The first IPv4 address of `host` (getaddrinfo), or None when it does not resolve.

    Each call reads /etc/hosts, nsswitch.conf and resolv.conf afresh (as getaddrinfo does), so `localhost`
    is whatever /etc/hosts says. Only curl (7.85+, RFC 6761) answers `localhost` and `*.localhost` itself
    with 127.0.0.1 without asking getaddrinfo: `curl_localhost=True`.
    """
    return resolve_err(ctx, host, curl_localhost)[0]


def resolve_err(ctx: Any, host: str, curl_localhost: bool = False) -> tuple[Optional[str], str]:
    """(first IPv4 address, "") or (None, gai_strerror's text) as `resolve` finds them (wget prints the text)."""
    if is_ip(host):
        return host, ""
    if curl_localhost and (host.lower() == "localhost" or host.lower().endswith(".localhost")):
        return "127.0.0.1", ""
    try:
        from course_lib.dns.resolver import ResolveError, resolve_host
    except ImportError:
        return None, TEMP_FAILURE
    try:
        addresses = resolve_host(ctx, host)
    except ResolveError as exc:
        return None, exc.message
    except Exception:  # noqa: BLE001 - a resolver fault must read as "could not resolve", never a traceback
        return None, TEMP_FAILURE
    return (addresses[0], "") if addresses else (None, TEMP_FAILURE)


def exchange(ctx: Any, address: str, port: int, request: Request, timeout: float) -> transport.Connection:
    """One request/response over a TCP connection from the context's netns."""
    return transport.request(ctx.netns, address, port, request, timeout)


def is_http(payload: Any) -> bool:
    return isinstance(payload, Response)
