"""The teaching images' servers: Apache httpd, hello-app, traefik/whoami and agnhost (netexec, serve-hostname).

PROGRAMS maps a program name (argv[0]'s basename) to `fn(launch: Launch) -> None`; the Docker engine
(docker/lifecycle.py) and the kubelet (k8s/containers.py) both start these through a Launch, which
carries the argv, the hostname, the image tag, the clock, a logger and a `listen(port, handler, owner)`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Optional
from urllib.parse import parse_qs

from course_lib.http.message import Request, Response, content_length, http_date

Handler = Callable[[Any, tuple], Any]


@dataclass
class Launch:
    """What a server program needs from whoever starts it (dockerd or the kubelet)."""

    argv: list[str]
    hostname: str
    tag: str
    clock: Callable[[], datetime]
    log: Callable[[str], None]
    listen: Callable[[int, Handler, str], None]
    netns: Any = None                                    # for whoami's IP lines
    env: Optional[dict[str, str]] = None
    exit: Optional[Callable[[int], None]] = None
    read: Optional[Callable[[str], Optional[tuple[str, datetime]]]] = None   # the container's files
    write: Optional[Callable[[str, str], None]] = None


def _go_text(status: int, body: str, now: datetime, method: str = "GET") -> Response:
    """A Go net/http reply whose body sniffs as text: Date, Content-Length, Content-Type."""
    return Response(status, [("Date", http_date(now)), ("Content-Length", str(content_length(body))),
                             ("Content-Type", "text/plain; charset=utf-8")], "" if method == "HEAD" else body)


def _bad_request(request: Any) -> Optional[Response]:
    if isinstance(request, Request):
        return None
    return Response(400, [("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close")],
                    "400 Bad Request")


# Apache httpd 2.4 (the official image: htdocs/index.html from 2007, the access log on stdout).
HTTPD_VERSION = "2.4.62"
HTDOCS = "/usr/local/apache2/htdocs"
IT_WORKS = "<html><body><h1>It works!</h1></body></html>\n"
IT_WORKS_MTIME = datetime(2007, 6, 11, 18, 53, 14)
APACHE_404 = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n'
              "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
              "</body></html>\n")


def httpd(launch: Launch) -> None:
    now = launch.clock()
    stamp = now.strftime("%a %b %d %H:%M:%S.000000 %Y")
    for _ in range(2):
        launch.log("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
                   "using 127.0.1.1. Set the 'ServerName' directive globally to suppress this message")
    launch.log(f"[{stamp}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{HTTPD_VERSION} (Unix) "
               "configured -- resuming normal operations")
    launch.log(f"[{stamp}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'")
    server = f"Apache/{HTTPD_VERSION} (Unix)"
    if launch.read is not None and launch.write is not None and launch.read(HTDOCS + "/index.html") is None:
        launch.write(HTDOCS + "/index.html", IT_WORKS)        # the image's file, in the container

    def find(path: str) -> Optional[tuple[str, datetime]]:
        found = launch.read(HTDOCS + path) if launch.read is not None else None
        if found is not None:
            return (found[0], IT_WORKS_MTIME) if found[0] == IT_WORKS and path == "/index.html" else found
        return (IT_WORKS, IT_WORKS_MTIME) if path == "/index.html" and launch.read is None else None

    def handle(request: Any, client: tuple[str, int]) -> Any:
        bad = _bad_request(request)
        if bad is not None:
            return bad
        now = launch.clock()
        found = find(request.path + ("index.html" if request.path.endswith("/") else ""))
        if found is None:
            status, body = 404, APACHE_404
            headers = [("Date", http_date(now)), ("Server", server), ("Content-Length", str(len(body))),
                       ("Content-Type", "text/html; charset=iso-8859-1")]
        else:
            (body, mtime), status = found, 200
            size = content_length(body)
            etag = f'"{size:x}-{int((mtime - datetime(1970, 1, 1)).total_seconds() * 1_000_000):x}"'
            headers = [("Date", http_date(now)), ("Server", server), ("Last-Modified", http_date(mtime)),
                       ("ETag", etag), ("Accept-Ranges", "bytes"), ("Content-Length", str(size)),
                       ("Content-Type", "text/html")]
        launch.log(f'{client[0]} - - [{now.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{request.method} '
                   f'{request.target} {request.version}" {status} {"-" if request.method == "HEAD" else len(body)}')
        return Response(status, headers, "" if request.method == "HEAD" else body)

    launch.listen(80, handle, "httpd")


def hello_app(launch: Launch) -> None:
    """gcr.io/google-samples/hello-app: `Hello, world!`, its version and the hostname, on $PORT (8080)."""
    version = (launch.tag.split(".")[0] or "1") + ".0.0"
    port = (launch.env or {}).get("PORT", "8080")
    launch.log(f"{launch.clock().strftime('%Y/%m/%d %H:%M:%S')} Server listening on port {port}")

    def handle(request: Any, client: tuple[str, int]) -> Any:
        bad = _bad_request(request)
        if bad is not None:
            return bad
        now = launch.clock()
        launch.log(f"{now.strftime('%Y/%m/%d %H:%M:%S')} Serving request: {request.path}")
        body = f"Hello, world!\nVersion: {version}\nHostname: {launch.hostname}\n"
        return _go_text(200, body, now, request.method)

    launch.listen(int(port) if port.isdigit() else 8080, handle, "hello-app")


def _interface_ips(netns: Any) -> list[str]:
    addresses = list(getattr(netns, "addresses", []))
    addresses.sort(key=lambda a: (getattr(a.link, "ifindex", 0), a.interface.version))   # netlink's dump order
    return [str(a.interface.ip) for a in addresses]


def _go_request_dump(request: Request) -> str:
    """Go's Request.Write of a received request: Host, User-Agent, then the other headers sorted."""
    lines = [f"{request.method} {request.target} HTTP/1.1", f"Host: {request.host}",
             f"User-Agent: {request.header('User-Agent') or 'Go-http-client/1.1'}"]
    skip = {"host", "user-agent", "content-length", "transfer-encoding", "trailer"}
    others: dict[str, list[str]] = {}
    for key, value in request.headers:
        if key.lower() not in skip:
            others.setdefault("-".join(p.capitalize() for p in key.split("-")), []).append(value)
    lines += [f"{key}: {value}" for key in sorted(others) for value in others[key]]
    if request.body:
        lines.append(f"Content-Length: {content_length(request.body)}")
    return "\r\n".join(lines) + "\r\n\r\n" + request.body


def whoami(launch: Launch) -> None:
    """traefik/whoami: the hostname, the container's IPs, the client's address and the request it sent."""
    port = "80"
    for arg in launch.argv[1:]:
        key, _, value = arg.lstrip("-").partition("=")
        if key == "port" and value.isdigit():
            port = value
    port = (launch.env or {}).get("WHOAMI_PORT_NUMBER", port)
    launch.log(f"{launch.clock().strftime('%Y/%m/%d %H:%M:%S')} Starting up on port {port}")

    def handle(request: Any, client: tuple[str, int]) -> Any:
        bad = _bad_request(request)
        if bad is not None:
            return bad
        now = launch.clock()
        if request.path == "/health":
            return Response(200, [("Date", http_date(now)), ("Content-Length", "0")], "")
        lines = [f"Hostname: {launch.hostname}"] + [f"IP: {ip}" for ip in _interface_ips(launch.netns)]
        body = "\n".join(lines) + f"\nRemoteAddr: {client[0]}:{client[1]}\n" + _go_request_dump(request)
        return _go_text(200, body, now, request.method)

    launch.listen(int(port), handle, "whoami")


def agnhost(launch: Launch) -> None:
    """agnhost's `netexec` (/hostname, /clientip, /echo?msg=, /healthz on 8080) and `serve-hostname` (9376)."""
    sub = launch.argv[1] if len(launch.argv) > 1 else "pause"
    flags = dict(arg.lstrip("-").partition("=")[::2] for arg in launch.argv[2:])
    if sub == "pause":
        launch.log("Paused")
        return
    if sub == "serve-hostname":
        port = int(flags.get("port", "9376") or 9376)
        launch.log(f"{launch.clock().strftime('%Y/%m/%d %H:%M:%S')} Serving on port {port}.")
        launch.listen(port, lambda request, client: _bad_request(request) or _go_text(
            200, launch.hostname, launch.clock(), request.method), "agnhost")
        return
    if sub != "netexec":
        launch.log(f'Error: unknown command "{sub}" for "app"')
        if launch.exit is not None:
            launch.exit(1)
        return
    port = int(flags.get("http-port", "8080") or 8080)
    launch.log(f"{launch.clock().strftime('%Y/%m/%d %H:%M:%S')} Started HTTP server on port {port}")

    def handle(request: Any, client: tuple[str, int]) -> Any:
        bad = _bad_request(request)
        if bad is not None:
            return bad
        now = launch.clock()
        query = parse_qs(request.target.partition("?")[2])
        answers = {"/hostname": launch.hostname, "/clientip": f"{client[0]}:{client[1]}",
                   "/echo": query.get("msg", [""])[0], "/healthz": "",
                   "/": f"NOW: {now.strftime('%Y-%m-%d %H:%M:%S')}.000000000 +0000 UTC"}
        if request.path not in answers:
            return _go_text(404, "404 page not found\n", now, request.method)
        return _go_text(200, answers[request.path], now, request.method)

    launch.listen(port, handle, "agnhost")


PROGRAMS: dict[str, Callable[[Launch], None]] = {
    "httpd-foreground": httpd, "hello-app": hello_app, "whoami": whoami, "agnhost": agnhost,
}
