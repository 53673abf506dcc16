"""`ip netns`: list, add, delete, exec, identify, pids, set, list-id (ipnetns.c)."""
from __future__ import annotations

import re
from typing import Any, Optional

from course_lib.result import CommandError, CommandResult
from course_lib.shell import context as _context
from course_lib.shell.ip.options import Args, invarg, matches, usage


def do_netns(run, args: Args) -> None:
    if args.i >= len(args.argv):            # (args.more() and args.take(), inline: the usual way in)
        return list_netns(run)
    word = args.argv[args.i]
    args.i += 1
    if not run.opts.all and args.i < len(args.argv) and not _valid_name(args.argv[args.i]):
        raise CommandError(f'Invalid netns name "{args.argv[args.i]}"', 255)     # do_netns: argv[1], any command
    if word == "exec":                      # the usual word, whole: no earlier name abbreviates to it
        return exec_(run, args)
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return list_netns(run)
    if matches(word, "list-id"):
        return list_ids(run)
    if matches(word, "help"):
        raise usage("ip netns")
    if matches(word, "add"):
        return add(run, args)
    if matches(word, "set"):
        return set_id(run, args)
    if matches(word, "delete"):
        return delete(run, args)
    if matches(word, "identify"):
        return identify(run, args)
    if matches(word, "pids"):
        return pids(run, args)
    if matches(word, "exec"):
        return exec_(run, args)
    if matches(word, "monitor"):
        return None
    if matches(word, "attach"):
        raise CommandError("Cannot open network namespace: No such process", 1)
    raise CommandError(f'Command "{word}" is unknown, try "ip netns help".', 255)


def list_netns(run) -> None:
    ids = run.stack.netns_ids()
    if run.opts.json:
        from course_lib.shell.ip.format_json import dump_json
        run.write(dump_json([{"name": name, **({"id": ids[name]} if name in ids else {})}
                             for name in run.stack.netns_names()], run.opts))
        return
    for name in run.stack.netns_names():
        if name in ids:
            run.write(f"{name} (id: {ids[name]})\n")
        else:
            run.write(f"{name}\n")


def list_ids(run) -> None:
    table = run.stack.nsid_table() if hasattr(run.stack, "nsid_table") else \
        sorted((v, k) for k, v in run.stack.netns_ids().items())
    for nsid, name in table:
        if name:
            run.write(f"nsid {nsid} (iproute2 netns name: {name})\n")
        else:
            run.write(f"nsid {nsid} \n")


def _valid_name(name: str) -> bool:
    return bool(name) and "/" not in name and name not in (".", "..")


def add(run, args: Args) -> None:
    if not args.more():
        raise CommandError("No netns name specified", 1)
    name = args.take()
    if not _valid_name(name):
        raise CommandError(f'Invalid netns name "{name}"', 255)
    run.stack.netns_add(name)


def delete(run, args: Args) -> None:
    if run.opts.all and not args.more():
        for each in list(run.stack.netns_names()):
            run.stack.netns_del(each)
        return
    if not args.more():
        raise CommandError("No netns name specified", 1)
    name = args.take()
    if name == "-all" or (run.opts.all and not name):
        for each in list(run.stack.netns_names()):
            run.stack.netns_del(each)
        return
    if not _valid_name(name):
        raise CommandError(f'Invalid netns name "{name}"', 255)
    run.stack.netns_del(name)


def set_id(run, args: Args) -> None:
    if not args.more():
        raise CommandError("No netns name specified", 1)
    if len(args.rest()) < 2:
        raise CommandError("No nsid specified", 1)
    name, value = args.take(), args.take()
    if value == "auto":
        nsid = -1
    else:
        number = _get_integer(value)
        if number is None:
            raise invarg('Invalid "netnsid" value', value, blank=False)
        if number < 0:
            raise invarg('"netnsid" value should be >= 0', value, blank=False)
        nsid = number
    try:
        run.stack.netns_set_id(name, nsid)
    except CommandError as error:               # netns_set() returns -1 when it cannot open NAME
        if error.message.startswith("Cannot open network namespace"):
            raise CommandError(error.message, 1) from None
        raise


def _get_integer(text: str) -> Optional[int]:
    """get_integer(): strtol base 0 (blanks, sign, 0x/0 prefixes), the whole word, within an int."""
    m = re.fullmatch(r"\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", text)
    if m is None:
        return None
    digits = m.group(2)
    value = int(digits, 16 if digits[:2].lower() == "0x" else 8 if digits.startswith("0") else 10)
    value = -value if m.group(1) == "-" else value
    return value if -2**31 <= value < 2**31 else None


def identify(run, args: Args) -> None:
    """netns_identify(): no word is this process; one word must be a pid (digits only)."""
    if len(args.rest()) > 1:
        raise CommandError("extra arguments specified", 1)
    if args.more():
        pid = args.take()
        if not pid.isdigit():
            raise CommandError(f"Specified string '{pid}' is not a pid", 1)
        if int(pid) == 0 or run.ctx.backend == "sim" and int(pid) not in _machine_pids(run.ctx.machine):
            raise CommandError(_NO_NETNS, 1)          # open("/proc/PID/ns/net"): no such process
    name = run.stack.current_netns_name()
    run.write(f"{name or ''}\n")


_NO_NETNS = "Cannot open network namespace: No such file or directory"


def _machine_pids(machine) -> set[int]:
    """The pids `ps -e` lists on a simulated machine: init, the daemons, the terminal's bash and the command."""
    from course_lib.shell.coreutils_ps import SHELL_PID
    known = {1, SHELL_PID, SHELL_PID + 1}
    known.update(p.pid for p in getattr(machine, "processes", None) or () if isinstance(getattr(p, "pid", None), int))
    return known


def pids(run, args: Args) -> None:
    """netns_pids(): one name, whose file must open (no process of the simulation runs in a named netns)."""
    if not args.more():
        raise CommandError("No netns name specified", 1)
    if len(args.rest()) > 1:
        raise CommandError("extra arguments specified", 1)
    name = args.take()
    try:
        run.stack.in_netns(name)
    except CommandError as error:
        if error.message.startswith("Cannot open network namespace"):
            raise CommandError(_NO_NETNS, 1) from None
        raise


def exec_(run, args: Args) -> None:
    if run.opts.all:
        # `ip -all netns exec CMD`: every named netns in `ip netns` order, each output after a header
        if not args.more():
            raise CommandError("No command specified", 1)
        argv = args.rest()
        for name in run.stack.netns_names():
            run.write(f"\nnetns: {name}\n")
            stack = run.stack.in_netns(name)
            changes = {"netns_name": name, "stack": stack}
            if getattr(stack, "netns", None) is not None:
                changes["netns"] = stack.netns
            result = run.ctx.derive(**changes).run_argv(argv, _stdin(run))
            if result.returncode == 127 and result.stderr.endswith(f"{argv[0]}: command not found\n"):
                run.warn(f'exec of "{argv[0]}" failed: No such file or directory\n')
                continue
            run.write(result.stdout)
            run.warn(result.stderr)
        return
    first = args.i
    words = args.argv
    if first >= len(words):
        raise CommandError("No netns name specified", 1)
    name, argv = words[first], words[first + 1:]
    if not argv:
        raise CommandError("No command specified", 1)
    stack = run.stack.in_netns(name)
    netns = getattr(stack, "netns", None)
    changes = {"netns_name": name, "stack": stack, "netns": netns} if netns is not None else \
        {"netns_name": name, "stack": stack}
    result = (_context._RUN_ARGV or _context._run_argv())(run.ctx, argv, run.stdin or "", changes)   # ctx.run_argv
    rc = result.returncode
    if rc == 127 and result.stderr.endswith(f"{argv[0]}: command not found\n"):
        raise CommandError(_exec_failed(argv[0]), 1)
    run.out.append(result.stdout)
    run.err.append(result.stderr)
    if rc:
        raise _Exit(rc)


def _exec_failed(program: str) -> str:
    return f'exec of "{program}" failed: No such file or directory'


def exec_simple(ctx, argv: list[str], stdin: str) -> Optional[CommandResult]:
    """`ip netns exec NAME CMD...` (argv[1:3] == netns exec, no option) on the simulated stack: ip_command's
    result, made without IpRun, option parsing and dispatch; None (nothing done) when NAME is invalid or
    missing, or the stack is not the sim's: ip_command's general path gives those answers."""
    target = exec_target(ctx, argv[3])
    if target is None:
        return None
    command = argv[4:]
    stack, netns = target
    result = (_context._RUN_IN_NETNS or _context._run_in_netns())(ctx, command, stdin or "", argv[3], stack, netns)
    return exec_result(result, command[0])


def exec_target(ctx, name: str) -> Optional[tuple[Any, Any]]:
    """(SimStack, netns) that exec_ runs a program in for `ip netns exec NAME` in ctx (current_stack(ctx).in_netns
    on the simulated stack); None when ip_command's general path must answer (NAME invalid or missing, another
    backend's stack, a context whose stack is not its netns's)."""
    stack = ctx.stack
    if type(stack) is not (_SIM_STACK or _sim_stack()) or stack.netns is not ctx.netns or not _valid_name(name):
        return None
    netns = stack.machine.netns.get(name)           # stack.in_netns(name), which raises when it is missing
    if netns is None:
        return None
    inner = _new_stack(_SIM_STACK)
    inner.netns, inner.machine = netns, netns.machine
    return inner, netns


def exec_result(result: CommandResult, program: str) -> CommandResult:
    """ip_command's result after exec_ ran `program` with this result."""
    if result.returncode == 127 and result.stderr.endswith(f"{program}: command not found\n"):
        return CommandResult("", _exec_failed(program) + "\n", 1)
    if result.chunks or type(result) is not CommandResult:
        return CommandResult(result.stdout, result.stderr, result.returncode)
    return result                                   # what ip makes of it: the same texts and exit code


_SIM_STACK: Any = None
_new_stack = object.__new__


def _sim_stack() -> Any:
    """The sim backend's SimStack class (imported on first use: the backend imports the shell)."""
    global _SIM_STACK
    if _SIM_STACK is None:
        from course_lib.backends.sim_stack import SimStack
        _SIM_STACK = SimStack
    return _SIM_STACK


def _stdin(run) -> str:
    return getattr(run, "stdin", "") or ""


class _Exit(CommandError):
    """Propagate the exec'd command's exit code without adding text."""

    def __init__(self, rc: int) -> None:
        super().__init__("", rc)
