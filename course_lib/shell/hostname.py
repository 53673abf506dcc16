"""`hostname` (net-tools 2.10 / hostname 3.23): show, set, -s, -f, -d, -i, -I."""
from __future__ import annotations

import ipaddress
import re

from course_lib.result import CommandResult
from course_lib.shell.registry import command

_VALID = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\.?$")
RESOLVE_FAIL = CommandResult("", "hostname: Temporary failure in name resolution\n", 1)


def _hosts_lines(ctx) -> list[list[str]]:
    try:
        from course_lib.shell.fs import read_file
        text = read_file(ctx, "/etc/hosts")
    except Exception:  # noqa: BLE001
        return []
    return [line.split("#", 1)[0].split() for line in text.splitlines() if line.split("#", 1)[0].split()]


def _usage(rc: int = 255) -> CommandResult:
    from course_lib.shell.usage_texts import USAGE
    return CommandResult("", USAGE["hostname"][0], rc)


@command("hostname")
def hostname(ctx, argv: list[str], stdin: str = "") -> CommandResult:
    from course_lib.shell.ip.main import current_stack
    stack = current_stack(ctx)
    # the UTS namespace goes with the process, not the netns: a pod's shell has the pod's name even
    # though its netns was made on the node (`ip netns exec` keeps the machine's name, as it should)
    box_name = getattr(ctx.machine, "hostname", None) if ctx.backend == "sim" else None
    name = box_name or stack.hostname()
    args = argv[1:]
    if not args:
        return CommandResult(name + "\n", "", 0)
    opt = args[0]
    if opt in ("-h", "--help"):
        from course_lib.shell.usage_texts import USAGE
        return CommandResult(USAGE["hostname"][0], "", 0)
    if opt in ("-V", "--version"):
        return CommandResult("", "hostname 3.23", 0)
    if opt in ("-s", "--short"):
        return CommandResult(name.split(".")[0] + "\n", "", 0)
    if opt in ("-f", "--fqdn", "--long", "-A", "--all-fqdns", "-d", "--domain", "-i", "--ip-address"):
        matches = [f for f in _hosts_lines(ctx) if name in f[1:]]
        if not matches:
            return RESOLVE_FAIL
        fqdn = matches[0][1]
        if opt in ("-f", "--fqdn", "--long"):
            return CommandResult(fqdn + "\n", "", 0)
        if opt in ("-A", "--all-fqdns"):
            return CommandResult(fqdn + " \n", "", 0)
        if opt in ("-d", "--domain"):
            return CommandResult((fqdn.split(".", 1)[1] if "." in fqdn else "") + "\n", "", 0)
        return CommandResult(" ".join(f[0] for f in matches) + "\n", "", 0)
    if opt in ("-I", "--all-ip-addresses"):
        addrs = []
        for rec in stack.addresses():
            ip = ipaddress.ip_address(rec.local)
            if ip.is_loopback or ip.is_link_local:
                continue
            addrs.append(rec.local)
        return CommandResult("".join(a + " " for a in addrs) + "\n", "", 0)
    if opt.startswith("-") and opt not in ("-b", "--boot", "-F", "--file"):
        return _usage()
    if opt in ("-F", "--file"):
        if len(args) < 2:
            return _usage()
        try:
            from course_lib.shell.fs import read_file
            text = read_file(ctx, args[1])
        except Exception:  # noqa: BLE001
            return CommandResult("", "hostname: No such file or directory\n", 1)
        lines = [l.strip() for l in text.splitlines() if l.strip() and not l.strip().startswith("#")]
        args = lines[:1] or [""]
    elif opt in ("-b", "--boot"):
        args = args[1:] or [name]
    if len(args) != 1:
        return _usage()
    new = args[0]
    if not _VALID.match(new) or len(new) > 64:
        return CommandResult("", "hostname: the specified hostname is invalid\n", 1)
    from course_lib.docker.hostops import may_set_hostname
    if not may_set_hostname(ctx.machine):          # sethostname(2): EPERM without CAP_SYS_ADMIN
        return CommandResult("", "hostname: you must be root to change the host name\n", 1)
    stack.set_hostname(new)
    return CommandResult("", "", 0)
