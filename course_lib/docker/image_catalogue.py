"""The registry's other tags of each image, and the teaching images beyond the basic ones.

images.CATALOGUE holds one `:latest` per repository (plus nginx:alpine); a tag listed here behaves
like its base image (an `-alpine` variant gets the BusyBox userland, as the real alpine images do),
with its own id, size and age. `find(ref)` is what images.lookup falls back to; `repository_known`
tells a missing tag of a known repository (Docker's "manifest unknown", containerd's "not found")
from an unknown repository (pull access denied).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from course_lib.docker.images import (BUSYBOX_TOOLS, CATALOGUE, DEBIAN_BASE, BusyboxTools,  # noqa: F401
                                      Image, busybox_release)


PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
ALPINE = {"userland": "busybox"}

# repository -> [(tag, size, created, variant)], variant "" (as the base) or "alpine".
TAGS: dict[str, list[tuple[str, str, str, str]]] = {
    "nginx": [("stable", "192MB", "2 months ago", ""), ("mainline", "192MB", "2 weeks ago", ""),
              ("stable-alpine", "47.9MB", "2 months ago", "alpine"),
              ("mainline-alpine", "47.9MB", "2 weeks ago", "alpine"),
              ("1.14.2", "109MB", "5 years ago", ""), ("1.14.2-alpine", "16MB", "5 years ago", "alpine"),
              ("1.16", "127MB", "4 years ago", ""), ("1.16.1", "127MB", "4 years ago", ""),
              ("1.16-alpine", "22.2MB", "4 years ago", "alpine"),
              ("1.19", "133MB", "3 years ago", ""), ("1.20", "133MB", "2 years ago", ""),
              ("1.21", "142MB", "2 years ago", ""), ("1.22", "142MB", "19 months ago", ""),
              ("1.23", "142MB", "18 months ago", ""), ("1.24", "142MB", "14 months ago", ""),
              ("1.25", "187MB", "8 months ago", ""), ("1.25.3", "187MB", "12 months ago", ""),
              ("1.26", "188MB", "2 months ago", ""), ("1.27", "192MB", "2 weeks ago", ""),
              ("1.27.3", "192MB", "2 weeks ago", "")]
             + [(f"1.{minor}-alpine", "43.2MB", "2 months ago", "alpine") for minor in range(19, 28)],
    "busybox": [(tag, "4.27MB", "14 months ago", "") for tag in
                ("1.36", "1.36.1", "1.37", "stable", "musl", "glibc", "uclibc")]
               + [("1.35", "4.86MB", "2 years ago", ""), ("1.28", "1.15MB", "6 years ago", ""),
                  ("1.28.4", "1.15MB", "6 years ago", "")],
    "alpine": [(tag, "7.83MB", "7 weeks ago", "") for tag in ("3", "3.21", "3.20", "edge")]
              + [("3.19", "7.38MB", "4 months ago", ""), ("3.18", "7.33MB", "4 months ago", "")],
    "ubuntu": [(tag, "78.1MB", "6 weeks ago", "") for tag in ("24.04", "noble")]
              + [(tag, "77.9MB", "2 months ago", "") for tag in ("22.04", "jammy")]
              + [(tag, "72.8MB", "2 months ago", "") for tag in ("20.04", "focal")],
    "mysql": [(tag, "797MB", "2 months ago", "") for tag in ("8", "8.4", "lts")]
             + [("8.0", "772MB", "2 months ago", ""), ("5.7", "501MB", "11 months ago", "")],
    "redis": [(tag, "117MB", "4 weeks ago", "") for tag in ("7", "7.4", "7.2")]
             + [("6", "113MB", "2 months ago", "")]
             + [(tag, "45.2MB", "4 weeks ago", "alpine") for tag in ("alpine", "7-alpine")],
    "curlimages/curl": [(tag, "21.9MB", "3 weeks ago", "") for tag in ("8.11.0", "8.10.1", "8.8.0", "8.5.0")],
    "hashicorp/http-echo": [(tag, "4.45MB", "13 months ago", "") for tag in ("1.0", "1.0.0")]
                           + [("0.2.3", "3.97MB", "6 years ago", "")],
    "nicolaka/netshoot": [(tag, "489MB", "5 months ago", "") for tag in ("v0.13",)]
                         + [("v0.12", "455MB", "11 months ago", ""), ("v0.11", "447MB", "19 months ago", "")],
}

HTTPD_TOOLS = DEBIAN_BASE | {"httpd", "httpd-foreground", "apachectl"}
DNSUTILS_TOOLS = DEBIAN_BASE | {"dig", "nslookup", "host", "nsupdate", "ping", "ip"}
AGNHOST_TOOLS = BUSYBOX_TOOLS | {"agnhost", "curl", "dig", "host", "nslookup", "nc", "bash", "iperf"}


def _extra_images() -> list[Image]:
    httpd = dict(entrypoint=(), cmd=("httpd-foreground",), exposed=("80/tcp",), workdir="/usr/local/apache2",
                 stop_signal="SIGWINCH",
                 env=("PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                      "HTTPD_PREFIX=/usr/local/apache2", "HTTPD_VERSION=2.4.62"))
    hello = dict(entrypoint=("/hello-app",), exposed=(), env=(PATH_ENV,), tools=frozenset({"hello-app"}),
                 layers=2)
    whoami = dict(entrypoint=("/whoami",), exposed=("80/tcp",), env=(), tools=frozenset({"whoami"}), layers=3)
    return [
        *(Image("httpd", tag, "148MB", "3 months ago", tools=HTTPD_TOOLS, layers=6, **httpd)  # type: ignore[arg-type]
          for tag in ("latest", "2.4", "2.4.62", "2")),
        *(Image("httpd", tag, "58.6MB", "3 months ago", tools=BUSYBOX_TOOLS | HTTPD_TOOLS, userland="busybox",
                layers=7, **httpd) for tag in ("alpine", "2.4-alpine")),  # type: ignore[arg-type]
        Image("registry.k8s.io/e2e-test-images/jessie-dnsutils", "1.3", "112MB", "4 years ago",
              cmd=("/bin/sh",), tools=DNSUTILS_TOOLS, layers=4),
        *(Image("registry.k8s.io/e2e-test-images/agnhost", tag, "127MB", "2 years ago", entrypoint=("/agnhost",),
                cmd=("pause",), tools=AGNHOST_TOOLS, userland="alpine", layers=6)
          for tag in ("2.39", "2.40", "2.43", "2.45", "2.47")),
        *(Image("gcr.io/google-samples/hello-app", tag, "10.4MB", "2 years ago", **hello)  # type: ignore[arg-type]
          for tag in ("1.0", "2.0")),
        *(Image("traefik/whoami", tag, "6.84MB", "13 months ago", **whoami)  # type: ignore[arg-type]
          for tag in ("latest", "v1.10", "v1.10.3", "v1.11")),
    ]


def _variant(base: Image, alpine_base: Optional[Image], tag: str, size: str, created: str, variant: str) -> Image:
    image = replace(base, tag=tag, size=size, created=created)
    if variant == "alpine":
        model = alpine_base or base
        image = replace(image, tools=model.tools | BUSYBOX_TOOLS, userland="busybox",
                        layers=model.layers if alpine_base else base.layers + 1)
    if base.repository == "nginx":
        release = tag.split("-")[0] if tag[0].isdigit() else ""
        if release.count(".") == 1:
            release += {"1.14": ".2", "1.16": ".1"}.get(release, ".0")
        if release:
            image = replace(image, env=tuple(f"NGINX_VERSION={release}" if e.startswith("NGINX_VERSION=") else e
                                             for e in image.env))
    if base.repository == "busybox" and tag.startswith("1.28"):
        image = replace(image, tools=busybox_release(image.tools, "1.28", "uclibc"))
    elif base.repository == "busybox" and tag in ("musl", "uclibc"):
        image = replace(image, tools=busybox_release(image.tools, "1.36", tag))
    return image


def _build() -> dict[str, Image]:
    table: dict[str, Image] = {}
    for repository, tags in TAGS.items():
        base = CATALOGUE[f"{repository}:latest"]
        alpine_base = CATALOGUE.get(f"{repository}:alpine")
        for tag, size, created, variant in tags:
            table[f"{repository}:{tag}"] = _variant(base, alpine_base, tag, size, created, variant)
    for image in _extra_images():
        table[image.ref] = image
    return table


EXTRA: dict[str, Image] = _build()
REPOSITORIES = frozenset(ref.rsplit(":", 1)[0] for ref in list(CATALOGUE) + list(EXTRA))


def find(normalised_ref: str) -> Optional[Image]:
    """The image of a normalised `repository:tag`, or None."""
    return EXTRA.get(normalised_ref)


def repository_known(normalised_ref: str) -> bool:
    """True when the repository exists but the tag does not (the registry's "manifest unknown")."""
    repository, _, tag = normalised_ref.rpartition(":")
    return "@" not in normalised_ref and repository in REPOSITORIES


def docker_pull_error(normalised_ref: str) -> str:
    """The daemon's message for a reference it cannot pull (after `Error response from daemon: `)."""
    if repository_known(normalised_ref):
        return f"manifest for {normalised_ref} not found: manifest unknown: manifest unknown"
    repository = normalised_ref.rsplit(":", 1)[0]
    return (f"pull access denied for {repository}, repository does not exist or may require 'docker login': "
            "denied: requested access to the resource is denied")


def containerd_pull_error(full_ref: str, normalised_ref: str) -> str:
    """containerd's pull failure as the kubelet's `Failed to pull image "X": ...` event carries it."""
    head = f'failed to pull and unpack image "{full_ref}": failed to resolve reference "{full_ref}": '
    if repository_known(normalised_ref):
        return head + f"{full_ref}: not found"
    return head + ("pull access denied, repository does not exist or may require authorization: "
                   "server message: insufficient_scope: authorization failed")
