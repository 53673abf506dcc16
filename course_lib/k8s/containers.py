"""What a pod's containers do when the kubelet starts them: image lookup, argv, and the program's behaviour.

RUNNERS maps a program name (the basename of argv[0]) to `fn(rc: RunningContainer) -> None`; a runner
listens with rc.listen(port, handler), logs with rc.log(line), or ends with rc.exit(code). Another
engineer adds e.g. RUNNERS["coredns"] = serve_cluster_dns. Images: the Docker catalogue plus the
Kubernetes system images below (K8S_IMAGES).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from course_lib.docker import images as docker_images
from course_lib.k8s import component_logs
from course_lib.http import sample_servers, servers, transport
from course_lib.net.socket_family import BACKLOG, REDIS_ADDRESSES, go_listen, nginx_addresses

Obj = dict[str, Any]
SHELLS = {"sh", "bash", "ash", "zsh"}
ENTRY_SCRIPTS = {"/docker-entrypoint.sh", "docker-entrypoint.sh", "/entrypoint.sh"}


@dataclass(frozen=True)
class K8sImage:
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    tools: Optional[frozenset] = None


K8S_IMAGES: dict[str, K8sImage] = {}


def add_image(prefix: str, entrypoint: tuple[str, ...] = (), cmd: tuple[str, ...] = (),
              tools: Optional[frozenset] = None) -> None:
    """Register an image repository (without tag), e.g. "registry.k8s.io/coredns/coredns"."""
    K8S_IMAGES[prefix] = K8sImage(entrypoint, cmd, tools)


for _name in ("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"):
    add_image(f"registry.k8s.io/{_name}", (f"/usr/local/bin/{_name}",))
add_image("registry.k8s.io/etcd", ("/usr/local/bin/etcd",))
add_image("registry.k8s.io/pause", ("/pause",))
add_image("registry.k8s.io/coredns/coredns", ("/coredns",), tools=frozenset({"coredns"}))
add_image("weaveworks/weave-kube", ("/home/weave/launch.sh",), tools=docker_images.BUSYBOX_TOOLS | {"weave"})
add_image("weaveworks/weave-npc", ("/usr/bin/launch.sh",), tools=docker_images.BUSYBOX_TOOLS)
add_image("ghcr.io/weaveworks/launcher/weave-kube", ("/home/weave/launch.sh",),
          tools=docker_images.BUSYBOX_TOOLS | {"weave"})
add_image("ghcr.io/weaveworks/launcher/weave-npc", ("/usr/bin/launch.sh",), tools=docker_images.BUSYBOX_TOOLS)
add_image("registry.k8s.io/busybox", cmd=("sh",), tools=docker_images.BUSYBOX_TOOLS)    # the probe lessons' image
add_image("docker.io/flannel/flannel", ("/opt/bin/flanneld",), tools=docker_images.BUSYBOX_TOOLS)
add_image("docker.io/flannel/flannel-cni-plugin", ("cp",), tools=docker_images.BUSYBOX_TOOLS)


def find_image(ref: str) -> Optional[tuple[tuple[str, ...], tuple[str, ...], Optional[frozenset], str]]:
    """(entrypoint, cmd, tools, userland) of an image reference, or None (pull access denied)."""
    repo = ref.split("@")[0]
    last = repo.rsplit("/", 1)[-1]
    if ":" in last:
        repo = repo[: repo.rfind(":")]
    if repo in K8S_IMAGES:
        img = K8S_IMAGES[repo]
        return img.entrypoint, img.cmd, img.tools, "busybox"
    image = docker_images.lookup(ref)
    if image is None:
        return None
    return image.entrypoint, image.cmd, image.tools, image.userland


def full_ref(ref: str) -> str:
    """docker.io/library/nginx:latest, as containerd names an image."""
    name = ref
    first = name.split("/", 1)[0]
    if "/" not in name:
        name = "docker.io/library/" + name
    elif "." not in first and ":" not in first and first != "localhost":
        name = "docker.io/" + name
    if ":" not in name.rsplit("/", 1)[-1] and "@" not in name:
        name += ":latest"
    return name


@dataclass(eq=False)
class RunningContainer:
    """One container of a pod while it runs: where it listens and what it logged."""

    cluster: Any
    pod: Obj
    spec: Obj
    box: Any                      # the pod's machine view (netns + files)
    netns: Any
    node: str
    pid: int
    argv: list[str]
    tools: Optional[frozenset] = None
    userland: str = "debian"
    logs: list[tuple[float, str]] = field(default_factory=list)
    sockets: list[Any] = field(default_factory=list)
    exit_code: Optional[int] = None
    restarts: int = 0
    env: dict[str, str] = field(default_factory=dict)     # the process environment (k8s/pod_env.py)

    @property
    def name(self) -> str:
        return self.spec["name"]

    def log(self, line: str) -> None:
        self.logs.append((self.cluster.now(), line))

    def clock(self) -> Any:
        from course_lib.k8s.store import EPOCH
        from datetime import timedelta
        return (EPOCH + timedelta(seconds=self.cluster.now())).replace(tzinfo=None)

    def listen(self, port: int, handler: Callable[[Any, tuple], Any], owner: str, address: str = "0.0.0.0",
               v6only: Optional[bool] = None, backlog: int = BACKLOG["go"]) -> None:
        """Bind address:port ("::" is a dual-stack AF_INET6 socket, as a Go program's ":PORT")."""
        try:
            self.sockets.append(transport.listen(self.netns, address, port, handler, owner, self.pid, v6only,
                                                 backlog))
        except OSError:
            self.log(f"bind() to {address}:{port} failed (98: Address already in use)")

    def listen_raw(self, port: int, owner: str, address: str = "0.0.0.0") -> None:
        """A listener that only holds the port (daemons the course does not talk to)."""
        self.listen(port, lambda payload, client: None, owner, address)

    def exit(self, code: int) -> None:
        self.exit_code = code

    def stop(self) -> None:
        for sock in self.sockets:
            transport.close(self.netns, sock)
        self.sockets.clear()


Runner = Callable[[RunningContainer], None]
RUNNERS: dict[str, Runner] = {}


def runner(*names: str) -> Callable[[Runner], Runner]:
    def deco(fn: Runner) -> Runner:
        for n in names:
            RUNNERS[n] = fn
        return fn
    return deco


def program_argv(spec: Obj, entrypoint: tuple[str, ...], cmd: tuple[str, ...]) -> list[str]:
    command = spec.get("command")
    args = spec.get("args")
    if command:
        argv = list(command) + list(args or [])
    else:
        argv = list(entrypoint) + list(args if args is not None else cmd)
    while argv and argv[0] in ENTRY_SCRIPTS:
        argv = argv[1:]
    return [str(a) for a in argv]


def start(rc: RunningContainer) -> None:
    """Run the container's program: a server, a sleeper, or a command that ends (Completed/Error)."""
    argv = rc.argv
    name = argv[0].rsplit("/", 1)[-1] if argv else ""
    if name in RUNNERS:
        RUNNERS[name](rc)
        return
    if name in SHELLS and len(argv) >= 3 and argv[1] == "-c":
        script = argv[2]
        if "sleep" in script or "while true" in script or "tail -f" in script:
            from course_lib.k8s import scripts
            scripts.start(rc, name, script)          # a flat list of commands and sleeps runs on the clock
            return
        _run_once(rc, [name, "-c", script])
        return
    if name in SHELLS and len(argv) == 1:
        if rc.spec.get("stdin") or rc.spec.get("tty"):
            return
        rc.exit(0)
        return
    _run_once(rc, argv)


def _run_once(rc: RunningContainer, argv: list[str]) -> None:
    from course_lib.docker.hostops import box_context
    from course_lib.k8s.kubelet import process_env
    ctx = box_context(rc.cluster.context(rc.node), rc.box, process_env(rc.pod, rc.spec, rc), "/")
    result = ctx.run_argv(argv, "")
    for line in (result.stdout + result.stderr).splitlines():
        rc.log(line)
    from course_lib.k8s.completion import exit_later
    from course_lib.shell.nettools.nc_listen import adopt_started       # `nc -l`: runs until its peer is done
    from course_lib.shell.nettools.nc_common import log_lines
    listener = adopt_started(rc.box, lambda text, _: [rc.log(line) for line in log_lines(text)],
                             lambda code: exit_later(rc, 0.001, code), rc.pid) if result.returncode == 0 else None
    if listener is not None:
        rc.sockets.append(listener.socket)
        return
    rc.exit(result.returncode)


@runner("sleep", "pause", "tail")
def _sleeper(rc: RunningContainer) -> None:
    """pause and tail -f run until stopped; `sleep N` ends after N seconds (k8s/completion.py)."""
    from course_lib.k8s.scripts import SLEEP
    timed = len(rc.argv) == 2 and rc.argv[0].rsplit("/", 1)[-1] == "sleep"
    m = SLEEP.match(f"sleep {rc.argv[1]}") if timed else None
    if m is not None and m.group(1) != "infinity":
        from course_lib.k8s.completion import exit_later
        exit_later(rc, float(m.group(1)))


@runner("nginx")
def _nginx(rc: RunningContainer) -> None:
    from course_lib.docker.lifecycle import NGINX_START
    stamp = rc.clock().strftime("%Y/%m/%d %H:%M:%S")
    for line in NGINX_START:
        rc.log(line.replace("{stamp}", stamp))
    image = docker_images.lookup(rc.spec.get("image", ""))
    version = servers.nginx_version(image.env if image else ())
    for address, v6only in nginx_addresses(version):
        rc.listen(80, servers.nginx(rc.clock, rc.log, version=version), "nginx", address, v6only, BACKLOG["nginx"])


@runner("http-echo")
def _http_echo(rc: RunningContainer) -> None:
    text, listen = None, ":5678"
    for arg in rc.argv[1:]:
        key, _, value = arg.lstrip("-").partition("=")
        if key == "text":
            text = value
        elif key == "listen":
            listen = value
    if text is None:
        rc.log("Missing -text option!")
        rc.exit(127)
        return
    rc.log(f"{rc.clock().strftime('%Y/%m/%d %H:%M:%S')} [INFO] server is listening on {listen}")
    address, port = go_listen(listen, 5678)
    rc.listen(port, servers.http_echo(text, rc.clock, rc.log, listen), "http-echo", address)


@runner("mysqld")
def _mysql(rc: RunningContainer) -> None:
    rc.log(f"{rc.clock().strftime('%Y-%m-%dT%H:%M:%S')}.000000Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: "
           "ready for connections. Version: '8.4.3'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  "
           "MySQL Community Server - GPL.")
    rc.listen(3306, servers.mysql_greeting, "mysqld", "::", None, BACKLOG["mysqld"])  # bind-address=*: dual-stack
    rc.listen(33060, servers.mysql_greeting, "mysqld", "::", None, BACKLOG["mysqld"])


@runner("redis-server")
def _redis(rc: RunningContainer) -> None:
    rc.log(f"1:M {rc.clock().strftime('%d %b %Y %H:%M:%S')}.000 * Ready to accept connections tcp")
    for address, v6only in REDIS_ADDRESSES:
        rc.listen(6379, servers.redis_reply, "redis-server", address, v6only, BACKLOG["redis"])


@runner("kube-apiserver")
def _apiserver(rc: RunningContainer) -> None:
    component_logs.apiserver(rc)
    from course_lib.k8s.apiserver_https import ApiServer
    rc.listen(6443, ApiServer(rc.cluster, rc.clock).handler(), "kube-apiserver", "::")   # Go, 0.0.0.0: *:6443


@runner("etcd")
def _etcd(rc: RunningContainer) -> None:
    from course_lib.k8s.etcd_https import listeners
    client, peer, metrics = listeners(rc.cluster, rc.clock)
    component_logs.etcd(rc)
    ip = rc.cluster.node_ip(rc.node)
    rc.listen(2379, client, "etcd", "127.0.0.1")
    rc.listen(2379, client, "etcd", ip)
    rc.listen(2380, peer, "etcd", ip)
    rc.listen(2381, metrics, "etcd", "127.0.0.1")


@runner("kube-scheduler")
def _scheduler(rc: RunningContainer) -> None:
    component_logs.scheduler(rc)
    from course_lib.k8s.component_https import control_plane_component
    rc.listen(10259, control_plane_component(rc.cluster, rc.clock), "kube-scheduler", "127.0.0.1")
    from course_lib.k8s.static_pods import resume
    resume(rc.cluster, "kube-scheduler")           # pods made while it was down are scheduled now


@runner("kube-controller-manager")
def _kcm(rc: RunningContainer) -> None:
    component_logs.controller_manager(rc)
    from course_lib.k8s.component_https import control_plane_component
    rc.listen(10257, control_plane_component(rc.cluster, rc.clock), "kube-controller", "127.0.0.1")  # comm: 15
    from course_lib.k8s.static_pods import resume
    resume(rc.cluster, "kube-controller-manager")  # the work left while it was down


@runner("kube-proxy")
def _kube_proxy(rc: RunningContainer) -> None:
    rc.listen_raw(10249, "kube-proxy", "127.0.0.1")
    rc.listen_raw(10256, "kube-proxy", "::")
    component_logs.kube_proxy(rc)


@runner("coredns")
def _coredns(rc: RunningContainer) -> None:
    """Placeholder until the cluster-DNS work replaces RUNNERS["coredns"]: ports held, banner logged."""
    rc.log(".:53")
    rc.log("[INFO] plugin/reload: Running configuration SHA512 = "
           "591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908")
    rc.log("CoreDNS-1.11.1")
    rc.log("linux/amd64, go1.20.7, ae2bbc2")
    rc.listen_raw(8080, "coredns", "::")
    rc.listen_raw(8181, "coredns", "::")


def _sample_server(rc: RunningContainer) -> None:
    """httpd, hello-app, whoami, agnhost: the servers of http/sample_servers.py."""
    tag = rc.spec.get("image", "").rsplit("/", 1)[-1].partition(":")[2] or "latest"
    env = {e["name"]: str(e.get("value", "")) for e in rc.spec.get("env") or [] if "name" in e}
    hostname = rc.pod["spec"].get("hostname") or rc.pod["metadata"]["name"]
    sample_servers.PROGRAMS[rc.argv[0].rsplit("/", 1)[-1]](sample_servers.Launch(
        rc.argv, hostname, tag, rc.clock, rc.log, lambda port, handler, owner: rc.listen(
            port, handler, owner, "::", None, BACKLOG["apache" if owner == "httpd" else "go"]),
        rc.netns, env, rc.exit))                 # Apache's Listen 80 and the Go servers: one dual-stack socket


for _program in sample_servers.PROGRAMS:
    RUNNERS[_program] = _sample_server
