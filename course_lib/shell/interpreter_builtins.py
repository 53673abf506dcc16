"""bash builtins that touch the shell itself: cd, export, set, exit, source, read, type, eval, ...

Each takes (shell, argv, stdin) and returns a CommandResult (control flow raises). echo, printf and
test are implemented in coreutils_builtin and wrapped here so they print `bash: NAME: ...` errors.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from course_lib.result import CommandResult
from course_lib.shell import callstack, traps
from course_lib.shell.builtins_extra import EXTRA_BUILTINS, builtin_assign
from course_lib.shell.coreutils_builtin import echo_impl, printf_impl, test_impl
from course_lib.shell.declare import BUILTINS as DECLARE_BUILTINS
from course_lib.shell.fs import FsError
from course_lib.shell.interpreter_state import FunctionReturn
from course_lib.shell.jobs import BASH_BUILTINS
from course_lib.shell.parse_word import is_name
from course_lib.shell.shopt import b_shopt

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

Builtin = Callable[["Shell", list[str], str], CommandResult]
OK = CommandResult("", "", 0)


def _err(text: str, rc: int = 1) -> CommandResult:
    return CommandResult("", text + "\n", rc)


def b_cd(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    args = [a for a in argv[1:] if a not in ("-L", "-P")]
    if len(args) > 1:
        return _err("bash: cd: too many arguments")
    target = args[0] if args else sh.vars.get("HOME", "")
    if not args and not target:
        return _err("bash: cd: HOME not set")
    printed = ""
    if target == "-":
        target = sh.vars.get("OLDPWD", "")
        if not target:
            return _err("bash: cd: OLDPWD not set")
        printed = target + "\n"
    view = sh.view()
    node = view.stat(target)
    if node is None:
        return _err(f"bash: cd: {target}: No such file or directory")
    if not node.is_dir:
        return _err(f"bash: cd: {target}: Not a directory")
    sh.vars["OLDPWD"] = sh.cwd
    physical = [a for a in argv[1:] if a in ("-L", "-P")][-1:] == ["-P"]
    sh.cwd = view.resolve(target) if physical else view.abspath(target)     # cd -P: the links resolved
    sh.vars["PWD"] = sh.cwd
    return CommandResult(printed, "", 0)


def b_pwd(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    if [a for a in argv[1:] if a in ("-L", "-P")][-1:] == ["-P"]:
        return CommandResult(sh.view().resolve(sh.cwd) + "\n", "", 0)
    return CommandResult(sh.cwd + "\n", "", 0)


_OPTIONS = {"e": "errexit", "u": "nounset", "f": "noglob", "x": "xtrace", "E": "errtrace", "T": "functrace"}


def b_set(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    if not args:
        return CommandResult("".join(f"{k}={v}\n" for k, v in sorted(sh.vars.items()) if k[:1] != "\0"), "", 0)
    while args:
        arg = args.pop(0)
        if arg == "--":
            sh.positional = args
            return OK
        if arg in ("-o", "+o"):
            if not args:
                return OK
            name = args.pop(0)
            if name not in ("errexit", "nounset", "noglob", "xtrace", "pipefail", "errtrace", "functrace"):
                return _err(f"bash: set: {name}: invalid option name", 2)
            setattr(sh, name, arg == "-o")
            continue
        if arg[:1] in "-+" and len(arg) > 1:
            for letter in arg[1:]:
                if letter in _OPTIONS:
                    setattr(sh, _OPTIONS[letter], arg[0] == "-")
                elif letter not in "hBHPTkmbvnaCtE":
                    return _err(f"bash: set: {arg[0]}{letter}: invalid option\n"
                                "set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]", 2)
            continue
        sh.positional = [arg] + args
        return OK
    return OK


def _number_arg(sh: "Shell", argv: list[str], default: int) -> tuple[int, CommandResult | None]:
    if len(argv) < 2:
        return default, None
    try:
        return int(argv[1]) & 0xFF, None
    except ValueError:
        return 2, _err(f"bash: {argv[0]}: {argv[1]}: numeric argument required", 2)


def b_exit(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.interpreter import ShellExit
    rc, error = _number_arg(sh, argv, sh.last_rc)
    if error is None and len(argv) > 2:
        sh.err("bash: exit: too many arguments\n")
        raise ShellExit(1)
    if error is not None:
        sh.err(error.stderr)
    sh.__dict__["exit_rc"] = rc             # for an EXIT trap's final status (builtins_extra.run_exit_trap)
    raise ShellExit(rc)


def b_return(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.interpreter import FunctionReturn
    if sh.func_depth == 0 and not any(f.name == "source" for f in sh.__dict__.get("frames", ())):
        return _err("bash: return: can only `return' from a function or sourced script", 2)
    rc, error = _number_arg(sh, argv, sh.last_rc)
    if error is not None:
        sh.err(error.stderr)
    raise FunctionReturn(rc)


def _loop_control(kind: str) -> Builtin:
    def run(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
        from course_lib.shell.interpreter import LoopControl
        if sh.loop_depth == 0:
            return _err(f"bash: {kind}: only meaningful in a `for', `while', or `until' loop", 0)
        levels = 1
        if len(argv) > 1:
            try:
                levels = int(argv[1])
            except ValueError:
                return _err(f"bash: {kind}: {argv[1]}: numeric argument required")
            if levels < 1:
                return _err(f"bash: {kind}: {argv[1]}: loop count out of range")
        raise LoopControl(kind, min(levels, sh.loop_depth))
    return run


def b_shift(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    count = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 1
    if count > len(sh.positional):
        return CommandResult("", "", 1)
    sh.positional = sh.positional[count:]
    return OK


def b_source(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    if len(argv) < 2:
        return _err(f"bash: {argv[0]}: filename argument required\n{argv[0]}: usage: {argv[0]} filename [arguments]", 2)
    try:
        text = sh.view().read(argv[1])
    except FsError as error:
        if "traps" in sh.__dict__:          # bash runs the RETURN trap all the same ($? as before)
            sh.err(f"bash: {argv[1]}: {error.strerror}\n")
            traps.function_end(sh, None, sh.last_rc, command=callstack.command_text(sh))
            return CommandResult("", "", 1)
        return _err(f"bash: {argv[1]}: {error.strerror}")
    saved = sh.positional
    if len(argv) > 2:
        sh.positional = argv[2:]
    sh.push()
    try:
        command = callstack.command_text(sh) if "traps" in sh.__dict__ else None
        rc = callstack.source(sh, argv[1], lambda: _sourced(sh, text, stdin))
        if "traps" in sh.__dict__:          # its RETURN trap, at the source command's line
            traps.function_end(sh, None, rc, command=command)
    finally:
        out, err = sh.pop()
        sh.positional = saved
    return CommandResult(out, err, rc)


def _sourced(sh: "Shell", text: str, stdin: str) -> int:
    """A sourced file's commands (`return` ends them)."""
    try:
        return sh.run_source(text, stdin)
    except FunctionReturn as ret:
        return ret.rc


def b_eval(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    sh.push()
    try:
        rc = callstack.nested_text(sh, " ".join(argv[1:]), lambda text: sh.run_source(text, stdin))
    finally:
        out, err = sh.pop()
    return CommandResult(out, err, rc)


KEYWORDS = frozenset({"if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do",
                      "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc"})


def b_type(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    """type [-tpP] NAME...: function, keyword, builtin or the file PATH finds (-t: the kind's word; -p: the
    file's path, nothing for the others; -P: the path even of a builtin's name)."""
    from course_lib.shell.interpreter_resolve import which
    flags = "".join(a[1:] for a in argv[1:] if a.startswith("-") and a != "-")
    out, err, rc = [], [], 0
    for name in [a for a in argv[1:] if not a.startswith("-") or a == "-"]:
        path = which(sh, name)
        if "P" in flags:
            kind, text = ("file", path) if path else (None, "")
        elif name in sh.functions:
            kind, text = "function", f"{name} is a function"
        elif name in KEYWORDS:
            kind, text = "keyword", f"{name} is a shell keyword"
        elif name in BUILTINS or name in BASH_BUILTINS:
            kind, text = "builtin", f"{name} is a shell builtin"
        elif path:
            kind, text = "file", f"{name} is {path}"
        else:
            kind, text = None, ""
        if kind is None:
            if not ("t" in flags or "p" in flags or "P" in flags):
                err.append(f"bash: type: {name}: not found\n")
            rc = 1
        elif "t" in flags:
            out.append(kind + "\n")
        elif "p" in flags or "P" in flags:
            if kind == "file":
                out.append(f"{path}\n")
        else:
            out.append(text + "\n")
    return CommandResult("".join(out), "".join(err), rc)


def b_command(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.interpreter_resolve import which
    args = argv[1:]
    if args and args[0] == "-V":                     # as `type` says it; "not found" names `command`
        result = b_type(sh, args, stdin)
        return CommandResult(result.stdout, result.stderr.replace("bash: type: ", "bash: command: "),
                             0 if result.stdout else 1)          # success when any name was found
    if args and args[0] == "-v":
        out: list[str] = []
        for name in args[1:]:
            if name in BUILTINS or name in BASH_BUILTINS or name in sh.functions:
                out.append(name + "\n")
            elif which(sh, name):
                out.append(which(sh, name) + "\n")
        return CommandResult("".join(out), "", 0 if out else 1)
    if not args:
        return OK
    if args[0] in BUILTINS:
        return BUILTINS[args[0]](sh, args, stdin)
    return sh_external(sh, args, stdin)


def sh_external(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    return sh.call_external(argv, stdin, {})


def b_exec(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.interpreter import ShellExit
    if len(argv) < 2:               # `exec 3>FILE` / `exec 3>&-`: the shell's own fds from now on (3 and up)
        fds = sh.__dict__.pop("redirected_fds", None) or {}
        sh.__dict__["exec_fds"] = {fd: target for fd, target in fds.items() if fd > 2 and target != "closed"}
        return OK
    result = BUILTINS[argv[1]](sh, argv[1:], stdin) if argv[1] in BUILTINS else sh_external(sh, argv[1:], stdin)
    sh.out(result.stdout)
    sh.err(result.stderr)
    raise ShellExit(result.returncode)


def b_alias(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    def xtrace_quote(text: str) -> str:
        return "'" + text.replace("'", "'\\''") + "'"
    out, err = [], []
    if len(argv) == 1:
        return CommandResult("".join(f"alias {k}={xtrace_quote(v)}\n"
                                     for k, v in sorted(sh.aliases.items())), "", 0)
    for arg in argv[1:]:
        name, eq, value = arg.partition("=")
        if eq:
            sh.aliases[name] = value
        elif name in sh.aliases:
            out.append(f"alias {name}={xtrace_quote(sh.aliases[name])}\n")
        else:
            err.append(f"bash: alias: {name}: not found\n")
    return CommandResult("".join(out), "".join(err), 1 if err else 0)


def b_unalias(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    if len(argv) == 1:
        return _err("unalias: usage: unalias [-a] name [name ...]", 2)
    err = []
    for name in argv[1:]:
        if name == "-a":
            sh.aliases.clear()
        elif sh.aliases.pop(name, None) is None:
            err.append(f"bash: unalias: {name}: not found\n")
    return CommandResult("", "".join(err), 1 if err else 0)


def b_wait(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.jobs_wait import wait
    return wait(sh.ctx, argv, sh)


def b_noop(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    return OK


def b_false(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    return CommandResult("", "", 1)


def b_echo(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    return echo_impl(argv)


def b_printf(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    if len(argv) > 2 and argv[1] == "-v":
        result = printf_impl(["printf"] + argv[3:], prog="bash: printf")
        if is_name(argv[2]) and builtin_assign(sh, "printf", argv[2], result.stdout):
            return CommandResult("", result.stderr, 1)
        return CommandResult("", result.stderr, result.returncode)
    return printf_impl(argv, prog="bash: printf")


def b_test(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:-1] if argv[0] == "[" and argv[-1:] == ["]"] else argv[1:]
    if len(args) == 2 and args[0] == "-v":          # needs the shell's variables
        from course_lib.shell.var_attrs import is_set
        return CommandResult("", "", 0 if is_set(sh, args[1]) else 1)
    return test_impl(sh.command_ctx(), argv, prog=f"bash: {argv[0]}")


BUILTINS: dict[str, Builtin] = {
    "cd": b_cd, "pwd": b_pwd, **DECLARE_BUILTINS, "set": b_set, "exit": b_exit,
    "logout": b_exit, "return": b_return, "break": _loop_control("break"),
    "continue": _loop_control("continue"), "shift": b_shift, "source": b_source, ".": b_source,
    "eval": b_eval, "type": b_type, "command": b_command, "exec": b_exec,
    "true": b_noop, ":": b_noop, "false": b_false, "wait": b_wait, "alias": b_alias, "unalias": b_unalias,
    "hash": b_noop, "shopt": b_shopt, "ulimit": b_noop, "umask": b_noop,
    "echo": b_echo, "printf": b_printf, "test": b_test, "[": b_test, **EXTRA_BUILTINS,
}
