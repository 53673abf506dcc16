"""BIND 9.18's dig/nslookup/host in the simulation: texts and server handling checked against the real tools."""
from __future__ import annotations

import re

import pytest

from course_lib import Lab

COREFILE = """example.org {
    file /opt/coredns/db.example.org
}
lab.local {
    hosts {
        10.0.0.5 web.lab.local
    }
}
"""
ZONE = """$ORIGIN example.org.
$TTL 3600
@ IN SOA ns.example.org. admin.example.org. 2024010101 7200 3600 1209600 3600
@ IN NS ns.example.org.
@ IN MX 10 mail.example.org.
ns IN A 10.0.0.53
www IN A 10.0.0.80
mail IN A 10.0.0.25
web IN CNAME www
"""


@pytest.fixture
def lab() -> Lab:
    lab = Lab()
    lab.run("printf 'nameserver 127.0.0.1\\nsearch lab.local\\n' > /etc/resolv.conf")
    lab.run("mkdir -p /opt/coredns")
    lab.run(f"cat > /opt/coredns/Corefile <<'EOF'\n{COREFILE}EOF")
    lab.run(f"cat > /opt/coredns/db.example.org <<'EOF'\n{ZONE}EOF")
    assert lab.run("coredns -conf /opt/coredns/Corefile").returncode == 0
    return lab


def test_nslookup_named_server_checks_no_recursion_flag(lab: Lab) -> None:
    r = lab.run("nslookup www.example.org 127.0.0.1")
    assert r.stdout == "Server:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\nName:\twww.example.org\nAddress: 10.0.0.80\n\n"


def test_nslookup_moves_on_from_an_answer_without_ra(lab: Lab) -> None:
    lab.run("printf 'nameserver 127.0.0.1\\nnameserver 127.0.0.2\\n' > /etc/resolv.conf")
    r = lab.run("nslookup www.example.org")
    assert r.stdout.startswith(";; Got recursion not available from 127.0.0.1, trying next server\n"
                               ";; Got recursion not available from 127.0.0.2\nServer:\t\t127.0.0.2\n")
    r = lab.run("nslookup nothere.lab.local")
    assert r.stdout.startswith(";; Got SERVFAIL reply from 127.0.0.1, trying next server\n"
                               ";; Got SERVFAIL reply from 127.0.0.2\n") and r.returncode == 1
    assert lab.run("host www.example.org").stdout == "www.example.org has address 10.0.0.80\n"


def test_nslookup_debug_and_interactive(lab: Lab) -> None:
    r = lab.run("nslookup -debug -type=mx example.org 127.0.0.1")
    assert r.stdout == ("Server:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\n------------\n    QUESTIONS:\n"
                        "\texample.org, type = MX, class = IN\n    ANSWERS:\n    ->  example.org\n"
                        "\tmail exchanger = 10 mail.example.org.\n\tttl = 3600\n    AUTHORITY RECORDS:\n"
                        # CoreDNS's file plugin: the zone's NS with every answer, the in-zone MX target's A
                        "    ->  example.org\n\tnameserver = ns.example.org.\n\tttl = 3600\n"
                        "    ADDITIONAL RECORDS:\n    ->  mail.example.org\n\tinternet address = 10.0.0.25\n"
                        "\tttl = 3600\n------------\nexample.org\tmail exchanger = 10 mail.example.org.\n\n")
    r = lab.run("printf 'server 127.0.0.1\\nset type=mx\\nexample.org\\n' | nslookup")
    assert r.stdout == ("Default server: 127.0.0.1\nAddress: 127.0.0.1#53\nServer:\t\t127.0.0.1\n"
                        "Address:\t127.0.0.1#53\n\nexample.org\tmail exchanger = 10 mail.example.org.\n\n")
    assert r.returncode == 0
    assert lab.run("echo | nslookup").returncode == 1
    assert lab.run("nslookup a b c").stderr.startswith("Usage:\n   nslookup [-opt ...]")


def test_any_and_vc_go_over_tcp(lab: Lab) -> None:
    r = lab.run("dig ANY example.org")
    assert ";; SERVER: 127.0.0.1#53(127.0.0.1) (TCP)" in r.stdout
    assert "(TCP)" in lab.run("dig +tcp www.example.org").stdout
    lab.run("printf 'nameserver 127.0.0.53\\n' > /etc/resolv.conf")     # the stub serves TCP too
    assert lab.run("dig +tcp +short www.google.com").stdout == "142.250.185.68\n"
    r = lab.run("dig @127.0.0.1 -p 5353 +tcp www.example.org")       # nothing listens there
    assert r.stdout == (";; Connection to 127.0.0.1#5353(127.0.0.1) for www.example.org failed: connection refused.\n"
                        ";; no servers could be reached\n") * 3 and r.returncode == 9


def test_dig_several_questions_and_layout(lab: Lab) -> None:
    assert lab.run("dig www.example.org mail.example.org +short").stdout == "10.0.0.80\n10.0.0.25\n"
    r = lab.run("dig www.example.org A mail.example.org MX")
    assert r.stdout.count("; <<>> DiG") == 1 and r.stdout.count(";; Got answer:") == 2
    assert ";mail.example.org.\t\tIN\tMX" in r.stdout
    assert lab.run("dig +nottlid +noall +answer www.example.org").stdout == "www.example.org.\tIN\tA\t10.0.0.80\n"
    assert lab.run("dig +ttlunits +noall +answer www.example.org").stdout == "www.example.org.\t1h\tIN\tA\t10.0.0.80\n"
    r = lab.run("dig +nocomments www.example.org").stdout
    assert "10.0.0.80\nexample.org.\t\t3600\tIN\tNS\tns.example.org.\n;; Query time" in r
    r = lab.run("dig +noedns www.example.org").stdout
    assert "available\n\n;; QUESTION SECTION:" in r
    # CoreDNS echoes dig's client COOKIE (request.SizeAndDo keeps the supported options)
    assert re.search(r"1232\n; COOKIE: [0-9a-f]{16} \(echoed\)\n;; ANSWER SECTION:",
                     lab.run("dig +noquestion www.example.org").stdout)
    assert "1232\n;; ANSWER SECTION:" in lab.run("dig +noquestion +nocookie www.example.org").stdout


def test_host_cname_type(lab: Lab) -> None:
    assert lab.run("host -t cname web.example.org").stdout == "web.example.org is an alias for www.example.org.\n"


def test_names_come_back_as_coredns_writes_them(lab: Lab) -> None:
    """CoreDNS sends small replies uncompressed (request.Scrub), so the answer's names are the zone's, not the
    question's spelling (compressing servers are in test_wiresize's as_received test)."""
    assert lab.run("dig WWW.Example.ORG +noall +answer").stdout == "www.example.org.\t3600\tIN\tA\t10.0.0.80\n"
    assert lab.run("dig WEB.Example.ORG +short").stdout == "www.example.org.\n10.0.0.80\n"
    # glibc's getanswer_r names the alias by the question it sent, whatever the owner's spelling
    assert lab.run("getent hosts WEB.example.org").stdout == "10.0.0.80       www.example.org WEB.example.org\n"
    assert lab.run("nslookup WWW.Example.ORG").stdout.count("Name:\twww.example.org\n") == 1


def test_host_verbose(lab: Lab) -> None:
    r = lab.run("host -v -t mx example.org")
    assert r.stdout == ('Trying "example.org"\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: '
                        + r.stdout.split("id: ")[1].split("\n")[0] + "\n"
                        ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 1, ADDITIONAL: 1\n\n"
                        ";; QUESTION SECTION:\n;example.org.\t\t\tIN\tMX\n\n;; ANSWER SECTION:\n"
                        "example.org.\t\t3600\tIN\tMX\t10 mail.example.org.\n\n"
                        ";; AUTHORITY SECTION:\nexample.org.\t\t3600\tIN\tNS\tns.example.org.\n\n"
                        ";; ADDITIONAL SECTION:\nmail.example.org.\t3600\tIN\tA\t10.0.0.25\n\n"
                        # CoreDNS sends replies under 1480 bytes uncompressed (request.Scrub)
                        "Received 143 bytes from 127.0.0.1#53 in 0 ms\n")
    r = lab.run("host -a nothere.example.org")
    assert r.stdout.splitlines()[1:] == ["Host nothere.example.org not found: 3(NXDOMAIN)",
                                         "Received 115 bytes from 127.0.0.1#53 in 0 ms"] * 1 + [
                                         "Received 115 bytes from 127.0.0.1#53 in 0 ms"]     # uncompressed
    assert 'Trying "www.example.org"' in lab.run("host -v web.example.org").stdout   # follows the CNAME


def test_dig_multiline(lab: Lab) -> None:
    assert lab.run("dig +multiline +noall +answer example.org SOA").stdout == (
        "example.org.\t\t3600 IN\tSOA ns.example.org. admin.example.org. (\n"
        "\t\t\t\t2024010101 ; serial\n\t\t\t\t7200       ; refresh (2 hours)\n"
        "\t\t\t\t3600       ; retry (1 hour)\n\t\t\t\t1209600    ; expire (2 weeks)\n"
        "\t\t\t\t3600       ; minimum (1 hour)\n\t\t\t\t)\n")
    assert lab.run("dig +multiline +noall +answer www.example.org").stdout == "www.example.org.\t3600 IN\tA 10.0.0.80\n"
