"""Pathname expansion (globs) against the virtual file system, sorted as bash sorts in the C locale."""
from __future__ import annotations

import re
from typing import Any

from course_lib.shell.bash_pattern import fnmatch

_ESCAPED = re.compile(r"\[([*?\[])\]")


def has_magic(component: str) -> bool:
    return bool(set(_ESCAPED.sub("", component)) & set("*?["))


def _join(base: str, name: str) -> str:
    if not base:
        return name
    return base + name if base.endswith("/") else base + "/" + name


def glob_paths(view: Any, pattern: str, dotglob: bool = False, nocase: bool = False) -> list[str]:
    """The paths matching `pattern` (quoted glob characters arrive escaped as [*]); [] when none. shopt's
    dotglob: names starting with a dot match too (never . and ..); nocaseglob: letters match either case."""
    absolute = pattern.startswith("/")
    components = pattern.split("/")
    bases = ["/"] if absolute else [""]
    if absolute:
        components = components[1:]
    for index, component in enumerate(components):
        last = index == len(components) - 1
        found: list[str] = []
        for base in bases:
            if component == "":
                if last and view.is_dir(base or "."):
                    found.append(base if base.endswith("/") else base + "/")
                continue
            if has_magic(component):
                try:
                    names = view.listdir(base or ".")
                except Exception:  # noqa: BLE001 - not a directory / missing: no match
                    continue
                for name in names:
                    if name.startswith(".") and not component.startswith(".") and (
                            not dotglob or name in (".", "..")):
                        continue
                    if fnmatch(name, component, nocase):
                        found.append(_join(base, name))
            else:
                path = _join(base, _ESCAPED.sub(r"\1", component))
                if view.exists(path):
                    found.append(path)
        bases = found
        if not bases:
            return []
    return sorted(bases)
