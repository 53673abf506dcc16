"""fg, bg, disown, wait, $!, type/command -V of bash's job builtins: texts of a non-interactive bash 5.2 (`bash -c`
in a private netns; fg and bg say `no job control` there, whatever the operands: the interactive shell's
'current: no such job' / 'job 1 already in background' were pinned here before)."""
from __future__ import annotations

from course_lib import Lab
from tests.shell.shell_helpers import run3 as _r


def test_without_jobs() -> None:
    lab = Lab()
    assert _r(lab, "fg") == ("", "bash: fg: no job control\n", 1)
    assert _r(lab, "bg") == ("", "bash: bg: no job control\n", 1)
    assert _r(lab, "wait %1") == ("", "bash: wait: %1: no such job\n", 127)
    assert _r(lab, "wait 12345") == ("", "bash: wait: pid 12345 is not a child of this shell\n", 127)
    assert _r(lab, "disown %3") == ("", "bash: disown: %3: no such job\n", 1)
    assert _r(lab, "wait; echo $?; echo \"[$!]\"") == ("0\n[]\n", "", 0)


def test_with_a_listener_job() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run("nc -l -p 8080 &")
    pid = _r(lab, "jobs -p")[0].strip()
    assert _r(lab, "echo $!") == (pid + "\n", "", 0)
    assert _r(lab, "bg; bg %1") == ("", "bash: bg: no job control\n" * 2, 1)
    assert _r(lab, "fg %2") == ("", "bash: fg: no job control\n", 1)
    assert _r(lab, "disown %1; jobs") == ("", "", 0)


def test_type_and_command() -> None:
    lab = Lab()
    assert _r(lab, "type kill jobs fg bg wait disown")[0] == "".join(
        f"{n} is a shell builtin\n" for n in ("kill", "jobs", "fg", "bg", "wait", "disown"))
    assert _r(lab, "command -v kill nosuch") == ("kill\n", "", 0)
    assert _r(lab, "command -v nosuch") == ("", "", 1)
    assert _r(lab, "command -V nosuch ls") == ("ls is /usr/bin/ls\n", "bash: command: nosuch: not found\n", 0)
    assert _r(lab, "type nosuch ls") == ("ls is /usr/bin/ls\n", "bash: type: nosuch: not found\n", 1)


def test_type_flags() -> None:
    lab = Lab()
    assert _r(lab, "type -t ls cd nosuch") == ("file\nbuiltin\n", "", 1)
    assert _r(lab, "type -p ls; type -p cd") == ("/usr/bin/ls\n", "", 0)
    assert _r(lab, "type -P cd") == ("", "", 1)
    assert _r(lab, "type -t kill; type if; type -t for") == ("builtin\nif is a shell keyword\nkeyword\n", "", 0)
    assert _r(lab, "f(){ :; }; type -t f") == ("function\n", "", 0)
