"""curl 7.88.1 (OpenSSL 3.0) over TLS: the -v handshake trace, "Server certificate:", exit 60/35/77, HTTP/2.

Texts are those of the real curl on Debian 12 against OpenSSL servers; in a trace, consecutive data
events show as one `{ [N bytes data]` line, as curl's debug callback collapses them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional

from course_lib.http import tls, x509
from course_lib.http.message import Request, Response

OPENSSL = "OpenSSL/3.0.19"
SSLCERTS = ("More details here: https://curl.se/docs/sslcerts.html\n\n"
            "curl failed to verify the legitimacy of the server and therefore could not\n"
            "establish a secure connection to it. To learn more about this situation and\n"
            "how to fix it, please visit the web page mentioned above.")
EASY_HANDLE = "0x55d0c8d3d2b0"
HOP_BY_HOP = ("connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection")


@dataclass
class TlsFetch:
    outcome: Optional[tls.Outcome] = None
    trace: str = ""                    # -v lines from "ALPN: offers" to the request
    error: Optional[tuple[int, str]] = None
    request_trace: str = ""            # "> ..." lines (HTTP/1.1 or HTTP/2 form)
    after_request: str = ""            # tickets and h2 settings lines between request and response
    response: Any = None
    h2: bool = False
    conn: Any = None
    extra: list[str] = field(default_factory=list)


def _in(name: str, size: int) -> str:
    return f"* TLSv1.3 (IN), TLS handshake, {name}:\n{{ [{size} bytes data]\n"


def _ee_size(flight: tls.ServerFlight) -> int:
    """EncryptedExtensions: ALPN's answer, and the empty server_name answer of servers that take SNI."""
    return 4 + 2 + (4 + 2 + 1 + len(flight.alpn) if flight.alpn else 0) + (4 if flight.sni_acked else 0)


def _cert_size(chain: list[x509.Cert]) -> int:
    from cryptography.hazmat.primitives.serialization import Encoding
    return 4 + 1 + 3 + sum(3 + len(c.public_bytes(Encoding.DER)) + 2 for c in chain)


def h2_response(resp: Response) -> Response:
    """The response as curl shows an HTTP/2 one: `HTTP/2 200 `, lower-case names, no hop-by-hop headers."""
    headers = [(k.lower(), v) for k, v in resp.headers if k.lower() not in HOP_BY_HOP]
    return Response(resp.status, headers, resp.body, "HTTP/2", resp.reason)


def _h2_request(request: Request) -> tuple[Request, str]:
    """curl 7.88's HTTP/2 request trace: h2h3 pseudo-headers, then the headers lower-cased but Host."""
    headers = [(k if k.lower() == "host" else k.lower(), v) for k, v in request.headers]
    authority = request.host
    pseudo = [(":method", request.method), (":path", request.target), (":scheme", "https"),
              (":authority", authority)] + [(k.lower(), v) for k, v in headers if k.lower() != "host"]
    lines = "".join(f"* h2h3 [{k}: {v}]\n" for k, v in pseudo)
    lines += f"* Using Stream ID: 1 (easy handle {EASY_HANDLE})\n"
    return replace(request, headers=headers, version="HTTP/2"), lines


ALERT_CODES = {"certificate required": (628, "0A00045C"), "bad certificate": (554, "0A000412")}
ALERT_PREFIX = {"certificate required": "tlsv13 alert", "bad certificate": "sslv3 alert"}


def client_certificate(ctx: Any, o: Any) -> tuple[list[x509.Cert], str]:
    """--cert/--key as curl's cert_stuff loads them: the chain, or the failf text of exit 58."""
    if not o.cert:
        return [], ""
    from course_lib.shell.fs import read_file
    try:
        chain = x509.load_certs(read_file(ctx, o.cert))
        reason = "error:0480006C:PEM routines::no start line"
    except Exception:  # noqa: BLE001 - a missing file is OpenSSL's system error
        chain, reason = [], "error:80000002:system library::No such file or directory"
    if not chain:
        return [], (f"could not load PEM client certificate from {o.cert}, OpenSSL error {reason}, "
                    "(no key found, wrong pass phrase, or wrong file format?)")
    key_path = o.key or o.cert
    try:
        key = x509.load_key(read_file(ctx, key_path))
    except Exception:  # noqa: BLE001
        key = None
    if key is None:
        return [], f"unable to set private key file: '{key_path}' type PEM"
    if key.public_key().public_numbers() != chain[0].public_key().public_numbers():
        return [], "Private key does not match the certificate public key"
    return chain, ""


def connect(ctx: Any, o: Any, url: Any, address: str, request: Request, timeout: float) -> TlsFetch:
    """The TLS handshake and the exchange, as curl runs and traces them."""
    out = TlsFetch()
    trusted: Optional[list[x509.Cert]] = None
    if not o.insecure:
        trusted = tls.trust_store(ctx, o.cacert)
    alpn = ("http/1.1",) if o.http11 else ("h2", "http/1.1")
    mine, problem = client_certificate(ctx, o)
    outcome = tls.handshake(ctx, address, url.port, url.host, request, timeout,
                            None if o.insecure else (trusted or []), alpn, client_chain=mine)
    out.outcome, out.conn = outcome, outcome.conn
    if outcome.kind == "tcp":
        return out
    t = f"* ALPN: offers {','.join(alpn)}\n"
    if problem:
        out.trace, out.error = t + f"* {problem}\n* Closing connection 0\n", (58, problem)
        return out
    if o.insecure is False and trusted is None:
        out.trace = t
        out.error = (77, f"error setting certificate file: {o.cacert}")
        out.trace += "* Closing connection 0\n"
        return out
    t += "} [5 bytes data]\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n} [512 bytes data]\n"
    if not o.insecure:
        t += f"*  CAfile: {o.cacert or tls.SYSTEM_BUNDLE}\n*  CApath: {tls.CAPATH}\n"
    if outcome.kind in ("wrong-version", "syscall"):
        if outcome.kind == "wrong-version":
            message = f"{OPENSSL}: error:0A00010B:SSL routines::wrong version number"
            t += "" if o.insecure else "{ [5 bytes data]\n"
        else:
            message = f"OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to {url.host}:{url.port} "
        out.trace = t + f"* {message}\n* Closing connection 0\n"
        out.error = (35, message)
        return out
    flight = outcome.flight
    assert flight is not None
    chain = flight.chain
    # a data line after data lines is not repeated (curl's debug callback); the CAfile lines break the run
    t += ("" if o.insecure else "{ [5 bytes data]\n") + _in("Server hello (2)", 122)
    t += _in("Encrypted Extensions (8)", _ee_size(flight))
    if flight.client_auth:
        t += _in("Request CERT (13)", 116)
    t += _in("Certificate (11)", _cert_size(chain))
    code = outcome.verify_code
    if code and not o.insecure:
        problem = f"SSL certificate problem: {x509.VERIFY_ERRORS[code]}"
        out.trace = t + (f"* TLSv1.3 (OUT), TLS alert, {x509.ALERTS[code]}:\n}} [2 bytes data]\n"
                         f"* {problem}\n* Closing connection 0\n")
        out.error = (60, f"{problem}\n{SSLCERTS}")
        return out
    leaf = chain[0]
    t += _in("CERT verify (15)", 8 + x509.public_key_bits(leaf) // 8) + _in("Finished (20)", 52)
    t += "* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):\n} [1 bytes data]\n"
    if flight.client_auth:
        t += f"* TLSv1.3 (OUT), TLS handshake, Certificate (11):\n}} [{_cert_size(mine) if mine else 8} bytes data]\n"
        if mine:
            t += f"* TLSv1.3 (OUT), TLS handshake, CERT verify (15):\n}} [{8 + x509.public_key_bits(mine[0]) // 8}" \
                 " bytes data]\n"
    t += "* TLSv1.3 (OUT), TLS handshake, Finished (20):\n} [52 bytes data]\n"
    t += f"* SSL connection using {tls.VERSION} / {tls.CIPHER}\n"
    t += f"* ALPN: server accepted {flight.alpn}\n" if flight.alpn else \
        "* ALPN: server did not agree on a protocol. Uses default.\n"
    t += (f"* Server certificate:\n*  subject: {x509.curl_name(leaf.subject)}\n"
          f"*  start date: {x509.date_text(x509.not_before(leaf))}\n"
          f"*  expire date: {x509.date_text(x509.not_after(leaf))}\n")
    host = outcome.host
    if not o.insecure and host is not None:
        if host.info:
            t += f"*  {host.info}\n"
        if not host.ok:
            # closing, curl reads what the server already sent (its first session ticket), then says close notify
            out.trace = t + (f"* {host.error}\n* Closing connection 0\n{{ [5 bytes data]\n"
                             + _in("Newsession Ticket (4)", flight.ticket_size)
                             + "* TLSv1.3 (OUT), TLS alert, close notify (256):\n} [2 bytes data]\n")
            out.error = (60, f"{host.error}\n{SSLCERTS}")
            return out
    t += f"*  issuer: {x509.curl_name(leaf.issuer)}\n"
    t += "*  SSL certificate verify ok.\n" if not code else \
        f"*  SSL certificate verify result: {x509.VERIFY_ERRORS[code]} ({code}), continuing anyway.\n"
    out.h2 = flight.alpn == "h2"
    shown = request
    if out.h2:              # the connection preface and SETTINGS go out first
        shown, h2h3 = _h2_request(request)
        t += "} [5 bytes data]\n* using HTTP/2\n" + h2h3
    else:
        t += "* using HTTP/1.1\n"
    out.trace = t + "} [5 bytes data]\n"
    if outcome.kind == "alert":          # TLS 1.3: the server judges our certificate after our Finished
        number, code = ALERT_CODES[flight.alert]
        message = f"OpenSSL SSL_read: error:{code}:SSL routines::{ALERT_PREFIX[flight.alert]} {flight.alert}, errno 0"
        out.trace += ("".join(f"> {line}\r\n" for line in shown.head_lines()) + "> \r\n"
                      f"{{ [5 bytes data]\n* TLSv1.3 (IN), TLS alert, {flight.alert} ({number}):\n{{ [2 bytes data]\n"
                      f"* {message}\n* Closing connection 0\n")
        out.error = (56, message)
        return out
    out.request_trace = "".join(f"> {line}\r\n" for line in shown.head_lines()) + "> \r\n"
    tickets = _in("Newsession Ticket (4)", flight.ticket_size) * 2
    out.after_request = "{ [5 bytes data]\n" + tickets + "* old SSL session ID is stale, removing\n{ [5 bytes data]\n"
    response = flight.response
    out.response = h2_response(response) if out.h2 and isinstance(response, Response) else response
    return out
