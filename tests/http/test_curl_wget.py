"""curl and wget over the simulated TCP: bodies, headers, refused/unresolved errors and exit codes."""
from __future__ import annotations

from course_lib import Lab
from course_lib.http.curl import parse


def test_curl_option_parsing() -> None:
    o = parse(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: a", "-m", "3", "http://x/"])
    assert (o.silent, o.show_error, o.output, o.write_out, o.max_time, o.urls) == \
        (True, True, "/dev/null", "%{http_code}", 3.0, ["http://x/"])


def test_curl_refused_unresolved_and_http_code() -> None:
    lab = Lab()
    r = lab.run("curl -sS http://127.0.0.1:81/")
    assert (r.stderr, r.returncode) == (
        "curl: (7) Failed to connect to 127.0.0.1 port 81 after 0 ms: Couldn't connect to server\n", 7)
    assert lab.run("curl -s http://127.0.0.1:81/").stderr == ""
    r = lab.run("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:81/")
    assert (r.stdout, r.returncode) == ("000", 7)
    r = lab.run("curl -sS http://nosuchhost.invalid/")
    assert (r.stderr, r.returncode) == ("curl: (6) Could not resolve host: nosuchhost.invalid\n", 6)
    assert lab.run("curl").returncode == 2


def test_curl_and_wget_against_http_echo() -> None:
    lab = Lab()
    lab.run("docker run -d --name echo -p 5678:5678 hashicorp/http-echo -text=hello")
    assert lab.run("curl -s http://172.17.0.2:5678/").stdout == "hello\n"
    r = lab.run("curl -s -o /dev/null -w '%{http_code}' http://localhost:5678/")
    assert (r.stdout, r.returncode) == ("200", 0)
    assert lab.run("curl -sI http://172.17.0.2:5678/").stdout.startswith("HTTP/1.1 200 OK\r\nX-App-Name: http-echo")
    r = lab.run("wget -qO- http://172.17.0.2:5678/")
    assert (r.stdout, r.returncode) == ("hello\n", 0)
    r = lab.run("wget -qO- http://127.0.0.1:81/")
    assert r.returncode == 4
    busy = lab.run("docker run --rm busybox wget -qO- http://172.17.0.2:5678/")
    assert (busy.stdout, busy.returncode) == ("hello\n", 0)
    refused = lab.run("docker run --rm busybox wget -qO- http://172.17.0.3/")
    assert refused.returncode == 1
