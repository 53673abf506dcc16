"""HTTP/1.1 requests and responses as they travel over a simulated TCP connection."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found",
           304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 405: "Not Allowed", 500: "Internal Server Error", 502: "Bad Gateway",
           503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}


@dataclass
class Request:
    """An HTTP request line, headers (in order) and body."""

    method: str = "GET"
    target: str = "/"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    version: str = "HTTP/1.1"

    def header(self, name: str) -> Optional[str]:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def host(self) -> str:
        return self.header("Host") or ""

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def head_lines(self) -> list[str]:
        return [f"{self.method} {self.target} {self.version}"] + [f"{k}: {v}" for k, v in self.headers]


@dataclass
class Response:
    """An HTTP response: status, headers in order, body (empty for HEAD)."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    version: str = "HTTP/1.1"
    reason: Optional[str] = None

    @property
    def status_line(self) -> str:
        if self.version == "HTTP/2":             # HTTP/2 has no reason phrase; curl prints "HTTP/2 200 "
            return f"HTTP/2 {self.status} "
        return f"{self.version} {self.status} {self.reason or REASONS.get(self.status, '')}".rstrip()

    def header(self, name: str) -> Optional[str]:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def head_text(self) -> str:
        """Status line and headers with CRLF endings, and the blank line, as on the wire."""
        lines = [self.status_line] + [f"{k}: {v}" for k, v in self.headers]
        return "\r\n".join(lines) + "\r\n\r\n"


def http_date(moment: datetime) -> str:
    """RFC 7231 IMF-fixdate: `Mon, 20 Jan 2025 09:00:00 GMT`."""
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


def content_length(body: str) -> int:
    return len(body.encode())
