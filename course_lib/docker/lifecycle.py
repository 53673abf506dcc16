"""Containers' lives: create the hidden netns and files, join networks, run the main process, stop, remove."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence

from course_lib.docker import accounts, capabilities, files, netdriver
from course_lib.docker.engine import Container, Engine
from course_lib.docker.hostops import box_context, new_box, read_file, run, write_file
from course_lib.http import sample_servers, servers, transport
from course_lib.net.socket_family import BACKLOG, REDIS_ADDRESSES, go_listen, nginx_addresses
from course_lib.result import CommandResult
from course_lib.shell.interpreter_state import DEFAULT_PATH

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

SHELLS = {"sh", "bash", "zsh", "ash", "/bin/sh", "/bin/bash", "/bin/zsh", "/bin/ash"}
ENTRY_SCRIPTS = {"/docker-entrypoint.sh", "docker-entrypoint.sh", "/entrypoint.sh"}


class StartError(Exception):
    """The OCI runtime could not start the main process (exit code 127 or 126)."""

    def __init__(self, message: str, code: int = 127) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def program(container: Container) -> list[str]:
    """The argv that really runs, past the images' entrypoint scripts."""
    argv = container.argv
    script = False
    while argv and argv[0] in ENTRY_SCRIPTS:
        argv, script = argv[1:], True
    if script and argv and argv[0].startswith("-") and container.image.cmd:
        argv = [container.image.cmd[0], *argv]      # the entrypoints' `set -- curl "$@"` for flags
    return argv


def start(ctx: "ExecContext", engine: Engine, container: Container, network: str,
          aliases: Optional[list[str]] = None, ip: Any = None, stdin: str = "") -> Optional[CommandResult]:
    """Make the netns and files, join the network, start the process. Returns a one-shot command's result."""
    image = container.image
    network = "bridge" if network == "default" else network      # HostConfig.NetworkMode "default"
    container.box = new_box(engine.machine, f"{engine.machine.name}/{container.short_id}", container.hostname,
                            image.userland, image.tools)
    box = container.box
    box.sys_admin = container.sys_admin
    box.image = image.ref
    accounts_files = accounts.image_files(image.repository, image.userland)
    if accounts_files is not None:                  # the image's users and groups
        write_file(box, "/etc/passwd", accounts_files[0])
        write_file(box, "/etc/group", accounts_files[1])
    if network == "host":
        box.root = engine.machine.root       # shares the machine's stack
        box.hostname = engine.machine.hostname
    elif network.startswith("container:"):
        target = engine.containers.get(network.split(":", 1)[1])
        if target is None or not target.running or target.box is None:
            raise ValueError(f"cannot join network of a non running container: {network.split(':', 1)[1]}")
        box.root = target.box.root           # its netns, hostname and resolver files
        box.hostname = container.hostname = target.hostname
    else:
        for key in ("net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6"):
            box.root.sysctls[key] = "1"      # dockerd turns IPv6 off in containers of IPv4-only networks
        run(box_context(ctx, box), ["ip", "link", "set", "lo", "up"])
        if network != "none":
            net = engine.networks[network]
            netdriver.attach(ctx, engine, container, net, ip, aliases)
            netdriver.publish(ctx, engine, container)
            for extra in container.extra_networks:        # joined with `docker network connect`
                if extra in engine.networks and extra not in container.endpoints:
                    netdriver.attach(ctx, engine, container, engine.networks[extra])
    _write_files(engine, container, network)
    container.identity = user_of(container, container.user)     # createSpec's WithUser: may refuse the user
    container.pid = engine.new_pid()
    container.status = "running"
    container.started = engine.now
    if any(ep.network.user_defined for ep in container.endpoints.values()):
        from course_lib.docker.embedded_dns import serve
        serve(ctx, engine, container)
    _start_proxies(ctx, engine, container)
    try:
        result = _run_main(ctx, engine, container, stdin)
    except StartError:
        _teardown(ctx, engine, container)
        raise
    if not container.running:
        _teardown(ctx, engine, container)     # the process ended: its sockets close, its endpoints go
    return result


def user_of(container: Container, spec: str) -> accounts.Identity:
    """The identity a process of the container gets for a -u spec ("": the image's root), from its own files;
    accounts.UserError (a ValueError) with the daemon's message when they do not have it."""
    return accounts.resolve(spec, read_file(container.box, "/etc/passwd") or "",
                            read_file(container.box, "/etc/group") or "")


def _write_files(engine: Engine, container: Container, network: str) -> None:
    box = container.box
    host_resolv = read_file(engine.machine, "/etc/resolv.conf")
    if network.startswith("container:"):
        target = engine.containers[network.split(":", 1)[1]]
        for path in ("/etc/hosts", "/etc/resolv.conf", "/etc/hostname"):
            write_file(box, path, read_file(target.box, path) or "")
        return
    if network == "host":
        write_file(box, "/etc/hosts", read_file(engine.machine, "/etc/hosts") or files.HOSTS_HEAD)
        write_file(box, "/etc/resolv.conf", host_resolv or "")
        write_file(box, "/etc/hostname", engine.machine.hostname + "\n")
        return
    internal = network not in ("none", "bridge")
    write_file(box, "/etc/hostname", container.hostname + "\n")
    write_file(box, "/etc/hosts", files.hosts_file(container))
    write_file(box, "/etc/resolv.conf", files.resolv_conf(host_resolv, internal, container.dns))


def _file_reader(engine: Engine, container: Container):
    """Files of the container for a server: (text, modification time) or None."""
    from datetime import timedelta
    from course_lib.docker.engine import EPOCH
    from course_lib.shell.fs import get_fs

    def read(path: str):
        node = get_fs(container.box).get(path)
        if node is None or node.is_dir:
            return None
        return node.data, (EPOCH + timedelta(seconds=node.mtime)).replace(tzinfo=None)
    return read


def _clock(engine: Engine):
    return lambda: engine.wallclock().replace(tzinfo=None)


def _listen(container: Container, port: int, handler: Any, owner: str, address: str = "::",
            v6only: Optional[bool] = None, backlog: int = BACKLOG["go"]) -> None:
    """Bind address:port in the container; "::" is one dual-stack socket (Go's ":PORT", Apache, busybox, mysqld)."""
    netns = container.box.root
    try:
        container.servers.append((netns, transport.listen(netns, address, port, handler, owner, container.pid,
                                                          v6only, backlog)))
    except OSError:
        container.log(f"bind() to {address}:{port} failed (98: Address already in use)", "stderr")


def _run_main(ctx: "ExecContext", engine: Engine, container: Container, stdin: str = "") -> Optional[CommandResult]:
    argv = program(container)
    name = argv[0].rsplit("/", 1)[-1] if argv else ""
    log = container.log
    stamp = engine.wallclock().strftime("%Y/%m/%d %H:%M:%S")
    if name == "nginx":
        for line in NGINX_START:
            log(line.replace("{stamp}", stamp), "stdout" if line.startswith("/") or line.startswith("10-")
                else "stderr")
        for path, text in servers.IMAGE_FILES.items():
            if read_file(container.box, path) is None:
                write_file(container.box, path, text)
        version = servers.nginx_version(container.image.env)
        for address, v6only in nginx_addresses(version):
            _listen(container, 80, servers.nginx(_clock(engine), log, _file_reader(engine, container), version),
                    "nginx", address, v6only, BACKLOG["nginx"])
        return None
    if name == "http-echo":
        text, listen = None, ":5678"
        for arg in argv[1:]:
            key, _, value = arg.lstrip("-").partition("=")
            if key == "text":
                text = value
            elif key == "listen":
                listen = value
        if text is None:
            _exit(engine, container, 127, "Missing -text option!", "stderr")
            return None
        address, port = go_listen(listen, 5678)
        log(f"{stamp} [INFO] server is listening on {listen}", "stderr")
        _listen(container, port, servers.http_echo(text, _clock(engine), log, listen), "http-echo", address)
        return None
    if name == "httpd" and container.image.userland == "busybox" and "-f" in argv:
        port, home = 80, "/"
        for flag_name, value in zip(argv[1:], argv[2:]):
            if flag_name == "-p":
                port = int(value.rsplit(":", 1)[-1]) if value.rsplit(":", 1)[-1].isdigit() else 80
            elif flag_name == "-h":
                home = value
        _listen(container, port, servers.busybox_httpd(_file_reader(engine, container), _clock(engine), home),
                "httpd", "::", None, BACKLOG["busybox-httpd"])
        return None
    if name == "mysqld":
        log(f"{engine.wallclock().strftime('%Y-%m-%dT%H:%M:%S')}.000000Z 0 [System] [MY-010931] [Server] "
            "/usr/sbin/mysqld: ready for connections. Version: '8.4.3'  socket: '/var/run/mysqld/mysqld.sock'  "
            "port: 3306  MySQL Community Server - GPL.", "stderr")
        _listen(container, 3306, servers.mysql_greeting, "mysqld", "::", None, BACKLOG["mysqld"])
        _listen(container, 33060, servers.mysql_greeting, "mysqld", "::", None, BACKLOG["mysqld"])
        return None
    if name == "redis-server":
        log(f"1:M {engine.wallclock().strftime('%d %b %Y %H:%M:%S')}.000 * Ready to accept connections tcp")
        for address, v6only in REDIS_ADDRESSES:
            _listen(container, 6379, servers.redis_reply, "redis-server", address, v6only, BACKLOG["redis"])
        return None
    if name in sample_servers.PROGRAMS:          # httpd, hello-app, whoami, agnhost
        sample_servers.PROGRAMS[name](sample_servers.Launch(
            argv, container.hostname, container.image.tag, _clock(engine), log,
            lambda port, handler, owner: _listen(container, port, handler, owner, "::", None,
                                                 BACKLOG["apache" if owner == "httpd" else "go"]), container.box.root,
            _env(container), lambda code: _exit(engine, container, code), _file_reader(engine, container),
            lambda path, text: write_file(container.box, path, text)))
        return None
    if name in SHELLS and len(argv) == 1 and container.interactive and stdin:
        argv = [argv[0], "-c", stdin]        # `docker run -i IMAGE sh` runs what comes on stdin
    elif name == "sleep" or (name in SHELLS and len(argv) == 1 and (container.tty or container.interactive)):
        return None
    elif name in SHELLS and len(argv) == 1:
        _exit(engine, container, 0)
        return None
    if not argv or (container.image.tools is not None and name not in container.image.tools
                    and not argv[0].startswith("/")):
        raise StartError(f'exec: "{argv[0] if argv else ""}": executable file not found in $PATH')
    box_ctx = box_context(ctx, container.box, _env(container), container.image.workdir or "/",
                          container.identity)
    with capabilities.process(container.box, container.net_admin and container.identity.uid == 0):
        result = box_ctx.run_argv(argv, stdin)    # start() passes stdin only with -i
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        _log_text(container, text, stream)
    from course_lib.shell.nettools.nc_listen import adopt_started
    listener = adopt_started(container.box, lambda text, stream: _log_text(container, text, stream),
                             lambda code: _main_exited(ctx, engine, container, code),
                             container.pid) if result.returncode == 0 else None
    if listener is not None:                      # `nc -l`: runs until its peer is done
        container.servers.append((listener.netns, listener.socket))     # closed with the container
        return None
    _exit(engine, container, result.returncode)
    return result


def _log_text(container: Container, text: str, stream: str) -> None:
    from course_lib.shell.nettools.nc_common import log_lines
    for line in log_lines(text):
        container.log(line, stream)


def _main_exited(ctx: "ExecContext", engine: Engine, container: Container, code: int) -> None:
    """The main process ended by itself while serving: exited now, its network released once the exchange
    that ended it is over (a model-time moment later, or at the next docker command: reap)."""
    if not container.running:
        return
    _exit(engine, container, code)
    from course_lib.net.events import scheduler
    scheduler(engine.machine.network).after(0.001, reap, ctx, engine, container)


def reap(ctx: "ExecContext", engine: Engine, container: Container) -> None:
    """Release what an exited container still holds (its sockets, endpoints, published ports); --rm removes it."""
    if container.running or not (container.endpoints or container.servers or container.proxies):
        return
    _teardown(ctx, engine, container)
    if container.auto_remove:
        remove(ctx, engine, container)


def _env(container: Container, extra: Sequence[str] = (), tty: Optional[bool] = None) -> dict[str, str]:
    """A container process's environment as Docker makes it: PATH, HOSTNAME, TERM=xterm with a TTY, then the
    image's, --env's and `docker exec -e`'s variables (an existing name keeps its place), HOME last (runc's)."""
    env = {"PATH": DEFAULT_PATH, "HOSTNAME": container.hostname}
    if container.tty if tty is None else tty:
        env["TERM"] = "xterm"
    for item in list(container.image.env) + container.env + list(extra):
        key, _, value = item.partition("=")
        env[key] = value
    env.setdefault("HOME", "/root")
    return env


def _exit(engine: Engine, container: Container, code: int, message: str = "", stream: str = "stdout") -> None:
    if message:
        container.log(message, stream)
    container.exit_code = code
    container.status = "exited"
    container.finished = engine.now


def _start_proxies(ctx: "ExecContext", engine: Engine, container: Container) -> None:
    """docker-proxy: a userland listener on each published host port, relaying to the container."""
    endpoint = netdriver.first_bridge_endpoint(container)
    if endpoint is None:
        return
    root = engine.machine.root
    for host_ip, host_port, cport, proto in container.ports:
        if proto != "tcp":
            continue
        target = str(endpoint.ip)

        def relay(payload: Any, client: tuple[str, int], target: str = target, cport: int = cport) -> Any:
            conn = transport.request(root, target, cport, payload, 5.0)
            return conn.response if conn.status == transport.OK else None

        # an unspecified host IP: one docker-proxy on 0.0.0.0 and one on [::] (Go's "tcp6": IPV6_V6ONLY)
        for address in ("0.0.0.0", "::") if host_ip in ("", "0.0.0.0") else (host_ip,):
            try:
                listener = transport.listen(root, address, host_port, relay, "docker-proxy",
                                            engine.new_pid(), v6only=True if ":" in address else None)
                container.proxies.append((root, listener))
            except OSError:
                pass


def stop(ctx: "ExecContext", engine: Engine, container: Container, code: int = 0) -> None:
    """SIGTERM the main process: its sockets close, its endpoints and published ports go away."""
    if not container.running:
        return
    _teardown(ctx, engine, container)
    _exit(engine, container, code)


def _teardown(ctx: "ExecContext", engine: Engine, container: Container) -> None:
    for netns, listener in container.servers + container.proxies:
        transport.close(netns, listener)
    from course_lib.shell.nettools.nc_listen import stop_all
    stop_all(container.box)                   # what `docker exec` started ends with the container
    container.servers.clear()
    container.proxies.clear()
    from course_lib.docker.embedded_dns import unserve
    unserve(container)
    release_network(ctx, engine, container)


def release_network(ctx: "ExecContext", engine: Engine, container: Container) -> None:
    netdriver.unpublish(ctx, engine, container)
    for net_name in list(container.endpoints):
        netdriver.detach(ctx, engine, container, engine.networks[net_name])


def remove(ctx: "ExecContext", engine: Engine, container: Container) -> None:
    if container.running:
        stop(ctx, engine, container, 137)
    engine.containers.pop(container.id, None)


NGINX_START = [
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
    "{stamp} [notice] 1#1: using the \"epoll\" event method",
    "{stamp} [notice] 1#1: nginx/1.27.3",
    "{stamp} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ",
    "{stamp} [notice] 1#1: OS: Linux 6.1.0-28-amd64",
    "{stamp} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
    "{stamp} [notice] 1#1: start worker processes",
    "{stamp} [notice] 1#1: start worker process 29",
]
