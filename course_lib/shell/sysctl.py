"""`sysctl` (procps): read, -w / KEY=VALUE writes, -n, -q, -e, -N, -a, -p FILE, against the current netns."""
from __future__ import annotations

import re
from typing import Optional

from course_lib.result import CommandError, CommandResult
from course_lib.shell.registry import command


def _stack(ctx):
    from course_lib.shell.ip.main import current_stack
    return current_stack(ctx)


def _parts(raw: str) -> list[str]:
    """procps: a name whose first separator is '/' is a path; else dots separate and '/' stands for '.'
    (net.ipv4.conf.br/5.forwarding is /proc/sys/net/ipv4/conf/br.5/forwarding)."""
    raw = raw.strip()
    first = min((i for i in (raw.find("."), raw.find("/")) if i >= 0), default=-1)
    if first >= 0 and raw[first] == "/":
        return raw.strip("/").split("/")
    return [p.replace("/", ".") for p in raw.split(".")]


def _key(raw: str) -> str:
    """The model's key of a name: its components joined by dots."""
    return ".".join(_parts(raw))


def _shown(key: str) -> str:
    """How procps names a key: a dot inside a component (a device called br.5) shows as '/'."""
    parts = key.split(".")
    if len(parts) > 5 and parts[0] == "net" and parts[2] in ("conf", "neigh"):
        parts = parts[:3] + [".".join(parts[3:-1]).replace(".", "/"), parts[-1]]
    return ".".join(parts)


def _cannot_stat(name: str) -> str:
    """The complaint about a name as the learner wrote it (its own components make the path)."""
    return f"sysctl: cannot stat /proc/sys/{'/'.join(_parts(name))}: No such file or directory\n"


def _usage(prefix: str = "") -> CommandResult:
    """No arguments: the usage on stderr, rc 1. A bad option: the complaint on stderr and, as procps
    4.0 does, the usage on stdout with rc 0."""
    from course_lib.shell.usage_texts import USAGE
    text, _stream, _rc = USAGE["sysctl"]
    if prefix:
        return CommandResult(text, prefix, 0)
    return CommandResult("", text, 1)


@command("sysctl")
def sysctl(ctx, argv: list[str], stdin: str = "") -> CommandResult:
    write = quiet = names_only = values_only = ignore = show_all = load = binary = False
    pattern: Optional[str] = None
    files: list[str] = []
    words: list[str] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("--"):
            long = {"--write": "w", "--quiet": "q", "--values": "n", "--names": "N", "--ignore": "e",
                    "--all": "a", "--load": "p", "--system": "S", "--binary": "b",
                    "--pattern": "r"}.get(a.split("=")[0])
            if a in ("--help", "-h"):
                from course_lib.shell.usage_texts import USAGE
                return CommandResult(USAGE["sysctl"][0], "", 0)
            if a == "--version":
                return CommandResult("sysctl from procps-ng 4.0.2\n", "", 0)
            if long is None:
                return _usage(f"sysctl: unrecognized option '{a}'\n")
            flags = long
            if long == "p" and "=" in a:
                files.append(a.split("=", 1)[1])
                flags = ""
                load = True
            elif long == "r":
                if "=" in a:
                    pattern, flags = a.split("=", 1)[1], ""
                elif i + 1 >= len(args):
                    return _usage(f"sysctl: option '{a}' requires an argument\n")
                else:
                    i += 1
                    pattern, flags = args[i], ""
        elif a.startswith("-") and len(a) > 1:
            flags = a[1:]
        else:
            words.append(a)
            i += 1
            continue
        for j, f in enumerate(flags):
            if f == "w":
                write = True
            elif f == "q":
                quiet = True
            elif f == "n":
                values_only = True
            elif f == "N":
                names_only = True
            elif f == "e":
                ignore = True
            elif f in ("a", "A", "X"):
                show_all = True
            elif f == "b":
                binary = True
            elif f == "p":
                load = True
                rest = flags[j + 1:]
                if rest:
                    files.append(rest)
                break
            elif f == "r":
                pattern = flags[j + 1:]
                if not pattern:
                    if i + 1 >= len(args):
                        return _usage("sysctl: option requires an argument -- 'r'\n")
                    i += 1
                    pattern = args[i]
                break
            elif f == "S":
                return CommandResult("", "", 0)
            elif f == "V":
                return CommandResult("sysctl from procps-ng 4.0.2\n", "", 0)
            elif f in ("o", "x"):
                pass
            elif f in ("h", "d"):
                from course_lib.shell.usage_texts import USAGE
                return CommandResult(USAGE["sysctl"][0], "", 0)
            else:
                return _usage(f"sysctl: invalid option -- '{f}'\n")
        i += 1
    if not argv[1:]:
        return _usage()
    stack = _stack(ctx)
    out, err = [], []
    rc = 0

    try:
        chosen = re.compile(pattern).search if pattern is not None else None
    except re.error:
        chosen = lambda name: False  # noqa: E731 - regcomp failed: procps selects nothing

    def show(key: str, value: str) -> None:
        key = _shown(key)
        if chosen is not None and not chosen(key):
            return
        if names_only:
            out.append(f"{key}\n")
        elif binary:
            out.append(value)
        elif values_only:
            out.append(f"{value}\n")
        else:
            out.append(f"{key} = {value}\n")

    def do_write(name: str, value: str) -> int:
        key = _key(name)
        if chosen is not None and not chosen(_shown(key)):
            return 1                        # parse_setting_line: a name the pattern leaves out fails
        try:
            if stack.sysctl_get(key) is None:
                if ignore:
                    return 0
                raise CommandError(_cannot_stat(name).rstrip("\n"), 1)
            stack.sysctl_set(key, value.strip())
        except CommandError as error:
            err.append(error.message + "\n")
            return error.returncode
        if not quiet:
            show(key, value.strip())
        return 0

    if load:
        if not files and words:
            files = words[:1]
            words = words[1:]
        for path in files or ["/etc/sysctl.conf"]:
            try:
                from course_lib.shell.fs import read_file
                text = read_file(ctx, path)
            except Exception:  # noqa: BLE001
                if not files:
                    continue
                err.append(f'sysctl: cannot open "{path}": No such file or directory\n')
                rc = 1
                continue
            for line in text.splitlines():
                line = line.strip()
                if not line or line[0] in "#;":
                    continue
                if "=" not in line:
                    continue
                k, v = line.split("=", 1)
                rc = do_write(k.lstrip("-"), v) or rc
        return CommandResult("".join(out), "".join(err), rc)
    if show_all:
        for key in sorted(stack.sysctl_keys()):
            value = stack.sysctl_get(key)
            if value is not None:
                show(key, value)
        return CommandResult("".join(out), "", 0)
    if not words:
        return CommandResult("", "sysctl: no variables specified\nTry `sysctl --help' for more information.\n", 1) \
            if not write else CommandResult("", "sysctl: no variables specified\n"
                                            "Try `sysctl --help' for more information.\n", 1)
    errors = 0
    invalid = False
    for word in words:
        if (write or "=" in word) and len(word.strip()) < 2:
            invalid = True                      # parse_setting_line passes over a line this short
            continue
        if "=" in word:
            k, v = word.split("=", 1)
            if not k.strip():                   # no name: the path would be /proc/sys/ itself
                if not v.startswith("="):
                    err.append("sysctl: Path is not under /proc/sys/: /proc/sys/\n")
                invalid = True
                continue
            errors += 1 if do_write(k, v) else 0
            continue
        if write:
            if chosen is None or chosen(_shown(_key(word))):   # the pattern is checked first
                err.append("sysctl: command line(0): invalid syntax, continuing...\n")
            invalid = True
            continue
        key = _key(word)
        value = stack.sysctl_get(key)
        if value is None:
            below = sorted(k for k in stack.sysctl_keys() if k.startswith(key + "."))
            if below:                       # a directory: everything under it
                for k in below:
                    v = stack.sysctl_get(k)
                    if v is not None:
                        show(k, v)
                continue
            if not ignore:
                err.append(_cannot_stat(word))
                errors += 1
            continue
        show(key, value)
    return CommandResult("".join(out), "".join(err), errors or int(invalid))
