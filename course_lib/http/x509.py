"""X.509 certificates and keys as OpenSSL, curl and Go's crypto/tls see them: load, name, verify, make.

Certificates are real (the `cryptography` library parses and signs them). Chain verification follows
OpenSSL's X509_verify_cert outcomes (error numbers and texts as `openssl verify` and curl print them),
host names follow curl's ossl_verifyhost (subjectAltName first, the CN only when there is no DNS/IP SAN),
and key pairs are checked as Go's tls.X509KeyPair checks them (kubectl create secret tls, ingress-nginx).
Keys made here come from the lab's seeded RNG, so notebook outputs repeat.
"""
from __future__ import annotations

import ipaddress
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

Cert = x509.Certificate
SHORT = {NameOID.COMMON_NAME: "CN", NameOID.COUNTRY_NAME: "C", NameOID.ORGANIZATION_NAME: "O",
         NameOID.ORGANIZATIONAL_UNIT_NAME: "OU", NameOID.STATE_OR_PROVINCE_NAME: "ST",
         NameOID.LOCALITY_NAME: "L", NameOID.EMAIL_ADDRESS: "emailAddress"}
BY_SHORT = {v: k for k, v in SHORT.items()}
# OpenSSL's X509_V_ERR numbers and texts (X509_verify_cert_error_string), and the TLS alert curl -v shows
VERIFY_ERRORS = {7: "certificate signature failure", 9: "certificate is not yet valid", 10: "certificate has expired",
                 18: "self-signed certificate", 19: "self-signed certificate in certificate chain",
                 20: "unable to get local issuer certificate", 21: "unable to verify the first certificate"}
ALERTS = {7: "decrypt error (563)", 9: "bad certificate (554)", 10: "certificate expired (557)",
          18: "unknown CA (560)", 19: "unknown CA (560)", 20: "unknown CA (560)", 21: "unknown CA (560)"}


class KeyPairError(Exception):
    """A certificate/key pair Go's tls.X509KeyPair refuses; str() is Go's error text."""


def pem_blocks(text: str) -> list[tuple[str, str]]:
    """(type, whole block) for each PEM block in `text`."""
    out, kind, lines = [], None, []
    for line in text.splitlines():
        s = line.strip()
        if kind is None and s.startswith("-----BEGIN ") and s.endswith("-----"):
            kind, lines = s[11:-5], [s]
        elif kind is not None:
            lines.append(s)
            if s == f"-----END {kind}-----":
                out.append((kind, "\n".join(lines) + "\n"))
                kind = None
    return out


def load_certs(text: str) -> list[Cert]:
    """Every CERTIFICATE block that parses (a CA bundle, a chain, a single certificate)."""
    certs = []
    for kind, block in pem_blocks(text):
        if kind == "CERTIFICATE":
            try:
                certs.append(x509.load_pem_x509_certificate(block.encode()))
            except ValueError:
                continue
    return certs


def load_key(text: str) -> Any:
    """The first private key block, or None."""
    for kind, block in pem_blocks(text):
        if kind.endswith("PRIVATE KEY"):
            try:
                return serialization.load_pem_private_key(block.encode(), password=None)
            except (ValueError, TypeError):
                return None
    return None


def key_pair(cert_pem: str, key_pem: str) -> tuple[list[Cert], Any]:
    """The chain and key of a tls.crt/tls.key pair, refused with Go's tls.X509KeyPair texts (in its order: the
    certificate blocks, the first key block, the first certificate parsed, the key parsed, their public keys)."""
    blocks = pem_blocks(cert_pem)
    certs = [b for k, b in blocks if k == "CERTIFICATE"]
    if not certs:
        skipped = [k for k, _ in blocks]
        if len(skipped) == 1 and skipped[0].endswith("PRIVATE KEY"):
            raise KeyPairError("tls: failed to find certificate PEM data in certificate input, but did find a private "
                               "key; PEM inputs may have been switched")
        if skipped:
            raise KeyPairError('tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping '
                               f"PEM blocks of the following types: [{' '.join(skipped)}]")
        raise KeyPairError("tls: failed to find any PEM data in certificate input")
    key_blocks = pem_blocks(key_pem)
    key_block = next((b for k, b in key_blocks if k == "PRIVATE KEY" or k.endswith(" PRIVATE KEY")), None)
    if key_block is None:
        skipped = [k for k, _ in key_blocks]
        if skipped == ["CERTIFICATE"]:
            raise KeyPairError("tls: found a certificate rather than a key in the PEM for the private key")
        if skipped:
            raise KeyPairError('tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after '
                               f"skipping PEM blocks of the following types: [{' '.join(skipped)}]")
        raise KeyPairError("tls: failed to find any PEM data in key input")
    try:
        chain = [x509.load_pem_x509_certificate(certs[0].encode())]
    except ValueError:
        raise KeyPairError("x509: malformed certificate") from None
    for block in certs[1:]:                       # Go keeps the others as they are, unparsed
        try:
            chain.append(x509.load_pem_x509_certificate(block.encode()))
        except ValueError:
            continue
    try:
        key = serialization.load_pem_private_key(key_block.encode(), password=None)
    except (ValueError, TypeError):
        raise KeyPairError("tls: failed to parse private key") from None
    _check_key(chain[0].public_key(), key)
    return chain, key


def _check_key(public: Any, key: Any) -> None:
    """tls.X509KeyPair's comparison of the certificate's public key with the private key's."""
    kinds = ((rsa.RSAPublicKey, rsa.RSAPrivateKey), (ec.EllipticCurvePublicKey, ec.EllipticCurvePrivateKey),
             (ed25519.Ed25519PublicKey, ed25519.Ed25519PrivateKey))
    if not isinstance(key, tuple(private for _, private in kinds)):
        raise KeyPairError("tls: failed to parse private key")
    kind = next((private for public_type, private in kinds if isinstance(public, public_type)), None)
    if kind is None:
        raise KeyPairError("tls: unknown public key algorithm")
    if not isinstance(key, kind):
        raise KeyPairError("tls: private key type does not match public key type")
    raw = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if key.public_key().public_bytes(*raw) != public.public_bytes(*raw):
        raise KeyPairError("tls: private key does not match public key")


# -- names -------------------------------------------------------------------------------------------
def _attrs(name: x509.Name) -> list[tuple[str, str]]:
    return [(SHORT.get(a.oid, a.oid.dotted_string), str(a.value)) for a in name]


def openssl_name(name: x509.Name) -> str:
    """OpenSSL 3's default -nameopt: `C = US, O = Acme Co, CN = foo`."""
    return ", ".join(f"{k} = {v}" for k, v in _attrs(name))


def curl_name(name: x509.Name) -> str:
    """curl's x509_name_oneline (XN_FLAG_SEP_SPLUS_SPC): `O=Acme Co; CN=foo`."""
    return "; ".join(f"{k}={v}" for k, v in _attrs(name))


def parse_subj(subj: str) -> Optional[x509.Name]:
    """openssl's -subj "/C=US/O=Acme/CN=foo" (None when malformed)."""
    if not subj.startswith("/"):
        return None
    attrs = []
    for part in subj[1:].split("/"):
        if not part:
            continue
        key, eq, value = part.partition("=")
        if not eq or key not in BY_SHORT:
            return None
        if value:
            attrs.append(x509.NameAttribute(BY_SHORT[key], value))
    return x509.Name(attrs)


def common_name(cert: Cert) -> Optional[str]:
    cns = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(cns[-1].value) if cns else None


def alt_names(cert: Cert) -> list[tuple[str, str]]:
    """("DNS", name) and ("IP", address) entries of subjectAltName, in order."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    out = []
    for g in san:
        if isinstance(g, x509.DNSName):
            out.append(("DNS", g.value))
        elif isinstance(g, x509.IPAddress):
            out.append(("IP", str(g.value)))
    return out


def date_text(moment: datetime) -> str:
    """`Nov 26 17:47:59 2026 GMT` (ASN1_TIME_print)."""
    return f"{moment.strftime('%b')} {moment.day:2d} {moment.strftime('%H:%M:%S %Y')} GMT"


def not_before(cert: Cert) -> datetime:
    return cert.not_valid_before_utc


def not_after(cert: Cert) -> datetime:
    return cert.not_valid_after_utc


# -- verification --------------------------------------------------------------------------------------
def _signed_by(cert: Cert, issuer: Cert) -> bool:
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
        return True
    except (ValueError, TypeError, InvalidSignature):
        return False


def self_signed(cert: Cert) -> bool:
    return _signed_by(cert, cert)


def verify_chain(chain: list[Cert], trusted: list[Cert], now: datetime) -> int:
    """0 when the server's chain leads to a trusted certificate, else OpenSSL's X509_V_ERR number."""
    path = [chain[0]]
    untrusted = list(chain[1:])
    while True:
        top = path[-1]
        if any(t.fingerprint(hashes.SHA256()) == top.fingerprint(hashes.SHA256()) for t in trusted):
            break
        issuer = next((t for t in trusted if _signed_by(top, t)), None)
        if issuer is not None:
            path.append(issuer)
            break
        if self_signed(top):
            return 18 if len(path) == 1 else 19
        issuer = next((c for c in untrusted if _signed_by(top, c)), None)
        if issuer is None:
            names = [t.subject for t in trusted]
            return 7 if top.issuer in names else 20
        untrusted.remove(issuer)
        path.append(issuer)
    for cert in path:
        if now < not_before(cert):
            return 9
        if now > not_after(cert):
            return 10
    return 0


def _host_match(pattern: str, host: str) -> bool:
    """curl's Curl_cert_hostcheck: case-insensitive, a wildcard only as the whole leftmost label."""
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if pattern == host:
        return True
    if not pattern.startswith("*.") or pattern.count(".") < 2:
        return False
    head, _, rest = host.partition(".")
    return bool(head) and rest == pattern[2:]


@dataclass
class HostCheck:
    ok: bool
    info: str          # curl -v's line (without "*  ")
    error: str = ""    # curl's failf text


def check_host(cert: Cert, host: str) -> HostCheck:
    """curl 7.88's ossl_verifyhost for `host` (a DNS name or an IP address)."""
    try:
        target = "IP" if ipaddress.ip_address(host) else "DNS"
    except ValueError:
        target = "DNS"
    alts = alt_names(cert)
    for kind, value in alts:
        if kind != target:
            continue
        if kind == "IP" and ipaddress.ip_address(value) == ipaddress.ip_address(host):
            return HostCheck(True, f'subjectAltName: host "{host}" matched cert\'s IP address!')
        if kind == "DNS" and _host_match(value, host):
            return HostCheck(True, f'subjectAltName: host "{host}" matched cert\'s "{value}"')
    if alts:
        return HostCheck(False, f"subjectAltName does not match {host}",
                         f"SSL: no alternative certificate subject name matches target host name '{host}'")
    cn = common_name(cert)
    if cn is None:
        return HostCheck(False, "", "SSL: unable to obtain common name from peer certificate")
    if not _host_match(cn, host):
        return HostCheck(False, "", f"SSL: certificate subject name '{cn}' does not match target host name '{host}'")
    return HostCheck(True, f"common name: {cn} (matched)")


def covers(cert: Cert, host: str) -> bool:
    """Go's VerifyHostname (ingress-nginx's check of a secret against a TLS host), with its CN fallback."""
    alts = [v for k, v in alt_names(cert) if k == "DNS"]
    names = alts or [common_name(cert) or ""]
    return any(_host_match(n, host) for n in names)


# -- making keys and certificates ------------------------------------------------------------------------
_SMALL_PRODUCT = math.prod(p for p in range(3, 5000) if all(p % d for d in range(2, int(p ** 0.5) + 1)))


def _probable_prime(n: int, rng: random.Random, rounds: int = 4) -> bool:
    """Trial division, then Miller-Rabin (random candidates: a few rounds leave no real doubt)."""
    if math.gcd(n, _SMALL_PRODUCT) != 1 or pow(2, n - 1, n) != 1:
        return False
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(rng.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rng: random.Random, progress: list[str]) -> int:
    while True:
        n = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        progress.append(".")
        if (n - 1) % 65537 and _probable_prime(n, rng):
            progress.append("+" * 64)
            return n
        if rng.random() < 0.3:
            progress.append("+")


_KEYS: dict[tuple[int, int], tuple[Any, str]] = {}


def generate_rsa(bits: int, rng: random.Random) -> tuple[Any, str]:
    """An RSA key drawn from the seeded RNG, and OpenSSL's key-generation progress line (`.+..+++*...`).

    One draw from `rng` seeds the key, so the same lab makes the same key (and it is made once per process).
    """
    seed = rng.getrandbits(64)
    if (bits, seed) in _KEYS:
        return _KEYS[(bits, seed)]
    own = random.Random(seed)
    e, progress = 65537, []
    p = _prime(bits // 2, own, progress)
    progress.append("\n")
    q = _prime(bits - bits // 2, own, progress)
    if q > p:
        p, q = q, p
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q),
                                    rsa.RSAPublicNumbers(e, p * q))
    _KEYS[(bits, seed)] = numbers.private_key(unsafe_skip_rsa_key_validation=True), "".join(progress).rstrip("\n")
    return _KEYS[(bits, seed)]


def key_pem(key: Any, password: str = "") -> str:
    """PKCS#8 `-----BEGIN PRIVATE KEY-----` as OpenSSL 3 writes a new key (ENCRYPTED with a pass phrase)."""
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else \
        serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption).decode()


def cert_pem(cert: Cert) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def make_cert(subject: x509.Name, key: Any, days: int, now: datetime, rng: random.Random,
              sans: Optional[list[x509.GeneralName]] = None, issuer: Optional[Cert] = None,
              issuer_key: Any = None, style: str = "req") -> Cert:
    """A certificate as its maker makes it: style "req" is `openssl req -x509` (v3_ca: SKI, AKI, CA:TRUE, then
    -addext), "sign" is `openssl x509 -req` (-extfile's SAN, then SKI and AKI; none without it), "go" is
    Go's server certificate (key usages, CA:FALSE, SANs: ingress-nginx's fake certificate)."""
    start = now.replace(microsecond=0, tzinfo=timezone.utc) if now.tzinfo is None else now.replace(microsecond=0)
    serial = rng.getrandbits(128) if style == "go" else rng.getrandbits(159) | (1 << 152)   # Go: 128 bits
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.subject if issuer is not None else subject)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(start).not_valid_after(start + timedelta(days=days)))
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    aki = x509.AuthorityKeyIdentifier(x509.SubjectKeyIdentifier.from_public_key(
        issuer.public_key() if issuer is not None else key.public_key()).digest, None, None)
    san = x509.SubjectAlternativeName(sans) if sans else None
    if style == "req":
        exts = [(ski, False), (aki, False), (x509.BasicConstraints(ca=True, path_length=None), True), (san, False)]
    elif style == "sign":
        exts = [(san, False), (ski, False), (aki, False)] if san else []
    else:
        usage = x509.KeyUsage(True, False, True, False, False, False, False, False, False)
        exts = [(usage, True), (x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), False),
                (x509.BasicConstraints(ca=False, path_length=None), True), (san, False)]
    for ext, critical in exts:
        if ext is not None:
            builder = builder.add_extension(ext, critical=critical)
    return builder.sign(issuer_key if issuer_key is not None else key, hashes.SHA256())


def parse_san(text: str) -> Optional[list[x509.GeneralName]]:
    """`subjectAltName=DNS:a,DNS:*.b,IP:10.0.0.1` (as -addext takes it); None when malformed."""
    key, eq, value = text.partition("=")
    if key.strip() != "subjectAltName" or not eq:
        return None
    out: list[x509.GeneralName] = []
    for item in value.split(","):
        kind, colon, name = item.strip().partition(":")
        if not colon:
            return None
        if kind == "DNS":
            out.append(x509.DNSName(name))
        elif kind == "IP":
            try:
                out.append(x509.IPAddress(ipaddress.ip_address(name)))
            except ValueError:
                return None
        else:
            return None
    return out


def public_key_bits(cert: Cert) -> int:
    return getattr(cert.public_key(), "key_size", 0)

