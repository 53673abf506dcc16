"""Readiness probes on the model clock: READY 0/1, notReadyAddresses / ready=false, kube-proxy's rules, describe."""
from __future__ import annotations

import json
import re

import pytest

from course_lib import Cluster

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{containerPort: 80, name: http}]
        readinessProbe:
          httpGet: {path: /, port: http}
          initialDelaySeconds: 5
          periodSeconds: 5
---
apiVersion: v1
kind: Pod
metadata: {name: bad, labels: {app: web}}
spec:
  containers:
  - name: nginx
    image: nginx
    readinessProbe:
      httpGet: {path: /healthz, port: 80}
---
apiVersion: v1
kind: Pod
metadata: {name: tcp, labels: {app: other}}
spec:
  containers:
  - name: nginx
    image: nginx
    readinessProbe:
      tcpSocket: {port: 81}
---
apiVersion: v1
kind: Pod
metadata: {name: ex, labels: {app: web}}
spec:
  containers:
  - name: bb
    image: busybox
    command: ["sleep", "3600"]
    readinessProbe:
      exec: {command: [cat, /tmp/healthy]}
      periodSeconds: 5
      failureThreshold: 2
"""


@pytest.fixture(scope="module")
def c() -> Cluster:
    cl = Cluster(cni="bridge")
    assert cl.run("kubectl apply -f -", stdin=MANIFEST).returncode == 0
    assert cl.run("kubectl expose deployment web --port=80").returncode == 0
    return cl


def _ready(c: Cluster) -> dict[str, str]:
    rows = c.run("kubectl get pods --no-headers").stdout.splitlines()
    return {r.split()[0].split("-")[0]: r.split()[1] for r in rows}


def _svc_chain(c: Cluster) -> str:
    nat = c.node("node01").run("iptables-save -t nat").stdout
    return "\n".join(line for line in nat.splitlines() if line.startswith("-A KUBE-SVC-") and "default/web ->" in line)


def test_probes_decide_readiness_and_endpoints(c: Cluster) -> None:
    assert set(_ready(c).values()) == {"0/1"}          # every probe has to succeed first
    assert c.run("kubectl get endpoints web --no-headers").stdout.split()[1] == "<none>"
    c.run("sleep 6")
    ready = _ready(c)
    assert ready["web"] == "1/1" and ready["bad"] == "0/1" and ready["tcp"] == "0/1" and ready["ex"] == "0/1"
    ep = json.loads(c.run("kubectl get endpoints web -o json").stdout)
    subset = ep["subsets"][0]
    web_ips = {p["status"]["podIP"] for p in c.store.list("Pod", "default", {"app": "web"})
               if p["metadata"]["name"].startswith("web-")}
    assert {a["ip"] for a in subset["addresses"]} == web_ips
    assert {a["targetRef"]["name"] for a in subset["notReadyAddresses"]} == {"bad", "ex"}
    slices = json.loads(c.run("kubectl get endpointslices -l kubernetes.io/service-name=web -o json").stdout)
    conditions = {e["targetRef"]["name"]: e["conditions"] for e in slices["items"][0]["endpoints"]}
    assert conditions["bad"] == {"ready": False, "serving": False, "terminating": False}
    chain = _svc_chain(c)
    assert all(f"{ip}:80" in chain for ip in web_ips) and chain.count("-j KUBE-SEP-") == 2
    assert c.run("kubectl get deployment web --no-headers").stdout.split()[1] == "2/2"


def test_describe_shows_the_probe_and_its_failures(c: Cluster) -> None:
    c.run("sleep 25")
    out = c.run("kubectl describe pod bad").stdout
    assert "    Ready:          False\n" in out
    assert "    Readiness:      http-get http://:80/healthz delay=0s timeout=1s period=10s #success=1 #failure=3\n" \
        in out
    assert "  Ready                      False \n" in out
    # four failures 10 s apart (the pods of the manifest started 1 to 3 s apart, so the ages vary)
    m = re.search(r"Warning  Unhealthy  (\d+)s \(x4 over (\d+)s\)  kubelet            Readiness probe failed: "
                  r"HTTP probe failed with statuscode: 404\n", out)
    assert m is not None and int(m.group(2)) - int(m.group(1)) == 30
    tcp = c.run("kubectl describe pod tcp").stdout
    assert "    Readiness:      tcp-socket :81 delay=0s timeout=1s period=10s #success=1 #failure=3\n" in tcp
    ip = c.store.get("Pod", "default", "tcp")["status"]["podIP"]
    assert f"Readiness probe failed: dial tcp {ip}:81: connect: connection refused\n" in tcp
    ex = c.run("kubectl describe pod ex").stdout
    assert "    Readiness:      exec [cat /tmp/healthy] delay=0s timeout=1s period=5s #success=1 #failure=2\n" in ex
    pod = json.loads(c.run("kubectl get pod bad -o json").stdout)
    ready = next(x for x in pod["status"]["conditions"] if x["type"] == "Ready")
    assert (ready["reason"], ready["message"]) == ("ContainersNotReady", "containers with unready status: [nginx]")
    probe = pod["spec"]["containers"][0]["readinessProbe"]
    assert probe == {"failureThreshold": 3, "httpGet": {"path": "/healthz", "port": 80, "scheme": "HTTP"},
                     "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1}


def test_exec_probe_follows_the_file_and_kube_proxy_follows_the_probe(c: Cluster) -> None:
    ex_ip = c.store.get("Pod", "default", "ex")["status"]["podIP"]
    c.run("kubectl exec ex -- touch /tmp/healthy")
    c.run("sleep 5")
    assert _ready(c)["ex"] == "1/1"
    assert f"{ex_ip}:80" in _svc_chain(c)
    pod = c.store.get("Pod", "default", "ex")
    became_ready = next(x for x in pod["status"]["conditions"] if x["type"] == "Ready")["lastTransitionTime"]
    ep = c.store.get("Endpoints", "default", "web")
    assert ep["metadata"]["annotations"]["endpoints.kubernetes.io/last-change-trigger-time"] == became_ready
    c.run("kubectl exec ex -- rm /tmp/healthy")
    c.run("sleep 5")
    assert _ready(c)["ex"] == "1/1"                       # one failure: failureThreshold is 2
    c.run("sleep 5")
    assert _ready(c)["ex"] == "0/1"
    assert f"{ex_ip}:80" not in _svc_chain(c)
    ip = c.store.get("Service", "default", "web")["spec"]["clusterIP"]
    for _ in range(4):                                      # the service still answers from the ready pods
        assert c.node("node01").run(f"curl -s -o /dev/null -w '%{{http_code}}' http://{ip}/").stdout == "200"


def test_deleted_pod_stops_its_worker(c: Cluster) -> None:
    from course_lib.k8s.probes import prober_of
    prober = prober_of(c)
    assert prober is not None
    assert any(k[1] == "nginx" for k in prober.workers)
    c.run("kubectl delete pod tcp")
    c.run("sleep 10")
    uids = {p["metadata"]["uid"] for p in c.store.list("Pod")}
    assert all(uid in uids for uid, *_ in prober.workers)


def test_probe_ticks_never_nest_and_due_ticks_run_after_the_request() -> None:
    from course_lib.k8s import probes
    from course_lib.net.events import scheduler
    cl = Cluster(workers=20, cni="weave")          # weave-net's readiness probe on 21 nodes, stale after the boot
    prober = probes.prober_of(cl)
    assert prober is not None
    depths: list[int] = []
    kinds: list[str] = []
    run = prober.run

    def spy(*args):  # type: ignore[no-untyped-def]
        depths.append(scheduler(cl.network).depth)
        kinds.append(args[2].kind)
        return run(*args)
    prober.run = spy  # type: ignore[method-assign]
    ip = cl.node_ip("node20")
    assert cl.node("node01").run(f"ping -c1 -W1 {ip}").returncode == 0
    # run after the command, one by one (and the control plane's 4 static pods' liveness probes with them)
    assert kinds.count("readiness") == 21 and kinds.count("liveness") == 4
    assert max(depths) == 0 and not prober.due
    depths.clear()
    kinds.clear()
    cl.run("sleep 25")
    assert kinds.count("readiness") == 21 * 2 and max(depths) == 1     # in a sleep: at their time, never nested
    assert not [e for e in cl.store.list("Event", "kube-system") if e["reason"] == "Unhealthy"]
