"""`cnitool` (containernetworking/cni): run a named network's plugin list against a netns, as libcni does."""
from __future__ import annotations

import hashlib
import json
import posixpath
from typing import TYPE_CHECKING, Any

from course_lib.cni import runtime
from course_lib.cni.protocol import CniError, dump, normalise
from course_lib.result import CommandResult
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

USAGE = ("cnitool: Add, check, remove, gc or status network interfaces from a network namespace\n"
         "  cnitool add    <net> <netns>\n  cnitool check  <net> <netns>\n  cnitool del    <net> <netns>\n"
         "  cnitool gc     <net> <netns>\n  cnitool status <net> <netns>\n")


@command("cnitool")
def cnitool(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    if len(argv) < 4:
        return CommandResult("", USAGE, 1)
    verb, net_name, netns = argv[1], argv[2], posixpath.normpath(posixpath.join(ctx.cwd or "/", argv[3]))
    env = ctx.env
    try:
        conflist = runtime.load_conflist(ctx, env.get("NETCONFPATH") or runtime.CONF_DIR, net_name)
        caps: dict[str, Any] = json.loads(env["CAP_ARGS"]) if env.get("CAP_ARGS") else {}
        args = env.get("CNI_ARGS", "")
        for pair in args.split(";") if args else []:
            key, _, value = pair.partition("=")
            if not key or not value or pair.count("=") != 1:
                return CommandResult("", f'invalid CNI_ARGS pair "{pair}"\n', 1)
        ifname = env.get("CNI_IFNAME", "eth0")
        container_id = "cnitool-" + hashlib.sha512(netns.encode()).hexdigest()[:20]
        cni_path = env.get("CNI_PATH", "")
        if verb == "add":
            result = runtime.add(ctx, container_id, netns, ifname, conflist, caps, args, loopback=False,
                                 cni_path=cni_path)
            return CommandResult(dump(normalise(result, conflist.get("cniVersion", "1.0.0"))), "", 0)
        if verb == "del":
            runtime.delete(ctx, container_id, netns, ifname, conflist, caps, args, cni_path=cni_path)
        elif verb == "check":
            runtime.check(ctx, container_id, netns, ifname, conflist, None, args, cni_path=cni_path)
        return CommandResult("", "", 0)
    except CniError as exc:
        return CommandResult("", f"{exc}\n", 1)
    except ValueError as exc:
        return CommandResult("", f"{exc}\n", 1)
