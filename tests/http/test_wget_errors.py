"""GNU Wget 1.21.3's failure texts as the real tool prints them: -q silence, gai_strerror, no data received."""
from __future__ import annotations

from course_lib import Lab
from course_lib.http import transport


def test_quiet_unresolved_prints_nothing() -> None:
    h = Lab().add_host("h")
    r = h.run("wget -q http://nosuch.example.com/")
    assert (r.stdout, r.stderr, r.returncode) == ("", "", 4)


def test_unresolved_shows_the_resolvers_error() -> None:
    h = Lab().add_host("h")
    r = h.run("wget http://nosuch.example.com/")
    assert r.stderr.splitlines()[1:] == [
        "Resolving nosuch.example.com (nosuch.example.com)... failed: Name or service not known.",
        "wget: unable to resolve host address ‘nosuch.example.com’"]
    h.run("printf 'nameserver 127.0.0.1\\n' > /etc/resolv.conf")      # no server there: EAI_AGAIN
    r = h.run("wget http://nosuch/")
    assert "Resolving nosuch (nosuch)... failed: Temporary failure in name resolution.\n" in r.stderr


def test_no_data_received_retries_then_gives_up() -> None:
    lab = Lab()
    h = lab.add_host("h")
    transport.listen(lab.network.machines["h"].root, "127.0.0.1", 8001, lambda payload, client: None, "server")
    r = h.run("wget -t 3 http://127.0.0.1:8001/")
    block = "Connecting to 127.0.0.1:8001... connected.\nHTTP request sent, awaiting response... No data received.\n"
    assert r.stderr == ("--2025-01-20 09:00:00--  http://127.0.0.1:8001/\n" + block + "Retrying.\n\n"
                        "--2025-01-20 09:00:01--  (try: 2)  http://127.0.0.1:8001/\n" + block + "Retrying.\n\n"
                        "--2025-01-20 09:00:03--  (try: 3)  http://127.0.0.1:8001/\n" + block + "Giving up.\n\n")
    assert r.returncode == 4
    assert h.run("wget -q -t 1 http://127.0.0.1:8001/").stderr == ""
    r = h.run("curl -sS http://127.0.0.1:8001/")
    assert (r.stderr, r.returncode) == ("curl: (52) Empty reply from server\n", 52)


def test_quotes_follow_the_locale() -> None:
    h = Lab().add_host("h")
    assert h.run("wget http://nosuch.example.com/ 2>&1 | tail -1").stdout == \
        "wget: unable to resolve host address ‘nosuch.example.com’\n"
    assert h.run("LANG=C wget http://nosuch.example.com/ 2>&1 | tail -1").stdout == \
        "wget: unable to resolve host address 'nosuch.example.com'\n"


def test_output_document_that_cannot_be_opened() -> None:
    """wget opens -O's file before any fetch: a bad path is perror's text and exit 1, never an internal error
    (found by tests/shell/test_client_tools_fuzz.py); a good one is truncated even when the fetch fails."""
    lab = Lab()
    r = lab.run("wget -O /nonexistent/x http://localhost:8080/")
    assert (r.stdout, r.stderr, r.returncode) == ("", "/nonexistent/x: No such file or directory\n", 1)
    r = lab.run("wget -O /etc http://localhost:8080/")
    assert (r.stderr, r.returncode) == ("/etc: Is a directory\n", 1)
    lab.run("echo old > /tmp/o")
    assert lab.run("wget -q -O /tmp/o http://localhost:1/").returncode == 4
    assert lab.run("cat /tmp/o").stdout == ""


def test_bad_timeout_and_tries() -> None:
    """wget's option setters refuse a time period or a number they cannot read: the message alone, exit 2."""
    lab = Lab()
    r = lab.run("wget -T abc http://127.0.0.1/")
    assert (r.stdout, r.stderr, r.returncode) == ("", "wget: --timeout: Invalid time period ‘abc’\n", 2)
    assert lab.run("wget -t -5 http://127.0.0.1/").stderr == "wget: --tries: Invalid number ‘-5’.\n"
    assert lab.run("wget -q -T 1m -t inf http://127.0.0.1:1/").returncode == 4
