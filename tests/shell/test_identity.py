"""A command's identity: root on a lab machine, the names of the machine's own /etc/passwd and /etc/group."""
from __future__ import annotations

from course_lib import Lab
from course_lib.shell import identity


def test_a_lab_machine_runs_commands_as_root() -> None:
    lab = Lab()
    assert lab.run("id; id -u; id -gn; whoami").stdout == "uid=0(root) gid=0(root) groups=0(root)\n0\nroot\nroot\n"


def test_names_come_from_the_files() -> None:
    passwd = "# comment\nroot:x:0:0:root:/root:/bin/sh\nshort:x:7\n"
    assert identity.name_of(0, passwd) == "root" and identity.name_of(7, passwd) == "short"
    assert identity.name_of(8, passwd) is None and identity.name_of(0, None) is None
    assert identity.of(object()) == identity.ROOT
