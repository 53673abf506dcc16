"""wget over TLS: GNU Wget 1.21 built with GnuTLS (Debian) checks and texts; BusyBox wget does not verify.

GnuTLS wget reports every problem it finds ("not trusted", "doesn't have a known issuer", "has
expired", the owner mismatch) as ERROR and exits 5, or as WARNING with --no-check-certificate and
goes on; a plain HTTP port gives "Unable to establish SSL connection." (exit 4).
"""
from __future__ import annotations

import ipaddress
from typing import Any

from course_lib.http import tls, x509


def _gnutls_host(cert: x509.Cert, host: str) -> x509.HostCheck:
    """gnutls_x509_crt_check_hostname: IP SANs for an address, DNS SANs (CN only without them) for a name."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return x509.HostCheck(x509.covers(cert, host), "")
    ok = any(k == "IP" and ipaddress.ip_address(v) == address for k, v in x509.alt_names(cert))
    return x509.HostCheck(ok, "")


def handshake(ctx: Any, opts: dict[str, Any], address: str, url: Any, request: Any, busybox: bool) -> tls.Outcome:
    trusted = None
    if opts["check_cert"] and not busybox:
        trusted = tls.trust_store(ctx, opts["ca"]) or []
    return tls.handshake(ctx, address, url.port, url.host, request, opts["timeout"], trusted, (), _gnutls_host)


def gnu_report(opts: dict[str, Any], url: Any, outcome: Any) -> tuple[str, int, Any]:
    """(the lines wget prints after "connected.", its exit code or 0, the HTTP response)."""
    if outcome.kind in ("wrong-version", "syscall"):
        reason = "An unexpected TLS packet was received." if outcome.kind == "wrong-version" else \
            "The TLS connection was non-properly terminated."
        return f"GnuTLS: {reason}\nUnable to establish SSL connection.\n", 4, None
    severity = "ERROR" if opts["check_cert"] else "WARNING"
    host = f"‘{url.host}’"
    code = outcome.verify_code
    lines = ""
    if code:
        lines += f"{severity}: The certificate of {host} is not trusted.\n"
        if code in (18, 19, 20, 21, 7):
            lines += f"{severity}: The certificate of {host} doesn't have a known issuer.\n"
        elif code == 10:
            lines += f"{severity}: The certificate of {host} has expired.\n"
        elif code == 9:
            lines += f"{severity}: The certificate of {host} is not yet activated.\n"
    if outcome.host is not None and not outcome.host.ok:
        lines += f"The certificate's owner does not match hostname {host}\n"
    if lines and opts["check_cert"]:
        return lines, 5, None
    return lines, 0, outcome.response
