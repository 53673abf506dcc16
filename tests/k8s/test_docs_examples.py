"""The Kubernetes docs' Job and CronJob examples run offline from their URLs (k8s/examples.py)."""
from __future__ import annotations

from course_lib import Cluster
from course_lib.k8s.examples import pi_text


def test_pi_digits() -> None:
    assert pi_text(50) == "3.1415926535897932384626433832795028841971693993751"
    assert pi_text(3) == "3.14" and pi_text(5) == "3.1416"                   # rounded, not cut
    assert len(pi_text(2000)) == 2001


def test_the_pi_job_and_the_hello_cronjob() -> None:
    c = Cluster(cni="bridge")
    r = c.run("kubectl apply -f https://kubernetes.io/examples/controllers/job.yaml && "
              "kubectl wait --for=condition=complete job/pi --timeout=60s")
    assert r.stdout == "job.batch/pi created\njob.batch/pi condition met\n"
    job = c.store.get("Job", "default", "pi")
    assert job["spec"]["backoffLimit"] == 4
    assert c.run("kubectl logs job/pi").stdout == pi_text(2000) + "\n"
    pod = c.store.list("Pod", "default", {"job-name": "pi"})[0]
    assert pod["status"]["phase"] == "Succeeded"
    assert c.run("kubectl create -f https://k8s.io/examples/application/job/cronjob.yaml").stdout == \
        "cronjob.batch/hello created\n"
    c.run("sleep 70")
    name = [j["metadata"]["name"] for j in c.store.list("Job", "default") if j["metadata"]["name"] != "pi"][0]
    assert c.run(f"kubectl logs job/{name}").stdout.endswith(" UTC 2025\nHello from the Kubernetes cluster\n")
    assert c.run("kubectl apply -f https://kubernetes.io/examples/nope.yaml").returncode == 1


def test_the_nginx_deployment_rollout() -> None:
    c = Cluster(cni="bridge")
    r = c.run("kubectl apply -f https://k8s.io/examples/controllers/nginx-deployment.yaml && kubectl get deployments"
              " && kubectl rollout status deployment/nginx-deployment")
    lines = r.stdout.splitlines()
    assert lines[:3] == ["deployment.apps/nginx-deployment created", "NAME               READY   UP-TO-DATE   "
                         "AVAILABLE   AGE", "nginx-deployment   0/3     3            0           0s"]
    assert lines[3:] == [f'Waiting for deployment "nginx-deployment" rollout to finish: {n} of 3 updated replicas '
                         "are available..." for n in range(3)] + ['deployment "nginx-deployment" successfully rolled out']
    r = c.run("kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1 && "
              "kubectl rollout status deployment/nginx-deployment")
    assert r.stdout.splitlines()[-1] == 'deployment "nginx-deployment" successfully rolled out'
