"""`kubectl create secret tls NAME --cert=FILE --key=FILE` (create_secret_tls.go) and --append-hash's name suffix
(kubectl's hash.ConfigMapHash/SecretHash) for the configmap and secret generators.

The pair is checked as Go's tls.X509KeyPair does (course_lib.http.x509.key_pair) before anything is sent; the files
are read from the machine's file system, relative to the working directory.
"""
from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from course_lib.http import x509
from course_lib.k8s.kubectl.main import KubectlError

Obj = dict[str, Any]
HASH_LETTERS = str.maketrans({"0": "g", "1": "h", "3": "k", "a": "m", "e": "t"})


def _read(ctx: Any, path: str) -> str:
    """readFile: the file's text, or kubectl's `Cannot read file` error."""
    from course_lib.shell.fs_view import view
    files = view(ctx)                              # relative to the working directory
    if not files.exists(path):
        raise KubectlError(f"error: Cannot read file {path}, open {path}: no such file or directory\n")
    if files.is_dir(path):
        raise KubectlError(f"error: Cannot read file {path}, read {path}: is a directory\n")
    return files.read(path)


def tls_secret(name: str, flags: dict[str, Any], ctx: Any) -> Obj:
    """Validate (both files named), then createSecretTLS: a kubernetes.io/tls Secret holding the two files."""
    cert_path, key_path = flags.get("cert", ""), flags.get("key", "")
    if not cert_path or not key_path:
        raise KubectlError("error: key and cert must be specified\n")
    cert, key = _read(ctx, cert_path), _read(ctx, key_path)
    try:
        x509.key_pair(cert, key)
    except x509.KeyPairError as exc:
        raise KubectlError(f"error: {exc}\n") from None
    return {"apiVersion": "v1", "data": {"tls.crt": base64.b64encode(cert.encode()).decode(),
                                         "tls.key": base64.b64encode(key.encode()).decode()},
            "kind": "Secret", "metadata": {"creationTimestamp": None, "name": name}, "type": "kubernetes.io/tls"}


def with_hash(obj: Obj) -> Obj:
    """--append-hash: the name gets `-` and the first ten hex digits of the SHA-256 of the object's encoding
    (Go's json.Marshal of kind, name, data, type for a Secret; kind, name, data for a ConfigMap), with 0 1 3 a e
    spelled g h k m t so the suffix holds no vowel nor a word-like number."""
    name = obj["metadata"]["name"]
    encoded: Obj = {"kind": obj["kind"], "name": name, "data": obj.get("data") or {}}
    if obj["kind"] == "Secret":
        encoded["type"] = obj.get("type", "")
    text = json.dumps(encoded, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")   # Go's HTML escaping
    digest = hashlib.sha256(text.encode()).hexdigest()[:10].translate(HASH_LETTERS)
    return {**obj, "metadata": {**obj["metadata"], "name": f"{name}-{digest}"}}
