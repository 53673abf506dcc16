"""The cluster's PKI as `kubeadm init` (1.30) makes it: CAs, serving and client certificates, sa.key/sa.pub.

Certificates are real X.509 built as kubeadm's Go code builds them (pkiutil.NewSignedCert and client-go's
NewSelfSignedCACert): a 63-bit serial, O before CN, Key Usage (critical) then Extended Key Usage, Basic
Constraints (critical), a Subject Key Identifier on CAs only, the Authority Key Identifier on signed
certificates, and the SANs in Go's order (DNS names, then IPs); CAs last 10 years, the rest 1 year, from
the moment of `kubeadm init`. Keys are RSA 2048 from a fixed pool of primes picked with an RNG seeded by
the lab's seed (never the lab's own RNG, so nothing else the lab draws changes), and the whole PKI is made
once per process for each (seed, control-plane node) and shared by the clusters that ask again.
"""
from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Optional

from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from course_lib.http import x509
from course_lib.k8s.pki_primes import PRIMES

PKI_DIR = "/etc/kubernetes/pki"
SERVER, CLIENT = ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH
CA_DAYS, CERT_DAYS = 3650, 365
KUBELET_CLIENT = "/var/lib/kubelet/pki/kubelet-client-current.pem"
KUBECONFIGS = (("admin.conf", "kubernetes-admin", ("kubeadm:cluster-admins",)),      # kubeadm 1.29+
               ("super-admin.conf", "kubernetes-super-admin", ("system:masters",)),
               ("controller-manager.conf", "system:kube-controller-manager", ()),
               ("scheduler.conf", "system:kube-scheduler", ()))


class KeyPool:
    """RSA 2048 keys from PRIMES: disjoint prime pairs first (16 keys), then pairs not used yet."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        order = list(range(len(PRIMES)))
        rng.shuffle(order)
        self._fresh = [(order[i], order[i + 1]) for i in range(0, len(order) - 1, 2)]
        self._used: set[tuple[int, int]] = set()

    def key(self) -> Any:
        if self._fresh:
            i, j = self._fresh.pop(0)
        else:
            while True:
                i, j = self.rng.sample(range(len(PRIMES)), 2)
                if (min(i, j), max(i, j)) not in self._used:
                    break
        self._used.add((min(i, j), max(i, j)))
        p, q = max(PRIMES[i], PRIMES[j]), min(PRIMES[i], PRIMES[j])
        e = 65537
        d = pow(e, -1, (p - 1) * (q - 1))
        numbers = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
                                        rsa.rsa_crt_iqmp(p, q), rsa.RSAPublicNumbers(e, p * q))
        return numbers.private_key(unsafe_skip_rsa_key_validation=True)


def _name(cn: str, orgs: tuple[str, ...] = ()) -> cx509.Name:
    return cx509.Name([cx509.NameAttribute(NameOID.ORGANIZATION_NAME, o) for o in orgs]
                      + [cx509.NameAttribute(NameOID.COMMON_NAME, cn)])


def go_cert(cn: str, key: Any, rng: random.Random, start: datetime, days: int,
            issuer: Optional[x509.Cert] = None, issuer_key: Any = None, orgs: tuple[str, ...] = (),
            usages: tuple[Any, ...] = (), dns: tuple[str, ...] = (), ips: tuple[str, ...] = (),
            serial: int = 0) -> x509.Cert:
    """A certificate as Go's x509.CreateCertificate writes kubeadm's template (a CA when `issuer` is None)."""
    ca = issuer is None
    subject = _name(cn, orgs)
    builder = (cx509.CertificateBuilder().subject_name(subject)
               .issuer_name(subject if ca else issuer.subject).public_key(key.public_key())
               .serial_number(serial or rng.randrange(1, 2 ** 63 - 1) + 1)
               .not_valid_before(start).not_valid_after(start + timedelta(days=days)))
    builder = builder.add_extension(cx509.KeyUsage(True, False, True, False, False, ca, False, False, False), True)
    if usages:
        builder = builder.add_extension(cx509.ExtendedKeyUsage(list(usages)), False)
    builder = builder.add_extension(cx509.BasicConstraints(ca=ca, path_length=None), True)
    if ca:
        builder = builder.add_extension(cx509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    else:
        ski = issuer.extensions.get_extension_for_class(cx509.SubjectKeyIdentifier).value
        builder = builder.add_extension(cx509.AuthorityKeyIdentifier(ski.digest, None, None), False)
    sans: list[cx509.GeneralName] = [cx509.DNSName(d) for d in dns]
    sans += [cx509.IPAddress(ipaddress.ip_address(a)) for a in ips]
    if sans:
        builder = builder.add_extension(cx509.SubjectAlternativeName(sans), False)
    return builder.sign(key if ca else issuer_key, hashes.SHA256())


def rsa_key_pem(key: Any) -> str:
    """keyutil.MarshalPrivateKeyToPEM: PKCS#1 `RSA PRIVATE KEY`, as kubeadm writes its .key files."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption()).decode()


def public_pem(key: Any) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


@dataclass
class Pair:
    cert: x509.Cert
    key: Any

    @property
    def cert_pem(self) -> str:
        return x509.cert_pem(self.cert)

    @property
    def key_pem(self) -> str:
        return rsa_key_pem(self.key)


@dataclass
class ClusterPki:
    """Everything `kubeadm init phase certs all` writes, plus the kubeconfig client certificates."""

    start: datetime
    pairs: dict[str, Pair]                 # "ca", "apiserver", "etcd/ca", ... (paths under PKI_DIR, no suffix)
    sa_key: Any
    pool: KeyPool
    rng: random.Random
    clients: dict[str, Pair] = field(default_factory=dict)

    @property
    def ca(self) -> Pair:
        return self.pairs["ca"]

    @property
    def ca_pem(self) -> str:
        return self.ca.cert_pem

    def files(self) -> list[tuple[str, str, int]]:
        """(path, text, mode) of /etc/kubernetes/pki on the control-plane node."""
        out = []
        for name, pair in self.pairs.items():
            out.append((f"{PKI_DIR}/{name}.crt", pair.cert_pem, 0o644))
            out.append((f"{PKI_DIR}/{name}.key", pair.key_pem, 0o600))
        out.append((f"{PKI_DIR}/sa.key", rsa_key_pem(self.sa_key), 0o600))
        out.append((f"{PKI_DIR}/sa.pub", public_pem(self.sa_key), 0o600))
        return out

    def client(self, user: str, orgs: tuple[str, ...] = ()) -> Pair:
        """A kubeconfig's client certificate (kubeadm's kubeconfig phase), made once per user."""
        if user not in self.clients:
            key = self.pool.key()
            self.clients[user] = Pair(go_cert(user, key, self.rng, self.start, CERT_DAYS, self.ca.cert, self.ca.key,
                                              orgs, (CLIENT,)), key)
        return self.clients[user]


    def kubelet_client(self, node: str) -> str:
        """kubelet-client-current.pem: the certificate the kubelet got by its CSR (an ECDSA P-256 key), then the key."""
        user = f"system:node:{node}"
        if user not in self.clients:
            key = ec.derive_private_key(self.rng.getrandbits(255) + 1, ec.SECP256R1())
            self.clients[user] = Pair(go_cert(user, key, self.rng, self.start, CERT_DAYS, self.ca.cert, self.ca.key,
                                              ("system:nodes",), (CLIENT,)), key)
        pair = self.clients[user]
        return pair.cert_pem + pair.key.private_bytes(serialization.Encoding.PEM,
                                                      serialization.PrivateFormat.TraditionalOpenSSL,
                                                      serialization.NoEncryption()).decode()


_CACHE: dict[tuple[Any, ...], ClusterPki] = {}


def make(seed: int, node: str, ip: str, service_ip: str, start: datetime, domain: str = "cluster.local") -> ClusterPki:
    """kubeadm's certs phase for control-plane `node` at `ip` (cached per arguments)."""
    cache_key = (seed, node, ip, service_ip, start, domain)
    if cache_key in _CACHE:
        return _CACHE[cache_key]
    rng = random.Random(f"kubeadm-pki/{seed}")
    pool = KeyPool(rng)
    pairs: dict[str, Pair] = {}

    def ca(name: str, cn: str) -> Pair:
        key = pool.key()
        pairs[name] = Pair(go_cert(cn, key, rng, start, CA_DAYS, dns=(cn,)), key)
        return pairs[name]

    def signed(name: str, by: Pair, cn: str, orgs: tuple[str, ...] = (), usages: tuple[Any, ...] = (CLIENT,),
               dns: tuple[str, ...] = (), ips: tuple[str, ...] = ()) -> None:
        key = pool.key()
        pairs[name] = Pair(go_cert(cn, key, rng, start, CERT_DAYS, by.cert, by.key, orgs, usages, dns, ips), key)

    root = ca("ca", "kubernetes")
    signed("apiserver", root, "kube-apiserver", usages=(SERVER,),
           dns=(node, "kubernetes", "kubernetes.default", "kubernetes.default.svc", f"kubernetes.default.svc.{domain}"),
           ips=(service_ip, ip))
    signed("apiserver-kubelet-client", root, "kube-apiserver-kubelet-client", ("kubeadm:cluster-admins",))
    proxy = ca("front-proxy-ca", "front-proxy-ca")
    signed("front-proxy-client", proxy, "front-proxy-client")
    etcd = ca("etcd/ca", "etcd-ca")
    etcd_names = dict(dns=(node, "localhost"), ips=(ip, "127.0.0.1", "::1"))
    signed("etcd/server", etcd, node, usages=(SERVER, CLIENT), **etcd_names)
    signed("etcd/peer", etcd, node, usages=(SERVER, CLIENT), **etcd_names)
    signed("etcd/healthcheck-client", etcd, "kube-etcd-healthcheck-client")
    signed("apiserver-etcd-client", etcd, "kube-apiserver-etcd-client")
    out = ClusterPki(start, pairs, pool.key(), pool, rng)
    _CACHE[cache_key] = out
    return out


def of(cluster: Any) -> ClusterPki:
    """The cluster's PKI (made at the first call: `kubeadm init`'s moment is the cluster's clock then)."""
    found = cluster.__dict__.get("pki")
    if found is None:
        from course_lib.k8s.store import EPOCH
        node = "controlplane"
        service_ip = str(next(ipaddress.ip_network(cluster.service_cidr, strict=False).hosts()))
        start = (EPOCH + timedelta(seconds=int(cluster.now()))).replace(microsecond=0)
        found = make(cluster.network.seed, node, cluster.node_ip(node), service_ip, start)
        cluster.__dict__["pki"] = found
    return found
