"""TLS on the simulated TCP: curl and wget against a TLS server that picks its certificate by SNI.

Expected texts are those of curl 7.88.1 / OpenSSL 3.0.19 and GNU Wget 1.21.3 (GnuTLS) on Debian 12,
captured against openssl s_server and a Python ssl server in a private network namespace.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography import x509 as cx509

from course_lib import Lab
from course_lib.http import transport, tls, x509
from course_lib.http.message import Request, Response
from course_lib.k8s.store import EPOCH

SSLCERTS = ("More details here: https://curl.se/docs/sslcerts.html\n\n"
            "curl failed to verify the legitimacy of the server and therefore could not\n"
            "establish a secure connection to it. To learn more about this situation and\n"
            "how to fix it, please visit the web page mentioned above.\n")


def _hello(request: object, client: tuple[str, int]) -> Response:
    assert isinstance(request, Request)
    return Response(200, [("Content-Length", "6")], "hello\n")


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    steps = [
        'openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout foo.key -out foo.crt -subj "/CN=foo.example.com"'
        ' -addext "subjectAltName=DNS:foo.example.com"',
        'openssl req -x509 -nodes -days 3650 -newkey rsa:2048 -keyout ca.key -out ca.crt -subj "/CN=My CA"',
        'openssl req -new -nodes -newkey rsa:2048 -keyout leaf.key -out leaf.csr -subj "/CN=leaf.example.com"',
        'echo "subjectAltName=DNS:leaf.example.com,DNS:*.wild.example.com" > ext.cnf',
        "openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out leaf.crt -days 30 "
        "-extfile ext.cnf",
        'echo "127.0.0.1 foo.example.com leaf.example.com other.example.com x.wild.example.com" >> /etc/hosts',
    ]
    for step in steps:
        r = lab.run(step)
        assert r.returncode == 0, (step, r.stderr)
    machine = lab.network.machines["host"]
    chains = {}
    for name in ("foo", "leaf"):
        chains[name] = x509.key_pair(lab.run(f"cat {name}.crt").stdout, lab.run(f"cat {name}.key").stdout)[0]
    transport.listen(machine.root, "0.0.0.0", 4443, tls.server(lambda sni: chains["foo"], _hello), "server")
    transport.listen(machine.root, "0.0.0.0", 4444, tls.server(lambda sni: chains["leaf"], _hello), "server")
    lab.run("docker run -d --name web -p 8080:80 nginx")
    return lab


def test_self_signed_unknown_issuer_and_insecure(lab: Lab) -> None:
    r = lab.run("curl -sS https://foo.example.com:4443/")
    assert (r.stdout, r.stderr, r.returncode) == (
        "", "curl: (60) SSL certificate problem: self-signed certificate\n" + SSLCERTS, 60)
    r = lab.run("curl -sS https://leaf.example.com:4444/")
    assert r.stderr == "curl: (60) SSL certificate problem: unable to get local issuer certificate\n" + SSLCERTS
    assert lab.run("curl -s https://foo.example.com:4443/").stderr == ""
    for cmd in ("curl -sk https://foo.example.com:4443/", "curl -s --insecure https://127.0.0.1:4443/",
                "curl -s --cacert foo.crt https://foo.example.com:4443/",
                "curl -s --cacert ca.crt https://leaf.example.com:4444/",
                "curl -s --cacert ca.crt https://x.wild.example.com:4444/"):
        r = lab.run(cmd)
        assert (r.stdout, r.returncode) == ("hello\n", 0), (cmd, r.stderr)


def test_hostname_mismatch(lab: Lab) -> None:
    r = lab.run("curl -sS --cacert ca.crt https://other.example.com:4444/")
    assert (r.stderr, r.returncode) == ("curl: (60) SSL: no alternative certificate subject name matches target host "
                                        "name 'other.example.com'\n" + SSLCERTS, 60)
    r = lab.run("curl -sS --cacert ca.crt https://127.0.0.1:4444/")
    assert "target host name '127.0.0.1'" in r.stderr and r.returncode == 60
    # SNI and the checked name come from the URL, not from -H Host; --resolve keeps the URL's name
    r = lab.run("curl -sS --cacert ca.crt -H 'Host: other.example.com' https://leaf.example.com:4444/")
    assert r.returncode == 0
    r = lab.run("curl -sS --cacert foo.crt --resolve foo.example.com:4443:127.0.0.1 https://foo.example.com:4443/")
    assert (r.stdout, r.returncode) == ("hello\n", 0)


def test_tls_to_plain_port_and_bad_cafile(lab: Lab) -> None:
    r = lab.run("curl -sS https://127.0.0.1:8080/")
    assert (r.stderr, r.returncode) == (
        "curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number\n", 35)
    r = lab.run("curl -sS --cacert nofile.crt https://foo.example.com:4443/")
    assert (r.stderr, r.returncode) == ("curl: (77) error setting certificate file: nofile.crt\n", 77)
    r = lab.run("curl https://127.0.0.1:8080/")
    assert r.stderr.startswith("  % Total") and r.stderr.endswith("wrong version number\n")


def test_verbose_handshake(lab: Lab) -> None:
    r = lab.run("curl -sv --cacert ca.crt https://leaf.example.com:4444/")
    lines = r.stderr.splitlines()
    assert lines[:8] == ["*   Trying 127.0.0.1:4444...", "* Connected to leaf.example.com (127.0.0.1) port 4444 (#0)",
                         "* ALPN: offers h2,http/1.1", "} [5 bytes data]",
                         "* TLSv1.3 (OUT), TLS handshake, Client hello (1):", "} [512 bytes data]",
                         "*  CAfile: ca.crt", "*  CApath: /etc/ssl/certs"]
    start = lines.index("* Server certificate:")
    block = lines[start - 2:start + 8]
    assert block[0] == "* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384"
    assert block[1] == "* ALPN: server accepted http/1.1"
    assert block[3] == "*  subject: CN=leaf.example.com"
    assert block[4].startswith("*  start date: Jan 20 09:")
    assert block[6] == '*  subjectAltName: host "leaf.example.com" matched cert\'s "leaf.example.com"'
    assert block[7:] == ["*  issuer: CN=My CA", "*  SSL certificate verify ok.", "* using HTTP/1.1"]
    assert "> GET / HTTP/1.1\r\n> Host: leaf.example.com:4444\r\n" in r.stderr
    assert r.stderr.endswith("< \r\n{ [5 bytes data]\n* Connection #0 to host leaf.example.com left intact\n")
    r = lab.run("curl -sv -k https://foo.example.com:4443/")
    assert "CAfile" not in r.stderr and "subjectAltName" not in r.stderr
    assert "*  SSL certificate verify result: self-signed certificate (18), continuing anyway.\n" in r.stderr
    r = lab.run("curl -sv https://foo.example.com:4443/")
    assert r.stderr.endswith("* TLSv1.3 (IN), TLS handshake, Certificate (11):\n{ [834 bytes data]\n"
                             "* TLSv1.3 (OUT), TLS alert, unknown CA (560):\n} [2 bytes data]\n"
                             "* SSL certificate problem: self-signed certificate\n* Closing connection 0\n")
    r = lab.run("curl -sv --cacert ca.crt https://other.example.com:4444/")
    assert "*  subjectAltName does not match other.example.com\n* SSL: no alternative certificate subject name " \
           "matches target host name 'other.example.com'\n* Closing connection 0\n{ [5 bytes data]\n" \
           "* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):\n{ [249 bytes data]\n" \
           "* TLSv1.3 (OUT), TLS alert, close notify (256):\n} [2 bytes data]\n" in r.stderr


def test_wget_gnutls_texts(lab: Lab) -> None:
    r = lab.run("wget -O- https://foo.example.com:4443/")
    assert r.returncode == 5
    assert r.stderr.endswith("Connecting to foo.example.com (foo.example.com)|127.0.0.1|:4443... connected.\n"
                             "ERROR: The certificate of ‘foo.example.com’ is not trusted.\n"
                             "ERROR: The certificate of ‘foo.example.com’ doesn't have a known issuer.\n")
    r = lab.run("wget -O- https://127.0.0.1:4443/")
    assert r.stderr.endswith("doesn't have a known issuer.\nThe certificate's owner does not match hostname "
                             "‘127.0.0.1’\n") and r.returncode == 5
    r = lab.run("wget -O- --ca-certificate=ca.crt https://other.example.com:4444/")
    assert "Loaded CA certificate 'ca.crt'\nResolving other.example.com" in r.stderr
    assert r.stderr.endswith("connected.\nThe certificate's owner does not match hostname ‘other.example.com’\n")
    r = lab.run("wget -q -O- --no-check-certificate https://foo.example.com:4443/")
    assert (r.stdout, r.returncode) == ("hello\n", 0)
    r = lab.run("wget -O- --ca-certificate=ca.crt https://leaf.example.com:4444/")
    assert (r.stdout, r.returncode) == ("hello\n", 0)
    r = lab.run("wget -O- https://127.0.0.1:8080/")
    assert r.stderr.endswith("connected.\nGnuTLS: An unexpected TLS packet was received.\n"
                             "Unable to establish SSL connection.\n") and r.returncode == 4


def test_refused_handshake_never_reaches_the_application(lab: Lab) -> None:
    seen: list[object] = []
    machine = lab.network.machines["host"]
    chain = x509.load_certs(lab.run("cat foo.crt").stdout)
    transport.listen(machine.root, "0.0.0.0", 4445, tls.server(lambda sni: chain, lambda req, c: (
        seen.append(req), Response(200, [], "ok"))[1]), "server")
    assert lab.run("curl -s https://foo.example.com:4445/").returncode == 60
    assert seen == []
    assert lab.run("curl -sk https://foo.example.com:4445/").stdout == "ok"
    assert len(seen) == 1


def test_verify_rules() -> None:
    lab = Lab()
    rng = lab.network.random()
    key, _ = x509.generate_rsa(2048, rng)
    cert = x509.make_cert(x509.parse_subj("/CN=a.example.com"), key, 10, EPOCH, rng)
    assert x509.check_host(cert, "a.example.com").info == "common name: a.example.com (matched)"
    assert x509.check_host(cert, "b.example.com").error == (
        "SSL: certificate subject name 'a.example.com' does not match target host name 'b.example.com'")
    wild = x509.make_cert(x509.parse_subj("/CN=w"), key, 10, EPOCH, rng, [cx509.DNSName("*.example.com")])
    assert x509.check_host(wild, "x.example.com").ok and not x509.check_host(wild, "a.b.example.com").ok
    assert x509.verify_chain([cert], [cert], EPOCH + timedelta(days=11)) == 10
    assert x509.verify_chain([cert], [cert], EPOCH - timedelta(days=1)) == 9


def test_expired_certificate_last(lab: Lab) -> None:
    """Runs last in this module: the lab's clock moves past the leaf's 30 days."""
    lab.run("sleep 2678400")
    r = lab.run("curl -sS --cacert ca.crt https://leaf.example.com:4444/")
    assert r.stderr.startswith("curl: (60) SSL certificate problem: certificate has expired\n")
    r = lab.run("curl -sv --cacert ca.crt https://leaf.example.com:4444/")
    assert "* TLSv1.3 (OUT), TLS alert, certificate expired (557):" in r.stderr
    r = lab.run("wget -O- --ca-certificate=ca.crt https://leaf.example.com:4444/")
    assert r.stderr.endswith("ERROR: The certificate of ‘leaf.example.com’ has expired.\n")
