"""ServiceAccount tokens as kube-apiserver 1.30 issues them (RS256 JWTs signed with sa.key) and the files
the kubelet projects into a pod at /var/run/secrets/kubernetes.io/serviceaccount (ca.crt, namespace, token).

A projected token (expirationSeconds 3607, as the ServiceAccount admission plugin asks) is extended to
a year with `warnafter` at 3607 s; its claims are sorted as go-jose writes them and bind the pod, its
node and the ServiceAccount (the jti and node claims of 1.30's beta gates). The jti comes from an RNG
seeded by the pod's uid, so nothing the lab draws changes.
"""
from __future__ import annotations

import base64
import json
import random
import uuid
from typing import Any, Optional

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from course_lib.k8s import pki

ISSUER = "https://kubernetes.default.svc.cluster.local"
SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
YEAR = 365 * 24 * 3600
PROJECTED = 3607


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_KIDS: dict[int, str] = {}


def key_id(certs: pki.ClusterPki) -> str:
    """The `kid` in the token header: base64url(sha256(DER public key))."""
    modulus = certs.sa_key.public_key().public_numbers().n
    if modulus in _KIDS:
        return _KIDS[modulus]
    der = certs.sa_key.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(der)
    _KIDS[modulus] = _b64url(digest.finalize())
    return _KIDS[modulus]


def sign(certs: pki.ClusterPki, claims: dict[str, Any]) -> str:
    head = _b64url(json.dumps({"alg": "RS256", "kid": key_id(certs)}, separators=(",", ":")).encode())
    body = _b64url(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
    signature = certs.sa_key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{_b64url(signature)}"


def verify(certs: pki.ClusterPki, token: str, now: int) -> Optional[dict[str, Any]]:
    """The claims of a token this API server signed and that is valid at `now` (Unix seconds), else None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        certs.sa_key.public_key().verify(_unb64url(parts[2]), f"{parts[0]}.{parts[1]}".encode(),
                                         padding.PKCS1v15(), hashes.SHA256())
        claims = json.loads(_unb64url(parts[1]))
    except (InvalidSignature, ValueError, TypeError):
        return None
    if not isinstance(claims, dict) or claims.get("iss") != ISSUER:
        return None
    if not claims.get("nbf", 0) <= now <= claims.get("exp", 0):
        return None
    return claims


def _uid(cluster: Any, kind: str, ns: str, name: str) -> str:
    obj = cluster.store.get(kind, ns, name)
    return obj["metadata"].get("uid", "") if obj else ""


def pod_token(cluster: Any, pod: dict[str, Any]) -> str:
    from course_lib.k8s.store import EPOCH
    meta, spec = pod["metadata"], pod["spec"]
    ns, sa, node = meta.get("namespace", "default"), spec.get("serviceAccountName", "default"), spec.get("nodeName", "")
    iat = int(EPOCH.timestamp() + cluster.now())
    jti = str(uuid.UUID(int=random.Random(f"jti/{meta.get('uid', meta['name'])}").getrandbits(128), version=4))
    claims = {"aud": [ISSUER], "exp": iat + YEAR, "iat": iat, "iss": ISSUER, "jti": jti, "nbf": iat,
              "kubernetes.io": {"namespace": ns, "node": {"name": node, "uid": _uid(cluster, "Node", "", node)},
                                "pod": {"name": meta["name"], "uid": meta.get("uid", "")},
                                "serviceaccount": {"name": sa, "uid": _uid(cluster, "ServiceAccount", ns, sa)},
                                "warnafter": iat + PROJECTED},
              "sub": f"system:serviceaccount:{ns}:{sa}"}
    return sign(pki.of(cluster), claims)


def bound_pod_alive(cluster: Any, claims: dict[str, Any]) -> bool:
    """A token bound to a pod is refused once that pod (that uid) is gone, as the API server checks."""
    bound = (claims.get("kubernetes.io") or {}).get("pod")
    if not bound:
        return True
    ns = claims["kubernetes.io"].get("namespace", "")
    pod = cluster.store.get("Pod", ns, bound.get("name", ""))
    return pod is not None and pod["metadata"].get("uid", "") == bound.get("uid")


def pod_files(cluster: Any, pod: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, text) of the kube-api-access volume, when the pod's containers mount it."""
    mounted = any(m.get("mountPath") == SA_DIR for c in pod["spec"].get("containers") or []
                  for m in c.get("volumeMounts") or [])
    if not mounted:
        return []
    ns = pod["metadata"].get("namespace", "default")
    return [(f"{SA_DIR}/ca.crt", pki.of(cluster).ca_pem), (f"{SA_DIR}/namespace", ns),
            (f"{SA_DIR}/token", pod_token(cluster, pod))]
