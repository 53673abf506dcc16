"""kubectl create secret tls (and --append-hash) against the real kubectl 1.30 client, on the same files.

The certificates and keys are made here (RSA as PKCS#8 and PKCS#1, EC as SEC 1, Ed25519, a second RSA pair) and
written into the real client's working directory and the sim's /root, with the broken inputs Go's
tls.X509KeyPair refuses (no PEM, switched files, a certificate as the key, a foreign block, a malformed
certificate, a key of another pair or type). Lines run with --dry-run=client, which the client answers without a
server; skipped when no kubectl 1.30 client is installed.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

from course_lib import Cluster
from tests.k8s.real_kubectl import RealKubectl, find_kubectl_130

KUBECTL = find_kubectl_130()
pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl v1.30 client on this machine")
PEM = serialization.Encoding.PEM


def _pair(key: object, name: str, key_format: serialization.PrivateFormat) -> tuple[str, str]:
    """A self-signed certificate for KEY and the key in KEY_FORMAT, as PEM texts."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    builder = x509.CertificateBuilder().subject_name(subject).issuer_name(subject).serial_number(7) \
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=365)).public_key(key.public_key())
    cert = builder.sign(key, None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256())
    return cert.public_bytes(PEM).decode(), key.private_bytes(PEM, key_format,
                                                              serialization.NoEncryption()).decode()


def files() -> dict[str, str]:
    pkcs8, traditional = serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    c, k = _pair(rsa_key, "web", pkcs8)
    c2, k2 = _pair(rsa.generate_private_key(public_exponent=65537, key_size=2048), "other", pkcs8)
    ec_crt, ec_key = _pair(ec.generate_private_key(ec.SECP256R1()), "ec", traditional)
    ed_crt, ed_key = _pair(ed25519.Ed25519PrivateKey.generate(), "ed", pkcs8)
    return {"c.pem": c, "k.pem": k, "k1.pem": _pair(rsa_key, "web", traditional)[1], "c2.pem": c2, "k2.pem": k2,
            "ec.crt": ec_crt, "ec.key": ec_key, "ed.crt": ed_crt, "ed.key": ed_key, "junk": "hello\n", "empty": "",
            "badder": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "foo.pem": "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n", "chain.pem": c + c2, "keycert.pem": k + c,
            "two.pem": "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n" + k}


LINES = [
    "create secret tls s --cert=c.pem --key=k.pem -o yaml", "create secret tls s --cert=c.pem --key=k1.pem -o json",
    "create secret tls s --cert=c.pem", "create secret tls s --key=k.pem", "create secret tls s",
    "create secret tls --cert=c.pem --key=k.pem", "create secret tls s t --cert=c.pem --key=k.pem",
    "create secret tls s --cert=nope --key=k.pem", "create secret tls s --cert=c.pem --key=nope",
    "create secret tls s --cert=. --key=k.pem", "create secret tls s --cert=junk --key=k.pem",
    "create secret tls s --cert=empty --key=k.pem", "create secret tls s --cert=k.pem --key=c.pem",
    "create secret tls s --cert=c.pem --key=c.pem", "create secret tls s --cert=c.pem --key=junk",
    "create secret tls s --cert=c.pem --key=foo.pem", "create secret tls s --cert=c.pem --key=k2.pem",
    "create secret tls s --cert=ec.crt --key=ec.key -o name", "create secret tls s --cert=ec.crt --key=k.pem",
    "create secret tls s --cert=c.pem --key=ec.key", "create secret tls s --cert=ed.crt --key=ed.key -o name",
    "create secret tls s --cert=ed.crt --key=ec.key", "create secret tls s --cert=badder --key=k.pem",
    "create secret tls s --cert=chain.pem --key=k.pem -o name", "create secret tls s --cert=c.pem --key=keycert.pem",
    "create secret tls s --cert=keycert.pem --key=k.pem -o name", "create secret tls s --cert=foo.pem --key=k.pem",
    "create secret tls s --cert=c.pem --key=two.pem -o name", "create secret tls s --cert=two.pem --key=k.pem",
    "create secret tls s --cert=c.pem --key=k.pem -o jsonpath={.type}", "create secret tls s --cert c.pem --key",
    "create secret tls s --cert=c.pem --key=k.pem --bogus", "create secret tls s --cert=c.pem --key=k.pem -n team",
    "create secret tls s --cert=c.pem --key=k.pem -o name -n team --save-config",
    "create secret generic g --from-literal=a=1 --append-hash -o name",
    "create secret generic g --from-literal=a='<&>' --type=x --append-hash -o name",
    "create secret generic g --append-hash -o name", "create configmap m --from-literal=a=1 --append-hash -o yaml",
    "create cm m --from-literal=b='<&>' --from-literal=a=2 --append-hash -o name",
    "create secret docker-registry d --docker-username=u --docker-password=p --append-hash -o name",
]


def test_create_secret_tls_as_the_real_client(tmp_path: Path) -> None:
    cluster = Cluster()
    assert KUBECTL is not None
    real = RealKubectl(KUBECTL, tmp_path, cluster.run("cat ~/.kube/config").stdout)
    for name, text in files().items():
        (tmp_path / name).write_text(text)
        cluster.run(f"cat > /root/{name}", stdin=text)
    lines = [line if "-o " in line or "--bogus" in line else line + " -o yaml" for line in LINES]
    lines = [line + " --dry-run=client" for line in lines] + ["create secret tls s --cert=c.pem --key=k.pem --append-hash"
                                                              " --dry-run=client -o name"]
    diffs = []
    for line, want in zip(lines, real.run_many(lines)):
        r = cluster.run("cd /root && kubectl " + line)
        if (r.stdout, r.stderr, r.returncode) != want:
            diffs.append(f"kubectl {line}\n  real: {want!r}\n  sim:  {(r.stdout, r.stderr, r.returncode)!r}")
    assert not diffs, f"{len(diffs)} of {len(lines)} lines differ:\n" + "\n".join(diffs[:6])
