"""StatefulSets with a headless Service: ordered pods NAME-i with stable DNS names, scaling, recreation, kubectl."""
from __future__ import annotations

import pytest

from course_lib import Cluster

WEB = """apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx # has to match .spec.template.metadata.labels
  serviceName: "nginx"
  replicas: 2 # by default is 1
  template:
    metadata:
      labels:
        app: nginx # has to match .spec.selector.matchLabels
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
"""

BROKEN = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {name}
spec:
  selector:
    matchLabels:
      app: {name}
  serviceName: {name}
  replicas: 3
  podManagementPolicy: {policy}
  template:
    metadata:
      labels:
        app: {label}
    spec:
      containers:
      - name: c
        image: nginx:no-such-tag
"""


def pod_names(cluster: Cluster, selector: str = "app=nginx") -> list[str]:
    out = cluster.run(f"kubectl get pods -l {selector} -o name").stdout.split()
    return [name.split("/", 1)[1] for name in out]


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster(workers=2)
    r = c.run("kubectl apply -f -", stdin=WEB)
    assert r.stdout == "service/nginx created\nstatefulset.apps/web created\n", r.stderr
    c.run("kubectl run bb --image=busybox:1.28 --restart=Never -- sleep 3600")
    return c


def test_pods_named_in_order_with_identity(cluster: Cluster) -> None:
    assert pod_names(cluster) == ["web-0", "web-1"]
    out = cluster.run("kubectl get pods").stdout.splitlines()
    assert [line.split()[:3] for line in out if line.startswith("web-")] == \
        [["web-0", "1/1", "Running"], ["web-1", "1/1", "Running"]]
    pod = cluster.store.get("Pod", "default", "web-1")
    assert pod["spec"]["hostname"] == "web-1" and pod["spec"]["subdomain"] == "nginx"
    labels = pod["metadata"]["labels"]
    assert labels["statefulset.kubernetes.io/pod-name"] == "web-1"
    assert labels["apps.kubernetes.io/pod-index"] == "1"
    assert labels["controller-revision-hash"].startswith("web-")
    assert pod["metadata"]["ownerReferences"][0]["kind"] == "StatefulSet"
    assert {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-1"}} in pod["spec"]["volumes"]
    assert cluster.run("kubectl exec web-1 -- cat /etc/hostname").stdout == "web-1\n"


def test_get_statefulset_columns(cluster: Cluster) -> None:
    for name in ("sts", "statefulset", "statefulsets", "statefulsets.apps"):
        r = cluster.run(f"kubectl get {name}")
        assert r.stdout.splitlines()[0].split() == ["NAME", "READY", "AGE"], (name, r.stderr)
        assert r.stdout.splitlines()[1].split()[:2] == ["web", "2/2"]
    wide = cluster.run("kubectl get sts web -o wide").stdout.splitlines()
    assert wide[0].split() == ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"]
    assert wide[1].split()[3:] == ["nginx", "registry.k8s.io/nginx-slim:0.8"]
    assert cluster.run("kubectl get sts web -o name").stdout == "statefulset.apps/web\n"


def test_dns_names_of_the_pods(cluster: Cluster) -> None:
    ip = cluster.store.get("Pod", "default", "web-0")["status"]["podIP"]
    r = cluster.run("kubectl exec bb -- nslookup web-0.nginx")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"Address 1: {ip} web-0.nginx.default.svc.cluster.local" in r.stdout
    r = cluster.run("kubectl exec bb -- nslookup web-1.nginx.default.svc.cluster.local")
    assert cluster.store.get("Pod", "default", "web-1")["status"]["podIP"] in r.stdout


def test_scale_up_and_down_in_order(cluster: Cluster) -> None:
    assert cluster.run("kubectl scale sts web --replicas=3").stdout == "statefulset.apps/web scaled\n"
    assert pod_names(cluster) == ["web-0", "web-1", "web-2"]
    assert cluster.run("kubectl get sts web").stdout.splitlines()[1].split()[1] == "3/3"
    cluster.run("kubectl scale statefulset/web --replicas=1")
    assert pod_names(cluster) == ["web-0", "web-1", "web-2"]       # web-2 Terminating first, then web-1
    cluster.run("sleep 3")
    assert pod_names(cluster) == ["web-0"]
    events = [e["message"] for e in cluster.events_for(cluster.store.get("StatefulSet", "default", "web"))]
    assert events[-2:] == ["delete Pod web-2 in StatefulSet web successful",
                           "delete Pod web-1 in StatefulSet web successful"]
    cluster.run("kubectl scale sts web --replicas=2")
    assert pod_names(cluster) == ["web-0", "web-1"]


def test_deleted_pod_comes_back_with_its_name(cluster: Cluster) -> None:
    old = cluster.store.get("Pod", "default", "web-0")["metadata"]["uid"]
    assert cluster.run("kubectl delete pod web-0").stdout == 'pod "web-0" deleted\n'
    assert pod_names(cluster) == ["web-0", "web-1"]
    pod = cluster.store.get("Pod", "default", "web-0")
    assert pod["metadata"]["uid"] != old and pod["status"]["phase"] == "Running"
    cluster.run("sleep 30")        # the deletion took model time: CoreDNS's `cache 30` may still hold the old IP
    r = cluster.run("kubectl exec bb -- nslookup web-0.nginx")
    assert f"{pod['status']['podIP']} web-0.nginx.default.svc.cluster.local" in r.stdout


def test_describe_and_rollout_status(cluster: Cluster) -> None:
    out = cluster.run("kubectl describe sts web").stdout
    for line in ("Name:               web", "Selector:           app=nginx", "Replicas:           2 desired | 2 total",
                 "Update Strategy:    RollingUpdate", "  Partition:        0",
                 "Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed",
                 "      /usr/share/nginx/html from www (rw)", "Volume Claims:", "  Name:          www",
                 "  Capacity:      1Gi", "  Access Modes:  [ReadWriteOnce]"):
        assert line + "\n" in out, line
    assert "statefulset-controller  create Pod web-0 in StatefulSet web successful" in out
    r = cluster.run("kubectl rollout status sts/web")
    assert r.stdout.startswith("statefulset rolling update complete 2 pods at revision web-"), r.stdout + r.stderr


def test_ordered_ready_waits_and_parallel_does_not(cluster: Cluster) -> None:
    cluster.run("kubectl apply -f -", stdin=BROKEN.format(name="ord", label="ord", policy="OrderedReady"))
    assert pod_names(cluster, "app=ord") == ["ord-0"]           # ord-0 never becomes Ready
    assert cluster.run("kubectl get sts ord").stdout.splitlines()[1].split()[1] == "0/3"
    r = cluster.run("kubectl rollout status sts/ord --timeout=1s")
    assert (r.stdout, r.stderr, r.returncode) == ("Waiting for 3 pods to be ready...\n",
                                                  "error: timed out waiting for the condition\n", 1)
    cluster.run("kubectl apply -f -", stdin=BROKEN.format(name="par", label="par", policy="Parallel"))
    assert pod_names(cluster, "app=par") == ["par-0", "par-1", "par-2"]


def test_validation_and_delete(cluster: Cluster) -> None:
    r = cluster.run("kubectl apply -f -", stdin=BROKEN.format(name="bad", label="other", policy="OrderedReady"))
    assert r.returncode == 1
    assert r.stderr.startswith('The StatefulSet "bad" is invalid: spec.template.metadata.labels: Invalid value: '
                               'map[string]string{"app":"other"}: `selector` does not match template `labels`'), r.stderr
    assert cluster.store.get("StatefulSet", "default", "bad") is None
    assert cluster.run("kubectl delete sts par").returncode == 0
    cluster.run("sleep 2")                    # the garbage collector's pod deletions end a second later
    assert pod_names(cluster, "app=par") == []
    r = cluster.run("kubectl get sts nope")
    assert r.stderr == 'Error from server (NotFound): statefulsets.apps "nope" not found\n'
