"""The data of `kubectl create configmap|secret generic` (kubectl 1.30): --from-literal, --from-file and
--from-env-file, each key checked as apimachinery's IsConfigMapKey (env files: IsEnvVarName), in kubectl's order
(literals, then files; an env file alone), a key given twice refused with the generator's own wording.
"""
from __future__ import annotations

import posixpath
import re
from typing import Any, Optional

from course_lib.k8s.kubectl.main import KubectlError

SOURCES = {"--from-literal": "literal", "--from-file": "file", "--from-env-file": "env_file"}
ENV_KEY = ("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and "
           "must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for "
           "validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")
CONFIG_KEY = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
              "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")


def _key_errors(key: str) -> list[str]:
    """apimachinery's IsConfigMapKey."""
    errs = ["must be no more than 253 characters"] if len(key) > 253 else []
    if not re.fullmatch(r"[-._a-zA-Z0-9]+", key):
        errs.append(CONFIG_KEY)
    if key == ".":
        errs.append("must not be '.'")
    elif key == "..":
        errs.append("must not be '..'")
    elif key.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def _add(out: dict[str, str], key: str, value: str, kind: str, name: str) -> None:
    """One key into the data: checked, and refused when it is there already."""
    errs = _key_errors(key)
    if errs and kind == "configmap":
        raise KubectlError(f'error: "{key}" is not a valid key name for a ConfigMap: {",".join(errs)}\n')
    if errs:
        raise KubectlError(f'error: "{key}" is not valid key name for a Secret {";".join(errs)}\n')
    if key in out:
        raise KubectlError(f'error: cannot add key "{key}", another key by that name already exists in Data '
                           f'for ConfigMap "{name}"\n' if kind == "configmap" else
                           f"error: cannot add key {key}, another key by that name already exists\n")
    out[key] = value


def _literals(out: dict[str, str], items: list[str], kind: str, name: str) -> None:
    """--from-literal KEY=VALUE (ParseLiteralSource)."""
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise KubectlError(f"error: invalid literal source {item}, expected key=value\n")
        _add(out, key, value, kind, name)


def _files(out: dict[str, str], items: list[str], kind: str, name: str, ctx: Any) -> None:
    """--from-file [KEY=]PATH: a file under its base name (or KEY), a directory's files under theirs."""
    from course_lib.shell.fs import get_fs
    fs = get_fs(ctx.machine)
    for item in items:
        key, sep, path = item.partition("=") if "=" in item else ("", "", item)
        if sep and not key:
            raise KubectlError(f"error: key name for file path {path} missing\n")
        full = path if path.startswith("/") else posixpath.join(getattr(ctx, "cwd", "/") or "/", path)
        if not fs.exists(full):
            raise KubectlError(f"error: error reading {path}: no such file or directory\n")
        if fs.is_dir(full):
            if key:
                raise KubectlError("error: cannot give a key name for a directory path\n")
            for entry in sorted(fs.listdir(full)):
                if not fs.is_dir(posixpath.join(full, entry)):
                    _add(out, entry, fs.read(posixpath.join(full, entry)), kind, name)
            continue
        _add(out, key or posixpath.basename(path.rstrip("/")), fs.read(full), kind, name)


def _env_file(out: dict[str, str], items: list[str], kind: str, name: str, ctx: Any) -> None:
    """--from-env-file: KEY=VALUE lines, # comments and blank lines skipped (the key kept as written)."""
    from course_lib.shell.fs import get_fs
    fs = get_fs(ctx.machine)
    for path in items:
        full = path if path.startswith("/") else posixpath.join(getattr(ctx, "cwd", "/") or "/", path)
        if not fs.exists(full) or fs.is_dir(full):
            raise KubectlError(f"error: error reading {path}: no such file or directory\n")
        for line in fs.read(full).splitlines():
            line = line.lstrip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not re.fullmatch(r"[-._a-zA-Z][-._a-zA-Z0-9]*", key):
                raise KubectlError(f'error: "{key}" is not a valid key name: {ENV_KEY}\n')
            if sep:
                _add(out, key, value, kind, name)


def data(kind: str, name: str, flags: dict[str, Any], ctx: Optional[Any]) -> dict[str, str]:
    """The generator's data, or its error."""
    literals, files, envs = (flags.get(f"{key}[]", []) for key in ("literal", "file", "env_file"))
    if envs and (files or literals):
        raise KubectlError("error: from-env-file cannot be combined with from-file or from-literal\n")
    out: dict[str, str] = {}
    _literals(out, literals, kind, name)
    if files or envs:
        if ctx is None:
            raise KubectlError("error: no files to read here\n")
        _files(out, files, kind, name, ctx)
        _env_file(out, envs, kind, name, ctx)
    return out


