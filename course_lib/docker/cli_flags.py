"""Docker CLI 28 flag parsing as cobra/pflag do it: each command's flags (read from its real `--help` text),
their values' checks, `--help`, the positional-argument rules and the usage error texts."""
from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from course_lib.docker import help_texts, help_texts_network, help_texts_top
from course_lib.docker.cli_values import check_value

HELP: dict[str, str] = {**help_texts_top.HELP, **help_texts.HELP, **help_texts_network.HELP}
# a command typed through an alias or a group answers with the help of the command it is (cobra's Name)
SAME_AS = {"container ls": "ps", "container list": "ps", "container ps": "ps", "image ls": "images",
           "image list": "images", "image pull": "pull", "image rm": "rmi", "image remove": "rmi",
           "container rm": "rm", "container remove": "rm", "network list": "network ls",
           "network remove": "network rm", "images": "images", "ps": "ps", "rmi": "rmi", "rm": "rm"}
NAMES = {"container list": "container ls", "container ps": "container ls", "image list": "image ls",
         "image remove": "image rm", "container remove": "container rm", "network list": "network ls",
         "network remove": "network rm"}
for _sub in ("run", "exec", "logs", "stop", "kill", "start", "port", "rename", "top", "stats"):
    SAME_AS["container " + _sub] = _sub
# the positional-argument rule of each command (docker/cli's cli.NoArgs, RequiresMinArgs, ... in cli/required.go)
ARGS: dict[str, tuple[int, Optional[int]]] = {
    "run": (1, None), "ps": (0, 0), "exec": (2, None), "logs": (1, 1), "stop": (1, None), "kill": (1, None),
    "start": (1, None), "rm": (1, None), "inspect": (1, None), "port": (1, 2), "rmi": (1, None), "images": (0, 1),
    "pull": (1, 1), "version": (0, 0), "rename": (2, 2), "info": (0, 0), "top": (1, None), "stats": (0, None),
    "image inspect": (1, None), "container inspect": (1, None), "network ls": (0, 0), "network create": (1, 1), "network inspect": (1, None),
    "network connect": (2, 2), "network disconnect": (2, 2), "network rm": (1, None), "network prune": (0, 0)}
HIDDEN = {"run": {"--net": "network", "--net-alias": "list", "--dns-opt": "list"}, "stop": {"--time": "int"}}
FLAG_LINE = re.compile(r"^  (?:-(\S), |    )--([a-z0-9-]+)(?: ([a-zA-Z0-9-]+))?(?:  |$)")
TYPED: ContextVar[str] = ContextVar("docker_command_typed", default="")   # `container ls` while it runs as ps
# pflag prints a deprecated flag's note on stdout as it parses it; the dispatcher puts these before the output
DEPRECATED = {("stop", "--time"): "Flag --time has been deprecated, use --timeout instead\n"}
NOTES: ContextVar[list[str]] = ContextVar("docker_flag_notes")


class UsageError(Exception):
    """A cobra/pflag refusal, or `--help`: what goes to stdout and stderr, and the exit code."""

    def __init__(self, text: str, code: int, stdout: str = "") -> None:
        super().__init__(text)
        self.text, self.code, self.stdout = text, code, stdout


@dataclass(frozen=True)
class Flag:
    name: str            # the long name, without dashes
    kind: str            # "" for a bool, else the type word the help shows (string, list, int, bytes, ...)
    shown: str           # how pflag names it in errors: "-a, --all" or "--add-host"


def canonical(path: str) -> str:
    """The command a typed path is (`container list` -> `ps`), as a key of HELP."""
    return SAME_AS.get(path, path)


def help_text(path: str) -> str:
    """`docker PATH --help`: the real text, its Usage line naming the command as typed (cobra's CommandPath)."""
    text = HELP[canonical(path)]
    name = NAMES.get(path, path)
    first, rest = text.split("\n", 1)
    words = canonical(path).split()
    if words and name != canonical(path):
        first = first.replace("docker " + " ".join(words), "docker " + name, 1)
    return first + "\n" + rest


def use_line(path: str) -> str:
    """cobra's UseLine: the help's Usage line; a command with subcommands shows just its path."""
    if path == "":
        return "docker [OPTIONS] COMMAND [ARG...]"
    if path in ("network", "container", "image"):
        return "docker " + path
    return help_text(path).split("\n", 1)[0].removeprefix("Usage:  ")


@lru_cache(maxsize=None)
def flags_of(path: str) -> dict[str, Flag]:
    """Every spelling ("-a", "--all") of the command's flags, read from its help text (+ pflag's hidden ones)."""
    spec: dict[str, Flag] = {}
    for line in HELP[canonical(path)].splitlines():
        m = FLAG_LINE.match(line)
        if m:
            short, name, kind = m.group(1), m.group(2), m.group(3) or ""
            f = Flag(name, kind, f"-{short}, --{name}" if short else f"--{name}")
            spec["--" + name] = f
            if short:
                spec["-" + short] = f
    for spelling, kind in HIDDEN.get(canonical(path), {}).items():
        spec[spelling] = Flag(spelling[2:], kind, spelling)
    if "--help" not in spec:
        spec["--help"] = Flag("help", "", "--help")
        if "-h" not in spec:
            spec["-h"] = Flag("help", "", "-h, --help")
    return spec


def flag_error(path: str, message: str) -> UsageError:
    """cobra's FlagErrorFunc in docker/cli: the error, the usage line and where to get help (exit 125)."""
    cmd = ("docker " + NAMES.get(path, path)).rstrip()
    return UsageError(f"{message}\n\nUsage:  {use_line(path)}\n\nRun '{cmd} --help' for more information\n", 125)


def args_error(path: str, count: int) -> Optional[UsageError]:
    """cli/required.go's texts when the positional arguments break the command's rule (exit 1)."""
    low, high = ARGS.get(canonical(path), (0, None))
    if low <= count and (high is None or count <= high):
        return None
    cmd, use = "docker " + NAMES.get(path, path), use_line(path)

    def noun(n: int) -> str:
        return "argument" if n == 1 else "arguments"
    if high == 0:
        text = f"docker: '{cmd}' accepts no arguments\n\nUsage:  {use}\n\nRun '{cmd} --help' for more information\n"
    elif high is None:
        text = (f"docker: '{cmd}' requires at least {low} {noun(low)}\n\nUsage:  {use}\n\n"
                f"See '{cmd} --help' for more information\n")
    elif low == high:
        text = f"docker: '{cmd}' requires {low} {noun(low)}\n\nUsage:  {use}\n\nRun '{cmd} --help' for more information\n"
    elif low == 0:        # RequiresMaxArgs: docker/cli 28 prints 'SRun' here
        text = (f"docker: '{cmd}' requires at most {high} {noun(high)}\n\nUsage:  {use}\n\n"
                f"SRun '{cmd} --help' for more information\n")
    else:
        text = (f"docker: '{cmd}' requires at least {low} and at most {high} {noun(high)}\n\nUsage:  {use}\n\n"
                f"Run '{cmd} --help' for more information\n")
    return UsageError(text, 1)


def parse(path: str, args: list[str], interspersed: bool = True) -> tuple[dict[str, list[str]], list[str]]:
    """pflag's Parse over the command's real flags: values by long name (repeats kept), the positionals.

    Raises UsageError for a refused flag (exit 125), for `--help` (the help on stdout, exit 0) and for
    positionals the command's rule refuses (exit 1), in cobra's order.
    """
    spec = flags_of(path)
    deprecated_h = False
    flags: dict[str, list[str]] = {}
    positionals: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            positionals += args[i:]
            break
        if not arg.startswith("-") or arg == "-":
            positionals.append(arg)
            if not interspersed:
                positionals += args[i:]
                break
            continue
        if arg.startswith("--"):
            name, eq, val = arg.partition("=")
            if len(name) > 2 and name[2] in "-=" or name == "--":
                raise flag_error(path, f"bad flag syntax: {arg}")
            f = spec.get(name)
            if f is None:
                raise flag_error(path, f"unknown flag: {name}")
            if not f.kind and not eq:
                val = "true"
            elif not eq:
                if i >= len(args):
                    raise flag_error(path, f"flag needs an argument: {name}")
                val = args[i]
                i += 1
            _set(path, flags, f, val)
            note = DEPRECATED.get((canonical(path), name))
            if note:                           # pflag notes a deprecated flag once its value is set
                NOTES.get([]).append(note)
            continue
        j = 1
        while j < len(arg):
            f = spec.get("-" + arg[j])
            if f is None:
                raise flag_error(path, f"unknown shorthand flag: '{arg[j]}' in -{arg[j:]}")
            if f.name == "help" and arg[j] == "h":
                deprecated_h = True
            attached = len(arg) - j > 2 and arg[j + 1] == "="          # '-f=arg'
            if not f.kind:
                _set(path, flags, f, arg[j + 2:] if attached else "true")
                j = len(arg) if attached else j + 1
                continue
            if attached:
                val = arg[j + 2:]
            elif len(arg) - j > 1:                                     # '-farg'
                val = arg[j + 1:]
            elif i < len(args):                                        # '-f' 'arg'
                val = args[i]
                i += 1
            else:
                raise flag_error(path, f"flag needs an argument: '{arg[j]}' in -{arg[j]}")
            _set(path, flags, f, val)
            break
    if flags.get("help") and flags["help"][-1] == "true":
        note = "Flag shorthand -h has been deprecated, use --help\n" if deprecated_h else ""
        raise UsageError("", 0, note + help_text(path))
    problem = args_error(path, len(positionals))
    if problem is not None:
        raise problem
    return flags, positionals


def _set(path: str, flags: dict[str, list[str]], f: Flag, val: str) -> None:
    problem = check_value(f.name, f.kind or "bool", val, canonical(path))
    if problem is not None:
        raise flag_error(path, f'invalid argument "{val}" for "{f.shown}" flag: {problem}')
    if not f.kind:
        val = "true" if val in ("1", "t", "T", "true", "TRUE", "True") else "false"
    flags.setdefault(f.name, []).append(val)
