"""ping -p / -M / -t 0 as iputils 20221126 answers them (conformance ping_pattern_opts.sh against the kernel)."""
from __future__ import annotations

from course_lib import Lab
from course_lib.shell.nettools.ping_options import extras, options


def test_pattern_line_and_errors() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    r = lab.run("ping -c 1 -p abc 127.0.0.1")
    assert r.stdout.startswith("PATTERN: 0xab0c\nPING 127.0.0.1 ") and r.returncode == 0
    assert not lab.run("ping -c 1 -p abc -q 127.0.0.1").stdout.startswith("PATTERN")
    assert lab.run("ping -c 1 -p 0123456789abcdef0123456789abcdef01 127.0.0.1").stdout.startswith(
        "PATTERN: 0x0123456789abcdef0123456789abcdef\n")
    r = lab.run("ping -c 1 -p abcz 127.0.0.1")
    assert (r.stdout, r.stderr, r.returncode) == ("", "ping: patterns must be specified as hex digits: z\n", 2)
    r = lab.run("ping -c 1 -M probe 127.0.0.1")
    assert (r.stdout, r.stderr, r.returncode) == ("", "ping: invalid -M argument: probe\n", 2)
    r = lab.run("ping -c 1 -t 0 -p 01 127.0.0.1")
    assert (r.stdout, r.stderr, r.returncode) == ("PATTERN: 0x01\n", "ping: cannot set unicast time-to-live: "
                                                  "Invalid argument\n", 2)
    assert lab.run("ping -c 1 -M do 127.0.0.1").returncode == 0


def test_plain_lines_have_no_extras() -> None:
    options(["ping", "-c", "1", "10.9.9.9"])
    assert extras(["ping", "-c", "1", "10.9.9.9"]) is None
