"""Container labels as the Docker CLI reads them: `-l/--label KEY[=VALUE]` and `--label-file FILE`.

docker/cli opts.ValidateLabel checks each -l as pflag sets it (cli_values.label_problem, through the flag parser);
read_labels() then reads the label files and the flags (opts.ReadKVStrings: files first, the flags override) into
a map, a key without `=` getting the empty value. file_lines() is the env/label file reader (--env-file too).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.docker.cli_util import CliError, run_error

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

WHITESPACE = " \t"


def _refusal(cmd: str, message: str) -> CliError:
    """docker run/create report a file they cannot read as their own error (exit 125); exec as a plain one."""
    return run_error(cmd, message) if cmd in ("run", "create") else CliError(message + "\n", 1)


def file_lines(ctx: "ExecContext", path: str, cmd: str) -> list[str]:
    """opts.parseKeyValueFile without an environment lookup: KEY=VALUE and bare KEY lines; blank and # lines
    skipped; leading whitespace trimmed."""
    from course_lib.shell.fs import read_file
    try:
        text = read_file(ctx, path)
    except Exception as exc:                   # FileNotFound / FsError: the open's errno text
        why = getattr(exc, "strerror", None) or "No such file or directory"
        why = why[0].lower() + why[1:]                         # Go's errno texts are lower-case
        if why == "is a directory":              # docker/cli 28 names every file it reads an env file
            raise _refusal(cmd, f"invalid env file ({path}): read {path}: {why}") from None
        raise _refusal(cmd, f"open {path}: {why}") from None
    lines = []
    for number, raw in enumerate(text.lstrip("\ufeff").split("\n"), 1):
        line = raw.lstrip()
        if not line or line.startswith("#"):
            continue
        key, eq, val = line.partition("=")
        key = key.lstrip(WHITESPACE)
        if any(c in key for c in WHITESPACE):
            raise _refusal(cmd, f"invalid env file ({path}): variable '{key}' contains whitespaces")
        if not key:
            raise _refusal(cmd, f"invalid env file ({path}): no variable name on line '{line}'")
        lines.append(key + "=" + val if eq else line)
    return lines


def read_labels(ctx: "ExecContext", files: list[str], flags: list[str], cmd: str = "run") -> dict[str, str]:
    """opts.ReadKVStrings then ConvertKVStringsToMap: the files' lines, then the -l values (later keys win)."""
    items: list[str] = []
    for path in files:
        items += file_lines(ctx, path, cmd)
    items += flags
    labels: dict[str, str] = {}
    for item in items:
        key, _, val = item.partition("=")
        labels[key] = val
    return labels
