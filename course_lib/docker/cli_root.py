"""Which docker command a line names, as cobra finds it: the global options, `docker help X`, `--version`,
the groups (network, container, image) and their subcommands, and the root's help and unknown-command texts."""
from __future__ import annotations

from course_lib.docker import cli_flags
from course_lib.docker.cli_util import CliError

GROUPS = {
    "network": ("ls", "list", "create", "inspect", "connect", "disconnect", "rm", "remove", "prune"),
    "container": ("ls", "list", "ps", "run", "exec", "logs", "stop", "kill", "start", "rm", "remove", "inspect",
                  "port", "rename", "top", "stats"),
    "image": ("ls", "list", "pull", "rm", "remove", "inspect"),
}
LEAVES = ("run", "ps", "exec", "logs", "stop", "kill", "start", "rm", "inspect", "port", "rmi", "images", "pull",
          "version", "rename", "info", "top", "stats")
LOG_LEVELS = ("panic", "fatal", "error", "warn", "warning", "info", "debug", "trace")
VERSION_LINE = "Docker version 28.2.2, build e6534b4\n"


def _first_word(args: list[str], spec: dict[str, cli_flags.Flag]) -> int:
    """cobra's stripFlags: the index of the first argument that is no flag (nor a flag's value), or -1."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return -1
        if not arg.startswith("-"):
            return i if arg else -1
        f = spec.get(arg)
        if "=" not in arg and (arg.startswith("--") or len(arg) == 2) and (f is None or f.kind):
            if len(args) - i <= 2:            # '-f arg' with nothing after: no command named
                return -1
            i += 1
        i += 1
    return -1


def resolve(args: list[str]) -> tuple[str, list[str]]:
    """The typed command path ("ps", "container ls", "network create") and the arguments it parses.

    Raises CliError for what the root or a group answers itself: help, version, unknown commands, the global
    options' errors (exit 125 for a flag, 1 for an unknown command or log level).
    """
    try:
        flags, rest = cli_flags.parse("", args, interspersed=False)
    except cli_flags.UsageError as exc:
        raise CliError(exc.text, exc.code, exc.stdout) from None
    if rest and rest[0] == "help":
        return _help_topic(rest[1:])
    if rest and rest[0] in LEAVES + tuple(GROUPS):
        level = (flags.get("log-level") or ["info"])[-1]
        if level.lower() not in LOG_LEVELS:
            raise CliError(f"Unable to parse logging level: {level}\n", 1)
        return _group(rest[0], rest[1:]) if rest[0] in GROUPS else (rest[0], rest[1:])
    if flags.get("version", ["false"])[-1] == "true":
        raise CliError("", 0, VERSION_LINE)
    if rest:
        raise CliError(f"docker: unknown command: docker {rest[0]}\n\nRun 'docker --help' for more information\n", 1)
    raise CliError(cli_flags.help_text(""), 0)        # no command: the help, on stderr


def _group(group: str, args: list[str]) -> tuple[str, list[str]]:
    spec = cli_flags.flags_of(group)
    at = _first_word(args, spec)
    if at >= 0 and args[at] in GROUPS[group]:
        return f"{group} {args[at]}", args[:at] + args[at + 1:]
    try:
        _, rest = cli_flags.parse(group, args)
    except cli_flags.UsageError as exc:
        raise CliError(exc.text, exc.code, exc.stdout) from None
    if rest:                      # cli.NoArgs of a command with subcommands
        raise CliError(f"docker: unknown command: docker {group} {rest[0]}\n\nUsage:  docker {group}\n\n"
                       f"Run 'docker {group} --help' for more information\n", 1)
    raise CliError(cli_flags.help_text(group), 0)      # the group alone: its help, on stderr


def _help_topic(words: list[str]) -> tuple[str, list[str]]:
    """`docker help [COMMAND [SUBCOMMAND]]`: the command's help on stdout."""
    if not words:
        path = ""
    elif words[0] in GROUPS and words[1:2] and words[1] in GROUPS[words[0]]:
        path = f"{words[0]} {words[1]}"
    elif words[0] in LEAVES or words[0] in GROUPS:
        path = words[0]
    else:
        raise CliError(f"unknown help topic: {' '.join(words)}\n", 1)
    raise CliError("", 0, cli_flags.help_text(path))
