"""The registry's tags and teaching images under Docker: pulls, listings, missing tags, and their servers."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.docker import images


@pytest.fixture()
def lab() -> Lab:
    return Lab()


@pytest.mark.parametrize("ref", ["nginx:1.14.2", "nginx:1.25-alpine", "nginx:stable", "busybox:1.28", "alpine:3.19",
                                 "ubuntu:22.04", "mysql:5.7", "redis:7-alpine", "curlimages/curl:8.5.0",
                                 "hashicorp/http-echo:0.2.3", "nicolaka/netshoot:v0.11", "httpd:2.4",
                                 "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3",
                                 "gcr.io/google-samples/hello-app:1.0", "traefik/whoami:v1.10",
                                 "docker.io/library/nginx:1.27"])
def test_tags_are_known(ref: str) -> None:
    assert images.lookup(ref) is not None


def test_variants_follow_their_base() -> None:
    assert images.lookup("nginx:1.25-alpine").userland == "busybox"
    assert images.lookup("nginx:1.25").userland == "debian"
    assert images.lookup("nginx:1.25").cmd == images.lookup("nginx").cmd
    assert images.lookup("nginx:1.14.2").id != images.lookup("nginx").id
    assert "NGINX_VERSION=1.14.2" in images.lookup("nginx:1.14.2").env
    assert images.lookup("redis:alpine").userland == "busybox"


def test_pull_and_list_print_the_tag(lab: Lab) -> None:
    r = lab.run("docker pull nginx:1.25")
    assert r.returncode == 0 and r.stdout.startswith("1.25: Pulling from library/nginx\n")
    assert r.stdout.endswith("Status: Downloaded newer image for nginx:1.25\ndocker.io/library/nginx:1.25\n")
    lab.run("docker pull busybox:1.28")
    listing = lab.run("docker images").stdout.splitlines()
    assert listing[1].split()[:2] == ["busybox", "1.28"] and listing[2].split()[:2] == ["nginx", "1.25"]
    assert listing[1].split()[-1] == "1.15MB"


def test_missing_tag_is_manifest_unknown(lab: Lab) -> None:
    r = lab.run("docker pull nginx:nope")
    assert (r.stdout, r.stderr, r.returncode) == (
        "", "Error response from daemon: manifest for nginx:nope not found: manifest unknown: manifest unknown\n", 1)
    r = lab.run("docker run nginx:nope")
    assert r.returncode == 125 and r.stderr == (
        "Unable to find image 'nginx:nope' locally\ndocker: Error response from daemon: manifest for nginx:nope "
        "not found: manifest unknown: manifest unknown\n\nRun 'docker run --help' for more information\n")
    assert "pull access denied for nosuchimage," in lab.run("docker pull nosuchimage:1.0").stderr


def test_old_nginx_tag_serves(lab: Lab) -> None:
    lab.run("docker run -d --name web nginx:1.14.2")
    r = lab.run("docker run --rm busybox:1.36 wget -qO- 172.17.0.2")
    assert r.returncode == 0 and "<title>Welcome to nginx!</title>" in r.stdout


def test_httpd_it_works(lab: Lab) -> None:
    lab.run("docker run -d --name web -p 8080:80 httpd")
    r = lab.run("curl -si localhost:8080")
    assert r.stdout.endswith("\r\n\r\n<html><body><h1>It works!</h1></body></html>\n")
    assert "Server: Apache/2.4.62 (Unix)\r\n" in r.stdout and 'ETag: "2d-432a5e4a73a80"\r\n' in r.stdout
    assert lab.run("curl -s -o /dev/null -w '%{http_code}' localhost:8080/nope").stdout == "404"
    lab.run("docker exec web sh -c 'echo hi > htdocs/index.html'")
    assert lab.run("curl -s localhost:8080").stdout == "hi\n"
    assert lab.run("docker logs web").stdout.splitlines()[-1].startswith('172.17.0.1 - - [')


def test_hello_app_and_whoami(lab: Lab) -> None:
    r = lab.run("docker run -d --name hello -p 8080:8080 gcr.io/google-samples/hello-app:2.0")
    cid = r.stdout[:12]
    assert lab.run("curl -s localhost:8080").stdout == f"Hello, world!\nVersion: 2.0.0\nHostname: {cid}\n"
    r = lab.run("docker run -d --name who traefik/whoami")
    cid = r.stdout[:12]
    out = lab.run("docker run --rm nicolaka/netshoot curl -s -H 'X-Test: 1' 172.17.0.3").stdout
    assert out.startswith(f"Hostname: {cid}\nIP: 127.0.0.1\nIP: 172.17.0.3\nRemoteAddr: 172.17.0.4:")
    assert out.endswith("\nGET / HTTP/1.1\r\nHost: 172.17.0.3\r\nUser-Agent: curl/8.9.1\r\nAccept: */*\r\n"
                        "X-Test: 1\r\n\r\n")


def test_agnhost_netexec(lab: Lab) -> None:
    cid = lab.run("docker run -d registry.k8s.io/e2e-test-images/agnhost:2.39 netexec --http-port=8080").stdout[:12]
    assert lab.run("docker run --rm curlimages/curl -s 172.17.0.2:8080/hostname").stdout == cid
    assert lab.run("docker run --rm curlimages/curl -s '172.17.0.2:8080/echo?msg=hi'").stdout == "hi"


def test_pull_from_another_registry(lab: Lab) -> None:
    out = lab.run("docker pull gcr.io/google-samples/hello-app:1.0").stdout
    assert out.startswith("1.0: Pulling from google-samples/hello-app\n")
    assert out.endswith("Status: Downloaded newer image for gcr.io/google-samples/hello-app:1.0\n"
                        "gcr.io/google-samples/hello-app:1.0\n")
    assert lab.run("docker pull gcr.io/google-samples/hello-app:1.0").stdout.endswith(
        "Status: Image is up to date for gcr.io/google-samples/hello-app:1.0\ngcr.io/google-samples/hello-app:1.0\n")


def test_nginx_tag_names_its_version(lab: Lab) -> None:
    lab.run("docker run -d -p 8080:80 nginx:1.14.2")
    assert "Server: nginx/1.14.2\r\n" in lab.run("curl -sI localhost:8080").stdout
    assert "<hr><center>nginx/1.14.2</center>" in lab.run("curl -s localhost:8080/nope").stdout
    lab.run("docker run -d -p 8081:80 nginx")
    assert "Server: nginx/1.27.3\r\n" in lab.run("curl -sI localhost:8081").stdout
