"""The control plane's TLS as kubeadm 1.30 sets it up: the PKI on disk, kube-apiserver on :6443, SA tokens."""
from __future__ import annotations

import base64

import pytest

from course_lib import Cluster
from course_lib.http import x509
from course_lib.k8s import pki

SA = "/var/run/secrets/kubernetes.io/serviceaccount"
FORBIDDEN_PODS = """{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "pods is forbidden: User \\"system:anonymous\\" cannot list resource \\"pods\\" in API group \\"\\" \
at the cluster scope",
  "reason": "Forbidden",
  "details": {
    "kind": "pods"
  },
  "code": 403
}"""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster()          # weave: the pod on node01 reaches the controlplane (bridge needs the learner's routes)
    c.run("kubectl run tools --image=nicolaka/netshoot -- sleep 3600")
    c.run("sleep 5")
    return c


def test_pki_files_are_real_certificates(cluster: Cluster) -> None:
    listing = cluster.run("ls /etc/kubernetes/pki /etc/kubernetes/pki/etcd").stdout.split()
    for name in ("ca.crt", "ca.key", "apiserver.crt", "apiserver-kubelet-client.crt", "front-proxy-ca.crt",
                 "front-proxy-client.key", "sa.key", "sa.pub", "apiserver-etcd-client.crt", "server.crt",
                 "peer.key", "healthcheck-client.crt"):
        assert name in listing
    text = cluster.run("openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -text").stdout
    assert "Issuer: CN = kubernetes" in text and "Subject: CN = kube-apiserver" in text
    assert ("DNS:controlplane, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, "
            "DNS:kubernetes.default.svc.cluster.local, IP Address:10.96.0.1, IP Address:192.168.1.10") in text
    assert "Public-Key: (2048 bit)" in text and "TLS Web Server Authentication" in text
    r = cluster.run("openssl verify -CAfile /etc/kubernetes/pki/ca.crt /etc/kubernetes/pki/apiserver.crt")
    assert r.stdout == "/etc/kubernetes/pki/apiserver.crt: OK\n"
    ca = cluster.run("openssl x509 -in /etc/kubernetes/pki/ca.crt -noout -subject -dates").stdout
    assert ca == ("subject=CN = kubernetes\nnotBefore=Jan 20 09:00:00 2025 GMT\nnotAfter=Jan 18 09:00:00 2035 GMT\n")
    etcd = cluster.run("openssl x509 -in /etc/kubernetes/pki/etcd/server.crt -noout -issuer -ext subjectAltName").stdout
    assert etcd.startswith("issuer=CN = etcd-ca\n")
    assert ("DNS:controlplane, DNS:localhost, IP Address:192.168.1.10, IP Address:127.0.0.1, "
            "IP Address:0:0:0:0:0:0:0:1") in etcd
    assert cluster.run("cat /etc/kubernetes/pki/apiserver.key").stdout.startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert cluster.run("ls -l /etc/kubernetes/pki/ca.key").stdout.startswith("-rw-------")


def test_keys_match_and_are_distinct(cluster: Cluster) -> None:
    certs = pki.of(cluster)
    moduli = set()
    for name, pair in certs.pairs.items():
        chain, _ = x509.key_pair(pair.cert_pem, pair.key_pem)
        assert x509.verify_chain(chain, [certs.pairs["etcd/ca" if name.startswith("etcd") or
                                                    name == "apiserver-etcd-client" else
                                                    "front-proxy-ca" if name.startswith("front-proxy") else "ca"].cert],
                                 chain[0].not_valid_before_utc) == 0
        moduli.add(pair.key.public_key().public_numbers().n)
    assert len(moduli) == len(certs.pairs)


def test_ca_everywhere_is_the_same(cluster: Cluster) -> None:
    ca = cluster.run("cat /etc/kubernetes/pki/ca.crt").stdout
    assert cluster.node("node01").run("cat /etc/kubernetes/pki/ca.crt").stdout == ca
    assert cluster.run("kubectl get cm kube-root-ca.crt -o jsonpath='{.data.ca\\.crt}'").stdout == ca
    conf = cluster.run("cat /etc/kubernetes/admin.conf").stdout
    data = conf.split("certificate-authority-data: ")[1].split()[0]
    assert base64.b64decode(data).decode() == ca
    user = conf.split("client-certificate-data: ")[1].split()[0]
    cert = x509.load_certs(base64.b64decode(user).decode())[0]
    assert x509.curl_name(cert.subject) == "O=kubeadm:cluster-admins; CN=kubernetes-admin"
    assert "client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem" in cluster.node("node01").run(
        "cat /etc/kubernetes/kubelet.conf").stdout
    assert cluster.node("node01").run("openssl x509 -in /var/lib/kubelet/pki/kubelet-client-current.pem -noout "
                                      "-subject").stdout == "subject=O = system:nodes, CN = system:node:node01\n"


def test_pki_is_deterministic_per_seed() -> None:
    a, b, c = Cluster(workers=0, cni=None), Cluster(workers=0, cni=None), Cluster(workers=0, cni=None, seed=7)
    assert pki.of(a).ca_pem == pki.of(b).ca_pem != pki.of(c).ca_pem


def test_curl_without_ca_is_exit_60(cluster: Cluster) -> None:
    r = cluster.run("curl -s https://controlplane:6443/version")
    assert r.returncode == 60 and r.stdout == ""
    r = cluster.run("curl -sS https://controlplane:6443/version")
    assert r.stderr.startswith("curl: (60) SSL certificate problem: unable to get local issuer certificate\n")


def test_version_and_health_for_anonymous(cluster: Cluster) -> None:
    r = cluster.run("curl -sk https://controlplane:6443/version")
    assert r.returncode == 0 and r.stdout.startswith('{\n  "major": "1",\n  "minor": "30",\n  "gitVersion": "v1.30.4",')
    assert r.stdout.endswith('"platform": "linux/amd64"\n}') and len(r.stdout) == 263
    for path in ("healthz", "livez", "readyz"):
        r = cluster.run(f"curl -s --cacert /etc/kubernetes/pki/ca.crt https://controlplane:6443/{path}")
        assert (r.returncode, r.stdout) == (0, "ok")
    head = cluster.run("curl -sk -I https://192.168.1.10:6443/version").stdout
    assert head.startswith("HTTP/2 200 \r\naudit-id: ")
    assert "cache-control: no-cache, private\r\ncontent-type: application/json\r\n" in head
    assert "content-length: 263\r\ndate: " in head
    verbose = cluster.run("curl -sv --cacert /etc/kubernetes/pki/ca.crt https://controlplane:6443/healthz").stderr
    assert "* TLSv1.3 (IN), TLS handshake, Request CERT (13):" in verbose           # --client-ca-file
    assert "* TLSv1.3 (OUT), TLS handshake, Certificate (11):\n} [8 bytes data]\n" in verbose
    assert '*  subjectAltName: host "controlplane" matched cert\'s "controlplane"' in verbose


def test_resources_forbidden_for_anonymous(cluster: Cluster) -> None:
    r = cluster.run("curl -sk https://controlplane:6443/api/v1/pods")
    assert r.stdout == FORBIDDEN_PODS
    assert '"code": 403' in cluster.run("curl -sk -i https://controlplane:6443/").stdout
    assert '"message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"",\n  "reason": "Forbidden",\n' \
           '  "details": {},' in cluster.run("curl -sk https://controlplane:6443/").stdout
    named = cluster.run("curl -sk https://controlplane:6443/apis/apps/v1/namespaces/kube-system/deployments/coredns")
    assert ('"message": "deployments.apps \\"coredns\\" is forbidden: User \\"system:anonymous\\" cannot get resource '
            '\\"deployments\\" in API group \\"apps\\" in the namespace \\"kube-system\\"",') in named.stdout
    assert '"details": {\n    "name": "coredns",\n    "group": "apps",\n    "kind": "deployments"\n  },' in named.stdout


def test_plain_http_and_bad_token(cluster: Cluster) -> None:
    r = cluster.run("curl -s http://controlplane:6443/version")
    assert r.stdout == "Client sent an HTTP request to an HTTPS server.\n"
    r = cluster.run("curl -sk -H 'Authorization: Bearer nope' https://controlplane:6443/api")
    assert '"message": "Unauthorized",\n  "reason": "Unauthorized",\n  "code": 401\n}' in r.stdout


def test_pod_reaches_the_api_with_its_service_account(cluster: Cluster) -> None:
    assert cluster.run(f"kubectl exec tools -- ls {SA}").stdout.split() == ["ca.crt", "namespace", "token"]
    assert cluster.run(f"kubectl exec tools -- cat {SA}/namespace").stdout == "default"
    assert cluster.run(f"kubectl exec tools -- cat {SA}/ca.crt").stdout == pki.of(cluster).ca_pem
    r = cluster.run("kubectl exec tools -- curl -s https://kubernetes.default.svc/version")
    assert r.returncode == 60
    auth = f'-H "Authorization: Bearer $(cat {SA}/token)" --cacert {SA}/ca.crt'
    api = "https://kubernetes.default.svc"
    r = cluster.run(f"kubectl exec tools -- sh -c 'curl -s {auth} {api}/api/v1/namespaces/default/pods'")
    assert ('"message": "pods is forbidden: User \\"system:serviceaccount:default:default\\" cannot list resource '
            '\\"pods\\" in API group \\"\\" in the namespace \\"default\\"",') in r.stdout
    r = cluster.run(f"kubectl exec tools -- sh -c 'curl -s {auth} https://kubernetes.default.svc/api'")
    assert r.stdout.startswith('{\n  "kind": "APIVersions",\n  "versions": [\n    "v1"\n  ],')


def test_netshoot_has_openssl(cluster: Cluster) -> None:
    r = cluster.run(f"kubectl exec tools -- openssl x509 -in {SA}/ca.crt -noout -subject")
    assert (r.returncode, r.stdout) == (0, "subject=CN = kubernetes\n")
    r = cluster.run("kubectl exec tools -- openssl s_client -connect kubernetes.default.svc:443 "
                    f"-CAfile {SA}/ca.crt </dev/null")
    assert "Verification: OK" in r.stdout + r.stderr


ETCD = "/etc/kubernetes/pki/etcd"


def test_etcd_requires_a_client_certificate(cluster: Cluster) -> None:
    assert cluster.run("curl -s https://127.0.0.1:2379/health").returncode == 60
    r = cluster.run(f"curl -sS --cacert {ETCD}/ca.crt https://127.0.0.1:2379/health")
    assert (r.returncode, r.stderr) == (56, "curl: (56) OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert "
                                            "certificate required, errno 0\n")
    r = cluster.run(f"curl -s --cacert {ETCD}/ca.crt --cert {ETCD}/healthcheck-client.crt "
                    f"--key {ETCD}/healthcheck-client.key https://192.168.1.10:2379/health")
    assert (r.returncode, r.stdout) == (0, '{"health":"true","reason":""}')
    r = cluster.run(f"curl -sS --cacert {ETCD}/ca.crt --cert /etc/kubernetes/pki/apiserver-kubelet-client.crt "
                    "--key /etc/kubernetes/pki/apiserver-kubelet-client.key https://127.0.0.1:2379/version")
    assert (r.returncode, r.stderr) == (56, "curl: (56) OpenSSL SSL_read: error:0A000412:SSL routines::sslv3 alert "
                                            "bad certificate, errno 0\n")       # not signed by etcd-ca
    r = cluster.run(f"curl -sS --cacert {ETCD}/ca.crt --cert {ETCD}/server.crt --key {ETCD}/peer.key "
                    "https://127.0.0.1:2379/health")
    assert (r.returncode, r.stderr) == (58, "curl: (58) Private key does not match the certificate public key\n")
    assert cluster.run("curl -s http://127.0.0.1:2381/health").stdout == '{"health":"true","reason":""}'
    verbose = cluster.run(f"curl -sv --cacert {ETCD}/ca.crt https://127.0.0.1:2379/health").stderr
    assert "* TLSv1.3 (IN), TLS handshake, Request CERT (13):" in verbose
    assert "* TLSv1.3 (IN), TLS alert, certificate required (628):" in verbose


def test_kubelet_scheduler_controller_manager_serve_self_signed_tls(cluster: Cluster) -> None:
    r = cluster.run("curl -sS https://node01:10250/pods")
    assert (r.returncode, r.stderr) == (60, "curl: (60) SSL certificate problem: self-signed certificate in "
                                            "certificate chain\n" + r.stderr.split("\n", 1)[1])
    r = cluster.run("curl -sk -i https://node01:10250/pods")
    assert r.stdout.startswith("HTTP/2 401 \r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 12\r\n")
    assert r.stdout.endswith("\r\n\r\nUnauthorized")
    for port in (10259, 10257):
        assert cluster.run(f"curl -sk https://127.0.0.1:{port}/healthz").stdout == "ok"
        assert '"message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/metrics\\""' in cluster.run(
            f"curl -sk https://localhost:{port}/metrics").stdout
    chain = cluster.run("openssl s_client -connect 127.0.0.1:10259 </dev/null").stdout
    assert " 0 s:CN = localhost@1737363600\n   i:CN = localhost-ca@1737363600\n" in chain
    assert "v:NotBefore: Jan 20 08:00:00 2025 GMT; NotAfter: Jan 20 08:00:00 2026 GMT" in chain


def test_kubectl_create_token_is_accepted_until_its_account_goes() -> None:
    c = Cluster(workers=0, cni=None)
    token = c.run("kubectl create token default -n kube-public --duration=2h").stdout.strip()
    assert token.count(".") == 2
    pods = "https://controlplane:6443/api/v1/namespaces/kube-public/pods"
    r = c.run(f"curl -sk -H 'Authorization: Bearer {token}' {pods}")
    assert 'User \\"system:serviceaccount:kube-public:default\\" cannot list resource \\"pods\\"' in r.stdout
    c.run("kubectl delete sa default -n kube-public")
    r = c.run(f"curl -sk -H 'Authorization: Bearer {token}' https://controlplane:6443/api")
    assert '"message": "Unauthorized"' in r.stdout
    r = c.run("kubectl create token nope")
    assert (r.returncode, r.stderr) == (1, 'error: failed to create token: serviceaccounts "nope" not found\n')
    r = c.run("kubectl create token default --duration=5m")
    assert r.stderr.endswith("spec.expirationSeconds: Invalid value: 300: may not specify a duration less than "
                             "10 minutes\n")


def test_kubeadm_certs_check_expiration(cluster: Cluster) -> None:
    out = cluster.run("kubeadm certs check-expiration").stdout
    assert out.startswith("[check-expiration] Reading configuration from the cluster...\n")
    assert ("CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   "
            "EXTERNALLY MANAGED\nadmin.conf                 Jan 20, 2026 09:00 UTC   364d            ca"
            "                      no      \n") in out
    assert "etcd-server                Jan 20, 2026 09:00 UTC   364d            etcd-ca                 no      \n" in out
    assert out.endswith("front-proxy-ca          Jan 18, 2035 09:00 UTC   9y              no      \n")
    cluster.run("mv /etc/kubernetes/pki/apiserver.crt /tmp/apiserver.crt")
    try:
        assert "\n!MISSING! apiserver" in cluster.run("kubeadm certs check-expiration").stdout
    finally:
        cluster.run("mv /tmp/apiserver.crt /etc/kubernetes/pki/apiserver.crt")
    assert cluster.run("kubeadm version -o short").stdout == "v1.30.4\n"
