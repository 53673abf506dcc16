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


def test_timeouts_and_firewalls() -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    lab.run("docker run -d --name probe nicolaka/netshoot sleep 3600")
    lab.run("iptables -I FORWARD -d 172.17.0.2 -j DROP")          # bridged traffic passes iptables
    r = lab.run("docker exec probe curl -sS -m 2 http://172.17.0.2/")
    assert (r.stderr, r.returncode) == ("curl: (28) Connection timed out after 2000 milliseconds\n", 28)
    r = lab.run("docker exec probe curl -sS --connect-timeout 3 http://172.17.0.2/")
    assert r.stderr == "curl: (28) Failed to connect to 172.17.0.2 port 80 after 3000 ms: Timeout was reached\n"
    lab.run("iptables -I OUTPUT -d 172.17.0.2 -j DROP")
    r = lab.run("wget -t 1 http://172.17.0.2/")
    assert r.returncode == 4 and "Connecting to 172.17.0.2:80... failed: Operation not permitted.\n" in r.stderr


def test_gnu_wget_saves_the_page() -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    r = lab.run("wget http://172.17.0.2/")
    assert r.returncode == 0
    assert "HTTP request sent, awaiting response... 200 OK\nLength: 615 [text/html]\nSaving to: ‘index.html’" in r.stderr
    assert "Welcome to nginx!" in lab.run("cat index.html").stdout
    r = lab.run("wget -q http://172.17.0.2/nope")
    assert (r.stdout, r.stderr, r.returncode) == ("", "", 8)


def test_wget_does_not_overwrite() -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    lab.run("wget -q http://172.17.0.2/")
    r = lab.run("wget http://172.17.0.2/")
    assert "Saving to: ‘index.html.1’" in r.stderr and lab.run("ls").stdout.split() == ["index.html", "index.html.1"]
    lab.run("docker run -d --name box busybox sleep 3600")
    assert lab.run("docker exec box wget -q http://172.17.0.2/").returncode == 0
    r = lab.run("docker exec box wget http://172.17.0.2/")
    assert (r.stderr, r.returncode) == ("Connecting to 172.17.0.2 (172.17.0.2:80)\n"
                                        "wget: can't open 'index.html': File exists\n", 1)
    r = lab.run("docker exec box wget http://172.17.0.2/nope")
    assert r.stderr.endswith("wget: server returned error: HTTP/1.1 404 Not Found\n")


def test_curlimages_curl_takes_curl_flags() -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    r = lab.run("docker run --rm curlimages/curl -s -o /dev/null -w '%{http_code}' http://172.17.0.2/")
    assert (r.stdout, r.returncode) == ("200", 0)
    r = lab.run("docker run --rm curlimages/curl -sS http://172.17.0.2:81/")
    assert r.returncode == 7 and r.stderr.endswith(
        "curl: (7) Failed to connect to 172.17.0.2 port 81 after 0 ms: Couldn't connect to server\n")


def test_nginx_serves_its_html_directory() -> None:
    lab = Lab()
    lab.run("docker run -d --name web -p 8080:80 nginx")
    head = lab.run("curl -sI localhost:8080").stdout
    assert 'ETag: "6745ef54-267"\r\n' in head and "Last-Modified: Tue, 26 Nov 2024 15:55:00 GMT\r\n" in head
    lab.run("docker exec web sh -c 'echo hello from web > /usr/share/nginx/html/index.html'")
    assert lab.run("curl -s localhost:8080").stdout == "hello from web\n"
    assert lab.run("curl -s -o /dev/null -w '%{http_code}' localhost:8080/nope").stdout == "404"
