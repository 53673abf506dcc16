"""`docker info`, `docker top` and `docker stats --no-stream`, printed as the Docker CLI 27 prints them.

info: docker/cli cli/command/system/info.go prettyPrintInfo (Client: the plugins; Server: the counts of the
engine's containers and images, overlay2's driver status, the network plugins, the machine's name, kernel
and /etc/os-release, /etc/docker/daemon.json's live-restore, insecure-registries, registry-mirrors and
default-address-pools). top: container/top.go's tabwriter (minwidth 20, padding 3) over the daemon's `ps -ef`
of the container's main process. stats: container/stats.go's table with NET I/O from the container's
interfaces' byte counters in the model (units.HumanSizeWithPrecision, 3 significant digits).
"""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from typing import TYPE_CHECKING, Any

from course_lib.docker.cli_format import format_table
from course_lib.docker.cli_util import CliError, daemon_error, flag, parse_flags, value
from course_lib.docker.engine import ENGINE_VERSION, Engine
from course_lib.result import CommandResult

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

KERNEL = "6.1.0-18-amd64"
CPUS, MEM_BYTES = 2, 4102811648                     # the model machine: 2 CPUs, 3.821GiB
PLUGINS = """ Plugins:
  buildx: Docker Buildx (Docker Inc.)
    Version:  v0.20.0
    Path:     /usr/libexec/docker/cli-plugins/docker-buildx
  compose: Docker Compose (Docker Inc.)
    Version:  v2.32.4
    Path:     /usr/libexec/docker/cli-plugins/docker-compose
"""


def _daemon_json(ctx: "ExecContext") -> dict[str, Any]:
    from course_lib.docker.hostops import read_file
    try:
        doc = json.loads(read_file(ctx.machine, "/etc/docker/daemon.json") or "{}")
    except ValueError:
        return {}
    return doc if isinstance(doc, dict) else {}


def _os_name(ctx: "ExecContext") -> str:
    from course_lib.docker.hostops import read_file
    for line in (read_file(ctx.machine, "/etc/os-release") or "").splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.partition("=")[2].strip('"')
    return "Linux"


def _units(n: float, base: int, units: tuple[str, ...], digits: int) -> str:
    i = 0
    while n >= base and i < len(units) - 1:
        n, i = n / base, i + 1
    return f"{n:.{digits}g}{units[i]}"


def bytes_size(n: float) -> str:
    """go-units BytesSize: binary units, %.4g."""
    return _units(n, 1024, ("B", "KiB", "MiB", "GiB", "TiB"), 4)


def human_size(n: float) -> str:
    """go-units HumanSizeWithPrecision(n, 3): decimal units."""
    return _units(n, 1000, ("B", "kB", "MB", "GB", "TB"), 3)


def info(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, rest = parse_flags("info", args, {}, {"-f": "format", "--format": "format"})
    if rest:
        raise CliError(f'"docker info" accepts no arguments.\nSee \'docker info --help\'.\n\nUsage:  docker info '
                       "[OPTIONS]\n\nDisplay system-wide information\n", 1)
    fmt = value(flags, "format")
    conf = _daemon_json(ctx)
    containers = list(engine.containers.values())
    running = sum(1 for c in containers if c.running)
    name = ctx.machine.name
    daemon_id = str(uuid.UUID(hashlib.sha256(f"dockerd/{name}".encode()).hexdigest()[:32]))
    if fmt:
        from course_lib.docker.gotemplate import TemplateError, render
        doc = {"ID": daemon_id, "Containers": len(containers), "ContainersRunning": running, "ContainersPaused": 0,
               "ContainersStopped": len(containers) - running, "Images": len(engine.images.images),
               "Driver": "overlay2", "ServerVersion": ENGINE_VERSION, "KernelVersion": KERNEL, "Name": name,
               "NCPU": CPUS, "MemTotal": MEM_BYTES, "OperatingSystem": _os_name(ctx), "OSType": "linux",
               "Architecture": "x86_64", "DockerRootDir": "/var/lib/docker", "CgroupDriver": "systemd",
               "CgroupVersion": "2", "LoggingDriver": "json-file", "LiveRestoreEnabled": bool(conf.get("live-restore")),
               "Plugins": {"Volume": ["local"], "Network": NETWORK_PLUGINS.split(), "Log": LOG_PLUGINS.split()}}
        try:
            return CommandResult(render(fmt.replace("\\t", "\t").replace("\\n", "\n"), doc) + "\n", "", 0)
        except TemplateError as exc:
            return CommandResult("", f"template parsing error: {exc}\n", 64)
    out = [f"Client: Docker Engine - Community\n Version:    {ENGINE_VERSION}\n Context:    default\n"
           f" Debug Mode: false\n{PLUGINS}\nServer:\n Containers: {len(containers)}\n  Running: {running}\n"
           f"  Paused: 0\n  Stopped: {len(containers) - running}\n Images: {len(engine.images.images)}\n"
           f" Server Version: {ENGINE_VERSION}\n Storage Driver: overlay2\n  Backing Filesystem: extfs\n"
           "  Supports d_type: true\n  Using metacopy: false\n  Native Overlay Diff: true\n  userxattr: false\n"
           " Logging Driver: json-file\n Cgroup Driver: systemd\n Cgroup Version: 2\n Plugins:\n  Volume: local\n"
           f"  Network: {NETWORK_PLUGINS}\n  Log: {LOG_PLUGINS}\n Swarm: inactive\n"
           " Runtimes: io.containerd.runc.v2 runc\n Default Runtime: runc\n Init Binary: docker-init\n"
           " containerd version: 05044ec0a9a75232cad458027ca83437aae3f4da\n runc version: v1.2.5-0-g59923ef\n"
           " init version: de40ad0\n Security Options:\n  apparmor\n  seccomp\n   Profile: builtin\n  cgroupns\n"
           f" Kernel Version: {KERNEL}\n Operating System: {_os_name(ctx)}\n OSType: linux\n"
           f" Architecture: x86_64\n CPUs: {CPUS}\n Total Memory: {bytes_size(MEM_BYTES)}\n Name: {name}\n"
           f" ID: {daemon_id}\n Docker Root Dir: /var/lib/docker\n Debug Mode: false\n Experimental: false\n"
           " Insecure Registries:\n"]
    out += [f"  {r}\n" for r in conf.get("insecure-registries") or [] if isinstance(r, str)] + ["  127.0.0.0/8\n"]
    mirrors = [m for m in conf.get("registry-mirrors") or [] if isinstance(m, str)]
    if mirrors:
        out += [" Registry Mirrors:\n"] + [f"  {m.rstrip('/')}/\n" for m in mirrors]
    out.append(f" Live Restore Enabled: {'true' if conf.get('live-restore') is True else 'false'}\n")
    pools = [p for p in conf.get("default-address-pools") or [] if isinstance(p, dict)]
    if pools:
        out += [" Default Address Pools:\n"] + [f"   Base: {p.get('base', '')}, Size: {p.get('size', 0)}\n"
                                                for p in pools]
    return CommandResult("".join(out) + "\n", "", 0)


NETWORK_PLUGINS = "bridge host ipvlan macvlan null overlay"
LOG_PLUGINS = "awslogs fluentd gcplogs gelf journald json-file local splunk syslog"


def _tab(rows: list[list[str]], minwidth: int, padding: int) -> str:
    """text/tabwriter with padchar ' ': each column as wide as its widest cell plus padding, at least minwidth."""
    widths = [max(minwidth, max(len(r[i]) for r in rows) + padding) for i in range(len(rows[0]) - 1)]
    return "".join("".join(cell.ljust(w) for cell, w in zip(r, widths)) + r[-1] + "\n" for r in rows)


def _running(engine: Engine, ref: str) -> Any:
    c = engine.find_container(ref)
    if c is None:
        raise daemon_error(f"No such container: {ref}")
    if not c.running:
        raise daemon_error(f"container {c.id} is not running")
    return c


def _processes(ctx: "ExecContext", c: Any) -> list[list[str]]:
    """The container's processes as the host's `ps -ef` sees them: the main one (an entrypoint script has
    exec'd its arguments); nginx's master renames itself and forks a worker per CPU as the nginx user."""
    from course_lib.k8s.containers import ENTRY_SCRIPTS
    from course_lib.shell.coreutils_sys import model_time
    argv = list(c.argv)
    while len(argv) > 1 and argv[0] in ENTRY_SCRIPTS:
        argv = argv[1:]
    started = time.strftime("%H:%M", time.gmtime(model_time(ctx) - engine_now(c) + (c.started or 0)))
    main = ["root", str(c.pid), str(max(1, c.pid - 23)), "0", started, "?", "00:00:00", " ".join(argv)]
    if argv and argv[0].rsplit("/", 1)[-1] == "nginx":
        main[-1] = "nginx: master process " + " ".join(argv)
        return [main] + [[_host_user(ctx, 101), str(c.pid + 1 + i), str(c.pid), "0", started, "?", "00:00:00",
                          "nginx: worker process"] for i in range(CPUS)]
    return [main]


def engine_now(c: Any) -> float:
    return float(getattr(getattr(c.box, "network", None), "clock", 0.0) or 0.0)


def _host_user(ctx: "ExecContext", uid: int) -> str:
    """ps's USER column: the host's /etc/passwd name of the uid, else the number."""
    from course_lib.docker.hostops import read_file
    for line in (read_file(ctx.machine, "/etc/passwd") or "").splitlines():
        parts = line.split(":")
        if len(parts) > 2 and parts[2] == str(uid):
            return parts[0]
    return str(uid)


def top(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    _, rest = parse_flags("top", args, {}, {}, interspersed=False)
    c = _running(engine, rest[0])
    rows = [["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]] + _processes(ctx, c)
    return CommandResult(_tab(rows, 20, 3), "", 0)


def _net_io(c: Any) -> tuple[int, int]:
    rx = tx = 0
    root = getattr(c.box, "root", None)
    for link in list(getattr(root, "links", {}).values()) if root is not None else []:
        if getattr(link, "name", "") == "lo":
            continue
        stats = getattr(link, "stats", None) or {}
        rx, tx = rx + stats.get("rx_bytes", 0), tx + stats.get("tx_bytes", 0)
    return rx, tx


def stats(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, rest = parse_flags("stats", args, {"-a": "all", "--all": "all", "--no-stream": "once",
                                              "--no-trunc": "notrunc"}, {"--format": "format"})
    # without --no-stream the CLI redraws the table every second until interrupted: a lab prints the first one
    shown = [engine.find_container(r) for r in rest] if rest else \
        [c for c in engine.containers.values() if c.running or flag(flags, "all")]
    missing = [r for r, c in zip(rest, shown) if c is None]
    if missing:
        return CommandResult("", "".join(f"Error response from daemon: No such container: {r}\n" for r in missing), 1)
    records = []
    for c in shown:
        rx, tx = _net_io(c) if c.running else (0, 0)
        mem = 4 * 1024 * 1024 + (int(c.id[:4], 16) % 4096) * 1024 if c.running else 0   # a few MiB each
        records.append({"ID": c.id if flag(flags, "notrunc") else c.short_id, "Container": c.name, "Name": c.name,
                        "CPUPerc": "0.00%", "MemUsage": f"{bytes_size(mem)} / {bytes_size(MEM_BYTES if mem else 0)}",
                        "MemPerc": f"{100 * mem / MEM_BYTES:.2f}%", "NetIO": f"{human_size(rx)} / {human_size(tx)}",
                        "BlockIO": "0B / 0B", "PIDs": str(len(_processes(ctx, c)) if c.running else 0)})
    return CommandResult(format_table(value(flags, "format") or STATS_FORMAT, records, STATS_HEADERS), "", 0)


STATS_FORMAT = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}"
STATS_HEADERS = {"ID": "CONTAINER ID", "Container": "CONTAINER", "Name": "NAME", "CPUPerc": "CPU %",
                 "MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET I/O", "BlockIO": "BLOCK I/O",
                 "PIDs": "PIDS"}
