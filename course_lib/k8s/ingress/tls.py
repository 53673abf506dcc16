"""ingress-nginx's TLS: certificates from kubernetes.io/tls Secrets, chosen by SNI, and its fake default one.

As the controller does: each rule host of a served Ingress takes the secret of the `tls` entry listing
it (else a `tls` secret whose certificate covers the host); a missing or unusable secret, or a
certificate that does not cover the host, leaves the host on the default "Kubernetes Ingress Controller
Fake Certificate" (with a warning in the controller log). Hosts with a certificate redirect http to
https (ssl-redirect) and get HSTS on https. The TLS listener picks by SNI: the exact host, then the
one-label wildcard, else the default certificate (also for clients that send no SNI), which is the
--default-ssl-certificate secret when the controller has that flag.
"""
from __future__ import annotations

import base64
from typing import Any, Optional

from cryptography import x509 as cx509
from cryptography.x509.oid import NameOID

from course_lib.http import x509
from course_lib.http.message import Request, Response, content_length, http_date

Obj = dict[str, Any]
FAKE_SUBJECT = cx509.Name([cx509.NameAttribute(NameOID.ORGANIZATION_NAME, "Acme Co"),
                           cx509.NameAttribute(NameOID.COMMON_NAME, "Kubernetes Ingress Controller Fake Certificate")])
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
PLAIN_ON_TLS = ("<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n"
                "<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port"
                "</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def fake_certificate(cluster: Any, now: Any) -> list[x509.Cert]:
    """ssl.GetFakeSSLCert: RSA 2048, O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate,
    DNS:ingress.local, self-signed, valid 365 days from the controller's start."""
    rng = cluster.network.random()
    key, _ = x509.generate_rsa(2048, rng)
    return [x509.make_cert(FAKE_SUBJECT, key, 365, now, rng, [cx509.DNSName("ingress.local")], style="go")]


class Certificates:
    """The controller's view of TLS: host -> chain, refreshed from Ingresses and Secrets on use."""

    def __init__(self, ctrl: Any) -> None:
        self.ctrl = ctrl
        self.fake = fake_certificate(ctrl.cluster, ctrl.rc.clock())
        self._parsed: dict[tuple[str, str, str], Optional[list[x509.Cert]]] = {}
        self._warned: set[tuple[str, str]] = set()

    def _secret(self, ns: str, name: str) -> Optional[list[x509.Cert]]:
        secret = self.ctrl.cluster.store.get("Secret", ns, name)
        if secret is None:
            return None
        key = (ns, name, secret["metadata"].get("resourceVersion", ""))
        if key not in self._parsed:
            data = secret.get("data") or {}
            try:
                crt = base64.b64decode(data.get("tls.crt", "")).decode()
                pem_key = base64.b64decode(data.get("tls.key", "")).decode()
            except (ValueError, UnicodeDecodeError):
                crt = pem_key = ""
            self._parsed[key] = None
            reason = _ssl_cert_error(crt, pem_key)
            if reason:
                self._warn(ns, name, "backend_ssl.go:47] Error obtaining X.509 certificate: unexpected error "
                           f"creating SSL Cert: {reason}")
            else:
                self._parsed[key] = x509.key_pair(crt, pem_key)[0]
        return self._parsed[key]

    @property
    def default(self) -> list[x509.Cert]:
        """--default-ssl-certificate's secret when it is usable, else the fake certificate."""
        ns, _, name = self.ctrl.default_ssl_certificate.partition("/")
        chain = self._secret(ns, name) if name else None
        return chain or self.fake

    def _warn(self, ns: str, name: str, text: str) -> None:
        if (f"{ns}/{name}", text) not in self._warned:
            self._warned.add((f"{ns}/{name}", text))
            stamp = self.ctrl.rc.clock().strftime("W%m%d %H:%M:%S.000000")
            where = "" if text.startswith("backend_ssl.go") else "controller.go:1372] "
            self.ctrl.rc.log(f"{stamp}       7 {where}{text}")

    def _secret_name(self, ing: Obj, host: str) -> str:
        """extractTLSSecretName: the tls entry listing the host, else one whose certificate covers it."""
        tls = (ing.get("spec") or {}).get("tls") or []
        for entry in tls:
            if host in [h.lower() for h in entry.get("hosts") or []]:
                return entry.get("secretName") or ""
        for entry in tls:
            if entry.get("secretName"):
                chain = self._secret(ing["metadata"]["namespace"], entry["secretName"])
                if chain and x509.covers(chain[0], host):
                    return entry["secretName"]
        return ""

    def servers(self) -> dict[str, list[x509.Cert]]:
        """host -> the chain nginx serves for it, for every host that has TLS."""
        out: dict[str, list[x509.Cert]] = {}
        for ing in self.ctrl.ingresses():
            ns = ing["metadata"]["namespace"]
            for rule in (ing.get("spec") or {}).get("rules") or []:
                host = (rule.get("host") or "").lower()
                if not host or host in out:
                    continue
                listed = any(host in [h.lower() for h in e.get("hosts") or []]
                             for e in (ing.get("spec") or {}).get("tls") or [])
                name = self._secret_name(ing, host)
                if not name:
                    if listed:
                        out[host] = self.default
                    continue
                chain = self._secret(ns, name)
                if chain is None:
                    if self.ctrl.cluster.store.get("Secret", ns, name) is None:
                        self._warn(ns, name, f'Error getting SSL certificate "{ns}/{name}": local SSL certificate '
                                   f"{ns}/{name} was not found. Using default certificate")
                    out[host] = self.default
                elif not x509.covers(chain[0], host):
                    self._warn(ns, name, f'SSL certificate "{ns}/{name}" does not contain a Common Name or Subject '
                               f'Alternative Name for server "{host}": x509: certificate is valid for '
                               f"{', '.join(v for _, v in x509.alt_names(chain[0])) or x509.common_name(chain[0])}"
                               f", not {host}")
                    out[host] = self.default
                else:
                    out[host] = chain
        return out

    def pick(self, sni: Optional[str]) -> list[x509.Cert]:
        """certificate.call(): the SNI host's chain, then its one-label wildcard, else the default."""
        if not sni:
            return self.default
        servers = self.servers()
        sni = sni.lower()
        if sni in servers:
            return servers[sni]
        wildcard = "*." + sni.partition(".")[2]
        return servers.get(wildcard, self.default)


def _ssl_cert_error(crt: str, key: str) -> str:
    """ssl.CreateSSLCert's complaint about a tls.crt/tls.key pair, or "" when nginx can use it."""
    blocks = x509.pem_blocks(crt + "\n" + key)
    if not blocks:
        return "no valid PEM formatted block found"
    if blocks[0][0] != "CERTIFICATE":
        return "no certificate PEM data found, make sure certificate content starts with 'BEGIN CERTIFICATE'"
    if not x509.load_certs(blocks[0][1]):
        return "x509: malformed certificate"
    try:
        x509.key_pair(crt, key)
    except x509.KeyPairError as exc:
        return f"certificate and private key does not have a matching public key: {exc}"
    return ""


def plain_http_on_tls(clock: Any) -> Any:
    """nginx's answer to plain HTTP on its TLS port."""
    def handle(payload: Any, client: tuple[str, int]) -> Any:
        if not isinstance(payload, Request):
            return None
        headers = [("Date", http_date(clock())), ("Content-Type", "text/html"),
                   ("Content-Length", str(content_length(PLAIN_ON_TLS))), ("Connection", "close")]
        return Response(400, headers, PLAIN_ON_TLS)
    return handle
