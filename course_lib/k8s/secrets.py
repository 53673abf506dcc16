"""kubernetes.io/tls Secrets: the API server's checks of the type, and kubectl's describe of a Secret.

The API server only requires the tls.crt and tls.key keys (`kubectl create secret tls`, which checks the pair
itself first, is a generator: course_lib.k8s.kubectl.create_tls). Registered by `install()` (called from the
Ingress add-on).
"""
from __future__ import annotations

import base64
from typing import Any

Obj = dict[str, Any]
TLS = "kubernetes.io/tls"


def tls_errors(obj: Obj) -> list[str]:
    """ValidateSecret's checks for type kubernetes.io/tls."""
    if obj.get("type") != TLS:
        return []
    data = obj.get("data") or {}
    return [f"data[{key}]: Required value" for key in ("tls.crt", "tls.key") if key not in data]


def describe_secret(kx: Any, secret: Obj) -> str:
    """kubectl 1.30's describeSecret: metadata, Type, then each key's size (the token's text for SA tokens)."""
    from course_lib.k8s.kubectl.describe import W, annotations, kv
    meta = secret["metadata"]
    w = W()
    w.w(0, "Name:", meta["name"])
    w.w(0, "Namespace:", meta.get("namespace", "default"))
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})
    w.lines += ["", f"Type:\t{secret.get('type', 'Opaque')}", "", "Data", "===="]
    for key, value in sorted((secret.get("data") or {}).items()):
        raw = base64.b64decode(value or "")
        if key == "token" and secret.get("type") == "kubernetes.io/service-account-token":
            w.lines.append(f"{key}:\t{raw.decode(errors='replace')}")
        else:
            w.lines.append(f"{key}:\t{len(raw)} bytes")
    return w.text()


def install() -> None:
    from course_lib.k8s.kinds import KINDS
    info = KINDS["Secret"]
    if getattr(info.validate, "tls_checks", False):
        return
    base = info.validate

    def validate(obj: Obj, cluster: Any) -> list[str]:
        return (base(obj, cluster) if base else []) + tls_errors(obj)
    validate.tls_checks = True  # type: ignore[attr-defined]
    info.validate = validate
    from course_lib.k8s.kubectl.describe import DESCRIBERS
    DESCRIBERS.setdefault("Secret", describe_secret)
