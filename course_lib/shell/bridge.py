"""`bridge` (iproute2 6.1): `bridge link` show/set, `bridge fdb` show/add/append/replace/del (vxlan `dst`), `bridge vlan`."""
from __future__ import annotations

from course_lib.result import CommandError, CommandResult
from course_lib.shell.ip.options import Args, IpOptions, colour_when, link_exists, matches
from course_lib.shell.registry import command


def _usage(key: str) -> CommandError:
    from course_lib.shell.usage_texts import USAGE
    text, _stream, rc = USAGE[key]
    return CommandError(text.rstrip("\n"), rc)


def _dev_exists(stack, name: str) -> None:
    if not link_exists(stack, name):
        raise CommandError(f'Cannot find device "{name}"', 255)


@command("bridge")
def bridge(ctx, argv: list[str], stdin: str = "") -> CommandResult:
    from course_lib.shell.ip.main import current_stack
    out: list[str] = []
    opts = IpOptions()
    try:
        args = argv[1:]
        netns = None
        while args and args[0].startswith("-"):
            opt = args[0][1:] if args[0].startswith("--") else args[0]
            if matches(opt, "-Version"):
                return CommandResult("bridge utility, 6.1.0\n", "", 0)
            if matches(opt, "-help"):
                raise _usage("bridge")
            if matches(opt, "-stats") or matches(opt, "-statistics"):
                opts.stats += 1
            elif matches(opt, "-details"):
                opts.details += 1
            elif matches(opt, "-oneline"):
                opts.oneline = True
            elif matches(opt, "-json"):
                opts.json = True
            elif matches(opt, "-pretty"):
                opts.pretty = True
            elif opt.partition("=")[0] in ("-c", "-col", "-colo", "-color"):
                opts.colour = colour_when(opt, args[0], "bridge")
            elif matches(opt, "-timestamp") or matches(opt, "-tshort") \
                    or matches(opt, "-compressvlans") or matches(opt, "-force") or opt in ("-4", "-6"):
                pass
            elif matches(opt, "-family") or matches(opt, "-batch"):
                if len(args) < 2:
                    raise _usage("bridge")
                args = args[1:]
            elif matches(opt, "-netns"):
                if len(args) < 2:
                    raise CommandError('Cannot open network namespace "(null)": No such file or directory', 255)
                netns = args[1]
                args = args[1:]
            else:
                raise CommandError(f'Option "{args[0]}" is unknown, try "bridge help".', 255)
            args = args[1:]
        if opts.json:
            opts.colour = False
        stack = current_stack(ctx)
        if netns is not None:
            stack = stack.in_netns(netns)
        if not args:
            raise _usage("bridge")
        obj, rest = args[0], Args(args[1:])
        if matches(obj, "link"):
            _link(stack, rest, opts, out)
        elif matches(obj, "fdb"):
            from course_lib.shell.bridge_fdb import do_fdb
            do_fdb(stack, rest, opts, out)
        elif matches(obj, "vlan"):
            from course_lib.shell.bridge_vlan import do_vlan
            do_vlan(stack, rest, opts, out)
        elif matches(obj, "mdb") or matches(obj, "vni") or matches(obj, "monitor"):
            pass
        elif matches(obj, "help"):
            raise _usage("bridge")
        else:
            raise CommandError(f'Object "{obj}" is unknown, try "bridge help".', 255)
    except CommandError as error:
        return CommandResult("".join(out), error.message + "\n", error.returncode)
    return CommandResult("".join(out), "", 0)


def _link(stack, args: Args, opts: IpOptions, out: list[str]) -> None:
    word = args.take() if args.more() else "show"
    if matches(word, "set") or matches(word, "change"):
        from course_lib.shell.bridge_port import parse_port_settings
        dev, settings = parse_port_settings(args, _usage)
        if dev is None:
            raise CommandError('Device is a required argument.', 255)
        if not link_exists(stack, dev):
            raise CommandError(f'Cannot find bridge device "{dev}"', 255)
        if hasattr(stack, "bridge_link_set"):          # brlink_modify sends its request even with nothing set
            stack.bridge_link_set(dev, settings)
        return
    if not (matches(word, "show") or matches(word, "list") or matches(word, "lst")):
        if matches(word, "help"):
            raise _usage("bridge link")
        raise CommandError(f'Command "{word}" is unknown, try "bridge link help".', 255)
    dev = None
    while args.more():
        w = args.take()
        if w == "dev":
            dev = args.next_arg()
        elif w == "master":
            args.next_arg()
        else:
            dev = w
    if dev is not None:
        _dev_exists(stack, dev)
    from course_lib.shell.bridge_port import show_ports
    show_ports(stack, dev, opts, out)
