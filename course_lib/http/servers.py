"""The servers images run: nginx's welcome page, hashicorp/http-echo, and non-HTTP listeners (mysql, redis)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Optional

from course_lib.http.message import Request, Response, content_length, http_date

NGINX_VERSION = "1.27.3"
# The image's build time: Last-Modified of index.html and the first half of its ETag.
NGINX_HTML_MTIME = datetime(2024, 11, 26, 15, 55, 0)

WELCOME = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""


def nginx_error_page(status: int, reason: str) -> str:
    return (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx/{NGINX_VERSION}</center>\r\n"
            "</body>\r\n</html>\r\n")


Clock = Callable[[], datetime]
Log = Callable[[str], None]


def nginx(clock: Clock, log: Log, root_files: Optional[dict[str, str]] = None) -> Callable[[Any, tuple], Any]:
    """nginx with the image's default.conf: / serves index.html, anything else is 404."""
    files = {"/index.html": WELCOME, "/50x.html": ""}
    files.update(root_files or {})

    def handle(request: Any, client: tuple[str, int]) -> Any:
        if not isinstance(request, Request):
            return Response(400, body=nginx_error_page(400, "Bad Request"),
                            headers=_nginx_headers(clock, "text/html", nginx_error_page(400, "Bad Request")))
        path = request.path
        if path.endswith("/"):
            path += "index.html"
        now = clock()
        if request.method not in ("GET", "HEAD"):
            status, body = 405, nginx_error_page(405, "Not Allowed")
            headers = _nginx_headers(clock, "text/html", body)
        elif path in files:
            status, body = 200, files[path]
            etag = f'"{int(NGINX_HTML_MTIME.timestamp()):x}-{content_length(body):x}"'
            headers = [("Server", f"nginx/{NGINX_VERSION}"), ("Date", http_date(now)),
                       ("Content-Type", "text/html"), ("Content-Length", str(content_length(body))),
                       ("Last-Modified", http_date(NGINX_HTML_MTIME)), ("Connection", "keep-alive"),
                       ("ETag", etag), ("Accept-Ranges", "bytes")]
        else:
            status, body = 404, nginx_error_page(404, "Not Found")
            headers = _nginx_headers(clock, "text/html", body)
        agent = request.header("User-Agent") or "-"
        log(f'{client[0]} - - [{now.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{request.method} {request.target} '
            f'{request.version}" {status} {content_length(body)} "-" "{agent}" "-"')
        return Response(status, headers, "" if request.method == "HEAD" else body)

    return handle


def _nginx_headers(clock: Clock, ctype: str, body: str) -> list[tuple[str, str]]:
    return [("Server", f"nginx/{NGINX_VERSION}"), ("Date", http_date(clock())), ("Content-Type", ctype),
            ("Content-Length", str(content_length(body))), ("Connection", "keep-alive")]


def http_echo(text: str, clock: Clock, log: Log, listen: str = ":5678") -> Callable[[Any, tuple], Any]:
    """hashicorp/http-echo 1.0: every path answers the -text, plus a newline."""
    body = text + "\n"

    def handle(request: Any, client: tuple[str, int]) -> Any:
        if not isinstance(request, Request):
            return Response(400, [("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close")],
                            "400 Bad Request")
        now = clock()
        log(f'{now.strftime("%Y/%m/%d %H:%M:%S")} {request.host or listen} {client[0]}:{client[1]} '
            f'"{request.method} {request.target} {request.version}" 200 {content_length(body)} '
            f'"{request.header("User-Agent") or ""}" 21.4µs')
        if request.path == "/health":
            return Response(200, [("Content-Type", "application/json"), ("Date", http_date(now)),
                                  ("Content-Length", "19")], '{"status":"ok"}\n')
        headers = [("X-App-Name", "http-echo"), ("X-App-Version", "1.0.0"), ("Date", http_date(now)),
                   ("Content-Length", str(content_length(body))),
                   ("Content-Type", "text/plain; charset=utf-8")]
        return Response(200, headers, "" if request.method == "HEAD" else body)

    return handle


BUSYBOX_404 = ("<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\n"
               "The requested URL was not found\n</BODY></HTML>\n")
FileReader = Callable[[str], Optional[tuple[str, datetime]]]


def busybox_httpd(read: FileReader, clock: Clock, home: str = "/") -> Callable[[Any, tuple], Any]:
    """BusyBox httpd -f: files under `home` (index.html for a directory), one request per connection."""
    def handle(request: Any, client: tuple[str, int]) -> Any:
        now = http_date(clock())
        if not isinstance(request, Request):
            return Response(400, [("Date", now), ("Connection", "close"), ("Content-type", "text/html")], "")
        path = request.path + ("index.html" if request.path.endswith("/") else "")
        found = read(home.rstrip("/") + path)
        if found is None:
            return Response(404, [("Date", now), ("Connection", "close"), ("Content-type", "text/html")],
                            BUSYBOX_404)
        body, mtime = found
        size = content_length(body)
        headers = [("Date", now), ("Connection", "close"), ("Content-type", "text/html"), ("Accept-Ranges", "bytes"),
                   ("Last-Modified", http_date(mtime)), ("ETag", f'"{int(mtime.timestamp()):x}-{size:x}"'),
                   ("Content-Length", str(size))]
        return Response(200, headers, "" if request.method == "HEAD" else body)

    return handle


class RawGreeting(str):
    """Bytes a non-HTTP server sends first (mysql's handshake, redis's error to an HTTP line)."""


def mysql_greeting(request: Any, client: tuple[str, int]) -> Any:
    return RawGreeting("J\x00\x00\x00\n8.4.3\x00")


def redis_reply(request: Any, client: tuple[str, int]) -> Any:
    return RawGreeting("-ERR wrong number of arguments for 'get' command\r\n")
