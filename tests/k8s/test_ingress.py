"""Ingress: v1 validation, legacy API refused, no controller does nothing, ingress-nginx from the official URL,
pathType matching per the spec, rewrite-target, default 404, TLS redirect."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from course_lib.k8s.ingress.routing import match, path_matches

DEPLOY = ("https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.11.2/deploy/static/provider/"
          "baremetal/deploy.yaml")
ING = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: store
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx
  rules:
  - host: my-online-store.com
    http:
      paths:
      - path: /wear
        pathType: Prefix
        backend:
          service:
            name: wear-service
            port:
              number: 80
      - path: /watch
        pathType: Exact
        backend:
          service:
            name: watch-service
            port:
              number: 80
"""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster(workers=2)
    for app in ("wear", "watch"):
        c.run(f"kubectl create deployment {app} --image=hashicorp/http-echo -- /http-echo -text={app}")
        c.run(f"kubectl expose deployment {app} --port=80 --target-port=5678 --name={app}-service")
    assert c.run("kubectl apply -f -", stdin=ING).returncode == 0
    return c


def curl(c: Cluster, path: str, host: str = "my-online-store.com", scheme: str = "http") -> str:
    svc = c.store.get("Service", "ingress-nginx", "ingress-nginx-controller")
    port = svc["spec"]["ports"][0 if scheme == "http" else 1]["nodePort"]
    return c.node("gateway").run(f"curl -s -k -H 'Host: {host}' {scheme}://192.168.1.11:{port}{path}").stdout


def test_no_controller_does_nothing(cluster: Cluster) -> None:
    row = cluster.run("kubectl get ingress store").stdout.splitlines()
    assert row[0].split() == ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"]
    assert row[1].split()[:4] == ["store", "nginx", "my-online-store.com", "80"]


def test_controller_from_official_url(cluster: Cluster) -> None:
    r = cluster.run(f"kubectl apply -f {DEPLOY}")
    assert "deployment.apps/ingress-nginx-controller created" in r.stdout, r.stderr
    assert "ingressclass.networking.k8s.io/nginx created" in r.stdout
    pod = cluster.store.list("Pod", "ingress-nginx")[0]
    assert pod["spec"]["containers"][0]["image"].startswith("registry.k8s.io/ingress-nginx/controller")
    row = cluster.run("kubectl get ingress store").stdout.splitlines()[1].split()
    assert row[3] == cluster.node_ip(pod["spec"]["nodeName"])


def test_routing(cluster: Cluster) -> None:
    assert curl(cluster, "/wear") == "wear\n"
    assert curl(cluster, "/wear/shirts") == "wear\n"
    assert curl(cluster, "/watch") == "watch\n"
    assert "404 Not Found" in curl(cluster, "/watch/x")          # Exact
    assert "404 Not Found" in curl(cluster, "/wearx")            # element-wise prefix
    assert "<center>nginx</center>" in curl(cluster, "/", host="other.com")


def test_legacy_api_refused(cluster: Cluster) -> None:
    old = ("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: ingress-wear\nspec:\n  backend:\n"
           "    serviceName: wear-service\n    servicePort: 80\n")
    r = cluster.run("kubectl create -f -", stdin=old)
    assert 'no matches for kind "Ingress" in version "extensions/v1beta1"' in r.stderr and r.returncode == 1


def test_missing_path_type(cluster: Cluster) -> None:
    r = cluster.run("kubectl apply -f -", stdin=ING.replace("name: store", "name: bad").replace(
        "        pathType: Prefix\n", "", 1))
    assert r.stderr == ('The Ingress "bad" is invalid: spec.rules[0].http.paths[0].pathType: Required value: '
                        "pathType must be specified\n")


def test_tls_redirect(cluster: Cluster) -> None:
    tls = ING.replace("name: store", "name: secure").replace("my-online-store.com", "secure.example.com").replace(
        "  rules:", "  tls:\n  - hosts:\n    - secure.example.com\n    secretName: tls-secret\n  rules:")
    assert cluster.run("kubectl apply -f -", stdin=tls).returncode == 0
    svc = cluster.store.get("Service", "ingress-nginx", "ingress-nginx-controller")
    port = svc["spec"]["ports"][0]["nodePort"]
    r = cluster.node("gateway").run(f"curl -s -i -H 'Host: secure.example.com' http://192.168.1.11:{port}/wear")
    assert r.stdout.startswith("HTTP/1.1 308 Permanent Redirect")
    assert curl(cluster, "/wear", host="secure.example.com", scheme="https") == "wear\n"


def test_path_rules_per_spec() -> None:
    assert path_matches("/foo", "Prefix", "/foo/", False)
    assert path_matches("/foo/", "Prefix", "/foo", False)
    assert not path_matches("/foo/bar", "Prefix", "/foo/barbaz", False)
    assert path_matches("/", "Prefix", "/anything", False)
    assert not path_matches("/foo", "Exact", "/foo/", False)
    ing = {"metadata": {"name": "x", "namespace": "d"}, "spec": {"rules": [
        {"host": "*.foo.com", "http": {"paths": [
            {"path": "/foo", "pathType": "Prefix", "backend": {"service": {"name": "p"}}},
            {"path": "/foo", "pathType": "Exact", "backend": {"service": {"name": "e"}}},
            {"path": "/foo/bar", "pathType": "Prefix", "backend": {"service": {"name": "long"}}}]}}]}}
    assert match([ing], "bar.foo.com", "/foo")[0].backend["service"]["name"] == "e"
    assert match([ing], "bar.foo.com", "/foo/bar/x")[0].backend["service"]["name"] == "long"
    assert match([ing], "baz.bar.foo.com", "/foo")[0] is None
    assert match([ing], "foo.com", "/foo")[0] is None


def test_describe_ingress(cluster: Cluster) -> None:
    out = cluster.run("kubectl describe ingress store").stdout
    assert "Ingress Class:    nginx\nDefault backend:  <default>\nRules:\n  Host                 Path  Backends\n" in out
    assert "                       /wear    wear-service:80 (" in out
    assert "Annotations:           nginx.ingress.kubernetes.io/rewrite-target: /\n" in out
    assert "Normal  Sync" in out and "nginx-ingress-controller  Scheduled for sync" in out


SEED_CONTROLLER = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-ingress-controller
spec:
  replicas: 1
  selector:
    matchLabels:
      name: nginx-ingress
  template:
    metadata:
      labels:
        name: nginx-ingress
    spec:
      containers:
      - name: nginx-ingress-controller
        image: quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.21.0
        args:
        - /nginx-ingress-controller
        - --configmap=$(POD_NAMESPACE)/nginx-configuration
        env:
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        ports:
        - name: http
          containerPort: 80
        - name: https
          containerPort: 443
---
apiVersion: v1
kind: Service
metadata:
  name: nginx-ingress
spec:
  type: NodePort
  selector:
    name: nginx-ingress
  ports:
  - name: http
    port: 80
    targetPort: 80
    nodePort: 30080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: nginx-configuration
"""


def test_seed_style_controller_serves_classless_ingress() -> None:
    c = Cluster()
    c.run("kubectl create deployment wear --image=hashicorp/http-echo -- /http-echo -text=wear")
    c.run("kubectl expose deployment wear --port=80 --target-port=5678 --name=wear-service")
    r = c.run("kubectl apply -f -", stdin=SEED_CONTROLLER)
    assert r.returncode == 0, r.stderr
    ing = ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ingress-wear\nspec:\n"
           "  defaultBackend:\n    service:\n      name: wear-service\n      port:\n        number: 80\n")
    assert c.run("kubectl apply -f -", stdin=ing).returncode == 0
    assert c.node("gateway").run("curl -s http://192.168.1.11:30080/anything").stdout == "wear\n"


def test_kubectl_create_ingress(cluster: Cluster) -> None:
    r = cluster.run('kubectl create ingress gen --class=nginx --rule="gen.example.com/wear*=wear-service:80" '
                    '--rule="gen.example.com/watch=watch-service:80"')
    assert r.stdout == "ingress.networking.k8s.io/gen created\n", r.stderr
    paths = cluster.store.get("Ingress", "default", "gen")["spec"]["rules"][0]["http"]["paths"]
    assert [(p["path"], p["pathType"]) for p in paths] == [("/wear", "Prefix"), ("/watch", "Exact")]
    assert curl(cluster, "/wear/x", host="gen.example.com") == "wear\n"


def test_rewrite_with_capture_groups_and_503(cluster: Cluster) -> None:
    cluster.run("kubectl create deployment echo --image=nginx")
    cluster.run("kubectl expose deployment echo --port=80")
    regex = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rewrite
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
    nginx.ingress.kubernetes.io/use-regex: "true"
spec:
  ingressClassName: nginx
  rules:
  - host: rw.example.com
    http:
      paths:
      - path: /app(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service:
            name: echo
            port:
              number: 80
      - path: /down
        pathType: Prefix
        backend:
          service:
            name: missing
            port:
              number: 80
"""
    assert cluster.run("kubectl apply -f -", stdin=regex).returncode == 0
    assert "Welcome to nginx!" in curl(cluster, "/app/index.html", host="rw.example.com")
    pod = cluster.store.list("Pod", "default", {"app": "echo"})[0]["metadata"]["name"]
    assert '"GET /index.html HTTP/1.1" 200' in cluster.run(f"kubectl logs {pod}").stdout
    assert "503 Service Temporarily Unavailable" in curl(cluster, "/down", host="rw.example.com")
