"""The images the simulated registry holds: entrypoints, commands, exposed ports, tools and servers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from course_lib.docker.ids import digest

class BusyboxTools(frozenset):
    """The busybox image's toolset, marked with its BusyBox release and C library.

    1.28's nslookup prints differently; a glibc or uClibc build's `ip` prints no `state`, a musl one does.
    A union with other tools is a plain frozenset: an alpine-based image, BusyBox on musl.
    """

    busybox: str = ""
    libc: str = "glibc"


def busybox_release(tools: frozenset, release: str = "", libc: str = "glibc") -> frozenset:
    marked = BusyboxTools(tools)
    marked.busybox, marked.libc = release, libc
    return marked


def busybox_libc(tools: Optional[frozenset]) -> str:
    """The C library a busybox-userland image's applets were built with."""
    return tools.libc if isinstance(tools, BusyboxTools) else "musl"


# What each image's filesystem offers as commands (a shell's $PATH inside the container).
BUSYBOX_TOOLS = busybox_release(frozenset({
    "sh", "ash", "ip", "ping", "wget", "nslookup", "cat", "echo", "hostname", "ifconfig", "route",
    "netstat", "sleep", "ls", "traceroute", "arp", "telnet", "nc", "ps", "env", "true", "false",
    "grep", "head", "tail", "printf", "test", "[", "sed", "awk", "cut", "tr", "wc", "sort", "uniq",
    "id", "whoami", "uname", "date", "mkdir", "rm", "touch", "cp", "mv", "ln", "pwd", "cd", "export",
    "exit", "kill", "top", "free", "df", "mount", "which", "seq", "tee", "xargs", "basename",
    "dirname", "hexdump", "vi", "ping6", "nproc", "find", "chmod", "stat", "yes", "expr", "httpd",
    "time", "timeout", "tac", "sysctl",
}), "1.36")
ALPINE_TOOLS = frozenset(BUSYBOX_TOOLS)       # alpine: the same applets, built on musl
DEBIAN_BASE = frozenset({
    "sh", "bash", "cat", "echo", "hostname", "sleep", "ls", "env", "true", "false", "grep", "head",
    "tail", "printf", "test", "[", "sed", "awk", "cut", "tr", "wc", "sort", "uniq", "id", "whoami",
    "uname", "date", "mkdir", "rm", "touch", "cp", "mv", "ln", "pwd", "cd", "export", "exit", "kill",
    "seq", "tee", "xargs", "basename", "dirname", "find", "chmod", "stat", "yes", "expr", "getent",
    "mount", "df", "which", "nproc",
})
NETSHOOT_TOOLS = DEBIAN_BASE | frozenset({
    "zsh", "ip", "ping", "curl", "dig", "nslookup", "host", "netstat", "ss", "iptables",
    "iptables-save", "ip6tables", "tcpdump", "traceroute", "nc", "arp", "route", "ifconfig",
    "bridge", "conntrack", "nmap", "ethtool", "wget", "ps", "sysctl", "arping", "mtr", "drill",
    "iperf3", "socat", "jq", "tshark", "termshark", "ctop", "calicoctl", "nsenter", "openssl",
})


@dataclass(frozen=True)
class Image:
    """One image of the registry, with what `docker images`/`inspect` and the engine need."""

    repository: str                    # "nginx", "hashicorp/http-echo"
    tag: str
    size: str                          # as `docker images` prints it
    created: str                       # as `docker images` prints it (relative, frozen)
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    exposed: tuple[str, ...] = ()      # "80/tcp"
    env: tuple[str, ...] = ("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",)
    tools: frozenset[str] = DEBIAN_BASE
    userland: str = "debian"           # "busybox" picks busybox output texts (wget, nslookup)
    layers: int = 3
    workdir: str = ""
    labels: tuple[tuple[str, str], ...] = ()   # its Config.Labels (the container's start from them)
    stop_signal: str = ""                      # its Dockerfile's STOPSIGNAL (Config.StopSignal), "" for none

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}"

    @property
    def id(self) -> str:
        return "sha256:" + digest("image " + self.ref)

    @property
    def repo_digest(self) -> str:
        return "sha256:" + digest("manifest " + self.ref)

    @property
    def registry(self) -> str:
        """The registry host: docker.io unless the first component names a host (gcr.io, registry.k8s.io)."""
        first = self.repository.split("/", 1)[0]
        is_host = "/" in self.repository and ("." in first or ":" in first or first == "localhost")
        return first if is_host else "docker.io"

    @property
    def path_name(self) -> str:
        """The path on the registry: official images live under library/."""
        if self.registry != "docker.io":
            return self.repository.split("/", 1)[1]
        return self.repository if "/" in self.repository else "library/" + self.repository

    @property
    def canonical(self) -> str:
        """The fully qualified reference `docker pull` prints last: docker.io/library/nginx:latest."""
        return f"{self.registry}/{self.path_name}:{self.tag}"


def _img(repository: str, tag: str = "latest", **kw: object) -> Image:
    return Image(repository, tag, **kw)  # type: ignore[arg-type]


NGINX_LABELS = (("maintainer", "NGINX Docker Maintainers <docker-maint@nginx.com>"),)   # its Dockerfile's LABEL

CATALOGUE: dict[str, Image] = {i.ref: i for i in (
    _img("nginx", size="192MB", created="2 weeks ago",
         entrypoint=("/docker-entrypoint.sh",), cmd=("nginx", "-g", "daemon off;"), exposed=("80/tcp",),
         env=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION=1.27.3",
              "NJS_VERSION=0.8.7", "NJS_RELEASE=1~bookworm", "PKG_RELEASE=1~bookworm",
              "DYNPKG_RELEASE=1~bookworm"),
         tools=DEBIAN_BASE | {"nginx", "curl"}, layers=7, labels=NGINX_LABELS,
         stop_signal="SIGQUIT"),
    _img("nginx", "alpine", size="47.9MB", created="2 weeks ago",
         entrypoint=("/docker-entrypoint.sh",), cmd=("nginx", "-g", "daemon off;"), exposed=("80/tcp",),
         tools=BUSYBOX_TOOLS | {"nginx", "curl"}, userland="busybox", layers=8, labels=NGINX_LABELS,
         stop_signal="SIGQUIT"),
    _img("hashicorp/http-echo", size="4.45MB", created="13 months ago",
         entrypoint=("/http-echo",), exposed=("5678/tcp",), env=(), tools=frozenset({"http-echo"}),
         layers=1),
    _img("busybox", size="4.27MB", created="14 months ago", cmd=("sh",), tools=BUSYBOX_TOOLS,
         userland="busybox", layers=1),
    _img("nicolaka/netshoot", size="489MB", created="5 months ago", cmd=("zsh",),
         env=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",),
         tools=NETSHOOT_TOOLS, userland="alpine", workdir="/root", layers=12),
    _img("curlimages/curl", size="21.9MB", created="3 weeks ago", entrypoint=("/entrypoint.sh",),
         cmd=("curl",), tools=BUSYBOX_TOOLS | {"curl"}, userland="busybox", workdir="/home/curl_user",
         layers=9),
    _img("alpine", size="7.83MB", created="7 weeks ago", cmd=("/bin/sh",), tools=ALPINE_TOOLS,
         userland="busybox", layers=1),
    _img("ubuntu", size="78.1MB", created="6 weeks ago", cmd=("/bin/bash",), layers=1),
    _img("mysql", size="797MB", created="2 months ago", entrypoint=("docker-entrypoint.sh",),
         cmd=("mysqld",), exposed=("3306/tcp", "33060/tcp"),
         tools=DEBIAN_BASE | {"mysql", "mysqld"}, layers=11),
    _img("redis", size="117MB", created="4 weeks ago", entrypoint=("docker-entrypoint.sh",),
         cmd=("redis-server",), exposed=("6379/tcp",), tools=DEBIAN_BASE | {"redis-cli", "redis-server"},
         layers=8),
)}


def normalise(ref: str) -> str:
    """`nginx` -> `nginx:latest`, `docker.io/library/nginx` -> `nginx:latest`."""
    name = ref
    for prefix in ("docker.io/library/", "docker.io/", "index.docker.io/library/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    if name.startswith("library/"):
        name = name[len("library/"):]
    last = name.rsplit("/", 1)[-1]
    if ":" not in last and "@" not in last:
        name += ":latest"
    return name


def lookup(ref: str) -> Optional[Image]:
    """The registry's image for a reference, or None (see image_catalogue.docker_pull_error)."""
    from course_lib.docker import image_catalogue     # the other tags and teaching images
    wanted = normalise(ref)
    return CATALOGUE.get(wanted) or image_catalogue.find(wanted)


def pull_lines(image: Image) -> list[str]:
    """What `docker pull` / a first `docker run` prints while fetching the image's layers."""
    lines = [f"{image.tag}: Pulling from {image.path_name}"]
    for i in range(image.layers):
        lines.append(f"{digest(f'layer {i} {image.ref}')[:12]}: Pull complete")
    lines.append(f"Digest: {image.repo_digest}")
    lines.append(f"Status: Downloaded newer image for {image.ref}")
    return lines


@dataclass
class LocalImages:
    """The images pulled onto one machine, in pull order."""

    images: list[Image] = field(default_factory=list)

    def get(self, ref: str) -> Optional[Image]:
        wanted = normalise(ref)
        for image in self.images:
            if image.ref == wanted or image.id.startswith("sha256:" + ref) or image.id == ref:
                return image
        return None

    def add(self, image: Image) -> None:
        if image not in self.images:
            self.images.append(image)
