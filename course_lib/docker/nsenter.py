"""`nsenter` (util-linux 2.38) for what the course does with it: enter a container's netns by PID or path."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.result import CommandResult
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

USAGE_HINT = "Try 'nsenter --help' for more information.\n"


def _containers(machine: Any) -> list[Any]:
    engine = getattr(machine, "docker_engine", None)
    return list(engine.containers.values()) if engine is not None else []


def _by_pid(machine: Any, pid: int) -> Optional[Any]:
    for c in _containers(machine):
        if c.running and c.pid == pid:
            return c
    return None


def _by_path(machine: Any, path: str) -> Optional[Any]:
    """A netns file: /var/run/docker/netns/<sandbox>, /proc/PID/ns/net, or /var/run/netns/NAME."""
    for c in _containers(machine):
        if c.running and path in (f"/var/run/docker/netns/{c.sandbox_id[:12]}", f"/run/docker/netns/{c.sandbox_id[:12]}",
                                  f"/proc/{c.pid}/ns/net"):
            return c.box.root
    for prefix in ("/var/run/netns/", "/run/netns/"):
        if path.startswith(prefix) and path[len(prefix):] in machine.netns:
            return machine.netns[path[len(prefix):]]
    return None


@command("nsenter")
def nsenter(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    target: Optional[int] = None
    net, net_path, mount, uts = False, None, False, False
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        arg = args[i]
        i += 1
        if arg in ("-t", "--target"):
            if i >= len(args):
                return CommandResult("", f"nsenter: option requires an argument -- 't'\n{USAGE_HINT}", 1)
            value = args[i]
            i += 1
            if not value.isdigit():
                return CommandResult("", f"nsenter: failed to parse pid: '{value}'\n", 1)
            target = int(value)
        elif arg.startswith("-t") and arg[2:].isdigit():
            target = int(arg[2:])
        elif arg.startswith("--net="):
            net, net_path = True, arg.split("=", 1)[1]
        elif arg in ("-n", "--net"):
            net = True
        elif arg in ("-m", "--mount"):
            mount = True
        elif arg in ("-u", "--uts"):
            uts = True
        elif arg in ("-a", "--all"):
            net = mount = uts = True
        elif arg in ("-i", "--ipc", "-p", "--pid", "-U", "--user", "-C", "--cgroup", "-F", "--no-fork"):
            continue
        else:
            return CommandResult("", f"nsenter: unrecognized option '{arg}'\n{USAGE_HINT}", 1)
    if i < len(args) and args[i] == "--":
        i += 1
    cmd = args[i:] or ["/bin/sh"]
    container = None
    if target == 1:                                   # init: the machine's own namespaces
        ctx = ctx.derive(netns=ctx.machine.root, netns_name=None)
    elif target is not None:
        container = _by_pid(ctx.machine, target)
        if container is None:
            return CommandResult("", f"nsenter: cannot open /proc/{target}/ns/net: No such file or directory\n", 1)
    elif (net and net_path is None) or mount or uts:
        return CommandResult("", "nsenter: neither filename nor target pid supplied for ns/net\n", 1)
    derived = ctx
    if net_path is not None:
        netns = _by_path(ctx.machine, net_path)
        if netns is None:
            return CommandResult("", f"nsenter: cannot open {net_path}: No such file or directory\n", 1)
        derived = derived.derive(netns=netns, netns_name=None)
    elif net and container is not None:
        derived = derived.derive(netns=container.box.root, netns_name=None)
    if (mount or uts) and container is not None:
        derived = derived.derive(machine=container.box)
    return derived.run_argv(cmd, stdin)
