"""`kubeadm` 1.30 on a node: `version` and `certs check-expiration`, read from the files on disk.

check-expiration lists the certificates kubeadm manages (the PKI files and the client certificates
embedded in the kubeconfigs) and their CAs, with kubeadm's text printer: a tabwriter (minwidth 10,
tabwidth 4, padding 3), `Jan 02, 2006 15:04 MST` dates, apimachinery's ShortHumanDuration residual
times, `!MISSING! NAME` for a file that is not there. Other subcommands (init, join, token, ...) are
not modelled and say so.
"""
from __future__ import annotations

import base64
from datetime import datetime
from typing import Any, Optional

from course_lib.http import x509
from course_lib.result import CommandResult
from course_lib.shell.registry import command

VERSION_LINE = ('kubeadm version: &version.Info{Major:"1", Minor:"30", GitVersion:"v1.30.4", '
                'GitCommit:"a51b3b711150f57ffc1f526a640ec058514ed596", GitTreeState:"clean", '
                'BuildDate:"2024-08-14T19:02:46Z", GoVersion:"go1.22.5", Compiler:"gc", Platform:"linux/amd64"}\n')
PKI = "/etc/kubernetes/pki"
CERTS = (("admin.conf", "kubeconfig", "ca"), ("apiserver", "pki", "ca"),
         ("apiserver-etcd-client", "pki", "etcd-ca"), ("apiserver-kubelet-client", "pki", "ca"),
         ("controller-manager.conf", "kubeconfig", "ca"), ("etcd-healthcheck-client", "etcd", "etcd-ca"),
         ("etcd-peer", "etcd", "etcd-ca"), ("etcd-server", "etcd", "etcd-ca"),
         ("front-proxy-client", "pki", "front-proxy-ca"), ("scheduler.conf", "kubeconfig", "ca"),
         ("super-admin.conf", "kubeconfig", "ca"))
CAS = (("ca", f"{PKI}/ca.crt"), ("etcd-ca", f"{PKI}/etcd/ca.crt"), ("front-proxy-ca", f"{PKI}/front-proxy-ca.crt"))
PREAMBLE = ("[check-expiration] Reading configuration from the cluster...\n"
            "[check-expiration] FYI: You can look at this config file with "
            "'kubectl -n kube-system get cm kubeadm-config -o yaml'\n\n")


def short_human_duration(seconds: float) -> str:
    """k8s.io/apimachinery/pkg/util/duration.ShortHumanDuration."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 60:
        return f"{s}s"
    if s // 60 < 60:
        return f"{s // 60}m"
    hours = s // 3600
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{int(hours / 24 / 365)}y"


def tabwriter(lines: list[str], minwidth: int = 10, padding: int = 3) -> str:
    """Go's text/tabwriter for one block of tab-separated lines (the last cell of a line is not padded)."""
    rows = [line.split("\t") for line in lines]
    widths: dict[int, int] = {}
    for cells in rows:
        for i, cell in enumerate(cells[:-1]):
            widths[i] = max(widths.get(i, 0), len(cell) + padding, minwidth)
    return "".join("".join(c.ljust(widths[i]) for i, c in enumerate(cells[:-1])) + cells[-1] + "\n"
                   for cells in rows)


def _read(ctx: Any, path: str) -> Optional[str]:
    from course_lib.shell.fs import read_file
    try:
        return read_file(ctx, path)
    except Exception:  # noqa: BLE001 - a missing file is a MISSING row
        return None


def _cert(ctx: Any, name: str, where: str) -> Optional[x509.Cert]:
    if where == "kubeconfig":
        text = _read(ctx, f"/etc/kubernetes/{name}") or ""
        data = next((line.split(":", 1)[1].strip() for line in text.splitlines()
                     if line.strip().startswith("client-certificate-data:")), "")
        try:
            text = base64.b64decode(data).decode()
        except (ValueError, UnicodeDecodeError):
            return None
    else:
        path = f"{PKI}/etcd/{name[5:]}.crt" if where == "etcd" else f"{PKI}/{name}.crt"
        text = _read(ctx, path) or ""
    certs = x509.load_certs(text)
    return certs[0] if certs else None


def _row(name: str, cert: x509.Cert, now: datetime, *middle: str) -> str:
    expires = x509.not_after(cert)
    return "\t".join((name, expires.strftime("%b %d, %Y %H:%M UTC"),
                      short_human_duration((expires - now).total_seconds()), *middle, f"{'no':<8}"))


def check_expiration(ctx: Any) -> CommandResult:
    from course_lib.http.tls import sim_now
    now = sim_now(ctx)
    lines = ["CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED"]
    for name, where, ca in CERTS:
        cert = _cert(ctx, name, where)
        lines.append(_row(name, cert, now, ca) if cert else f"!MISSING! {name}\t\t\t\t")
    cas = ["CERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED"]
    for name, path in CAS:
        found = x509.load_certs(_read(ctx, path) or "")
        cas.append(_row(name, found[0], now) if found else f"!MISSING! {name}\t\t\t")
    return CommandResult(PREAMBLE + tabwriter(lines) + "\n" + tabwriter(cas), "", 0)


@command("kubeadm")
def kubeadm(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    if args[:1] == ["version"]:
        if args[1:] in (["-o", "short"], ["-oshort"], ["--output=short"], ["--output", "short"]):
            return CommandResult("v1.30.4\n", "", 0)
        return CommandResult(VERSION_LINE, "", 0)
    if args[:2] == ["certs", "check-expiration"]:
        return check_expiration(ctx)
    what = " ".join(args[:2]) or "(no subcommand)"
    return CommandResult("", f"kubeadm {what}: not modelled by the course's simulation (kubeadm version and "
                             "kubeadm certs check-expiration are)\n", 1)
