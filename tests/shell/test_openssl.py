"""openssl 3.0 in the simulated shell: req/x509/genrsa/verify/rsa texts and errors, certificates from the seeded RNG."""
from __future__ import annotations

import re

import pytest

from course_lib import Lab

REQ = ('openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout tls.key -out tls.crt -subj "/CN=foo.example.com"'
       ' -addext "subjectAltName=DNS:foo.example.com"')


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    r = lab.run(REQ)
    assert r.returncode == 0 and r.stdout == ""
    assert re.fullmatch(r"[.+]+\n[.+]+\n-----\n", r.stderr), r.stderr
    return lab


def test_req_x509_and_text(lab: Lab) -> None:
    assert lab.run("head -1 tls.key").stdout == "-----BEGIN PRIVATE KEY-----\n"
    assert lab.run("head -1 tls.crt").stdout == "-----BEGIN CERTIFICATE-----\n"
    text = lab.run("openssl x509 -in tls.crt -noout -text").stdout
    assert text.startswith("Certificate:\n    Data:\n        Version: 3 (0x2)\n        Serial Number:\n            ")
    for part in ("        Signature Algorithm: sha256WithRSAEncryption\n        Issuer: CN = foo.example.com\n"
                 "        Validity\n            Not Before: Jan 20 09:00:00 2025 GMT\n"
                 "            Not After : Jan 20 09:00:00 2026 GMT\n        Subject: CN = foo.example.com\n",
                 "                Public-Key: (2048 bit)\n                Modulus:\n                    00:",
                 "                Exponent: 65537 (0x10001)\n        X509v3 extensions:\n"
                 "            X509v3 Subject Key Identifier: \n",
                 "            X509v3 Basic Constraints: critical\n                CA:TRUE\n"
                 "            X509v3 Subject Alternative Name: \n                DNS:foo.example.com\n"
                 "    Signature Algorithm: sha256WithRSAEncryption\n    Signature Value:\n        "):
        assert part in text
    r = lab.run("openssl x509 -in tls.crt -noout -subject -dates -issuer")
    assert r.stdout == ("subject=CN = foo.example.com\nnotBefore=Jan 20 09:00:00 2025 GMT\n"
                        "notAfter=Jan 20 09:00:00 2026 GMT\nissuer=CN = foo.example.com\n")
    r = lab.run("openssl x509 -in tls.crt -noout -ext subjectAltName")
    assert r.stdout == "X509v3 Subject Alternative Name: \n    DNS:foo.example.com\n"
    assert lab.run("openssl x509 -in tls.crt -noout -fingerprint -sha256").stdout.startswith("sha256 Fingerprint=")


def test_ca_signing_and_verify(lab: Lab) -> None:
    for step in ("openssl genrsa -out ca.key 2048",
                 'openssl req -x509 -new -nodes -key ca.key -subj "/CN=My CA" -days 3650 -out ca.crt',
                 "openssl genrsa -out jane.key 2048",
                 'openssl req -new -key jane.key -subj "/CN=jane/O=dev" -out jane.csr'):
        r = lab.run(step)
        assert (r.returncode, r.stderr) == (0, ""), step
    r = lab.run("openssl x509 -req -in jane.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out jane.crt -days 30")
    assert (r.stderr, r.returncode) == ("Certificate request self-signature ok\nsubject=CN = jane, O = dev\n", 0)
    assert lab.run("ls ca.srl").returncode == 0
    assert lab.run("openssl x509 -in jane.crt -noout -issuer -subject").stdout == (
        "issuer=CN = My CA\nsubject=CN = jane, O = dev\n")
    assert lab.run("openssl verify -CAfile ca.crt jane.crt").stdout == "jane.crt: OK\n"
    r = lab.run("openssl verify jane.crt")
    assert (r.stderr, r.returncode) == ("CN = jane, O = dev\nerror 20 at 0 depth lookup: unable to get local issuer "
                                        "certificate\nerror jane.crt: verification failed\n", 2)
    r = lab.run("openssl verify -CAfile ca.crt tls.crt")
    assert "error 18 at 0 depth lookup: self-signed certificate\n" in r.stderr
    r = lab.run("openssl x509 -req -in jane.csr -CA ca.crt -CAkey tls.key -out x.crt")
    assert r.returncode == 1 and "CA certificate and CA private key do not match\n" in r.stderr
    assert lab.run("openssl rsa -in jane.key -check -noout").stdout == "RSA key ok\n"
    cert_mod = lab.run("openssl x509 -in jane.crt -noout -modulus").stdout
    assert cert_mod == lab.run("openssl rsa -in jane.key -noout -modulus").stdout


def test_errors(lab: Lab) -> None:
    r = lab.run("openssl foo")
    assert (r.stderr, r.returncode) == ("Invalid command 'foo'; type \"help\" for a list.\n", 1)
    r = lab.run("openssl x509 -in nofile -noout -subject")
    assert r.returncode == 1 and r.stderr.startswith("Could not open file or uri for loading certificate from nofile\n")
    assert r.stderr.endswith("calling stat(nofile)\nUnable to load certificate\n")
    r = lab.run("openssl x509 -in tls.key -noout -subject")
    assert (r.stderr, r.returncode) == ("Could not read certificate from tls.key\n40E7B862227F0000:error:1608010C:"
                                        "STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/"
                                        "store_result.c:149:\nUnable to load certificate\n", 1)
    r = lab.run('openssl req -x509 -nodes -newkey rsa:2048 -keyout a.key -out a.crt -subj "CN=x"')
    assert r.returncode == 1 and r.stderr.endswith(
        "req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters "
        "may be escaped by \\. This name is not in that format: 'CN=x'\n")
    r = lab.run('openssl req -x509 -nodes -newkey rsa:2048 -keyout b.key -out b.crt -subj "/XX=y/CN=b"')
    assert r.returncode == 0 and 'req warning: Skipping unknown subject name attribute "XX"\n' in r.stderr
    assert lab.run("openssl x509 -in b.crt -noout -subject").stdout == "subject=CN = b\n"
    assert lab.run("openssl version").stdout.startswith("OpenSSL 3.0.")
    # without -nodes the key wants a pass phrase, and a notebook has no terminal to type it on
    r = lab.run("openssl req -x509 -newkey rsa:2048 -keyout p.key -out p.crt -subj /CN=p")
    assert r.returncode == 1 and "\nEnter PEM pass phrase:\n" in r.stderr
    assert r.stderr.endswith(":p8info_to_encp8:unable to get passphrase:../providers/implementations/encode_decode/"
                             "encode_key2any.c:115:\n")
    assert lab.run("cat p.key").stdout == "" and lab.run("ls p.crt").returncode != 0
    r = lab.run("openssl req -x509 -newkey rsa:2048 -keyout q.key -out q.crt -subj /CN=q -passout pass:secret")
    assert r.returncode == 0 and lab.run("head -1 q.key").stdout == "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"


def test_same_seed_same_certificate() -> None:
    first, second = Lab(), Lab()
    for lab in (first, second):
        assert lab.run(REQ).returncode == 0
    assert first.run("cat tls.crt").stdout == second.run("cat tls.crt").stdout
    assert first.run("cat tls.key").stdout == second.run("cat tls.key").stdout


def test_genrsa_bad_sizes(lab: Lab) -> None:
    """openssl 3.0's texts for a size that is not a number or too small; a size the simulation would grind on for
    minutes is refused at once, after openssl's own warning (found by tests/shell/test_client_tools_fuzz.py)."""
    r = lab.run("openssl genrsa abc")
    assert (r.stdout, r.stderr, r.returncode) == ("", 'genrsa: Can\'t parse "abc" as a number\n', 1)
    r = lab.run("openssl genrsa 100")
    assert r.returncode == 1 and r.stderr.startswith("Error setting RSA length\n") and "key size too small" in r.stderr
    r = lab.run("openssl genrsa 99999999")
    assert r.returncode == 1 and r.stderr.startswith(
        "Warning: It is not recommended to use more than 16384 bit for RSA keys.\n"
        "         Your key size is 99999999! Larger key size may behave not as expected.\n")
