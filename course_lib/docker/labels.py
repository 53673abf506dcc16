"""Container labels as the Docker CLI reads them: `-l/--label KEY[=VALUE]` and `--label-file FILE`.

docker/cli opts.ValidateLabel checks each -l as pflag sets it (an empty or blank key, or a key with whitespace, is
the flag's invalid-argument error); parse() then reads the label files and the flags (opts.ReadKVStrings: files
first, the flags override) into a map, a key without `=` getting the empty value.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.docker.cli_util import CliError

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

WHITESPACE = " \t"


def validate(cmd: str, value: str, shown: str = "-l, --label") -> None:
    """opts.ValidateLabel, reported as pflag's invalid-argument error for the flag (exit 125)."""
    key = value.partition("=")[0].lstrip(WHITESPACE)
    problem = ""
    if key == "":
        problem = f"invalid label '{value}': empty name"
    elif any(c in key for c in WHITESPACE):
        problem = f"label '{key}' contains whitespaces"
    if problem:
        raise CliError(f'invalid argument "{value}" for "{shown}" flag: {problem}\n'
                       f"See 'docker {cmd} --help'.\n", 125)


def _file_lines(ctx: "ExecContext", path: str, cmd: str) -> list[str]:
    """opts.parseKeyValueFile without an environment lookup: KEY=VALUE and bare KEY lines; blank and # lines
    skipped; leading whitespace trimmed."""
    from course_lib.shell.fs import read_file
    try:
        text = read_file(ctx, path)
    except Exception as exc:                   # FileNotFound / FsError: the open's errno text
        why = getattr(exc, "strerror", None) or "No such file or directory"
        why = why[0].lower() + why[1:]                         # Go's errno texts are lower-case
        verb = "read" if why == "is a directory" else "open"
        raise CliError(f"docker: {verb} {path}: {why}.\nSee 'docker {cmd} --help'.\n", 125) from None
    lines = []
    for number, raw in enumerate(text.lstrip("\ufeff").split("\n"), 1):
        line = raw.lstrip()
        if not line or line.startswith("#"):
            continue
        key, eq, val = line.partition("=")
        key = key.lstrip(WHITESPACE)
        if any(c in key for c in WHITESPACE):
            raise CliError(f"docker: variable '{key}' contains whitespaces.\nSee 'docker {cmd} --help'.\n", 125)
        if not key:
            raise CliError(f"docker: no variable name on line '{line}'.\nSee 'docker {cmd} --help'.\n", 125)
        lines.append(key + "=" + val if eq else line)
    return lines


def read_labels(ctx: "ExecContext", files: list[str], flags: list[str], cmd: str = "run") -> dict[str, str]:
    """opts.ReadKVStrings then ConvertKVStringsToMap: the files' lines, then the -l values (later keys win)."""
    items: list[str] = []
    for path in files:
        items += _file_lines(ctx, path, cmd)
    items += flags
    labels: dict[str, str] = {}
    for item in items:
        key, _, val = item.partition("=")
        labels[key] = val
    return labels
