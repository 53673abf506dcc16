"""`wget` on the simulated network: GNU Wget 1.21 texts on Debian, BusyBox texts inside busybox images."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, Optional

from course_lib.http import transport
from course_lib.http.client import UrlError, exchange, is_http, parse_url, resolve_err
from course_lib.http.message import Request, Response
from course_lib.net.wallclock import EPOCH_DATETIME
from course_lib.result import CommandResult
from course_lib.shell.registry import command

GNU_AGENT = "Wget/1.21.3"
BUSYBOX_AGENT = "Wget"
EPOCH = EPOCH_DATETIME.replace(tzinfo=None)     # net/wallclock.py, as a naive UTC time


def _now(ctx: Any) -> datetime:
    return EPOCH + timedelta(seconds=float(getattr(ctx.machine.network, "clock", 0.0)))


def _busybox(ctx: Any) -> bool:
    """BusyBox wget in busybox and alpine images (alpine's wget is BusyBox's)."""
    return getattr(ctx.machine, "userland", "debian") in ("busybox", "alpine")


def _parse(argv: list[str]) -> tuple[dict[str, Any], list[str], Optional[str]]:
    opts: dict[str, Any] = {"quiet": False, "output": None, "timeout": 900.0, "tries": 20, "spider": False,
                            "headers": [], "check_cert": True, "ca": None}
    urls: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if name in ("--quiet",):
                opts["quiet"] = True
            elif name == "--no-check-certificate":
                opts["check_cert"] = False
            elif name in ("--output-document", "--timeout", "--tries", "--header", "--user-agent",
                          "--ca-certificate"):
                if not eq:
                    if i >= len(argv):
                        return opts, urls, f"wget: option '{name}' requires an argument\n"
                    value = argv[i]
                    i += 1
                _apply(opts, name, value)
            elif name == "--spider":
                opts["spider"] = True
            else:
                return opts, urls, f"wget: unrecognized option '{arg}'\n"
        elif arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                ch = arg[j]
                if ch in "OTthU":
                    value = arg[j + 1:]
                    if not value:
                        if i >= len(argv):
                            return opts, urls, f"wget: option requires an argument -- '{ch}'\n"
                        value = argv[i]
                        i += 1
                    _apply(opts, {"O": "--output-document", "T": "--timeout", "t": "--tries",
                                  "h": "--header", "U": "--user-agent"}[ch], value)
                    break
                if ch == "q":
                    opts["quiet"] = True
                elif ch not in "4Svc":
                    return opts, urls, f"wget: invalid option -- '{ch}'\n"
                j += 1
        else:
            urls.append(arg)
    return opts, urls, None


class BadValue(Exception):
    """An option value wget's setter refuses: its message alone, exit 2 (no usage text)."""


def _apply(opts: dict[str, Any], name: str, value: str) -> None:
    if name == "--output-document":
        opts["output"] = value
    elif name == "--timeout":                    # cmd_time: a number with an optional s/m/h/d/w suffix
        match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([smhdw]?)\s*", value)
        if not match:
            raise BadValue(f"wget: --timeout: Invalid time period ‘{value}’\n")
        opts["timeout"] = float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[match[2]]
    elif name == "--tries":                      # cmd_number_inf
        if value.lower() not in ("inf", "0") and not value.strip().isdigit():
            raise BadValue(f"wget: --tries: Invalid number ‘{value}’.\n")
        opts["tries"] = 20 if value.lower() == "inf" else int(value)
    elif name == "--ca-certificate":
        opts["ca"] = value
    elif name == "--header":
        key, _, val = value.partition(":")
        opts["headers"].append((key.strip(), val.strip()))


@command("wget")
def wget(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    if _busybox(ctx):
        from course_lib.http import busybox_wget
        return busybox_wget.wget(ctx, argv)
    try:
        opts, urls, error = _parse(argv[1:])
    except BadValue as exc:
        text = str(exc)
        return CommandResult("", text if _utf8(ctx) else text.replace("‘", "'").replace("’", "'"), 2)
    if error:
        return CommandResult("", error + "Usage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n", 2)
    if not urls:
        return CommandResult("", "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\n"
                             "Try `wget --help' for more options.\n", 1)
    if opts["output"] and opts["output"] != "-":
        from course_lib.shell.fs import FsError
        try:
            _save(ctx, opts["output"], "")        # wget opens (truncates) -O's file before any fetch
        except FsError as exc:
            return CommandResult("", f"{opts['output']}: {exc.strerror}\n", 1)
    stdout, stderr, code = "", "", 0
    for url_text in urls:
        o, e, c = _gnu_get(ctx, opts, url_text)
        stdout, stderr, code = stdout + o, stderr + e, c or code
    if not _utf8(ctx):            # gnulib's quote(): curly quotes only in a UTF-8 locale ('x' with LANG=C)
        stderr = stderr.replace("‘", "'").replace("’", "'")
    return CommandResult(stdout, stderr, code)


def _utf8(ctx: Any) -> bool:
    """Whether the locale's charset (LC_ALL, then LC_CTYPE, then LANG) is UTF-8."""
    env = getattr(ctx, "env", None) or {}
    locale = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    return "utf8" in locale.lower().replace("-", "")


def _fetch(ctx: Any, opts: dict[str, Any], url_text: str, agent: str) -> tuple[Any, Any, Optional[str], Any]:
    url = parse_url(url_text)
    address, gai_error = resolve_err(ctx, url.host)
    if address is None:
        return "resolve", gai_error, None, url
    headers = [("Host", url.host_header), ("User-Agent", agent), ("Accept", "*/*"),
               ("Accept-Encoding", "identity"), ("Connection", "Keep-Alive")] + opts["headers"]
    method, body = "GET", ""
    if agent == BUSYBOX_AGENT:
        own = [name.lower() for name, _ in opts["headers"]]
        headers = [("Host", url.host_header)] + ([] if "user-agent" in own else [("User-Agent", agent)])
        if opts.get("post") is not None:          # --post-data / --post-file
            method, body = "POST", opts["post"]
            headers += [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", str(len(body)))]
        headers += [("Connection", "close")] + opts["headers"]
    request = Request(method, url.target, headers, body)
    if url.scheme == "https":
        from course_lib.http import wget_tls
        outcome = wget_tls.handshake(ctx, opts, address, url, request, agent == BUSYBOX_AGENT)
        return outcome.conn, outcome, address, url
    conn = exchange(ctx, address, url.port, request, opts["timeout"])
    return conn, conn.response, address, url


def _filename(url: Any, opts: dict[str, Any]) -> str:
    return opts["output"] or (url.target.split("?")[0].rsplit("/", 1)[-1] or "index.html")


def _exists(ctx: Any, name: str) -> bool:
    from course_lib.shell.fs import exists
    return exists(ctx, name)


def _save(ctx: Any, name: str, body: str) -> None:
    from course_lib.shell.fs import write_file
    write_file(ctx, name, body)


def _gnu_get(ctx: Any, opts: dict[str, Any], url_text: str) -> tuple[str, str, int]:
    stamp = _now(ctx).strftime("%Y-%m-%d %H:%M:%S")
    started = float(getattr(ctx.machine.network, "clock", 0.0))
    try:
        status, response, address, url = _fetch(ctx, opts, url_text, GNU_AGENT)
    except UrlError as exc:
        if exc.kind == "scheme":
            return "", f"{url_text}: Unsupported scheme ‘{exc.scheme}’.\n", 1
        return "", f"{url_text}: Invalid host name.\n", 1
    q = opts["quiet"]
    err = "" if q else f"--{stamp}--  {url}\n"
    if url.scheme == "https" and opts["ca"] and not q:
        err += f"Loaded CA certificate '{opts['ca']}'\n"
    conn, status = status, getattr(status, "status", status)
    if status == "resolve":                  # -q: nothing at all (the error is a logprintf, not a fatal)
        if not q:
            err += f"Resolving {url.host} ({url.host})... failed: {response}.\n" + \
                f"wget: unable to resolve host address ‘{url.host}’\n"
        return "", err, 4
    if url.host != address and not q:
        err += f"Resolving {url.host} ({url.host})... {address}\n"
    shown = f"{url.host} ({url.host})|{address}|:{url.port}" if url.host != address else f"{address}:{url.port}"
    if status in (transport.REFUSED, transport.UNREACHABLE, transport.TIMEOUT):
        reason = conn.strerror or "Connection timed out"
        if not q:
            err += f"Connecting to {shown}... failed: {reason}.\n"
        if status == transport.TIMEOUT:
            err += _timed_out_tries(ctx, opts, url, shown, float(ctx.machine.network.clock) - started)
        return "", err, 4
    if url.scheme == "https":
        from course_lib.http import wget_tls
        if not q:
            err += f"Connecting to {shown}... connected.\n"
        notes, code, response = wget_tls.gnu_report(opts, url, response)
        err += notes if not q or code else ""
        if code:
            return "", err, code
        shown_connected = True
    else:
        shown_connected = False
    if not shown_connected and (response is None or response in ("", b"")):
        return "", "" if q else err + _no_data(ctx, opts, url, shown), 4
    if not is_http(response):
        if not q:
            err += ("" if shown_connected else f"Connecting to {shown}... connected.\n") + \
                "HTTP request sent, awaiting response... 200 No headers, assuming HTTP/0.9\n"
        return "", err, 0
    assert isinstance(response, Response)
    reason = response.status_line.split(" ", 2)[2] if response.status_line.count(" ") >= 2 else ""
    if not q:
        err += ("" if shown_connected else f"Connecting to {shown}... connected.\n") + \
            f"HTTP request sent, awaiting response... {response.status} {reason}\n"
    if response.status >= 400:
        if not q:
            err += f"{stamp} ERROR {response.status}: {reason}.\n\n"
        return "", err, 8
    size = len(response.body.encode())
    ctype = (response.header("Content-Type") or "").split(";")[0]
    name = _filename(url, opts)
    if not opts["output"]:
        base, n = name, 0
        while _exists(ctx, name):          # GNU wget keeps the old file: index.html.1, .2, ...
            n += 1
            name = f"{base}.{n}"
    to_stdout = name == "-"
    if not q:
        err += f"Length: {size} [{ctype}]\n" if ctype else f"Length: {size}\n"
        err += f"Saving to: ‘{'STDOUT' if to_stdout else name}’\n"
        err += "\n" if not to_stdout else ""
    out = ""
    if to_stdout:
        out = response.body
    else:
        _save(ctx, name, response.body)
    if not q:
        speed = f"{size * 1000 / 1024:.0f}K" if size * 1000 < 1024 * 1024 else f"{size * 1000 / 1048576:.1f}M"
        err += ("\n" if to_stdout else "") + f"     0K {'':50} 100% {speed:>5}=0s\n\n"
        rate = f"{size * 1000 / 1024:.0f} KB/s" if size * 1000 < 1024 * 1024 else f"{size * 1000 / 1048576:.1f} MB/s"
        where = "written to stdout" if to_stdout else f"‘{name}’ saved"
        err += f"{stamp} ({rate}) - {where} [{size}/{size}]\n\n"
    return out, err, 0


def _timed_out_tries(ctx: Any, opts: dict[str, Any], url: Any, shown: str, took: float) -> str:
    """A connect that timed out is tried again (--tries, 20 by default) after --waitretry's 1, 2, ... 10 s, each
    try as long as the first (the model clock runs on), then wget gives up."""
    text = ""
    network = ctx.machine.network
    for attempt in range(2, max(1, opts["tries"]) + 1):
        network.advance(min(attempt - 1, 10))
        stamp = _now(ctx).strftime("%Y-%m-%d %H:%M:%S")
        text += f"Retrying.\n\n--{stamp}--  (try:{attempt:2d})  {url}\n" \
            f"Connecting to {shown}... failed: Connection timed out.\n"
        network.advance(took)
    return "" if opts["quiet"] else text + "Giving up.\n\n"


def _no_data(ctx: Any, opts: dict[str, Any], url: Any, shown: str) -> str:
    """The server closed without a byte: each try says so, waits 1, 2, ... 10 s (--waitretry), then gives up."""
    sent = "HTTP request sent, awaiting response... No data received.\n"
    text = f"Connecting to {shown}... connected.\n" + sent
    waited = 0
    for attempt in range(2, max(1, opts["tries"]) + 1):
        waited += min(attempt - 1, 10)
        stamp = (_now(ctx) + timedelta(seconds=waited)).strftime("%Y-%m-%d %H:%M:%S")
        text += f"Retrying.\n\n--{stamp}--  (try:{attempt:2d})  {url}\nConnecting to {shown}... connected.\n" + sent
    return text + "Giving up.\n\n"
