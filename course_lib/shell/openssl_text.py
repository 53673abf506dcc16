"""OpenSSL 3.0's printouts of certificates and requests: `x509 -text`, `req -text`, -subject/-dates/-ext..."""
from __future__ import annotations

from typing import Any

from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa

from course_lib.http import x509

EKU = {"1.3.6.1.5.5.7.3.1": "TLS Web Server Authentication", "1.3.6.1.5.5.7.3.2": "TLS Web Client Authentication"}
SIG = {"sha256WithRSAEncryption": "sha256WithRSAEncryption"}


def _hex(data: bytes, per_line: int, indent: int, upper: bool = False) -> str:
    parts = [f"{b:02X}" if upper else f"{b:02x}" for b in data]
    lines = [":".join(parts[i:i + per_line]) for i in range(0, len(parts), per_line)]
    return ":\n".join(" " * indent + line for line in lines) + "\n"


def _int_bytes(n: int, pad: bool = True) -> bytes:
    data = n.to_bytes((n.bit_length() + 7) // 8 or 1, "big")
    return b"\x00" + data if pad and data[0] & 0x80 else data


def serial_lines(serial: int) -> str:
    if serial < 2 ** 63:
        return f"        Serial Number: {serial} (0x{serial:x})\n"
    return "        Serial Number:\n" + _hex(_int_bytes(serial, pad=False), 20, 12)


def _names(value: Any) -> str:
    out = []
    for g in value:
        if isinstance(g, cx509.DNSName):
            out.append(f"DNS:{g.value}")
        elif isinstance(g, cx509.IPAddress) and g.value.version == 6:   # OpenSSL 3.0: 0:0:0:0:0:0:0:1, FE80:...
            out.append("IP Address:" + ":".join(f"{int(h, 16):X}" for h in g.value.exploded.split(":")))
        elif isinstance(g, cx509.IPAddress):
            out.append(f"IP Address:{g.value}")
        elif isinstance(g, cx509.RFC822Name):
            out.append(f"email:{g.value}")
    return ", ".join(out)


def extension_lines(ext: cx509.Extension) -> tuple[str, str]:
    """(title, value) as X509V3_EXT_print shows an extension."""
    v = ext.value
    if isinstance(v, cx509.SubjectKeyIdentifier):
        return "X509v3 Subject Key Identifier", ":".join(f"{b:02X}" for b in v.digest)
    if isinstance(v, cx509.AuthorityKeyIdentifier):
        return "X509v3 Authority Key Identifier", ":".join(f"{b:02X}" for b in (v.key_identifier or b""))
    if isinstance(v, cx509.BasicConstraints):
        text = "CA:TRUE" if v.ca else "CA:FALSE"
        return "X509v3 Basic Constraints", text + (f", pathlen:{v.path_length}" if v.path_length is not None else "")
    if isinstance(v, cx509.SubjectAlternativeName):
        return "X509v3 Subject Alternative Name", _names(v)
    if isinstance(v, cx509.KeyUsage):
        flags = [("digital_signature", "Digital Signature"), ("content_commitment", "Non Repudiation"),
                 ("key_encipherment", "Key Encipherment"), ("data_encipherment", "Data Encipherment"),
                 ("key_agreement", "Key Agreement"), ("key_cert_sign", "Certificate Sign"),
                 ("crl_sign", "CRL Sign")]
        return "X509v3 Key Usage", ", ".join(t for a, t in flags if getattr(v, a))
    if isinstance(v, cx509.ExtendedKeyUsage):
        return "X509v3 Extended Key Usage", ", ".join(EKU.get(o.dotted_string, o.dotted_string) for o in v)
    return ext.oid.dotted_string, ext.value.public_bytes().hex() if hasattr(ext.value, "public_bytes") else ""


def _key_lines(key: Any) -> str:
    if not isinstance(key, rsa.RSAPublicKey):
        return "            Public Key Algorithm: id-ecPublicKey\n"
    n = key.public_numbers()
    return ("            Public Key Algorithm: rsaEncryption\n"
            f"                Public-Key: ({key.key_size} bit)\n                Modulus:\n"
            + _hex(_int_bytes(n.n), 15, 20) + f"                Exponent: {n.e} (0x{n.e:x})\n")


def _sig_name(obj: Any) -> str:
    return getattr(obj.signature_algorithm_oid, "_name", "sha256WithRSAEncryption")


def _extensions(exts: Any, indent: str) -> str:
    out = ""
    for ext in exts:
        title, value = extension_lines(ext)
        out += f"{indent}{title}: {'critical' if ext.critical else ''}\n{indent}    {value}\n"
    return out


def cert_text(cert: x509.Cert) -> str:
    """`openssl x509 -noout -text`."""
    version = cert.version.value
    out = (f"Certificate:\n    Data:\n        Version: {version + 1} (0x{version:x})\n"
           + serial_lines(cert.serial_number)
           + f"        Signature Algorithm: {_sig_name(cert)}\n"
           f"        Issuer: {x509.openssl_name(cert.issuer)}\n        Validity\n"
           f"            Not Before: {x509.date_text(x509.not_before(cert))}\n"
           f"            Not After : {x509.date_text(x509.not_after(cert))}\n"
           f"        Subject: {x509.openssl_name(cert.subject)}\n        Subject Public Key Info:\n"
           + _key_lines(cert.public_key()))
    if len(cert.extensions):
        out += "        X509v3 extensions:\n" + _extensions(cert.extensions, " " * 12)
    return out + (f"    Signature Algorithm: {_sig_name(cert)}\n    Signature Value:\n"
                  + _hex(cert.signature, 18, 8))


def csr_text(csr: cx509.CertificateSigningRequest) -> str:
    """`openssl req -noout -text`."""
    out = ("Certificate Request:\n    Data:\n        Version: 1 (0x0)\n"
           f"        Subject: {x509.openssl_name(csr.subject)}\n"
           "        Subject Public Key Info:\n" + _key_lines(csr.public_key()) + "        Attributes:\n")
    if len(csr.extensions):
        out += "            Requested Extensions:\n" + _extensions(csr.extensions, " " * 16)
    else:
        out += "            (none)\n            Requested Extensions:\n"
    return out + (f"    Signature Algorithm: {_sig_name(csr)}\n    Signature Value:\n" + _hex(csr.signature, 18, 8))


def field(cert: x509.Cert, name: str, digest: str = "sha1") -> str:
    """One of x509's print options (-subject, -issuer, -dates, -serial, -fingerprint, -modulus...)."""
    if name == "subject":
        return f"subject={x509.openssl_name(cert.subject)}\n"
    if name == "issuer":
        return f"issuer={x509.openssl_name(cert.issuer)}\n"
    if name == "startdate":
        return f"notBefore={x509.date_text(x509.not_before(cert))}\n"
    if name == "enddate":
        return f"notAfter={x509.date_text(x509.not_after(cert))}\n"
    if name == "dates":
        return field(cert, "startdate") + field(cert, "enddate")
    if name == "serial":
        return f"serial={_int_bytes(cert.serial_number, pad=False).hex().upper()}\n"
    if name == "fingerprint":
        algo = hashes.SHA256() if digest == "sha256" else hashes.SHA1()
        label = "sha256" if digest == "sha256" else "SHA1"
        return f"{label} Fingerprint=" + ":".join(f"{b:02X}" for b in cert.fingerprint(algo)) + "\n"
    if name == "modulus":
        return f"Modulus={cert.public_key().public_numbers().n:X}\n"
    if name == "pubkey":
        from cryptography.hazmat.primitives import serialization
        return cert.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return ""


def ext_text(cert: x509.Cert, names: list[str]) -> tuple[str, str]:
    """`-ext subjectAltName,...`: (stdout, stderr)."""
    wanted = {"subjectAltName": cx509.SubjectAlternativeName, "basicConstraints": cx509.BasicConstraints,
              "keyUsage": cx509.KeyUsage, "extendedKeyUsage": cx509.ExtendedKeyUsage,
              "subjectKeyIdentifier": cx509.SubjectKeyIdentifier,
              "authorityKeyIdentifier": cx509.AuthorityKeyIdentifier}
    found = [e for e in cert.extensions if any(isinstance(e.value, wanted.get(n, ())) for n in names)]
    if not found:
        return "", "No extensions in certificate\n"
    return "\n".join(f"{extension_lines(e)[0]}: {'critical' if e.critical else ''}\n    {extension_lines(e)[1]}"
                     for e in found) + "\n", ""
