"""curl 7.88.1's failure texts as the real tool prints them: host name as given, -v traces, meter, (6)/(7)/(28)/(52)."""
from __future__ import annotations

from course_lib import Lab
from course_lib.http.curl import ZERO_LINE, METER_HEAD


def _host() -> object:
    lab = Lab()
    h = lab.add_host("h")
    h.run("printf '127.0.0.1 localhost\\n127.0.0.1 web.local\\n' > /etc/hosts")
    h.run("printf 'nameserver 127.0.0.1\\n' > /etc/resolv.conf")
    return h


def test_refused_names_the_host_given() -> None:
    h = _host()
    r = h.run("curl -sS http://web.local:81/")
    assert (r.stderr, r.returncode) == (
        "curl: (7) Failed to connect to web.local port 81 after 0 ms: Couldn't connect to server\n", 7)
    r = h.run("curl http://web.local:81/")
    assert r.stderr == METER_HEAD + ZERO_LINE * 2 + "\n" + \
        "curl: (7) Failed to connect to web.local port 81 after 0 ms: Couldn't connect to server\n"


def test_refused_verbose_trace() -> None:
    r = _host().run("curl -v http://web.local:81/")
    assert r.stderr == (METER_HEAD + ZERO_LINE + "*   Trying 127.0.0.1:81...\n"
                        "* connect to 127.0.0.1 port 81 failed: Connection refused\n"
                        "* Failed to connect to web.local port 81 after 0 ms: Couldn't connect to server\n"
                        + ZERO_LINE + "\n* Closing connection 0\n"
                        "curl: (7) Failed to connect to web.local port 81 after 0 ms: Couldn't connect to server\n")
    r = _host().run("curl -v -s http://127.0.0.1:81/")
    assert r.stderr == ("*   Trying 127.0.0.1:81...\n* connect to 127.0.0.1 port 81 failed: Connection refused\n"
                        "* Failed to connect to 127.0.0.1 port 81 after 0 ms: Couldn't connect to server\n"
                        "* Closing connection 0\n")


def test_network_unreachable_is_an_immediate_fail() -> None:
    r = _host().run("curl -v -s http://10.5.0.77/")
    assert r.stderr.splitlines()[1] == "* Immediate connect fail for 10.5.0.77: Network is unreachable"
    assert r.returncode == 7


def test_unresolved_meter_and_verbose() -> None:
    h = _host()
    r = h.run("curl http://nosuch/")
    assert r.stderr == METER_HEAD + ZERO_LINE + "curl: (6) Could not resolve host: nosuch\n"
    r = h.run("curl -v http://nosuch/")
    assert r.stderr == ("* Could not resolve host: nosuch\n* Could not resolve host: nosuch\n"
                        "* Closing connection 0\ncurl: (6) Could not resolve host: nosuch\n")
    assert h.run("curl -s http://nosuch/").stderr == ""


def test_timeouts_show_the_time_spent() -> None:
    lab = Lab()
    h = lab.add_host("h")
    h.run("ip link add d0 type veth peer name d1")
    h.run("ip addr add 10.5.0.1/24 dev d0")
    h.run("ip link set d0 up")
    h.run("ip link set d1 up")
    r = h.run("curl -v -m 1 http://10.5.0.9/")
    spent = ZERO_LINE.replace("--:--:-- --:--:-- --:--:--", "--:--:--  0:00:01 --:--:--")
    assert r.stderr == (METER_HEAD + ZERO_LINE + "*   Trying 10.5.0.9:80...\n"
                        "* Connection timed out after 1000 milliseconds\n" + spent + "\n"
                        "* Closing connection 0\ncurl: (28) Connection timed out after 1000 milliseconds\n")
    r = h.run("curl --connect-timeout 1 http://10.5.0.9/")
    assert r.stderr == (METER_HEAD + ZERO_LINE + spent + "\n"
                        "curl: (28) Failed to connect to 10.5.0.9 port 80 after 1000 ms: Timeout was reached\n")
    r = h.run("curl -v -s --connect-timeout 1 http://10.5.0.9/")
    assert "* ipv4 connect timeout after 1000ms, move on!\n" in r.stderr


def test_localhost_refused_tries_both_loopbacks() -> None:
    r = Lab().add_host("h").run("curl -v -s http://localhost:8001/")
    assert r.stderr == ("*   Trying 127.0.0.1:8001...\n* connect to 127.0.0.1 port 8001 failed: Connection refused\n"
                        "*   Trying [::1]:8001...\n* connect to ::1 port 8001 failed: Connection refused\n"
                        "* Failed to connect to localhost port 8001 after 0 ms: Couldn't connect to server\n"
                        "* Closing connection 0\n")


def test_resolve_entry_libcurl_cannot_parse() -> None:
    """--resolve with a bad port or address is curl's error 49, as curl 7.88 prints it (never an internal error;
    found by tests/shell/test_client_tools_fuzz.py)."""
    lab = Lab()
    r = lab.run("curl --resolve x:80:300.1.1.1 http://x/")
    assert (r.stdout, r.stderr, r.returncode) == ("", "curl: (49) Couldn't parse CURLOPT_RESOLVE entry "
                                                      "'x:80:300.1.1.1'\n", 49)
    r = lab.run("curl -v --resolve x:80:300.1.1.1 http://x/")
    assert r.stderr.startswith("* Resolve address '300.1.1.1' found illegal\n* Couldn't parse CURLOPT_RESOLVE entry")
    assert lab.run("curl -s --resolve bad http://x/").returncode == 49
    assert lab.run("curl --resolve x:y:1.2.3.4 http://x/").stderr == \
        "curl: (49) Couldn't parse CURLOPT_RESOLVE entry 'x:y:1.2.3.4'\n"


def test_negative_time() -> None:
    r = Lab().run("curl -m -1 http://127.0.0.1:1/")
    assert (r.stderr, r.returncode) == ("curl: option -m: expected a positive numerical parameter\n"
                                        "curl: try 'curl --help' or 'curl --manual' for more information\n", 2)
