"""kubernetes.io/tls Secrets: the API server's checks of the type and `kubectl create secret tls` (kubectl 1.30).

The API server only requires the tls.crt and tls.key keys; kubectl checks the pair itself with Go's
tls.X509KeyPair before sending it (a key that does not match its certificate, or a file that holds no
PEM, is refused there with Go's error text). Registered by `install()` (called from the Ingress add-on).
"""
from __future__ import annotations

import base64
from typing import Any

from course_lib.http import x509
from course_lib.result import CommandResult

Obj = dict[str, Any]
TLS = "kubernetes.io/tls"


def tls_errors(obj: Obj) -> list[str]:
    """ValidateSecret's checks for type kubernetes.io/tls."""
    if obj.get("type") != TLS:
        return []
    data = obj.get("data") or {}
    return [f"data[{key}]: Required value" for key in ("tls.crt", "tls.key") if key not in data]


def _create_tls(kx: Any, args: list[str], stdin: str) -> CommandResult:
    from course_lib.k8s.kubectl.flags import parse
    from course_lib.k8s.kubectl.main import KubectlError, create_failed
    from course_lib.k8s.store import ApiError
    from course_lib.shell.fs import read_file
    flags, pos, _ = parse("create secret tls", args, {}, {"--cert": "cert", "--key": "key", "--dry-run": "dry_run",
                                                        "-o": "output", "--output": "output"})
    if len(pos) != 1:
        raise KubectlError(f"error: exactly one NAME is required, got {len(pos)}\n"
                           "See 'kubectl create secret tls -h' for help and examples\n")
    cert_path, key_path = flags.get("cert", ""), flags.get("key", "")
    if not cert_path or not key_path:
        raise KubectlError("error: key and cert must be specified\n")
    texts = []
    for path in (cert_path, key_path):
        try:
            texts.append(read_file(kx.ctx, path))
        except Exception as exc:  # noqa: BLE001 - the file error is kubectl's message
            reason = getattr(exc, "strerror", "") or "no such file or directory"
            raise KubectlError(f"error: Cannot read file {path}, open {path}: {reason.lower()}\n") from None
    try:
        x509.key_pair(texts[0], texts[1])
    except x509.KeyPairError as exc:
        raise KubectlError(f"error: {exc}\n") from None
    data = {"tls.crt": base64.b64encode(texts[0].encode()).decode(),
            "tls.key": base64.b64encode(texts[1].encode()).decode()}
    obj = {"apiVersion": "v1", "data": data, "kind": "Secret",
           "metadata": {"creationTimestamp": None, "name": pos[0]}, "type": TLS}
    if flags.get("dry_run") is not None:
        from course_lib.k8s.services.create import _finish      # kubectl's dry-run printing, shared
        return _finish(kx, "secret", obj, flags, "secret")
    try:
        kx.cluster.api.create(obj, kx.namespace)
    except ApiError as exc:
        return CommandResult("", create_failed("secret", exc), 1)
    return CommandResult(f"secret/{pos[0]} created\n", "", 0)


def create_secret(kx: Any, args: list[str], stdin: str) -> CommandResult:
    """`kubectl create secret tls ...` here; generic and docker-registry stay with kubectl's generators."""
    if len(args) > 1 and args[1] == "tls":
        return _create_tls(kx, args[2:], stdin)
    from course_lib.k8s.kubectl.generate import create_generated
    return create_generated(kx, args, stdin)


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
    from course_lib.k8s.kubectl import write
    info = KINDS["Secret"]
    if getattr(info.validate, "tls_checks", False):
        return
    base = info.validate

    def validate(obj: Obj, cluster: Any) -> list[str]:
        return (base(obj, cluster) if base else []) + tls_errors(obj)
    validate.tls_checks = True  # type: ignore[attr-defined]
    info.validate = validate
    write.CREATE_GENERATORS["secret"] = create_secret
    from course_lib.k8s.kubectl.describe import DESCRIBERS
    DESCRIBERS.setdefault("Secret", describe_secret)
