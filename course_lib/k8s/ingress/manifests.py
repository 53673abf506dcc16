"""The ingress-nginx deploy manifests known offline (`kubectl apply -f https://raw.githubusercontent.com/...`).

A trimmed controller-v1.11.2 deploy.yaml: Namespace, ServiceAccount, ConfigMap, Services, Deployment,
IngressClass `nginx` (provider "baremetal" exposes a NodePort Service, "cloud" a LoadBalancer). The
admission webhook's configuration, Service and Jobs are left out (the simulated API server runs no webhooks);
the controller keeps the real --validating-webhook=:8443 flags, so its pod listens on :8443 as the real one does.
"""
from __future__ import annotations

import re
from typing import Any

VERSION = "v1.11.2"
IMAGE = ("registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:"
         "d5f8217feeac4887cb1ed21f27c2674e58be06bd8f5184cacea2a69abaf78dce")
URL = re.compile(r"^https://raw\.githubusercontent\.com/kubernetes/ingress-nginx/(controller-v[0-9.]+|main)/deploy/"
                 r"static/provider/(baremetal|cloud|kind|aws|do|scw|exoscale)/deploy\.yaml$")

LABELS = """    app.kubernetes.io/component: controller
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/part-of: ingress-nginx
    app.kubernetes.io/version: 1.11.2"""


def deploy_yaml(provider: str) -> str:
    svc_type = "NodePort" if provider == "baremetal" else "LoadBalancer"
    return f"""apiVersion: v1
kind: Namespace
metadata:
  labels:
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
  name: ingress-nginx
---
apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
{LABELS}
  name: ingress-nginx
  namespace: ingress-nginx
---
apiVersion: v1
data:
  allow-snippet-annotations: "false"
kind: ConfigMap
metadata:
  labels:
{LABELS}
  name: ingress-nginx-controller
  namespace: ingress-nginx
---
apiVersion: v1
kind: Service
metadata:
  labels:
{LABELS}
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
{"  externalTrafficPolicy: Local" + chr(10) if svc_type == "LoadBalancer" else ""}  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - appProtocol: http
    name: http
    port: 80
    protocol: TCP
    targetPort: http
  - appProtocol: https
    name: https
    port: 443
    protocol: TCP
    targetPort: https
  selector:
    app.kubernetes.io/component: controller
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
  type: {svc_type}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
{LABELS}
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  minReadySeconds: 0
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app.kubernetes.io/component: controller
      app.kubernetes.io/instance: ingress-nginx
      app.kubernetes.io/name: ingress-nginx
  template:
    metadata:
      labels:
{LABELS.replace("    ", "        ")}
    spec:
      containers:
      - args:
        - /nginx-ingress-controller
        - --election-id=ingress-nginx-leader
        - --controller-class=k8s.io/ingress-nginx
        - --ingress-class=nginx
        - --configmap=$(POD_NAMESPACE)/ingress-nginx-controller
        - --validating-webhook=:8443
        - --validating-webhook-certificate=/usr/local/certificates/cert
        - --validating-webhook-key=/usr/local/certificates/key
        - --enable-metrics=false
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: LD_PRELOAD
          value: /usr/local/lib/libmimalloc.so
        image: {IMAGE}
        imagePullPolicy: IfNotPresent
        name: controller
        ports:
        - containerPort: 80
          name: http
          protocol: TCP
        - containerPort: 443
          name: https
          protocol: TCP
        - containerPort: 8443
          name: webhook
          protocol: TCP
      dnsPolicy: ClusterFirst
      nodeSelector:
        kubernetes.io/os: linux
      serviceAccountName: ingress-nginx
      terminationGracePeriodSeconds: 300
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  labels:
{LABELS}
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
"""


def provider_for(url: str) -> str:
    m = URL.match(url)
    return m.group(2) if m else "cloud"


def register(add_image: Any, register_url: Any) -> None:
    add_image("registry.k8s.io/ingress-nginx/controller", ("/usr/bin/dumb-init", "--"),
              ("/nginx-ingress-controller",))
    add_image("quay.io/kubernetes-ingress-controller/nginx-ingress-controller", ("/usr/bin/dumb-init", "--"),
              ("/nginx-ingress-controller",))
    register_url(lambda url: bool(URL.match(url)), lambda cluster, url: deploy_yaml(provider_for(url)))
