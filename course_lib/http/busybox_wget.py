"""BusyBox 1.36 `wget` (networking/wget.c): its options, messages and exit codes over the simulated HTTP.

What BusyBox does, and this module copies:
- getopt32 with long options: -c -q -S -O FILE -o LOGFILE -P DIR -U AGENT -T SEC (a number, else
  `wget: invalid number 'X'`) -Y on/off -t TRIES, --header, --post-data, --post-file, --spider,
  --no-check-certificate; a bad option prints `wget: invalid option -- 'x'` (or `unrecognized option`)
  and the usage, exit 1; no URL, the usage;
- `Connecting to HOST[:PORT] (IP:PORT)` on stderr; -S prints the status line and every header line,
  then the blank one, each after two spaces (also with -q); a status other than 200/204/206/3xx ends
  with `wget: server returned error: HTTP/1.1 404 Not Found`, exit 1;
- --spider stops after the headers: `remote file exists`, exit 0;
- without -O the output opens with O_EXCL: an existing file gives `wget: can't open 'F': File exists`;
  the progress line names the file's last path component; -o sends every message to the log file;
- an unknown host `wget: bad address 'H'`; refused `wget: can't connect to remote host (IP): Connection
  refused`; no answer within -T `wget: download timed out`; a peer that closes without an HTTP answer
  (an `nc -l`) `wget: error getting response`; all exit 1.
"""
from __future__ import annotations

import posixpath
from typing import Any, Optional

from course_lib.http import transport
from course_lib.http.client import UrlError, is_http
from course_lib.http.message import Response
from course_lib.result import CommandResult

USAGE = """
Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
\t[--post-data STR | --post-file FILE] [-Y on/off]
\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

\t--spider\tOnly check URL existence: $? is 0 if exists
\t--header STR\tAdd STR (of form 'header: value') to headers
\t--post-data STR\tSend STR using POST method
\t--post-file FILE\tSend FILE using POST method
\t--no-check-certificate\tDon't validate the server's certificate
\t-c\t\tContinue retrieval of aborted transfer
\t-q\t\tQuiet
\t-P DIR\t\tSave to DIR (default .)
\t-S    \t\tShow server response
\t-T SEC\t\tNetwork read timeout is SEC seconds
\t-O FILE\t\tSave to FILE ('-' for stdout)
\t-o LOGFILE\tLog messages to FILE
\t-U STR\t\tUse STR for User-Agent header
\t-Y on/off\tUse proxy
"""
SHORT_FLAGS = {"c": "continue", "q": "quiet", "S": "server-response"}
SHORT_VALUES = {"O": "output-document", "o": "output-file", "P": "directory-prefix", "U": "user-agent",
                "T": "timeout", "Y": "proxy", "t": "tries"}
LONG_FLAGS = set(SHORT_FLAGS.values()) | {"spider", "no-check-certificate", "no-cache", "passive-ftp"}
LONG_VALUES = set(SHORT_VALUES.values()) | {"header", "post-data", "post-file"}


def _usage(ctx: Any, first: str = "") -> CommandResult:
    from course_lib.shell.busybox_applets import banner
    return CommandResult("", first + banner(ctx) + "\n" + USAGE, 1)


def parse(ctx: Any, argv: list[str]) -> tuple[dict[str, Any], list[str], Optional[CommandResult]]:
    """Options (by long name) and URLs, or the refusal."""
    opts: dict[str, Any] = {"header": []}
    urls: list[str] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--":
            urls += args
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if name in LONG_FLAGS and not eq:
                opts[name] = True
                continue
            if name not in LONG_VALUES:
                return opts, urls, _usage(ctx, f"wget: unrecognized option '{arg}'\n")
            if not eq:
                if not args:
                    return opts, urls, _usage(ctx, f"wget: option '--{name}' requires an argument\n")
                value = args.pop(0)
            if name == "header":
                opts["header"].append(value)
            else:
                opts[name] = value
        elif arg.startswith("-") and len(arg) > 1:
            letters = arg[1:]
            while letters:
                ch, letters = letters[0], letters[1:]
                if ch in SHORT_FLAGS:
                    opts[SHORT_FLAGS[ch]] = True
                elif ch in SHORT_VALUES:
                    if not letters and not args:
                        return opts, urls, _usage(ctx, f"wget: option requires an argument -- '{ch}'\n")
                    opts[SHORT_VALUES[ch]] = letters or args.pop(0)
                    break
                else:
                    return opts, urls, _usage(ctx, f"wget: invalid option -- '{ch}'\n")
        else:
            urls.append(arg)
    timeout = opts.get("timeout")
    if timeout is not None and not timeout.isdigit():
        return opts, urls, CommandResult("", f"wget: invalid number '{timeout}'\n", 1)
    if not urls:
        return opts, urls, _usage(ctx)
    return opts, urls, None


def wget(ctx: Any, argv: list[str]) -> CommandResult:
    opts, urls, refused = parse(ctx, argv[1:])
    if refused is not None:
        return refused
    fetch_opts = {"timeout": float(opts.get("timeout") or 900), "check_cert": "no-check-certificate" not in opts,
                  "ca": None, "headers": [(k.strip(), v.strip()) for k, _, v in
                                          (h.partition(":") for h in opts["header"])]}
    if "user-agent" in opts:
        fetch_opts["headers"].append(("User-Agent", opts["user-agent"]))
    if "post-data" in opts:
        fetch_opts["post"] = opts["post-data"]
    elif "post-file" in opts:
        from course_lib.shell.fs import FsError
        from course_lib.shell.fs_view import View
        try:
            fetch_opts["post"] = View(ctx).read(opts["post-file"])
        except FsError as error:
            return CommandResult("", f"wget: can't open '{opts['post-file']}': {error.strerror}\n", 1)
    stdout, stderr, code = "", "", 0
    for url_text in urls:
        out, err, rc = get(ctx, opts, fetch_opts, url_text)
        stdout, stderr = stdout + out, stderr + err
        if rc:
            code = rc
            break                                    # bb_error_msg_and_die: the next URLs are not tried
    if opts.get("output-file"):
        from course_lib.http.wget import _save
        _save(ctx, opts["output-file"], stderr)
        stderr = ""
    return CommandResult(stdout, stderr, code)


def _response_lines(response: Response) -> str:
    """-S: what get_sanitized_hdr echoes, the blank end of the headers included."""
    return "".join(f"  {line}\n" for line in [response.status_line] + [f"{k}: {v}" for k, v in response.headers]
                   + [""])


def get(ctx: Any, opts: dict[str, Any], fetch_opts: dict[str, Any], url_text: str) -> tuple[str, str, int]:
    from course_lib.http.wget import BUSYBOX_AGENT, _exists, _fetch, _save
    try:
        status, response, address, url = _fetch(ctx, fetch_opts, url_text, BUSYBOX_AGENT)
    except UrlError:
        return "", f"wget: not an http or ftp url: {url_text}\n", 1
    q = bool(opts.get("quiet"))
    conn, status = status, getattr(status, "status", status)
    if status == "resolve":
        return "", f"wget: bad address '{url.host}'\n", 1
    err = "" if q else f"Connecting to {url.host_header} ({address}:{url.port})\n"
    if url.scheme == "https" and status not in (transport.REFUSED, transport.UNREACHABLE, transport.TIMEOUT):
        err += "wget: note: TLS certificate validation not implemented\n"
        response = getattr(response, "response", None)
    if status in (transport.REFUSED, transport.UNREACHABLE):
        reason = conn.strerror or "Connection refused"
        return "", err + f"wget: can't connect to remote host ({address}): {reason}\n", 1
    if status == transport.TIMEOUT:
        return "", err + "wget: download timed out\n", 1
    if not is_http(response):            # fgets() met the end (status 0 eats lines, then reads again)
        return "", err + "wget: error getting response\n", 1
    assert isinstance(response, Response)
    show = bool(opts.get("server-response"))
    if response.status not in (200, 204, 206) and not 300 <= response.status <= 307:
        return "", err + (f"  {response.status_line}\n" if show else "") + \
            f"wget: server returned error: {response.status_line}\n", 1
    if show:
        err += _response_lines(response)
    if opts.get("spider"):
        return "", err + ("" if q else "remote file exists\n"), 0
    name = opts.get("output-document") or (url.target.split("?")[0].rsplit("/", 1)[-1] or "index.html")
    if "output-document" not in opts and opts.get("directory-prefix"):
        name = posixpath.join(opts["directory-prefix"], name)
    if "output-document" not in opts and not opts.get("continue") and _exists(ctx, name):   # -O may overwrite
        return "", err + f"wget: can't open '{name}': File exists\n", 1
    size = len(response.body.encode())
    shown = "-" if name == "-" else posixpath.basename(name)
    bar = f"{shown[:20]:<20} 100% |********************************| {size:>5}  0:00:00 ETA\n"
    if name == "-":
        if not q:
            err += "writing to stdout\n" + bar + "written to stdout\n"
        return response.body, err, 0
    if not q:
        err += f"saving to '{name}'\n" + bar + f"'{name}' saved\n"
    _save(ctx, name, response.body)
    return "", err, 0
