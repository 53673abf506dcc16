"""ip netns checks its second word as a netns name before any command (do_netns' invalid_name: empty, '/', '.' or
'..'), as iproute2 6.1 does on the kernel: 'Invalid netns name "X"', exit 255, nothing changed."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.mark.parametrize("line,name", [
    ('ip netns identify ""', ""), ("ip netns identify a/b", "a/b"), ("ip netns identify ..", ".."),
    ("ip netns set .. 3", ".."), ('ip netns set "" 3', ""), ('ip netns pids ""', ""), ('ip netns del ""', ""),
    ('ip netns exec "" true', ""), ('ip netns list ""', ""), ("ip netns bogus ..", ".."), ("ip netns help a/b", "a/b"),
])
def test_invalid_name_first(line: str, name: str) -> None:
    lab = Lab()
    lab.run("ip netns add red")
    result = lab.run(line)
    assert (result.stdout, result.stderr, result.returncode) == ("", f'Invalid netns name "{name}"\n', 255)
    assert lab.run("ip netns list").stdout == "red\n"


def test_all_skips_the_check() -> None:
    lab = Lab()
    assert lab.run('ip -all netns del ""').returncode == 0
