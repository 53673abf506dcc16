"""`curl` 7.88.1 on the simulated network: options, progress meter, verbose trace and exit codes."""
from __future__ import annotations

import ipaddress

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.http import transport
from course_lib.http.client import UrlError, exchange, is_http, parse_url, resolve
from course_lib.http.message import Request, Response
from course_lib.result import CommandResult
from course_lib.shell.nettools.ping_options import _strtod as strtod
from course_lib.shell.registry import command

VERSION = "7.88.1"
DEFAULT_CONNECT_TIMEOUT = 127.0       # what the kernel's SYN retries give before ETIMEDOUT
HELP_HINT = "curl: try 'curl --help' or 'curl --manual' for more information\n"
METER_HEAD = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
              "                                 Dload  Upload   Total   Spent    Left  Speed\n")
ZERO_LINE = "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"
VALUE_OPTS = {"-o", "--output", "-w", "--write-out", "-H", "--header", "-m", "--max-time", "--connect-timeout",
              "--resolve", "-X", "--request", "-d", "--data", "--data-raw", "--data-binary", "-A",
              "--user-agent", "-e", "--referer", "-u", "--user", "--retry", "--max-redirs", "-x", "--proxy", "--cacert",
              "--capath", "-E", "--cert", "--key"}


@dataclass
class Options:
    urls: list[str] = field(default_factory=list)
    silent: bool = False
    show_error: bool = False
    verbose: bool = False
    head: bool = False
    include: bool = False
    output: Optional[str] = None
    remote_name: bool = False
    write_out: Optional[str] = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    max_time: Optional[float] = None
    connect_timeout: Optional[float] = None
    resolve: dict[tuple[str, int], str] = field(default_factory=dict)
    bad_resolve: tuple[str, str] = ("", "")      # the first --resolve entry libcurl cannot parse, its address
    location: bool = False
    method: Optional[str] = None
    data: Optional[str] = None
    fail: bool = False
    agent: str = f"curl/{VERSION}"
    insecure: bool = False
    cacert: Optional[str] = None
    http11: bool = False
    cert: Optional[str] = None            # -E/--cert: the client certificate (PEM), --key its key
    key: Optional[str] = None


class Usage(Exception):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def parse(argv: list[str]) -> Options:
    o = Options()
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg.startswith("--") or (arg.startswith("-") and len(arg) > 1):
            if arg.startswith("--"):
                name, eq, inline = arg.partition("=")
                flags = [name]
                value = inline if eq else None
            else:
                flags, value = [], None
                for j, ch in enumerate(arg[1:]):
                    flag = "-" + ch
                    flags.append(flag)
                    if flag in VALUE_OPTS:
                        rest = arg[j + 2:]
                        value = rest or None
                        break
            for flag in flags:
                if flag in VALUE_OPTS:
                    if value is None:
                        if i >= len(argv):
                            raise Usage(f"curl: option {arg}: requires parameter\n{HELP_HINT}")
                        value = argv[i]
                        i += 1
                    _set_value(o, flag, value, arg)
                else:
                    _set_flag(o, flag, arg)
        else:
            o.urls.append(arg)
    return o


def _set_flag(o: Options, flag: str, arg: str) -> None:
    table = {"-s": "silent", "--silent": "silent", "-S": "show_error", "--show-error": "show_error",
             "-v": "verbose", "--verbose": "verbose", "-I": "head", "--head": "head", "-i": "include",
             "--include": "include", "-L": "location", "--location": "location", "-f": "fail",
             "--fail": "fail", "-O": "remote_name", "--remote-name": "remote_name", "-k": "insecure",
             "--insecure": "insecure", "--http1.1": "http11"}
    if flag in table:
        setattr(o, table[flag], True)
    elif flag in ("-4", "--ipv4", "--http2", "-N", "--no-buffer", "-#", "-q",
                  "--compressed", "--no-progress-meter"):
        if flag == "--no-progress-meter":
            o.silent = o.silent or False
    else:
        raise Usage(f"curl: option {arg}: is unknown\n{HELP_HINT}")


def _set_value(o: Options, flag: str, value: str, arg: str) -> None:
    if flag in ("-o", "--output"):
        o.output = value
    elif flag in ("-w", "--write-out"):
        o.write_out = value
    elif flag in ("-H", "--header"):
        name, _, val = value.partition(":")
        o.headers.append((name.strip(), val.strip()))
    elif flag in ("-m", "--max-time", "--connect-timeout"):
        seconds, rest, erange = strtod(value)            # str2double: ERANGE or > LONG_MAX/1000 first
        if erange or seconds > 9223372036854775807 / 1000:
            raise Usage(f"curl: option {arg}: too large number\n{HELP_HINT}")
        if rest or not value:
            raise Usage(f"curl: option {arg}: expected a proper numerical parameter\n{HELP_HINT}")
        if seconds < 0:
            raise Usage(f"curl: option {arg}: expected a positive numerical parameter\n{HELP_HINT}")
        if seconds != seconds or int(seconds * 1000) == 0:
            seconds = None                                # whole ms 0 (or NaN's LONG_MIN): no timeout set
        if flag == "--connect-timeout":
            o.connect_timeout = seconds
        else:
            o.max_time = seconds
    elif flag == "--resolve":
        parts = value.split(":", 2)
        address = parts[2].split(",")[0].strip("[]") if len(parts) == 3 else ""
        if len(parts) == 3 and parts[1].isdigit() and _is_ip(address):
            if "." in address:                        # IPv4: the simulated transport's family
                o.resolve[(parts[0], int(parts[1]))] = address
        elif not o.bad_resolve[0]:
            o.bad_resolve = (value, address if len(parts) == 3 and parts[1].isdigit() else "")
    elif flag in ("-X", "--request"):
        o.method = value
    elif flag in ("-d", "--data", "--data-raw", "--data-binary"):
        o.data = value if o.data is None else o.data + "&" + value
    elif flag in ("-A", "--user-agent"):
        o.agent = value
    elif flag == "--cacert":
        o.cacert = value
    elif flag in ("-E", "--cert"):
        o.cert = value
    elif flag == "--key":
        o.key = value


def _max5(n: int) -> str:
    if n < 100000:
        return f"{n:5d}"
    if n < 10000 * 1024:
        return f"{n // 1024:4d}k"
    return f"{n // 1048576:4d}M"


def _meter_done(size: int) -> str:
    speed = size * 1000
    return (f"\r100 {_max5(size)}  100 {_max5(size)}    0     0  {_max5(speed)}      0 "
            f"--:--:-- --:--:-- --:--:-- {_max5(speed)}\n")


@dataclass
class Outcome:
    stdout: str = ""
    stderr: str = ""
    code: int = 0
    http_code: int = 0


@command("curl")
def curl(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    from course_lib.docker.curl_versions import curl_version, version_text
    if any(a in ("-V", "--version") for a in argv[1:]):
        return CommandResult(version_text(ctx.machine), "", 0)
    try:
        o = parse(argv[1:])
    except Usage as exc:
        return CommandResult("", exc.message, exc.code)
    if o.agent == f"curl/{VERSION}":
        o.agent = f"curl/{curl_version(ctx.machine)}"      # the image's curl release
    if not o.urls:
        return CommandResult("", HELP_HINT, 2)
    out = Outcome()
    for url in o.urls:
        fetch(ctx, o, url, out)
        if out.code:
            break
    return CommandResult(out.stdout, out.stderr, out.code)


def _fail(o: Options, out: Outcome, code: int, message: str, meter: str) -> None:
    if not o.silent:
        out.stderr += meter
    if not o.silent or o.show_error:
        out.stderr += f"curl: ({code}) {message}\n"
    out.code = code


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def fetch(ctx: Any, o: Options, url_text: str, out: Outcome, redirects: int = 0) -> None:
    # stdout is never a terminal here, so curl shows its progress meter unless silenced
    meter_text = METER_HEAD if not o.silent and not o.verbose else ""
    if o.bad_resolve[0] and redirects == 0:      # Curl_loadhostpairs, before the URL is even parsed
        entry, address = o.bad_resolve
        if o.verbose:
            out.stderr += (f"* Resolve address '{address}' found illegal\n" if address else "") + \
                f"* Couldn't parse CURLOPT_RESOLVE entry '{entry}'\n"
        _fail(o, out, 49, f"Couldn't parse CURLOPT_RESOLVE entry '{entry}'", "")
        return
    try:
        url = parse_url(url_text)
    except UrlError as exc:
        if exc.kind == "scheme":
            _fail(o, out, 1, f'Protocol "{exc.scheme}" not supported or disabled in libcurl', "")
        else:
            _fail(o, out, 3, "URL using bad/illegal format or missing URL", "")
        _write_out(o, out, 0)
        return
    address = o.resolve.get((url.host, url.port)) or resolve(ctx, url.host, curl_localhost=True)
    if address is None:
        if o.verbose:             # the resolver's failure, then the connection's (the meter has not begun)
            out.stderr += f"* Could not resolve host: {url.host}\n" * 2 + "* Closing connection 0\n"
        _fail(o, out, 6, f"Could not resolve host: {url.host}", meter_text + ZERO_LINE if meter_text else "")
        _write_out(o, out, 0)
        return
    method = o.method or ("HEAD" if o.head else ("POST" if o.data is not None else "GET"))
    headers = [("Host", url.host_header), ("User-Agent", o.agent), ("Accept", "*/*")]
    for name, value in o.headers:
        if name.lower() == "host" and value:      # a custom Host takes the place of curl's own (first)
            headers[0] = (name, value)
            continue
        headers = [h for h in headers if h[0].lower() != name.lower()]
        if value or not name.endswith(";"):
            headers.append((name, value))
    body = o.data or ""
    if o.data is not None:
        headers += [("Content-Length", str(len(body.encode()))),
                    ("Content-Type", "application/x-www-form-urlencoded")]
    request = Request(method, url.target, headers, body)
    timeout = min(t for t in (o.max_time, o.connect_timeout, DEFAULT_CONNECT_TIMEOUT) if t is not None)
    if o.verbose:
        if redirects == 0 and "* Added " not in out.stderr:       # --resolve entries enter the DNS cache first
            out.stderr += "".join(f"* Added {h}:{p}:{a} to DNS cache\n" for (h, p), a in o.resolve.items())
        if (url.host, url.port) in o.resolve:
            out.stderr += f"* Hostname {url.host} was found in DNS cache\n"
        if not o.silent:      # the meter's first line, then the trace interleaves with it
            out.stderr += METER_HEAD + ZERO_LINE
        out.stderr += f"*   Trying {address}:{url.port}...\n"
    secure = None
    if url.scheme == "https":
        from course_lib.http import curl_tls
        secure = curl_tls.connect(ctx, o, url, address, request, timeout)
        conn = secure.conn
    else:
        conn = exchange(ctx, address, url.port, request, timeout)
    zero2 = meter_text + ZERO_LINE + ZERO_LINE + "\n" if meter_text else ""
    if conn.status in (transport.REFUSED, transport.UNREACHABLE, transport.TIMEOUT):
        _connect_failed(o, out, url, address, conn, timeout, zero2)
        return
    response = conn.response if secure is None else secure.response
    if o.verbose:
        out.stderr += f"* Connected to {url.host} ({address}) port {url.port} (#0)\n"
        if secure is not None:
            out.stderr += secure.trace
    if secure is not None and secure.error:
        _fail(o, out, secure.error[0], secure.error[1], zero2)
        _write_out(o, out, 0)
        return
    if o.verbose:
        if secure is not None:
            out.stderr += secure.request_trace + secure.after_request
        else:
            out.stderr += "".join(f"> {line}\r\n" for line in request.head_lines()) + "> \r\n"
    if response is None or response in ("", b""):     # the server closed without a byte: curl's (52)
        if o.verbose:
            out.stderr += "* Empty reply from server\n" + ("" if o.silent else ZERO_LINE + "\n") + \
                "* Closing connection 0\n"
        _fail(o, out, 52, "Empty reply from server", zero2)
        _write_out(o, out, 0)
        return
    if not is_http(response):
        if o.verbose:
            out.stderr += "* Closing connection 0\n"
        _fail(o, out, 1, "Received HTTP/0.9 when not allowed", zero2)
        _write_out(o, out, 0)
        return
    assert isinstance(response, Response)
    head = response.head_text()
    if o.verbose:
        out.stderr += "".join(f"< {line}\r\n" for line in head.split("\r\n")[:-1])
        if response.body and method != "HEAD":      # over TLS the record header's 5 bytes come first
            out.stderr += f"{{ [{5 if secure else len(response.body.encode())} bytes data]\n"
    location = response.header("Location")
    if o.location and location and response.status in (301, 302, 303, 307, 308) and redirects < 50:
        if o.verbose:
            out.stderr += f"* Connection #0 to host {url.host} left intact\n* Issue another request to this URL: '{location}'\n"
        if o.include:
            out.stdout += head
        next_url = location if "://" in location else f"{url.scheme}://{url.host_header}{location}"
        fetch(ctx, o, next_url, out, redirects + 1)
        return
    if o.fail and response.status >= 400:
        _fail(o, out, 22, f"The requested URL returned error: {response.status}", meter_text + ZERO_LINE + "\n"
              if meter_text else "")
        _write_out(o, out, response.status)
        return
    payload = (head if (o.head or o.include) else "") + ("" if method == "HEAD" else response.body)
    size = len(response.body.encode()) if method != "HEAD" else 0
    if meter_text:
        out.stderr += meter_text + ZERO_LINE + _meter_done(size)
    elif o.verbose and not o.silent:
        out.stderr += _meter_done(size)
    target = o.output or (url.target.rsplit("/", 1)[-1] if o.remote_name else None)
    if target and target != "-":
        if target != "/dev/null":
            try:
                from course_lib.shell.fs import write_file
                write_file(ctx, target, payload)
            except Exception:  # noqa: BLE001 - a file error is curl's (23)
                _fail(o, out, 23, "Failure writing output to destination", "")
                return
    else:
        out.stdout += payload
    if o.verbose:
        out.stderr += f"* Connection #0 to host {url.host} left intact\n"
    _write_out(o, out, response.status)


def _connect_failed(o: Options, out: Outcome, url: Any, address: str, conn: Any, timeout: float,
                    meter: str) -> None:
    """curl's (7) and (28): the message names the host as given; -v first shows the socket's error."""
    timed_out = conn.status == transport.TIMEOUT
    ms = int(timeout * 1000) if timed_out else int(conn.elapsed * 1000)
    failed = f"Failed to connect to {url.host} port {url.port} after {ms} ms"
    if timed_out and timeout == DEFAULT_CONNECT_TIMEOUT:       # the kernel gave up first: connect()'s ETIMEDOUT
        code, message = 28, f"{failed}: Couldn't connect to server"
        trace = f"* connect to {address} port {url.port} failed: Connection timed out\n"
    elif not timed_out:
        code, message = 7, f"{failed}: Couldn't connect to server"
        immediate = conn.error in ("network-unreachable", "no-route", "not-permitted") and not conn.elapsed
        trace = (f"* Immediate connect fail for {address}: {conn.strerror}\n" if immediate
                 else f"* connect to {address} port {url.port} failed: {conn.strerror or 'Connection refused'}\n")
        host = url.host.lower()
        if conn.error == "refused" and (host == "localhost" or host.endswith(".localhost")) and \
                (url.host, url.port) not in o.resolve:     # curl's own localhost: 127.0.0.1, then ::1
            trace += f"*   Trying [::1]:{url.port}...\n* connect to ::1 port {url.port} failed: Connection refused\n"
    elif o.max_time is not None and (o.connect_timeout is None or o.max_time <= o.connect_timeout):
        code, message, trace = 28, f"Connection timed out after {ms} milliseconds", ""
    else:
        code, message = 28, f"{failed}: Timeout was reached"
        trace = f"* ipv4 connect timeout after {ms}ms, move on!\n"
    last = _zero_line(ms // 1000) + "\n"
    if meter:
        meter = meter[:-len(ZERO_LINE) - 1] + last      # the meter's last update shows the time spent
    if o.verbose:                 # the trace, then the meter's last update, then the connection closes
        out.stderr += trace + f"* {message}\n" + ("" if o.silent else last) + "* Closing connection 0\n"
    _fail(o, out, code, message, meter)
    _write_out(o, out, 0)


def _zero_line(spent: int) -> str:
    """The meter's line before any byte moved, with `spent` whole seconds in its Time Spent column."""
    if not spent:
        return ZERO_LINE
    clock = f"{spent // 3600:2d}:{spent % 3600 // 60:02d}:{spent % 60:02d}"
    return ZERO_LINE.replace("--:--:-- --:--:-- --:--:--", f"--:--:-- {clock} --:--:--")


def _write_out(o: Options, out: Outcome, status: int) -> None:
    if o.write_out is None:
        return
    text = o.write_out.replace("%{http_code}", f"{status:03d}").replace("%{response_code}", f"{status:03d}")
    text = text.replace("\\n", "\n").replace("\\t", "\t")
    out.stdout += text
