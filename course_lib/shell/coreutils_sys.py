"""System and launcher commands: date, env, whoami, id, uname, basename, dirname, which, bash/sh,
sudo, xargs (the launchers run their command through the interpreter)."""
from __future__ import annotations

import posixpath
import re
import shlex
import time
from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandResult
from course_lib.shell.coreutils_common import UsageError, getopt, try_help, usage_result
from course_lib.net.wallclock import epoch_of
from course_lib.shell.fs import FsError
from course_lib.shell import identity
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

KERNEL_RELEASE = "6.1.0-18-amd64"
KERNEL_VERSION = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"


def model_time(ctx: "ExecContext") -> float:
    network = getattr(ctx.machine, "network", None)
    return epoch_of(network) + float(getattr(network, "clock", 0.0) or 0.0)


@command("date")
def date(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "uRIsd:", {"utc": "-u", "rfc-email": "-R", "iso-8601": "-I", "date=": "-d"})
    except UsageError as error:
        return usage_result(error)
    stamp = time.gmtime(model_time(ctx))
    fmt = "%a %b %e %H:%M:%S UTC %Y"
    for operand in opts.operands:
        if operand.startswith("+"):
            fmt = operand[1:]
        else:
            return CommandResult("", f"date: invalid date ‘{operand}’\n", 1)
    if opts.has("-R"):
        fmt = "%a, %d %b %Y %H:%M:%S +0000"
    if opts.has("-I"):
        fmt = "%Y-%m-%d"
    fmt = fmt.replace("%s", str(int(model_time(ctx)))).replace("%N", "000000000").replace("%Z", "UTC") \
        .replace("%z", "+0000").replace("%:z", "+00:00")
    return CommandResult(time.strftime(fmt, stamp) + "\n", "", 0)


@command("env", "printenv")
def env(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    if argv[0].endswith("printenv"):
        names = argv[1:]
        if not names:
            return CommandResult("".join(f"{k}={v}\n" for k, v in ctx.env.items()), "", 0)
        found = [ctx.env[n] + "\n" for n in names if n in ctx.env]
        return CommandResult("".join(found), "", 0 if len(found) == len(names) else 1)
    args = argv[1:]
    environ = dict(ctx.env)
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args.pop(0)
        if opt in ("-i", "--ignore-environment"):
            environ = {}
        elif opt in ("-u", "--unset") and args:
            environ.pop(args.pop(0), None)
        elif opt == "--":
            break
        else:
            return CommandResult("", f"env: invalid option -- '{opt.lstrip('-')[:1]}'\n{try_help('env')}\n", 125)
    while args and re.match(r"^[^=]+=", args[0]):
        name, _, value = args.pop(0).partition("=")
        environ[name] = value
    if not args:
        return CommandResult("".join(f"{k}={v}\n" for k, v in environ.items()), "", 0)
    from course_lib.shell.interpreter import run_argv
    result = run_argv(ctx.derive(env=environ), args, stdin)
    if result.returncode == 127 and "command not found" in result.stderr:
        return CommandResult("", f"env: ‘{args[0]}’: No such file or directory\n", 127)
    return result


@command("whoami")
def whoami(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    if len(argv) > 1:
        return CommandResult("", f"whoami: extra operand ‘{argv[1]}’\n{try_help('whoami')}\n", 1)
    uid = identity.of(ctx).uid
    name = identity.name_of(uid, identity.machine_file(ctx, "/etc/passwd"))
    if name is not None:
        return CommandResult(name + "\n", "", 0)
    if getattr(ctx.machine, "userland", "") == "busybox":
        return CommandResult("", f"whoami: unknown uid {uid}\n", 1)
    return CommandResult("", f"whoami: cannot find name for user ID {uid}\n", 1)


@command("id")
def id_cmd(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    """id [-u|-g|-G] [-n]: the process's identity, with the names of the machine's /etc/passwd and /etc/group."""
    who = identity.of(ctx)
    users, groups = identity.machine_file(ctx, "/etc/passwd"), identity.machine_file(ctx, "/etc/group")
    letters = "".join(a.lstrip("-") for a in argv[1:] if a.startswith("-"))
    pick = next((c for c in letters if c in "ugG"), "")
    if not pick:
        def named(number: int, text: Optional[str]) -> str:
            name = identity.name_of(number, text)
            return f"{number}({name})" if name is not None else str(number)
        return CommandResult(f"uid={named(who.uid, users)} gid={named(who.gid, groups)} groups="
                             + ",".join(named(g, groups) for g in dict.fromkeys(who.groups)) + "\n", "", 0)
    numbers = [who.uid] if pick == "u" else [who.gid] if pick == "g" else list(dict.fromkeys(who.groups))
    if "n" not in letters:
        return CommandResult(" ".join(map(str, numbers)) + "\n", "", 0)
    text = users if pick == "u" else groups
    names, errors = [], ""
    for number in numbers:                 # a number without a name: itself (coreutils also says so, rc 1)
        name = identity.name_of(number, text)
        if name is None and getattr(ctx.machine, "userland", "") != "busybox":
            errors += f"id: cannot find name for {'user' if pick == 'u' else 'group'} ID {number}\n"
        names.append(name if name is not None else str(number))
    return CommandResult(" ".join(names) + "\n", errors, 1 if errors else 0)


@command("uname")
def uname(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "asnrvmpio", {"all": "-a", "kernel-name": "-s", "nodename": "-n",
                                          "kernel-release": "-r", "kernel-version": "-v", "machine": "-m",
                                          "processor": "-p", "hardware-platform": "-i",
                                          "operating-system": "-o"})
        if opts.operands:
            raise UsageError(f"uname: extra operand ‘{opts.operands[0]}’\n{try_help('uname')}")
    except UsageError as error:
        return usage_result(error)
    host = getattr(ctx.machine, "hostname", "localhost")
    fields = {"-s": "Linux", "-n": host, "-r": KERNEL_RELEASE, "-v": KERNEL_VERSION, "-m": "x86_64",
              "-p": "unknown", "-i": "unknown", "-o": "GNU/Linux"}
    if opts.has("-a"):
        return CommandResult(f"Linux {host} {KERNEL_RELEASE} {KERNEL_VERSION} x86_64 GNU/Linux\n", "", 0)
    chosen = [fields[f] for f in ("-s", "-n", "-r", "-v", "-m", "-p", "-i", "-o") if opts.has(f)] or ["Linux"]
    return CommandResult(" ".join(chosen) + "\n", "", 0)


@command("basename")
def basename(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    if not args:
        return CommandResult("", f"basename: missing operand\n{try_help('basename')}\n", 1)
    multiple = args[0] in ("-a", "--multiple")
    names = args[1:] if multiple else args[:1]
    suffix = args[1] if not multiple and len(args) > 1 else ""
    if not multiple and len(args) > 2:
        return CommandResult("", f"basename: extra operand ‘{args[2]}’\n{try_help('basename')}\n", 1)
    out = []
    for name in names:
        base = posixpath.basename(name.rstrip("/")) or ("/" if name.startswith("/") else "")
        if suffix and base.endswith(suffix) and base != suffix:
            base = base[:-len(suffix)]
        out.append(base + "\n")
    return CommandResult("".join(out), "", 0)


@command("dirname")
def dirname(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    if len(argv) < 2:
        return CommandResult("", f"dirname: missing operand\n{try_help('dirname')}\n", 1)
    out = []
    for name in argv[1:]:
        stripped = name.rstrip("/") or "/"
        parent = posixpath.dirname(stripped).rstrip("/") if "/" in stripped else "."
        out.append((parent or "/") + "\n")
    return CommandResult("".join(out), "", 0)


@command("which")
def which_cmd(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.interpreter import Shell
    from course_lib.shell.interpreter_resolve import which
    shell = Shell(ctx)
    found = [which(shell, name) for name in argv[1:] if not name.startswith("-")]
    out = "".join(p + "\n" for p in found if p)
    return CommandResult(out, "", 0 if found and all(found) else 1)


@command("bash", "sh", "dash")
def bash(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    """bash -c 'script' [name args...], bash FILE [args], or bash reading its script from stdin."""
    from course_lib.shell.interpreter import Shell
    args = argv[1:]
    options = []
    while args and args[0].startswith(("-", "+")) and args[0] not in ("-", "--") and args[0] != "-c":
        options.append(args.pop(0))
    if args and args[0] == "-c":
        if len(args) < 2:
            return CommandResult("", f"{argv[0]}: -c: option requires an argument\n", 2)
        script, rest = args[1], args[2:]
        name, positional = (rest[0], rest[1:]) if rest else (argv[0], [])
        data = stdin
    elif args and args[0] not in ("-", "--"):
        from course_lib.shell.fs_view import View
        try:
            script = View(ctx).read(args[0])
        except FsError as error:
            return CommandResult("", f"{argv[0]}: {args[0]}: {error.strerror}\n", 127)
        name, positional, data = args[0], args[1:], stdin
    else:
        script, name, positional, data = stdin, argv[0], [], ""
    if getattr(ctx.machine, "owner_machine", None) is not None:     # a new shell process in a container
        level = ctx.env.get("SHLVL", "")
        ctx = ctx.derive(env={**ctx.env, "SHLVL": str(int(level) + 1 if level.isdigit() else 1),
                              "PWD": ctx.cwd or "/"})
    shell = Shell(ctx, argv0=name, positional=positional)
    for opt in options:
        if opt in ("-e", "-x", "-u"):
            setattr(shell, {"-e": "errexit", "-x": "xtrace", "-u": "nounset"}[opt], True)
    from course_lib.shell.jobs import nested_shell
    nested_shell(True)                  # its own job table: its jobs are not the terminal's
    try:
        rc = shell.run_source(script, data)
        if "traps" in shell.__dict__ or "jobs_spawned" in shell.__dict__:
            from course_lib.shell.traps import script_done
            rc = script_done(shell, rc)
    finally:
        nested_shell(False)
    return CommandResult("".join(shell.sinks[0].out), "".join(shell.sinks[0].err), rc)


@command("sudo")
def sudo(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    while args and args[0].startswith("-"):
        opt = args.pop(0)
        if opt in ("-u", "-g") and args:
            args.pop(0)
        if opt in ("-i", "-s") and not args:
            return CommandResult("", "", 0)
    if not args:
        return CommandResult("", "usage: sudo -h | -K | -k | -V\n", 1)
    from course_lib.shell.interpreter import run_argv
    result = run_argv(ctx, args, stdin)
    if result.returncode == 127 and result.stderr == f"bash: {args[0]}: command not found\n":
        return CommandResult("", f"sudo: {args[0]}: command not found\n", 1)
    return result


def model_clock(ctx: "ExecContext") -> float:
    """Model time (the lab's Network.clock, which waits and timeouts advance); wall time on the real backend."""
    if ctx.backend != "sim":
        import time
        return time.monotonic()
    return float(getattr(getattr(ctx.machine, "network", None), "clock", 0.0) or 0.0)


@command("nohup", "stdbuf", "nice", "time")
def launcher(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    while args and args[0].startswith("-"):
        args.pop(0)
    if not args:
        return CommandResult("", f"{argv[0]}: missing operand\n{try_help(argv[0])}\n", 1)
    from course_lib.shell.interpreter import run_argv
    started = model_clock(ctx)
    result = run_argv(ctx, args, stdin)
    prog = argv[0].rsplit("/", 1)[-1]
    if result.returncode == 127 and result.stderr == f"bash: {args[0]}: command not found\n":
        text = {"nohup": f"nohup: failed to run command '{args[0]}': No such file or directory\n",
                "nice": f"nice: ‘{args[0]}’: No such file or directory\n",
                "stdbuf": f"stdbuf: failed to run command ‘{args[0]}’: No such file or directory\n"}.get(prog)
        if text:
            return CommandResult(result.stdout, text, 127)
    if argv[0] == "time":
        minutes, seconds = divmod(0.001 + max(0.0, model_clock(ctx) - started), 60)     # bash's %3lR
        timing = f"\nreal\t{int(minutes)}m{seconds:.3f}s\nuser\t0m0.000s\nsys\t0m0.000s\n"
        return CommandResult(result.stdout, result.stderr + timing, result.returncode)
    return result


@command("xargs")
def xargs(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        opts = getopt(argv, "n:I:0trd:L:P:", {"max-args=": "-n", "replace=": "-I", "null": "-0",
                                              "no-run-if-empty": "-r", "verbose": "-t", "delimiter=": "-d"},
                      permute=False)
    except UsageError as error:
        return usage_result(error)
    for flag in ("-n", "-L", "-P"):
        value = opts.value(flag)
        if value is None:
            continue
        if not value.strip().isdigit():
            return CommandResult("", f'xargs: invalid number "{value}" for {flag} option\n'
                                 f"{try_help('xargs')}\n", 1)
        if int(value) < 1 and flag != "-P":
            return CommandResult("", f"xargs: value {value} for {flag} option should be >= 1\n"
                                 f"{try_help('xargs')}\n", 1)
    cmd = opts.operands or ["echo"]
    if opts.has("-0"):
        items = [i for i in stdin.split("\0") if i]
    elif opts.value("-d") is not None:
        items = [i for i in stdin.split(opts.value("-d") or "\n") if i]
    elif opts.value("-I") is not None or opts.value("-L") is not None:
        items = [line.strip() for line in stdin.split("\n") if line.strip()]
    else:
        try:
            items = shlex.split(stdin)
        except ValueError:
            return CommandResult("", "xargs: unmatched single quote; by default quotes are special to xargs "
                                 "unless you use the -0 option\n", 1)
    from course_lib.shell.interpreter import run_argv
    batches: list[list[str]]
    replace = opts.value("-I")
    if replace is not None:
        batches = [[a.replace(replace, item) for a in cmd] for item in items]
    else:
        size = int(opts.value("-n") or opts.value("-L") or 0) or max(len(items), 1)
        batches = [cmd + items[i:i + size] for i in range(0, len(items), size)] or (
            [] if opts.has("-r") else [list(cmd)])
    out, err, rc = [], [], 0
    for batch in batches:
        if opts.has("-t"):
            err.append(" ".join(batch) + "\n")
        result = run_argv(ctx, batch, "")
        out.append(result.stdout)
        err.append(result.stderr)
        if result.returncode == 127:
            return CommandResult("".join(out), "".join(err[:-1]) + f"xargs: {batch[0]}: No such file or directory\n", 127)
        if result.returncode:
            rc = 123
    return CommandResult("".join(out), "".join(err), rc)


from course_lib.shell import coreutils_timeout  # noqa: E402,F401 - registers `timeout`
from course_lib.shell import coreutils_expr  # noqa: E402,F401 - registers expr, tac, fold
