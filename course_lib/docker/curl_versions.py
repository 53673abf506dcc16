"""Which curl a machine or container image ships: its User-Agent `curl/X.Y.Z` and its `curl -V` text.

A Debian machine (nodes, the nginx image) has Debian 12's curl 7.88.1; `curlimages/curl:TAG` is curl TAG
built on Alpine (musl; `latest` is the newest pinned tag); `nicolaka/netshoot:v0.13` installs Alpine edge's
curl at its build (apk upgrade from edge, summer 2024: 8.9.1).
"""
from __future__ import annotations

from typing import Any

DEBIAN = "7.88.1"
# curlimages/curl: the tag is the curl release; netshoot: Alpine edge's curl when the tag was built
IMAGE_CURL = {"curlimages/curl": {"latest": "8.11.0"}, "nicolaka/netshoot": {"latest": "8.9.1", "v0.13": "8.9.1"}}
RELEASE_DATES = {"8.11.0": "2024-11-06", "8.10.1": "2024-09-18", "8.9.1": "2024-07-31", "8.8.0": "2024-05-22",
                 "8.5.0": "2023-12-06"}
DEBIAN_TEXT = (
    "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.22 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 "
    "libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13\n"
    "Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u15\n"
    "Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp "
    "sftp smb smbs smtp smtps telnet tftp\n"
    "Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM "
    "NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n")
ALPINE_LIBS = ("OpenSSL/3.3.2 zlib/1.3.1 brotli/1.1.0 zstd/1.5.6 c-ares/1.34.3 libidn2/2.3.7 libpsl/0.21.5 "
               "libssh2/1.11.1 nghttp2/1.64.0")
ALPINE_PROTOCOLS = ("dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp scp sftp "
                    "smb smbs smtp smtps telnet tftp ws wss")
ALPINE_FEATURES = ("alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM PSL SSL threadsafe "
                   "TLS-SRP UnixSockets zstd")


def _image(machine: Any) -> tuple[str, str]:
    ref = str(getattr(machine, "image", "") or "")
    name, _, tag = ref.rpartition(":") if ":" in ref.rsplit("/", 1)[-1] else (ref, "", "latest")
    for prefix in ("docker.io/library/", "docker.io/"):
        name = name[len(prefix):] if name.startswith(prefix) else name
    return name, tag or "latest"


def curl_version(machine: Any) -> str:
    """The curl release the machine's image carries (Debian's when the image is not one of these)."""
    name, tag = _image(machine)
    if name == "curlimages/curl":
        return IMAGE_CURL[name]["latest"] if tag == "latest" else tag
    if name in IMAGE_CURL:
        return IMAGE_CURL[name].get(tag, IMAGE_CURL[name]["latest"])
    return DEBIAN


def version_text(machine: Any) -> str:
    """`curl -V`."""
    version = curl_version(machine)
    if version == DEBIAN:
        return DEBIAN_TEXT
    return (f"curl {version} (x86_64-pc-linux-musl) libcurl/{version} {ALPINE_LIBS}\n"
            f"Release-Date: {RELEASE_DATES.get(version, '2024-11-06')}\n"
            f"Protocols: {ALPINE_PROTOCOLS}\nFeatures: {ALPINE_FEATURES}\n")
