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


def still_valid(cluster: Any, claims: dict[str, Any]) -> bool:
    """The API server's checks of the objects a token names: its ServiceAccount (that uid), and the pod it is
    bound to (that uid); a token whose object is gone is refused."""
    info = claims.get("kubernetes.io") or {}
    ns = info.get("namespace", "")
    account = info.get("serviceaccount") or {}
    if cluster.store.get("ServiceAccount", ns, account.get("name", "")) is None or \
            _uid(cluster, "ServiceAccount", ns, account.get("name", "")) != account.get("uid"):
        return False
    bound = info.get("pod")
    if not bound:
        return True
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


# -- kubectl create token (a TokenRequest: not bound to a pod, 1 hour unless --duration) -------------------
def _duration(text: str) -> Optional[int]:
    """Go's time.ParseDuration for the h/m/s forms kubectl users write (1h, 10m, 2h30m, 90s)."""
    import re
    if not text or not re.fullmatch(r"(\d+(\.\d+)?(h|m|s))+", text):
        return None
    return int(sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, _, u in re.findall(r"(\d+(\.\d+)?)(h|m|s)", text)))


def create_token(kx: Any, args: list[str], stdin: str) -> Any:
    """`kubectl create token SA [--duration D]` (kubectl 1.30): the token, or the API server's refusal."""
    from course_lib.k8s.kubectl.flags import parse
    from course_lib.k8s.kubectl.main import KubectlError
    from course_lib.k8s.store import EPOCH
    from course_lib.result import CommandResult
    flags, pos, _ = parse("create token", args[1:], {}, {"--duration": "duration", "--audience": "audience"})
    if len(pos) != 1:
        raise KubectlError(f"error: exactly one name is required, got {len(pos)}\n"
                           "See 'kubectl create token -h' for help and examples\n")
    seconds = 3600
    if flags.get("duration"):
        seconds = _duration(flags["duration"])
        if seconds is None:
            raise KubectlError(f'error: invalid argument "{flags["duration"]}" for "--duration" flag: '
                               f'time: invalid duration "{flags["duration"]}"\n')
    cluster, ns, name = kx.cluster, kx.ns, pos[0]
    uid = _uid(cluster, "ServiceAccount", ns, name)
    if cluster.store.get("ServiceAccount", ns, name) is None:
        return CommandResult("", f'error: failed to create token: serviceaccounts "{name}" not found\n', 1)
    if seconds < 600:
        return CommandResult("", f'error: failed to create token: TokenRequest.authentication.k8s.io "{name}" is '
                                 f"invalid: spec.expirationSeconds: Invalid value: {seconds}: may not specify a "
                                 "duration less than 10 minutes\n", 1)
    iat = int(EPOCH.timestamp() + cluster.now())
    count = cluster.__dict__["token_requests"] = cluster.__dict__.get("token_requests", 0) + 1
    jti = str(uuid.UUID(int=random.Random(f"jti/{uid}/{iat}/{count}").getrandbits(128), version=4))
    claims = {"aud": [flags.get("audience") or ISSUER], "exp": iat + seconds, "iat": iat, "iss": ISSUER,
              "jti": jti, "kubernetes.io": {"namespace": ns, "serviceaccount": {"name": name, "uid": uid}},
              "nbf": iat, "sub": f"system:serviceaccount:{ns}:{name}"}
    return CommandResult(sign(pki.of(cluster), claims) + "\n", "", 0)


def install() -> None:
    from course_lib.k8s.kubectl import write
    write.CREATE_GENERATORS.setdefault("token", create_token)
