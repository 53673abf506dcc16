"""How the engine touches a machine: command lines (ip, iptables, sysctl), files, and container netns.

dockerd configures the kernel over netlink; the engine here issues the equivalent command lines in
the machine's context, so `ip link`, `iptables -S` and `bridge link` show what they would after a
real dockerd. A container's netns is the root netns of a machine of its own (`box`), which no
`ip netns` lists, with the container's files (/etc/hosts, /etc/resolv.conf) and hostname.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.machine import Machine
from course_lib.result import CommandResult

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS
    from course_lib.shell.context import ExecContext


class HostOpError(Exception):
    """A configuration command failed (the daemon turns it into an error response)."""

    def __init__(self, argv: list[str], result: CommandResult) -> None:
        super().__init__(f"{' '.join(argv)}: {result.stderr.strip()}")
        self.argv = argv
        self.result = result


def run(ctx: "ExecContext", argv: list[str], check: bool = True, stdin: str = "") -> CommandResult:
    """Run one command line in `ctx` (as dockerd's netlink/iptables calls); raise on failure if asked."""
    result = ctx.run_argv(argv, stdin)
    if check and result.returncode != 0:
        raise HostOpError(argv, result)
    return result


def run_all(ctx: "ExecContext", commands: list[list[str]], check: bool = False) -> None:
    for argv in commands:
        run(ctx, argv, check=check)


class Box(Machine):
    """A container's (or pod sandbox's) own view: root netns = the container netns, its own files."""

    owner_machine: Optional[Machine] = None
    userland: str = "debian"
    tools: Optional[frozenset] = None
    image: str = ""                    # the image reference the container runs (curl's version follows it)
    sys_admin: bool = False            # CAP_SYS_ADMIN (--privileged, --cap-add SYS_ADMIN): may sethostname()
    net_admin: bool = True             # False while a process lacking CAP_NET_ADMIN runs (capabilities.process)


def may_set_hostname(machine: Machine) -> bool:
    """sethostname() is allowed: a machine's own shell, or a container that holds CAP_SYS_ADMIN
    (Docker's default set and a pod's lack it: EPERM)."""
    return getattr(machine, "owner_machine", None) is None or bool(getattr(machine, "sys_admin", False))


def new_box(host: Machine, name: str, hostname: str, userland: str = "debian",
            tools: Optional[frozenset] = None) -> Box:
    """A hidden netns with lo (DOWN, as the kernel makes it) and an empty file system of its own."""
    from course_lib.net import links
    box = Box(name=name, network=host.network, hostname=hostname)
    box.owner_machine = host
    box.userland = userland
    box.tools = tools
    links.create_loopback(box.root)
    return box


def box_context(ctx: "ExecContext", box: Machine, env: Optional[dict[str, str]] = None,
                cwd: str = "/", user: Any = None) -> "ExecContext":
    """An execution context inside a container: its netns, files, hostname and environment (a new process:
    none of the calling terminal's shell variables), running as `user` (a shell.identity.Identity; None: root)."""
    return ctx.derive(machine=box, netns=box.root, env=dict(env or {}), cwd=cwd or "/", netns_name=None,
                      shell_state=None, user=user)


def move_link(ctx: "ExecContext", ifname: str, target: "NetNS") -> None:
    """`ip link set IFNAME netns <container>`: move a link into a netns that has no name."""
    from course_lib.net import links
    link = ctx.netns.link_by_name(ifname)
    if link is None:
        raise HostOpError(["ip", "link", "set", ifname, "netns"],
                          CommandResult("", f'Cannot find device "{ifname}"\n', 1))
    links.set_netns(link, target)


def write_file(box: Machine, path: str, text: str, mode: int = 0o644) -> None:
    from course_lib.shell.fs import get_fs
    fs = get_fs(box)
    parent = path.rsplit("/", 1)[0] or "/"
    if not fs.exists(parent):
        fs.mkdir(parent, parents=True)
    fs.write(path, text, mode=mode)


def read_file(machine: Machine, path: str) -> Optional[str]:
    from course_lib.shell.fs import get_fs
    fs = get_fs(machine)
    return fs.read(path) if fs.exists(path) else None
