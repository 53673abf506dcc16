"""ip netns pids and identify with a missing netns, a pid that is no process, or extra words: iproute2 6.1's texts and
exit codes, as checked on the kernel in a private netns (unshare --net --mount, tmpfs /run/netns)."""
from __future__ import annotations

import pytest

from course_lib import Lab

NO_NETNS = "Cannot open network namespace: No such file or directory\n"


@pytest.mark.parametrize("line,expected", [
    ("ip netns pids nosuch", ("", NO_NETNS, 1)),
    ("ip netns pids red blue", ("", "extra arguments specified\n", 1)),
    ("ip netns pids red", ("", "", 0)),
    ("ip netns pids", ("", "No netns name specified\n", 1)),
    ("ip netns identify 99999", ("", NO_NETNS, 1)),
    ("ip netns identify 0", ("", NO_NETNS, 1)),
    ("ip netns identify 1 2", ("", "extra arguments specified\n", 1)),
    ("ip netns identify", ("\n", "", 0)),
    ("ip netns identify $$", ("\n", "", 0)),
    ("ip netns exec red ip netns identify", ("red\n", "", 0)),
])
def test_pids_and_identify(line: str, expected: tuple) -> None:
    lab = Lab()
    lab.run("ip netns add red")
    result = lab.run(line)
    assert (result.stdout, result.stderr, result.returncode) == expected


def test_identify_a_daemon_pid() -> None:
    lab = Lab()
    lab.run("nc -l 8080 &")
    pid = lab.run("echo $!").stdout.strip()
    assert lab.run(f"ip netns identify {pid}").returncode == 0
