"""The servers images run: nginx's welcome page, hashicorp/http-echo, and non-HTTP listeners (mysql, redis)."""
from __future__ import annotations

import calendar
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


def nginx_version(env: Any) -> str:
    """The image's NGINX_VERSION (each tag has its own), else the latest image's."""
    for item in env or ():
        if item.startswith("NGINX_VERSION="):
            return item.split("=", 1)[1]
    return NGINX_VERSION


def nginx_error_page(status: int, reason: str, version: str = NGINX_VERSION) -> str:
    return (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n"
            "</body>\r\n</html>\r\n")


Clock = Callable[[], datetime]
Log = Callable[[str], None]


FileReader = Callable[[str], Optional[tuple[str, datetime]]]
NGINX_ROOT = "/usr/share/nginx/html"
MIME = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain", ".css": "text/css",
        ".js": "application/javascript", ".json": "application/json", ".png": "image/png"}
FIFTY_X = """<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
"""
IMAGE_FILES = {f"{NGINX_ROOT}/index.html": WELCOME, f"{NGINX_ROOT}/50x.html": FIFTY_X}


def nginx(clock: Clock, log: Log, read: Optional[FileReader] = None,
          version: str = NGINX_VERSION) -> Callable[[Any, tuple], Any]:
    """nginx with the image's default.conf: files under /usr/share/nginx/html, index.html for a directory."""
    def lookup(path: str) -> Optional[tuple[str, datetime]]:
        if read is not None:
            found = read(NGINX_ROOT + path)
            if found is not None and found[0] == IMAGE_FILES.get(NGINX_ROOT + path):
                return found[0], NGINX_HTML_MTIME          # untouched since the image was built
            return found
        text = IMAGE_FILES.get(NGINX_ROOT + path)
        return (text, NGINX_HTML_MTIME) if text is not None else None

    def handle(request: Any, client: tuple[str, int]) -> Any:
        if not isinstance(request, Request):
            page = nginx_error_page(400, "Bad Request", version)
            return Response(400, body=page, headers=_nginx_headers(clock, "text/html", page, version))
        path = request.path
        if path.endswith("/"):
            path += "index.html"
        now = clock()
        found = lookup(path) if request.method in ("GET", "HEAD") else None
        if request.method not in ("GET", "HEAD"):
            status, body = 405, nginx_error_page(405, "Not Allowed", version)
            headers = _nginx_headers(clock, "text/html", body, version)
        elif found is not None:
            (status, body), mtime = (200, found[0]), found[1]
            ctype = MIME.get("." + path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "",
                             "application/octet-stream")
            etag = f'"{calendar.timegm(mtime.utctimetuple()):x}-{content_length(body):x}"'
            headers = [("Server", f"nginx/{version}"), ("Date", http_date(now)),
                       ("Content-Type", ctype), ("Content-Length", str(content_length(body))),
                       ("Last-Modified", http_date(mtime)), ("Connection", "keep-alive"),
                       ("ETag", etag), ("Accept-Ranges", "bytes")]
        else:
            status, body = 404, nginx_error_page(404, "Not Found", version)
            headers = _nginx_headers(clock, "text/html", body, version)
        agent = request.header("User-Agent") or "-"
        log(f'{client[0]} - - [{now.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{request.method} {request.target} '
            f'{request.version}" {status} {content_length(body)} "-" "{agent}" "-"')
        return Response(status, headers, "" if request.method == "HEAD" else body)

    return handle


def _nginx_headers(clock: Clock, ctype: str, body: str, version: str = NGINX_VERSION) -> list[tuple[str, str]]:
    return [("Server", f"nginx/{version}"), ("Date", http_date(clock())), ("Content-Type", ctype),
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
                   ("Last-Modified", http_date(mtime)), ("ETag", f'"{calendar.timegm(mtime.utctimetuple()):x}-{size:x}"'),
                   ("Content-Length", str(size))]
        return Response(200, headers, "" if request.method == "HEAD" else body)

    return handle


class RawGreeting(str):
    """Bytes a non-HTTP server sends first (mysql's handshake, redis's error to an HTTP line)."""


def mysql_greeting(request: Any, client: tuple[str, int]) -> Any:
    return RawGreeting("J\x00\x00\x00\n8.4.3\x00")


def redis_reply(request: Any, client: tuple[str, int]) -> Any:
    return RawGreeting("-ERR wrong number of arguments for 'get' command\r\n")
