"""`openssl s_client -connect HOST:PORT [-servername NAME] [-CAfile F] [-showcerts]`: a handshake, OpenSSL 3.0's report.

The verify callback's lines go to stderr, the session report to stdout; with stdin at EOF the client
says DONE (on stderr) and exits 0 (1 when the handshake or the connection failed), as the real one does.
Session tickets that arrive before EOF (random bytes, timing-dependent in reality) are not shown.
"""
from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from course_lib.http import tls, x509
from course_lib.http.client import is_ip, resolve
from course_lib.result import CommandResult

ERR = "40E7B862227F0000"
TAIL = ("Secure Renegotiation IS NOT supported\nCompression: NONE\nExpansion: NONE\nNo ALPN negotiated\n"
        "Early data was not sent\n")


def _verify_lines(chain: list[x509.Cert], code: int) -> str:
    leaf = x509.openssl_name(chain[0].subject)
    if code == 0:
        above = "" if x509.self_signed(chain[0]) else f"depth=1 {x509.openssl_name(chain[0].issuer)}\nverify return:1\n"
        return above + f"depth=0 {leaf}\nverify return:1\n"
    out = f"depth=0 {leaf}\nverify error:num={code}:{x509.VERIFY_ERRORS[code]}\n"
    if code in (9, 10):
        which = "notBefore" if code == 9 else "notAfter"
        moment = x509.not_before(chain[0]) if code == 9 else x509.not_after(chain[0])
        out += f"{which}={x509.date_text(moment)}\n"
    out += "verify return:1\n"
    if code == 20:
        out += f"depth=0 {leaf}\nverify error:num=21:{x509.VERIFY_ERRORS[21]}\nverify return:1\n"
    return out + f"depth=0 {leaf}\nverify return:1\n"


def s_client(ctx: Any, opts: dict[str, Any], stdin: str) -> CommandResult:
    target = (opts.get("-connect") or ["localhost:443"])[-1]
    host, _, port_text = target.rpartition(":")
    if not host:
        host, port_text = target, "443"
    address = resolve(ctx, host)
    if address is None:
        return CommandResult("", f"{ERR}:error:10080002:BIO routines:BIO_lookup_ex:system lib:"
                             "../crypto/bio/bio_addr.c:746:Name or service not known\nconnect:errno=0\n", 1)
    cafile = (opts.get("-CAfile") or [None])[-1]
    trusted = tls.trust_store(ctx, cafile) or []
    sni = (opts.get("-servername") or [None])[-1] or (None if is_ip(host) or opts.get("-noservername") else host)
    chosen = {"name": sni or host}
    outcome = tls.handshake(ctx, address, int(port_text) if port_text.isdigit() else 443, chosen["name"], None,
                            10.0, None, ())
    if outcome.kind == "tcp":
        return CommandResult("", f"{ERR}:error:8000006F:system library:BIO_connect:Connection refused:"
                             "../crypto/bio/bio_sock2.c:117:calling connect()\n"
                             f"{ERR}:error:10000067:BIO routines:BIO_connect:connect error:"
                             "../crypto/bio/bio_sock2.c:119:\nconnect:errno=111\n", 1)
    sni_bytes = 9 + len(sni) if sni else 0
    out = "CONNECTED(00000003)\n---\n"
    if outcome.kind != "ok" or outcome.flight is None:
        out += ("no peer certificate available\n---\nNo client certificate CA names sent\n---\n"
                f"SSL handshake has read 5 bytes and written {297 + sni_bytes} bytes\nVerification: OK\n---\n"
                "New, (NONE), Cipher is (NONE)\n" + TAIL + "Verify return code: 0 (ok)\n---\n")
        err = (f"{ERR}:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:"
               "../ssl/record/ssl3_record.c:350:\n")
        return CommandResult(out, err, 1)
    chain = outcome.flight.chain
    code = x509.verify_chain(chain, trusted, tls.sim_now(ctx))
    shown = 21 if code == 20 else code
    out += "Certificate chain\n"
    for n, cert in enumerate(chain):
        out += (f" {n} s:{x509.openssl_name(cert.subject)}\n   i:{x509.openssl_name(cert.issuer)}\n"
                f"   a:PKEY: rsaEncryption, {x509.public_key_bits(cert)} (bit); sigalg: RSA-SHA256\n"
                f"   v:NotBefore: {x509.date_text(x509.not_before(cert))}; "
                f"NotAfter: {x509.date_text(x509.not_after(cert))}\n")
        if opts.get("-showcerts"):
            out += x509.cert_pem(cert)
    leaf = chain[0]
    out += "---\n"
    if not opts.get("-showcerts"):
        out += "Server certificate\n" + x509.cert_pem(leaf)
    out += (f"subject={x509.openssl_name(leaf.subject)}\nissuer={x509.openssl_name(leaf.issuer)}\n---\n"
            "No client certificate CA names sent\nPeer signing digest: SHA256\nPeer signature type: RSA-PSS\n"
            "Server Temp Key: X25519, 253 bits\n---\n")
    read = 556 + sum(len(c.public_bytes(Encoding.DER)) + 5 for c in chain) - 5
    out += f"SSL handshake has read {read} bytes and written {377 + sni_bytes} bytes\n"
    out += "Verification: OK\n" if not shown else f"Verification error: {x509.VERIFY_ERRORS[shown]}\n"
    out += (f"---\nNew, {tls.VERSION}, Cipher is {tls.CIPHER}\nServer public key is {x509.public_key_bits(leaf)} bit\n"
            + TAIL + f"Verify return code: {shown} ({x509.VERIFY_ERRORS.get(shown, 'ok')})\n---\n")
    no_sni = "" if sni else "Can't use SSL_get_servername\n"
    return CommandResult(out, no_sni + _verify_lines(chain, code) + "DONE\n", 0)
