"""Terminal(lab) driven headless: typing a command shows prompt and output; history recall."""
from __future__ import annotations

from typing import Optional

from course_lib.result import CommandResult
from course_lib.widgets.terminal import Terminal


class FakeHost:
    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, cmd: str, stdin: Optional[str] = None) -> CommandResult:
        if cmd == "ip link show eth9":
            return CommandResult("", 'Device "eth9" does not exist.\n', 1)
        return CommandResult(f"<{cmd} on {self.name}>\n", "", 0)


class FakeLab:
    hosts = {"host": None, "A": None}

    def host(self, name: str) -> FakeHost:
        return FakeHost(name)


def test_enter_runs_the_command_and_shows_it_like_a_shell():
    term = Terminal(FakeLab(), host="A")
    term.input.value = "ip link"            # what pressing Enter in the box does
    assert term.input.value == ""
    assert term.text == "root@A:~# ip link\n<ip link on A>\n"
    term.submit("ip link show eth9")
    assert term.text.endswith('root@A:~# ip link show eth9\nDevice "eth9" does not exist.\n')
    assert "root@A:~# ip link show eth9" in term.screen.value
    assert "&quot;eth9&quot;" in term.screen.value      # escaped for HTML


def test_machine_choice_and_history():
    term = Terminal(FakeLab())
    term.host_select.value = "A"
    term.submit("hostname")
    term.submit("ip addr")
    assert term.history == ["hostname", "ip addr"]
    assert term.recall(-1) == "ip addr"
    assert term.recall(-1) == "hostname"
    assert term.input.value == "hostname"
    assert term.history == ["hostname", "ip addr"]    # recalling does not run it
    assert term.recall(+1) == "ip addr"
    assert term.recall(+1) == ""
    assert term.submit("   ") is None
    term.clear()
    assert term.text == ""


def test_terminal_on_a_simulated_lab():
    from course_lib import Lab
    lab = Lab()
    sw = lab.add_switch("SW1")
    lab.connect(lab.add_host("A"), sw, ifname="eth0")
    term = Terminal(lab, host="A")
    assert list(term.host_select.options) == ["host", "A"]
    term.input.value = "ip link set eth0 up"
    term.input.value = "ip link show eth9"
    assert term.text == 'root@A:~# ip link set eth0 up\nroot@A:~# ip link show eth9\nDevice "eth9" does not exist.\n'
