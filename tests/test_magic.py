"""Tests of the %%lab / %lab magics on a fake lab inside a real IPython shell."""
from __future__ import annotations

from typing import Optional

import pytest

from course_lib import magic
from course_lib.result import CommandResult

IPython = pytest.importorskip("IPython")
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402


class FakeHost:
    def __init__(self, lab: "FakeLab", name: str) -> None:
        self.lab, self.name = lab, name

    def run(self, cmd: str, stdin: Optional[str] = None) -> CommandResult:
        self.lab.calls.append((self.name, cmd, stdin))
        if "bad" in cmd:
            return CommandResult("", 'Device "eth9" does not exist.\n', 1)
        return CommandResult(f"ran on {self.name}: {cmd}\n", "", 0)


class FakeLab:
    def __init__(self) -> None:
        self.calls: list = []

    def host(self, name: str) -> FakeHost:
        if name not in ("host", "A"):
            raise ValueError(f"no host named {name!r}; hosts: host, A")
        return FakeHost(self, name)


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    shell.run_cell("%load_ext course_lib.magic")
    magic._current = None
    yield shell
    magic._current = None
    shell.user_ns.pop("lab", None)


def test_cell_magic_runs_the_whole_cell_on_the_named_host(shell, capsys):
    lab = FakeLab()
    shell.user_ns["lab"] = lab
    result = shell.run_cell("%%lab A\nip link set eth0 up\nip addr\n")
    assert result.success
    assert lab.calls == [("A", "ip link set eth0 up\nip addr\n", None)]
    out = capsys.readouterr()
    assert out.out == "ran on A: ip link set eth0 up\nip addr\n\n"
    assert magic.last_result.returncode == 0


def test_line_magic_defaults_to_host_and_takes_host_option(shell, capsys):
    lab = FakeLab()
    magic.use(lab)
    shell.run_cell("%lab ip route")
    shell.run_cell("%lab --host A ip neigh")
    assert [c[:2] for c in lab.calls] == [("host", "ip route"), ("A", "ip neigh")]


def test_stderr_goes_to_stderr_and_is_not_a_python_error(shell, capsys):
    shell.user_ns["lab"] = FakeLab()
    result = shell.run_cell("%%lab\nip link show bad\n")
    assert result.success
    out = capsys.readouterr()
    assert out.err == 'Device "eth9" does not exist.\n'
    assert out.out == ""


def test_no_lab_and_unknown_host_are_usage_errors_without_traceback(shell, capsys):
    result = shell.run_cell("%lab ip link")
    assert not result.success
    assert "No lab yet" in capsys.readouterr().err
    shell.user_ns["lab"] = FakeLab()
    result = shell.run_cell("%%lab Z\nip link\n")
    assert not result.success
    err = capsys.readouterr().err
    assert "no host named 'Z'" in err
    assert "Traceback" not in err


def test_nbgrader_placeholder_raises_not_implemented(shell):
    lab = FakeLab()
    shell.user_ns["lab"] = lab
    result = shell.run_cell("%%lab A\n# YOUR CODE HERE\nraise NotImplementedError()\n")
    assert isinstance(result.error_in_exec, NotImplementedError)
    assert lab.calls == []


def test_run_cell_without_ipython_prints(capsys):
    lab = FakeLab()
    out = magic.run_cell(lab, None, "echo hi")
    assert out.stdout == "ran on host: echo hi\n"
    assert capsys.readouterr().out == "ran on host: echo hi\n"


def test_parse_line():
    assert magic.parse_line("--host A ip link") == ("A", "ip link")
    assert magic.parse_line("-H A ip link") == ("A", "ip link")
    assert magic.parse_line("--host=A ip link") == ("A", "ip link")
    assert magic.parse_line("ip link") == (None, "ip link")


def test_cell_output_keeps_the_terminal_order() -> None:
    """stdout and stderr pieces come out in the order the commands wrote them, as in a terminal."""
    from course_lib import Lab
    from course_lib.magic import run_cell
    seen: list[tuple[str, str]] = []

    class Tap:
        def __init__(self, name: str) -> None:
            self.name = name

        def write(self, text: str) -> None:
            seen.append((self.name, text))

        def flush(self) -> None:
            pass

    import sys
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Tap("out"), Tap("err")
    try:
        result = run_cell(Lab(), None, "echo one\nip link show nosuch\necho two")
    finally:
        sys.stdout, sys.stderr = saved
    assert seen == [("out", "one\n"), ("err", 'Device "nosuch" does not exist.\n'), ("out", "two\n")]
    assert (result.stdout, result.stderr) == ("one\ntwo\n", 'Device "nosuch" does not exist.\n')
