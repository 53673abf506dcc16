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


def test_requests_too_big_to_leave() -> None:
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip addr add 10.0.0.1/24 dev v0; ip link set v0 up; "
            "ip link set v1 up; ip route add 10.0.5.0/24 dev v0 mtu 1400")
    r = lab.run("ping -c 2 -M do -s 1473 10.0.0.2")
    assert r.stderr == "ping: local error: message too long, mtu=1500\n" * 2 and r.returncode == 1
    assert "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1006ms\n\n" in r.stdout
    assert lab.run("ping -c 1 -M do -s 1400 10.0.5.1").stderr == "ping: local error: message too long, mtu=1400\n"
    r = lab.run("ping -c 1 -q -M do -s 1500 10.0.0.2")
    assert r.stderr == "" and "1 packets transmitted, 0 received, 100% packet loss" in r.stdout
    r = lab.run("ping -c 2 -s 70000 10.0.0.2")
    assert (r.stderr, r.returncode) == ("", 1) and "2 packets transmitted, 0 received, 100%" in r.stdout
    assert lab.run("ping -c 1 -M do -s 1472 10.0.0.2").returncode == 1     # fits: sent (no answer here)
