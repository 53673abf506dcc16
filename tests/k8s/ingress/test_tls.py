"""Ingress TLS end to end: openssl req -> kubectl create secret tls -> Ingress with tls -> curl https with SNI.

Behaviour of ingress-nginx v1.11 (certificate by SNI, fake default certificate, ssl-redirect 308,
force-ssl-redirect, HSTS, 400 for plain HTTP on 443), kubectl 1.30 and curl 7.88.1.
"""
from __future__ import annotations

import pytest

from course_lib import Cluster

DEPLOY = ("https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.11.2/deploy/static/provider/"
          "baremetal/deploy.yaml")
ING = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
{annotations}spec:
  ingressClassName: nginx
{tls}  rules:
  - host: {host}
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: {svc}
            port:
              number: 80
"""


def ingress(name: str, host: str, svc: str, secret: str = "", annotations: str = "") -> str:
    tls = f"  tls:\n  - hosts:\n    - {host}\n    secretName: {secret}\n" if secret else ""
    ann = f"  annotations:\n    {annotations}\n" if annotations else ""
    return ING.format(name=name, host=host, svc=svc, tls=tls, annotations=ann)


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster(workers=1)
    for app in ("web", "shop", "plain"):
        assert c.run(f"kubectl create deployment {app} --image=hashicorp/http-echo -- /http-echo -text={app}"
                      ).returncode == 0
        assert c.run(f"kubectl expose deployment {app} --port=80 --target-port=5678").returncode == 0
    assert c.run(f"kubectl apply -f {DEPLOY}").returncode == 0
    return c


def ports(c: Cluster) -> tuple[int, int, str]:
    svc = c.store.get("Service", "ingress-nginx", "ingress-nginx-controller")
    return svc["spec"]["ports"][0]["nodePort"], svc["spec"]["ports"][1]["nodePort"], c.node_ip("node01")


def test_end_to_end(cluster: Cluster) -> None:
    c = cluster
    for step in ('openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout web.key -out web.crt '
                 '-subj "/CN=web.example.com" -addext "subjectAltName=DNS:web.example.com"',
                 'openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout shop.key -out shop.crt '
                 '-subj "/CN=shop.example.com"'):
        assert c.run(step).returncode == 0
    r = c.run("kubectl create secret tls web-tls --cert=web.crt --key=web.key")
    assert (r.stdout, r.returncode) == ("secret/web-tls created\n", 0)
    assert c.run("kubectl create secret tls shop-tls --cert=shop.crt --key=shop.key").returncode == 0
    assert c.run("kubectl get secret web-tls").stdout.splitlines()[1].split()[:3] == ["web-tls", "kubernetes.io/tls",
                                                                                      "2"]
    for doc in (ingress("web", "web.example.com", "web", "web-tls"),
                ingress("shop", "shop.example.com", "shop", "shop-tls")):
        assert c.run("kubectl apply -f -", stdin=doc).returncode == 0
    http, https, ip = ports(c)
    res = f"--resolve web.example.com:{https}:{ip} --resolve shop.example.com:{https}:{ip}"
    r = c.run(f"curl -sS {res} https://web.example.com:{https}/")
    assert r.returncode == 60 and r.stderr.startswith("curl: (60) SSL certificate problem: self-signed certificate\n")
    assert c.run(f"curl -sk {res} https://web.example.com:{https}/").stdout == "web\n"
    assert c.run(f"curl -s --cacert web.crt {res} https://web.example.com:{https}/").stdout == "web\n"
    # SNI picks the certificate: shop's name gets shop's certificate, which web.crt does not vouch for
    assert c.run(f"curl -s --cacert shop.crt {res} https://shop.example.com:{https}/").stdout == "shop\n"
    assert c.run(f"curl -s --cacert web.crt {res} https://shop.example.com:{https}/").returncode == 60
    v = c.run(f"curl -sv --cacert shop.crt {res} https://shop.example.com:{https}/").stderr
    assert "*  subject: CN=shop.example.com\n" in v and "*  common name: shop.example.com (matched)\n" in v
    assert "* ALPN: server accepted h2\n" in v and "< HTTP/2 200 \r\n" in v
    assert "< strict-transport-security: max-age=31536000; includeSubDomains\r\n" in v
    r = c.run(f"curl -s -i --resolve web.example.com:{http}:{ip} http://web.example.com:{http}/")
    assert r.stdout.startswith("HTTP/1.1 308 Permanent Redirect\r\n")
    assert "Location: https://web.example.com/\r\n" in r.stdout


def test_default_fake_certificate(cluster: Cluster) -> None:
    http, https, ip = ports(cluster)
    v = cluster.run(f"curl -svk https://{ip}:{https}/").stderr      # an IP URL sends no SNI
    assert "*  subject: O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate\n" in v
    assert "*  SSL certificate verify result: self-signed certificate (18), continuing anyway.\n" in v
    s = cluster.run(f"openssl s_client -connect {ip}:{https} -servername nothing.example.com")
    assert " 0 s:O = Acme Co, CN = Kubernetes Ingress Controller Fake Certificate\n" in s.stdout
    assert "Verify return code: 18 (self-signed certificate)\n" in s.stdout and s.stderr.endswith("DONE\n")
    r = cluster.run(f"curl -s http://{ip}:{https}/")
    assert "<center>The plain HTTP request was sent to HTTPS port</center>" in r.stdout
    r = cluster.run(f"curl -sS https://{ip}:{http}/")
    assert r.returncode == 35 and "wrong version number" in r.stderr


def test_missing_secret_and_redirect_annotations(cluster: Cluster) -> None:
    c = cluster
    docs = [ingress("nosecret", "nosecret.example.com", "plain", "absent-tls"),
            ingress("noredirect", "noredirect.example.com", "plain", "web-tls",
                    'nginx.ingress.kubernetes.io/ssl-redirect: "false"'),
            ingress("forced", "forced.example.com", "plain", "",
                    'nginx.ingress.kubernetes.io/force-ssl-redirect: "true"'),
            ingress("notls", "notls.example.com", "plain")]
    for doc in docs:
        assert c.run("kubectl apply -f -", stdin=doc).returncode == 0
    http, https, ip = ports(c)

    def code(host: str, port: int, scheme: str = "http") -> str:
        return c.run(f"curl -sk -o /dev/null -w '%{{http_code}}' --resolve {host}:{port}:{ip} "
                     f"{scheme}://{host}:{port}/").stdout
    assert code("nosecret.example.com", http) == "308"           # TLS host on the default certificate
    assert code("noredirect.example.com", http) == "200"
    assert code("forced.example.com", http) == "308"
    assert code("notls.example.com", http) == "200"
    v = c.run(f"curl -svk --resolve nosecret.example.com:{https}:{ip} https://nosecret.example.com:{https}/").stderr
    assert "CN=Kubernetes Ingress Controller Fake Certificate" in v
    # web-tls does not cover noredirect.example.com: ingress-nginx keeps the default certificate for that host
    v = c.run(f"curl -svk --resolve noredirect.example.com:{https}:{ip} https://noredirect.example.com:{https}/").stderr
    assert "CN=Kubernetes Ingress Controller Fake Certificate" in v
    logs = c.run("kubectl logs -n ingress-nginx deploy/ingress-nginx-controller").stdout
    assert ('Error getting SSL certificate "default/absent-tls": local SSL certificate default/absent-tls was not '
            "found. Using default certificate") in logs


def test_kubectl_create_secret_tls_errors(cluster: Cluster) -> None:
    c = cluster
    r = c.run("kubectl create secret tls bad --cert=web.crt --key=shop.key")
    assert (r.stderr, r.returncode) == ("error: tls: private key does not match public key\n", 1)
    r = c.run("kubectl create secret tls bad --cert=web.crt")
    assert r.stderr == "error: key and cert must be specified\n"
    r = c.run("kubectl create secret tls bad --cert=nofile.crt --key=web.key")
    assert r.stderr == "error: Cannot read file nofile.crt, open nofile.crt: no such file or directory\n"
    r = c.run("kubectl create secret tls bad --cert=web.key --key=web.key")
    assert r.stderr == ("error: tls: failed to find certificate PEM data in certificate input, but did find a private "
                        "key; PEM inputs may have been switched\n")       # kubectl 1.30.13 (Go's X509KeyPair)
    r = c.run("kubectl create secret tls bad --cert=web.crt --key=web.crt")
    assert r.stderr == "error: tls: found a certificate rather than a key in the PEM for the private key\n"
    r = c.run("kubectl create secret tls --cert=web.crt --key=web.key")
    assert r.stderr.startswith("error: exactly one NAME is required, got 0\n")
    r = c.run("kubectl create secret tls web-tls --cert=web.crt --key=web.key")
    assert r.stderr == 'error: failed to create secret: secrets "web-tls" already exists\n'
    y = c.run("kubectl create secret tls x --cert=web.crt --key=web.key --dry-run=client -o yaml").stdout
    assert "  tls.crt: LS0tLS1CRUdJTi" in y and "type: kubernetes.io/tls\n" in y
    assert c.store.get("Secret", "default", "bad") is None
    doc = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: half\ntype: kubernetes.io/tls\ndata:\n  tls.crt: eA==\n"
    r = c.run("kubectl apply -f -", stdin=doc)
    assert (r.stderr, r.returncode) == ('The Secret "half" is invalid: data[tls.key]: Required value\n', 1)
    assert c.run("kubectl create secret generic g --from-literal=a=b").stdout == "secret/g created\n"


def test_describe_ingress_and_secret(cluster: Cluster) -> None:
    out = cluster.run("kubectl describe ingress web").stdout
    assert "Default backend:  <default>\nTLS:\n  web-tls terminates web.example.com\nRules:\n" in out
    crt, key = (len(cluster.run(f"cat web.{x}").stdout) for x in ("crt", "key"))
    out = cluster.run("kubectl describe secret web-tls").stdout
    assert out == ("Name:         web-tls\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
                   f"Type:  kubernetes.io/tls\n\nData\n====\ntls.crt:  {crt} bytes\ntls.key:  {key} bytes\n")


def test_unusable_secret_keeps_the_fake_certificate(cluster: Cluster) -> None:
    c = cluster
    crt, key = (c.run(f"base64 -w0 {name}").stdout for name in ("web.crt", "shop.key"))
    doc = (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: mixed-tls\ntype: kubernetes.io/tls\ndata:\n"
           f"  tls.crt: {crt}\n  tls.key: {key}\n")
    assert c.run("kubectl apply -f -", stdin=doc).returncode == 0       # the API server does not check the pair
    assert c.run("kubectl apply -f -", stdin=ingress("mixed", "web.example.com", "web", "mixed-tls").replace(
        "web.example.com", "mixed.example.com")).returncode == 0
    http, https, ip = ports(c)
    v = c.run(f"curl -svk --resolve mixed.example.com:{https}:{ip} https://mixed.example.com:{https}/").stderr
    assert "CN=Kubernetes Ingress Controller Fake Certificate" in v
    logs = c.run("kubectl logs -n ingress-nginx deploy/ingress-nginx-controller").stdout
    assert ("backend_ssl.go:47] Error obtaining X.509 certificate: unexpected error creating SSL Cert: certificate and "
            "private key does not have a matching public key: tls: private key does not match public key") in logs


def test_default_ssl_certificate_flag(cluster: Cluster) -> None:
    """--default-ssl-certificate=default/web-tls serves web-tls where the fake certificate would be."""
    http, https, ip = ports(cluster)
    ctrl = cluster.__dict__["ingress_controllers"][-1]
    ctrl.default_ssl_certificate = "default/web-tls"
    try:
        v = cluster.run(f"curl -svk https://{ip}:{https}/").stderr
        assert "*  subject: CN=web.example.com\n" in v
    finally:
        ctrl.default_ssl_certificate = ""
    assert "Fake Certificate" in cluster.run(f"curl -svk https://{ip}:{https}/").stderr
