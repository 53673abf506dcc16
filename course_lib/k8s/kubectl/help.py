"""`kubectl [COMMAND...] --help|-h`, `kubectl help COMMAND...`, `kubectl options`: kubectl 1.30.13's own texts.

The texts are kubectl's output (Apache-2.0), kept in course_lib/k8s/kubectl_help.json.gz as the sections of
kubectl's usage template: the description, then `Aliases:`, `Examples:`, `Available Commands:`, `Options:` and
`Usage:` with their bodies, the option blocks (`    -o, --output='':` + tab + text, pflag's form) stored once and
named by index. tests/k8s/kubectl_help_build.py measures them on the real client (stdout not a terminal, so
nothing is wrapped) and checks each one renders back byte for byte; every command path under the top-level
commands the simulation has is there, subcommands and their aliases included. The option blocks also tell which
flags a command has and which take a value: cobra finds the command as its stripFlags does, and pflag's errors
(unknown flag, missing value) come before the help, as on the real client.
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

DATA = Path(__file__).resolve().parent.parent / "kubectl_help.json.gz"
GLOBALS = "The following options can be passed to any command"           # `kubectl options`
HEADERS = ("Aliases", "Examples", "Available Commands", "Options", "Usage", GLOBALS)
SECTION = re.compile(r"^(" + "|".join(HEADERS) + r"):\n", re.M)
OPTION = re.compile(r"    (?:-\S, )?--[^\n]*\n\t[^\n]*\n\n")
FALSE = ("0", "f", "F", "false", "FALSE", "False")                       # strconv.ParseBool's false
OPTION_HEAD = re.compile(r"    (?:-(\S), )?--([^=]+)=(.*):\n")


def split(text: str) -> dict[str, Any]:
    """A help text as its template's sections: {"parts": [description, header, body, ...], "flags": [block...],
    "commands": [(name, short)...]}; an Options body is [what comes before its blocks, what follows them]."""
    pieces = SECTION.split(text)
    flags: list[str] = []
    commands: list[tuple[str, str]] = []
    for i in range(1, len(pieces), 2):
        header, body = pieces[i], pieces[i + 1]
        if header in ("Options", GLOBALS):
            lead = body[:len(body) - len(body.lstrip("\n"))]
            flags = OPTION.findall(body)
            pieces[i + 1] = [lead, body[len(lead) + sum(map(len, flags)):]]     # type: ignore
        elif header == "Available Commands":
            commands = [tuple(line.split(None, 1)) for line in body.splitlines() if line.strip()]  # type: ignore
    return {"parts": pieces, "flags": flags, "commands": commands}


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        return json.load(f)


def render_entry(data: dict[str, Any], path: str) -> str:
    """The help text of one command path of DATA (the form kubectl_help_build writes)."""
    entry = data["commands"][path]
    parts = entry["parts"]
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        out.append(parts[i] + ":\n")
        if parts[i] in ("Options", GLOBALS):
            lead, tail = parts[i + 1]
            out += [lead, *(data["flags"][n] for n in entry["flags"]), tail]
        else:
            out.append(parts[i + 1])
    return "".join(out)


def render(path: str) -> Optional[str]:
    """The help text of a command path (`get`, `create deployment`), None when there is none."""
    return render_entry(_data(), path) if path in _data()["commands"] else None


def help_text(path: str) -> str:
    """The help text of a command path the data file has (a group's bare run prints it too)."""
    text = render(path)
    assert text is not None, path
    return text


def wanted(args: list[str]) -> bool:
    """Whether --help or -h may be among the arguments kubectl itself reads (not after --); asked() tells."""
    own = args[:args.index("--")] if "--" in args else args
    return any(a.partition("=")[0] == "--help" or (a[:1] == "-" and a[1:2] != "-" and "h" in a) for a in own)


def _aliases(path: str) -> list[str]:
    """The command's name and its aliases, from its `Aliases:` section (`deployment, deploy`)."""
    parts = _data()["commands"][path]["parts"]
    name = path.split()[-1]
    if "Aliases" in parts:
        return [a.strip() for a in parts[parts.index("Aliases") + 1].strip().split(",")]
    return [name]


@lru_cache(maxsize=1)
def _children() -> dict[str, dict[str, str]]:
    """path -> {name or alias: child path}."""
    tree: dict[str, dict[str, str]] = {}
    for path in _data()["commands"]:
        if path:
            parent = " ".join(path.split()[:-1])
            for name in _aliases(path):
                tree.setdefault(parent, {})[name] = path
    return tree


def command_key(args: list[str]) -> str:
    """The command path the words name, as cobra's Find walks them: `create deploy web` -> `create deployment`."""
    path, rest = "", list(args)
    while True:
        words = _strip_flags(rest, path)
        child = _children().get(path, {}).get(words[0]) if words else None
        if child is None:
            return path
        rest.remove(words[0])
        path = child


def _strip_flags(args: list[str], path: str) -> list[str]:
    """cobra's stripFlags: the words left when flags go; a flag without `=` that is not a bool (its help flag
    included: cobra adds it only to the command it runs) takes the next word along, unless that is the last."""
    longs, shorts = _options(path)
    words: list[str] = []
    i = 0
    while i < len(args) and args[i] != "--":
        arg, i = args[i], i + 1
        name = arg[2:] if arg.startswith("--") else shorts.get(arg[1], "") if len(arg) == 2 and arg[0] == "-" else None
        if "=" not in arg and name is not None and (name == "help" or longs.get(name, True)):
            if len(args) - i <= 1:
                break
            i += 1
        elif arg and not arg.startswith("-"):
            words.append(arg)
    return words


@lru_cache(maxsize=None)
def _options(path: str) -> tuple[dict[str, bool], dict[str, str]]:
    """{long name: takes a value}, {shorthand: long name}: the command's options, the global ones and --help."""
    data = _data()
    longs, shorts = {"help": False}, {"h": "help"}
    for where in (path, "options"):
        for n in data["commands"][where]["flags"]:
            match = OPTION_HEAD.match(data["flags"][n])
            assert match is not None
            short, name, default = match.groups()
            longs[name] = default not in ("true", "false")
            if short:
                shorts[short] = name
    return longs, shorts


def asked(path: str, args: list[str]) -> Optional[str]:
    """pflag's pass over the arguments before cobra looks at --help: "" when help is asked, pflag's error when a
    flag is unknown or lacks its value (cobra prints that instead), None when -h is only a flag's value."""
    longs, shorts = _options(path)
    usage = f"\nSee '{' '.join(['kubectl', *path.split()])} --help' for usage.\n"
    helped, i = False, 0
    while i < len(args) and args[i] != "--":
        arg, i = args[i], i + 1
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if name not in longs:
                return f"error: unknown flag: --{name}" + usage
            helped |= name == "help" and (not eq or value not in FALSE)
            if longs[name] and not eq:
                if i >= len(args):
                    return f"error: flag needs an argument: --{name}" + usage
                i += 1
            continue
        for k, letter in enumerate(arg[1:] if arg.startswith("-") and arg != "-" else ""):
            if letter not in shorts:
                return f"error: unknown shorthand flag: '{letter}' in {arg}" + usage
            helped |= letter == "h"
            if longs[shorts[letter]]:
                if k + 2 == len(arg):                  # the value is the next argument
                    if i >= len(args):
                        return f"error: flag needs an argument: '{letter}' in {arg}" + usage
                    i += 1
                break
    return "" if helped else None


def help_command(args: list[str]) -> tuple[str, str, int]:
    """`kubectl help [COMMAND...]`: the command's help; a first word that is no command is an unknown topic."""
    error = asked("help", args)
    if error:
        return "", error, 1
    if error == "":
        return help_text("help"), "", 0
    words = [a for a in args if not a.startswith("-")]
    path = command_key(words)
    if words and not path:
        root = help_text("")
        return "", "Unknown help topic [" + " ".join(f"`{w}`" for w in words) + "]\n" + \
            root[root.index("\n\nBasic Commands"):], 0
    return help_text(path), "", 0


def options_command(args: list[str]) -> tuple[str, str, int]:
    """`kubectl options`: the global options (its own --help prints nothing; any other flag is refused)."""
    error = asked("options", args)
    if error:
        return "", error.split("\n")[0] + "\nRun 'kubectl options' without flags.\n", 1
    return ("" if error == "" else help_text("options")), "", 0
