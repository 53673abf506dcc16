"""The `coredns` command: `coredns -conf FILE [-dns.port N]` starts a CoreDNS daemon on the machine."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib.dns import files
from course_lib.dns.coredns.server import BUILD, VERSION, CoreDNSServer
from course_lib.result import CommandResult
from course_lib.shell.registry import command

USAGE = ("Usage of coredns:\n"
         "  -conf string\n\tCorefile to load (default \"Corefile\")\n"
         "  -dns.port string\n\tDefault port (default \"53\")\n"
         "  -pidfile string\n\tPath to write pid file\n"
         "  -plugins\n\tList installed plugins\n"
         "  -quiet\n\tQuiet mode (no initialization output)\n"
         "  -version\n\tShow version\n")


@dataclass(eq=False)
class Daemon:
    """A daemon process of a machine (machine.processes), here a CoreDNS server."""

    pid: int
    name: str
    cmdline: str
    server: Any

    def stop(self) -> None:
        self.server.stop()


def servers_on(machine: Any) -> list[CoreDNSServer]:
    return [p.server for p in getattr(machine, "processes", []) if isinstance(p, Daemon)]


@command("coredns")
def coredns(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    conf, port, quiet = "Corefile", 53, False
    args = argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        name, _, value = arg.lstrip("-").partition("=")
        if not arg.startswith("-"):
            break
        if name in ("conf", "dns.port", "pidfile") and not value:
            i += 1
            if i >= len(args):
                return CommandResult("", f"flag needs an argument: -{name}\n{USAGE}", 2)
            value = args[i]
        if name == "conf":
            conf = value
        elif name == "dns.port":
            if not value.isdigit():
                return CommandResult("", f"invalid value \"{value}\" for flag -dns.port\n", 2)
            port = int(value)
        elif name == "version":
            return CommandResult(f"{VERSION}\n{BUILD}\n", "", 0)
        elif name == "plugins":
            from course_lib.dns.coredns.plugin import ORDER
            return CommandResult("Server types:\n  dns\n\nCaddyfile loaders:\n  flag\n  default\n\nOther plugins:\n"
                                 + "".join(f"  dns.{p}\n" for p in sorted(ORDER)), "", 0)
        elif name == "quiet":
            quiet = True
        elif name in ("h", "help"):
            return CommandResult("", USAGE, 0)
        elif name != "pidfile":
            return CommandResult("", f"flag provided but not defined: -{name}\n{USAGE}", 2)
        i += 1
    server, result = start(ctx, conf, port, cmdline=" ".join(argv))
    if quiet and result.returncode == 0:
        return CommandResult("", "", 0)
    return result


def start(ctx: Any, conf: str, port: int = 53, cmdline: str = "") -> tuple[CoreDNSServer | None, CommandResult]:
    """Start CoreDNS in the netns of `ctx` with Corefile `conf` (API for cluster DNS: pods run this).

    Returns the running server (None when it did not start) and what `coredns -conf` prints.
    The server's log lines (log/errors plugins, reloads) accumulate in `server.logs`.
    """
    path = conf if conf.startswith("/") else (ctx.cwd.rstrip("/") + "/" + conf)
    text = files.read_file(ctx, path)
    if text is None:
        return None, CommandResult("", f"open {conf}: no such file or directory\n", 1)
    server = CoreDNSServer(ctx, conf, port)
    server.read_path = path
    out, err, rc = server.start(text)
    if rc != 0:
        return None, CommandResult(out, err, rc)
    processes = ctx.machine.processes
    pid = server.pid or 1000 + len(processes)
    processes.append(Daemon(pid, "coredns", cmdline or f"coredns -conf {conf}", server))
    return server, CommandResult(out, "", 0)
