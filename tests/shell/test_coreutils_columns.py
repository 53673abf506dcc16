"""uniq's OUTPUT operand: written like GNU uniq, and its open errors as uniq's own message."""
from __future__ import annotations

from course_lib import Lab


def test_uniq_writes_its_output_operand_and_reports_a_bad_one() -> None:
    lab = Lab()
    assert lab.run("printf 'a\\na\\nb\\n' > in; uniq -c in out; cat out").stdout == "      2 a\n      1 b\n"
    r = lab.run("uniq - /x/y < in")
    assert (r.stdout, r.stderr, r.returncode) == ("", "uniq: /x/y: No such file or directory\n", 1)
    r = lab.run("uniq in /etc")
    assert (r.stderr, r.returncode) == ("uniq: /etc: Is a directory\n", 1)
    assert lab.run("ls /x").returncode == 2            # nothing was created
