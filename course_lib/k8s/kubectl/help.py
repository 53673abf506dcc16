"""`kubectl [COMMAND...] --help|-h`, `kubectl help COMMAND...`, `kubectl options`: kubectl 1.30.13's own texts.

The texts are kubectl's output (Apache-2.0), kept in course_lib/k8s/kubectl_help.json.gz as the sections of
kubectl's usage template: the description, then `Aliases:`, `Examples:`, `Available Commands:`, `Options:` and
`Usage:` with their bodies, the option blocks (`    -o, --output='':` + tab + text, pflag's form) stored once and
named by index. tests/k8s/kubectl_help_build.py measures them on the real client (stdout not a terminal, so
nothing is wrapped) and checks each one renders back byte for byte; every command path under the top-level
commands the simulation has is there, subcommands and their aliases included. help_args.py reads the option
blocks for the flags each command has (cobra's Find and pflag's pass before the help).
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


def _aliases(path: str) -> list[str]:
    """The command's name and its aliases, from its `Aliases:` section (`deployment, deploy`)."""
    parts = _data()["commands"][path]["parts"]
    name = path.split()[-1]
    if "Aliases" in parts:
        return [a.strip() for a in parts[parts.index("Aliases") + 1].strip().split(",")]
    return [name]


@lru_cache(maxsize=1)
def children() -> dict[str, dict[str, str]]:
    """path -> {name or alias: child path}."""
    tree: dict[str, dict[str, str]] = {}
    for path in _data()["commands"]:
        if path:
            parent = " ".join(path.split()[:-1])
            for name in _aliases(path):
                tree.setdefault(parent, {})[name] = path
    return tree


def option_blocks(path: str) -> list[str]:
    """The option blocks of a command path's text (`    -o, --output='':` + tab + what it does)."""
    data = _data()
    return [data["flags"][n] for n in data["commands"][path]["flags"]]
