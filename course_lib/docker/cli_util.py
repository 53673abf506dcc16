"""Docker CLI 28 plumbing: the CLI's error values and texts; flags parsed through cli_flags."""
from __future__ import annotations

from typing import Optional

from course_lib.docker import cli_flags
from course_lib.result import CommandResult


class CliError(Exception):
    """A CLI-side failure: the text for stderr and the exit code."""

    def __init__(self, text: str, code: int = 1, stdout: str = "") -> None:
        super().__init__(text)
        self.text, self.code, self.stdout = text, code, stdout

    def result(self, stdout: str = "") -> CommandResult:
        return CommandResult(stdout or self.stdout, self.text, self.code)


def check_tty(interactive: bool, tty: bool, detach: bool = False) -> None:
    """The CLI's CheckTty: `-i -t` needs a terminal on stdin, and a lab's stdin never is one (`-d` skips it)."""
    if interactive and tty and not detach:
        raise CliError("the input device is not a TTY\n", 1)


def through_tty(result: CommandResult) -> CommandResult:
    """What `-t` without a terminal shows: stdout and stderr share the pseudo-TTY, whose onlcr turns \\n into \\r\\n."""
    text = result.stdout + result.stderr
    return CommandResult(text.replace("\n", "\r\n"), "", result.returncode)


def run_error(cmd: str, message: str, code: int = 125) -> CliError:
    """How `docker run`/`create` report a failure of their own: 'docker: ' before it, where to get help after."""
    return CliError(f"docker: {message}\n\nRun 'docker {cmd} --help' for more information\n", code)


def daemon_error(message: str, cmd: Optional[str] = None, code: int = 1) -> CliError:
    """`Error response from daemon: ...` (docker run/create prefix it with `docker: ` and add a hint)."""
    if cmd in ("run", "create"):
        return run_error(cmd, f"Error response from daemon: {message}", code)
    return CliError(f"Error response from daemon: {message}\n", code)


def parse_flags(cmd: str, args: list[str], bool_flags: dict[str, str], value_flags: dict[str, str],
                interspersed: bool = True) -> tuple[dict[str, list[str]], list[str]]:
    """Split args into flags and positionals as pflag does over the command's real flags (cli_flags.parse,
    which also checks the positionals' count); a flag the caller names (`bool_flags`/`value_flags` map its
    spellings to a canonical name) is returned under that name, any other under its long name.
    """
    path = cli_flags.TYPED.get() or cmd          # the command as the line named it (`container ls` runs ps)
    try:
        parsed, positionals = cli_flags.parse(path, args, interspersed)
    except cli_flags.UsageError as exc:
        raise CliError(exc.text, exc.code, exc.stdout) from None
    spec = cli_flags.flags_of(path)
    names = {spec[s].name: canonical for s, canonical in {**bool_flags, **value_flags}.items() if s in spec}
    return {names.get(name, name): values for name, values in parsed.items()}, positionals


def flag(flags: dict[str, list[str]], name: str) -> bool:
    return bool(flags.get(name)) and flags[name][-1] not in ("false", "0")


def value(flags: dict[str, list[str]], name: str, default: Optional[str] = None) -> Optional[str]:
    return flags[name][-1] if flags.get(name) else default
