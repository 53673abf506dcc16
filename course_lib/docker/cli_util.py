"""Docker CLI 27 plumbing: flag parsing as cobra/pflag does it, and the CLI's usage and error texts."""
from __future__ import annotations

from typing import Optional

from course_lib.result import CommandResult

USAGES = {
    "run": ("docker run [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create and run a new container from an image"),
    "ps": ("docker ps [OPTIONS]", "List containers"),
    "top": ("docker top CONTAINER [ps OPTIONS]", "Display the running processes of a container"),
    "exec": ("docker exec [OPTIONS] CONTAINER COMMAND [ARG...]", "Execute a command in a running container"),
    "logs": ("docker logs [OPTIONS] CONTAINER", "Fetch the logs of a container"),
    "stop": ("docker stop [OPTIONS] CONTAINER [CONTAINER...]", "Stop one or more running containers"),
    "rm": ("docker rm [OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers"),
    "inspect": ("docker inspect [OPTIONS] NAME|ID [NAME|ID...]", "Return low-level information on Docker objects"),
    "images": ("docker images [OPTIONS] [REPOSITORY[:TAG]]", "List images"),
    "rmi": ("docker rmi [OPTIONS] IMAGE [IMAGE...]", "Remove one or more images"),
    "pull": ("docker pull [OPTIONS] NAME[:TAG|@DIGEST]", "Download an image from a registry"),
    "start": ("docker start [OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers"),
    "version": ("docker version [OPTIONS]", "Show the Docker version information"),
    "port": ("docker port CONTAINER [PRIVATE_PORT[/PROTO]]", "List port mappings or a specific mapping for "
             "the container"),
    "rename": ("docker rename CONTAINER NEW_NAME", "Rename a container"),
    "network create": ("docker network create [OPTIONS] NETWORK", "Create a network"),
    "network connect": ("docker network connect [OPTIONS] NETWORK CONTAINER", "Connect a container to a network"),
    "network disconnect": ("docker network disconnect [OPTIONS] NETWORK CONTAINER",
                           "Disconnect a container from a network"),
    "network inspect": ("docker network inspect [OPTIONS] NETWORK [NETWORK...]",
                        "Display detailed information on one or more networks"),
    "network ls": ("docker network ls [OPTIONS]", "List networks"),
    "network rm": ("docker network rm NETWORK [NETWORK...]", "Remove one or more networks"),
}


class CliError(Exception):
    """A CLI-side failure: the text for stderr and the exit code."""

    def __init__(self, text: str, code: int = 1) -> None:
        super().__init__(text)
        self.text, self.code = text, code

    def result(self, stdout: str = "") -> CommandResult:
        return CommandResult(stdout, self.text, self.code)


def check_tty(interactive: bool, tty: bool, detach: bool = False) -> None:
    """The CLI's CheckTty: `-i -t` needs a terminal on stdin, and a lab's stdin never is one (`-d` skips it)."""
    if interactive and tty and not detach:
        raise CliError("the input device is not a TTY\n", 1)


def through_tty(result: CommandResult) -> CommandResult:
    """What `-t` without a terminal shows: stdout and stderr share the pseudo-TTY, whose onlcr turns \\n into \\r\\n."""
    text = result.stdout + result.stderr
    return CommandResult(text.replace("\n", "\r\n"), "", result.returncode)


def unknown_flag(cmd: str, flag: str) -> CliError:
    shown = flag.split("=", 1)[0]
    if not shown.startswith("--"):
        return CliError(f"unknown shorthand flag: '{shown[1]}' in {flag}\nSee 'docker {cmd} --help'.\n", 125)
    return CliError(f"unknown flag: {shown}\nSee 'docker {cmd} --help'.\n", 125)


def arg_count(cmd: str, requirement: str) -> CliError:
    usage, summary = USAGES[cmd]
    return CliError(f'"docker {cmd}" requires {requirement}.\nSee \'docker {cmd} --help\'.\n\n'
                    f"Usage:  {usage}\n\n{summary}\n", 1)


def daemon_error(message: str, cmd: Optional[str] = None, code: int = 1) -> CliError:
    """`Error response from daemon: ...` (docker run/create prefix it with `docker: ` and add a hint)."""
    if cmd in ("run", "create"):
        return CliError(f"docker: Error response from daemon: {message}.\nSee 'docker {cmd} --help'.\n", code)
    return CliError(f"Error response from daemon: {message}\n", code)


def parse_flags(cmd: str, args: list[str], bool_flags: dict[str, str], value_flags: dict[str, str],
                interspersed: bool = True) -> tuple[dict[str, list[str]], list[str]]:
    """Split args into flags (by canonical name; values repeat) and positionals, like pflag.

    `bool_flags`/`value_flags` map every spelling ("-d", "--detach") to a canonical name.
    """
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
            name, eq, value = arg.partition("=")
            if name in bool_flags:
                flags.setdefault(bool_flags[name], []).append(value if eq else "true")
            elif name in value_flags:
                if not eq:
                    if i >= len(args):
                        raise CliError(f"flag needs an argument: {name}\nSee 'docker {cmd} --help'.\n", 125)
                    value = args[i]
                    i += 1
                flags.setdefault(value_flags[name], []).append(value)
            else:
                raise unknown_flag(cmd, arg)
            continue
        j = 1
        while j < len(arg):
            short = "-" + arg[j]
            if short in bool_flags:
                flags.setdefault(bool_flags[short], []).append("true")
                j += 1
            elif short in value_flags:
                value = arg[j + 1:].lstrip("=")
                if not value:
                    if i >= len(args):
                        raise CliError(f"flag needs an argument: '{arg[j]}' in {short}\n"
                                       f"See 'docker {cmd} --help'.\n", 125)
                    value = args[i]
                    i += 1
                flags.setdefault(value_flags[short], []).append(value)
                break
            else:
                raise unknown_flag(cmd, arg)
    return flags, positionals


def flag(flags: dict[str, list[str]], name: str) -> bool:
    return bool(flags.get(name)) and flags[name][-1] not in ("false", "0")


def value(flags: dict[str, list[str]], name: str, default: Optional[str] = None) -> Optional[str]:
    return flags[name][-1] if flags.get(name) else default
