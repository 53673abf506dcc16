"""What both ncs (BusyBox's, netcat-openbsd's) share: the bytes on the wire as the model's payloads, names.

The simulated TCP carries HTTP as the model's Request/Response objects, so that servers understand it:
`payload` turns what a client writes into what it sends (an HTTP request line starts a Request, anything
else stays text), `wire_text` turns what arrives back into the bytes a program would print.
"""
from __future__ import annotations

import ipaddress
import re
from typing import Any

_REQUEST = re.compile(r"^([A-Z]+) (\S+) (HTTP/\d(?:\.\d)?)\r?\n")


def payload(text: str) -> Any:
    """What the client sends: an HTTP request as the model's Request, anything else as its text."""
    match = _REQUEST.match(text)
    if not match:
        return text or None
    from course_lib.http.message import Request
    head, _, body = text.replace("\r\n", "\n").partition("\n\n")
    headers = []
    for line in head.split("\n")[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers.append((name.strip(), value.strip()))
    return Request(match.group(1), match.group(2), headers, body, match.group(3))


def wire_text(data: Any) -> str:
    """What arrived, as the bytes its sender wrote (an HTTP request or response as its text)."""
    if data is None:
        return ""
    if isinstance(data, str):
        return data
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    from course_lib.http.message import Request, Response
    if isinstance(data, Request):
        return "".join(line + "\r\n" for line in data.head_lines()) + "\r\n" + data.body
    if isinstance(data, Response):
        return data.head_text() + data.body
    return str(data)


def log_lines(text: str) -> list[str]:
    """A program's output as a container log's lines: split at LF only (a CR stays, as docker/kubectl logs
    show an HTTP request's CR LF lines), no empty line after the last LF."""
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def names(ctx: Any, address: Any) -> list[str]:
    """getnameinfo's names for a peer ([] when none: the address is printed)."""
    from course_lib.dns.resolver import gethostbyaddr
    try:
        return gethostbyaddr(ctx, address)
    except Exception:  # noqa: BLE001 - a failed lookup prints the address
        return []
