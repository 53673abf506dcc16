"""curl follows its image: curlimages/curl:TAG is curl TAG (musl), netshoot v0.13 Alpine edge's 8.9.1, Debian
machines 7.88.1; in `curl -V` and in the User-Agent of its requests, in containers and in pods."""
from __future__ import annotations

from course_lib import Cluster, Lab


def test_docker_images_curl() -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    first = lambda r: [line for line in r.stdout.splitlines() if line.startswith("curl ")][0]  # noqa: E731
    assert first(lab.run("docker run --rm curlimages/curl curl -V")).startswith(
        "curl 8.11.0 (x86_64-pc-linux-musl) libcurl/8.11.0 ")
    assert first(lab.run("docker run --rm curlimages/curl:8.5.0 -V")).startswith("curl 8.5.0 (x86_64-pc-linux-musl)")
    assert first(lab.run("docker run --rm nicolaka/netshoot:v0.13 curl --version")).startswith("curl 8.9.1 ")
    r = lab.run("docker run --rm curlimages/curl:8.10.1 -sv -o /dev/null http://172.17.0.2/")
    assert "> User-Agent: curl/8.10.1\r\n" in r.stderr
    r = lab.run("docker exec web curl -sv -o /dev/null http://172.17.0.2/")
    assert "> User-Agent: curl/7.88.1\r\n" in r.stderr
    assert lab.run("curl -V").stdout.startswith("curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/")
    r = lab.run("docker run --rm curlimages/curl:8.10.1 -s -A probe/1 -o /dev/null -w '%{http_code}' "
                "http://172.17.0.2/")
    assert r.stdout.endswith("200")


def test_pod_curl_follows_its_image() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run c --image=curlimages/curl:8.8.0 --command -- sleep 3600")
    assert c.run("kubectl exec c -- curl -V").stdout.startswith("curl 8.8.0 (x86_64-pc-linux-musl)")
    assert c.run("curl -V").stdout.startswith("curl 7.88.1 ")
