"""TLS 1.3 over the simulated TCP: the ClientHello (SNI, ALPN, the client's checks) and the server's flight.

One TCP exchange carries the whole handshake: the server picks its certificate chain by SNI and offers
it to the client's check, which runs at the point a real client verifies (after the Certificate
message); only a client that accepts sends its request, so a refused certificate never reaches the
application (no access-log line), as on a real server. A plain HTTP server answering a ClientHello, or a
TLS server getting plain HTTP, gives the errors real clients and servers give.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

from course_lib.http import transport, x509
from course_lib.http.message import Request

VERSION, CIPHER = "TLSv1.3", "TLS_AES_256_GCM_SHA384"
Handler = Callable[[Any, tuple[str, int]], Any]
CertPicker = Callable[[Optional[str]], list[x509.Cert]]
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
CAPATH = "/etc/ssl/certs"


@dataclass
class ClientHello:
    sni: Optional[str]                              # None for an IP literal (clients send no SNI then)
    alpn: tuple[str, ...]
    accept: Callable[[list[x509.Cert]], bool]       # the client's verdict on the chain (and host)
    request: Any = None                             # application data sent once the handshake is done
    client_chain: list[x509.Cert] = field(default_factory=list)   # curl --cert (its key already checked)


@dataclass
class ServerFlight:
    chain: list[x509.Cert]
    alpn: Optional[str]
    response: Any = None                            # None when the client aborted the handshake
    ticket_size: int = 249                          # one NewSessionTicket message (two are sent)
    sni_acked: bool = False                         # the server answered the SNI extension (nginx does)
    client_auth: bool = False                       # the server sent CertificateRequest
    alert: str = ""                                 # the server's alert after the client's Finished


def server(certs: CertPicker, app: Handler, alpn: tuple[str, ...] = ("http/1.1",),
           plain: Optional[Handler] = None, ticket_size: int = 249, sni_ack: bool = False,
           client_ca: Optional[list[x509.Cert]] = None, ask_client_cert: bool = False) -> Handler:
    """A TLS listener's handler: the chain for the SNI name, ALPN by server preference, then `app`.

    `ticket_size` is 249 for OpenSSL's stateless tickets, 57 for nginx with ssl_session_tickets off;
    `sni_ack` is a server with a servername callback (nginx), which answers SNI with an empty extension;
    `client_ca` makes the server require a client certificate issued by one of those CAs (Go's
    RequireAndVerifyClientCert: no certificate is alert 116, an unverifiable one alert 42); `ask_client_cert`
    only sends the CertificateRequest (a server with a client CA that does not require one: kube-apiserver)."""
    def handle(payload: Any, client: tuple[str, int]) -> Any:
        if isinstance(payload, ClientHello):
            chain = certs(payload.sni)
            proto = next((p for p in alpn if p in payload.alpn), None)
            flight = ServerFlight(chain, proto, None, ticket_size, sni_ack and payload.sni is not None,
                                  client_ca is not None or ask_client_cert)
            if not payload.accept(chain) or payload.request is None:   # refused, or a handshake only (s_client)
                return flight
            if client_ca is not None:
                mine = payload.client_chain
                if not mine:
                    flight.alert = "certificate required"
                elif x509.verify_chain(mine, client_ca, x509.not_before(mine[0])):
                    flight.alert = "bad certificate"
                if flight.alert:
                    return flight
            request = payload.request
            if proto == "h2" and isinstance(request, Request):
                request = replace(request, version="HTTP/2.0")
            flight.response = app(request, client)
            return flight
        return plain(payload, client) if plain is not None else None
    return handle


def sim_now(ctx: Any) -> datetime:
    """The lab's clock as an aware UTC time (model time 0 is the Docker engine's and the cluster's epoch)."""
    from course_lib.k8s.store import EPOCH
    return EPOCH.astimezone(timezone.utc) + timedelta(seconds=float(ctx.machine.network.clock))


def trust_store(ctx: Any, cafile: Optional[str]) -> Optional[list[x509.Cert]]:
    """The certificates a client trusts: `cafile`, else the machine's system bundle; None when cafile is unusable."""
    from course_lib.shell.fs import read_file
    path = cafile or SYSTEM_BUNDLE
    try:
        text = read_file(ctx, path)
    except Exception:  # noqa: BLE001 - a missing or unreadable bundle is the client's own error
        return None if cafile else []
    certs = x509.load_certs(text)
    if cafile and not certs:
        return None
    return certs


@dataclass
class Outcome:
    """What the client saw: the transport result and, when TLS got that far, the handshake."""

    conn: transport.Connection
    kind: str = "ok"            # ok | refused (verify/host) | alert (server refused us) | wrong-version | syscall | tcp
    flight: Optional[ServerFlight] = None
    verify_code: int = 0
    host: Optional[x509.HostCheck] = None

    @property
    def response(self) -> Any:
        return self.flight.response if self.flight else None


def handshake(ctx: Any, address: str, port: int, url_host: str, request: Any, timeout: float,
              trusted: Optional[list[x509.Cert]], alpn: tuple[str, ...] = ("h2", "http/1.1"),
              host_check: Callable[[x509.Cert, str], x509.HostCheck] = x509.check_host,
              client_chain: Optional[list[x509.Cert]] = None) -> Outcome:
    """Connect, say ClientHello (SNI = the URL's host unless it is an IP), check as the client checks.

    `trusted=None` is -k / --no-check-certificate: the result is still computed, never enforced.
    """
    from course_lib.http.client import is_ip
    now = sim_now(ctx)
    seen: dict[str, Any] = {}

    def accept(chain: list[x509.Cert]) -> bool:
        seen["code"] = x509.verify_chain(chain, trusted or [], now) if chain else 20
        seen["host"] = host_check(chain[0], url_host) if chain else None
        if trusted is None:
            return True
        return seen["code"] == 0 and bool(seen["host"] and seen["host"].ok)

    hello = ClientHello(None if is_ip(url_host) or ":" in url_host else url_host, alpn, accept, request,
                        list(client_chain or []))
    conn = transport.request(ctx.netns, address, port, hello, timeout)
    if conn.status != transport.OK:
        return Outcome(conn, "tcp")
    reply = conn.response
    if reply is None:
        return Outcome(conn, "syscall")
    if not isinstance(reply, ServerFlight):
        return Outcome(conn, "wrong-version")
    out = Outcome(conn, "ok", reply, seen.get("code", 0), seen.get("host"))
    if reply.alert:
        out.kind = "alert"
    elif reply.response is None and trusted is not None:
        out.kind = "refused"
    return out
