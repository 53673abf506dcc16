"""ping -W (linger), -i and -b as iputils 20221126 gives them: ping_strtod's warnings and refusals, -W 0 (no time
limit), the exit wait once a reply came, the broadcast warning, duplicates in the statistics. The expected texts
are the kernel's (iputils ping in `unshare --net --mount`, veth 10.9.0.1 <-> netns peer 10.9.0.2)."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.shell.nettools.ping import _summary
from course_lib.shell.nettools.ping_options import Exit, options

GARBAGE = "ping: option argument contains garbage: {}\nping: this will become fatal error in the future\n"


def _lab(peers: int = 1) -> Lab:
    lab = Lab()
    lines = ["ip link set lo up", "ip link add br0 type bridge", "ip addr add 10.9.0.1/24 dev br0",
             "ip link set br0 up", "ip route add prohibit 10.7.0.0/24"]
    for p in range(2, 2 + peers):
        lines += [f"ip netns add p{p}", f"ip link add v{p} type veth peer name e0 netns p{p}",
                  f"ip link set v{p} master br0", f"ip link set v{p} up", f"ip -n p{p} addr add 10.9.0.{p}/24 dev e0",
                  f"ip -n p{p} link set e0 up", f"ip netns exec p{p} sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0"]
    r = lab.run("\n".join(lines))
    assert r.returncode == 0, r
    return lab


@pytest.mark.parametrize("words, stderr, rc", [
    (["-W", "nan"], "ping: bad linger time: nan: Numerical result out of range\n", 2),
    (["-W", "INF"], "ping: bad linger time: INF: Numerical result out of range\n", 2),
    (["-W", "-inf"], "ping: bad linger time: -inf: Numerical result out of range\n", 2),
    (["-W", "nan(12)"], "ping: bad linger time: nan(12): Numerical result out of range\n", 2),
    (["-W", "nanx"], GARBAGE.format("x") + "ping: bad linger time: nanx: Numerical result out of range\n", 2),
    (["-W", "infin"], GARBAGE.format("in") + "ping: bad linger time: infin: Numerical result out of range\n", 2),
    (["-W", "nan("], GARBAGE.format("(") + "ping: bad linger time: nan(: Numerical result out of range\n", 2),
    (["-W", "1e999"], GARBAGE.format("") + "ping: bad linger time: 1e999: Numerical result out of range\n", 2),
    (["-W", "1e-310"], GARBAGE.format("") + "ping: bad linger time: 1e-310: Numerical result out of range\n", 2),
    (["-W", ""], "ping: bad linger time: \n", 2),
    (["-W", "2147484"], "ping: bad linger time: 2147484\n", 2),
    (["-W", "2147483.648"], "ping: bad linger time: 2147483.648\n", 2),
    (["-W", "-1"], "ping: bad linger time: -1\n", 2),
    (["-W", "-0.0001"], "ping: bad linger time: -0.0001\n", 2),
    (["-i", "nan"], "ping: bad timing interval: nan: Numerical result out of range\n", 2),
    (["-i", ""], "ping: bad timing interval: \n", 2),
    (["-i", "1e999"], GARBAGE.format("") + "ping: bad timing interval: 1e999: Numerical result out of range\n", 2),
    (["-i", "2147484"], "ping: bad timing interval: 2147484\n", 2),
    (["-W", "nan", "-i", "inf"], "ping: bad linger time: nan: Numerical result out of range\n", 2),
    # warnings printed before a later refusal stay in front of it
    (["-i", "x", "-c", "abc"], GARBAGE.format("x") + "ping: invalid argument: 'abc'\n", 1),
    (["-i", "x", "-4", "-6"], GARBAGE.format("x") + "ping: only one -4 or -6 option may be specified\n", 2),
    (["-W", "x", "-p", "zz"], GARBAGE.format("x") + "ping: patterns must be specified as hex digits: zz\n", 2),
])
def test_refused_values(words: list[str], stderr: str, rc: int) -> None:
    plan = options(["ping", "-c", "1", *words, "10.9.0.2"])
    assert plan == Exit("", stderr, rc)


@pytest.mark.parametrize("value, garbage, wait", [
    ("0x", "x", 0.0), ("0xg", "xg", 0.0), ("1e", "e", 1.0), ("1e+", "e+", 1.0), (".", ".", 0.0), ("abc", "abc", 0.0),
    ("1 ", " ", 1.0), ("1e-999", "", 0.0), (" 1", None, 1.0), ("0x1p-3", None, 0.125), ("0X1P1", None, 2.0),
    ("0x.8", None, 0.5), ("+.5e1", None, 5.0), ("-0", None, 0.0), ("0.0015", None, 0.001), ("0.0001", None, 0.0),
    ("2147483.647", None, 2147483.647),
])
def test_linger_values(value: str, garbage: "str | None", wait: float) -> None:
    plan = options(["ping", "-c", "1", "-W", value, "10.9.0.2"])
    assert plan.warnings == ("" if garbage is None else GARBAGE.format(garbage))
    assert plan.wait == wait                  # whole milliseconds, as iputils keeps lingertime


def test_warnings_kept_by_version_and_help() -> None:
    assert options(["ping", "-i", "x", "-V"]).stderr == GARBAGE.format("x")
    assert options(["ping", "-i", "x", "-V"]).returncode == 0


def test_linger_zero_waits_without_limit() -> None:
    lab = _lab()
    r = lab.run("ping -c 1 -W 0 10.9.0.2")
    assert (r.stdout.splitlines()[1].split(" time=")[0], r.returncode) == ("64 bytes from 10.9.0.2: icmp_seq=1 ttl=64", 0)
    for value in ("0", "0.0001"):           # no reply: ARP gives up, and the error ends the run (as -W 10)
        r = lab.run(f"ping -c 1 -W {value} 10.9.0.7")
        assert r.stdout == ("PING 10.9.0.7 (10.9.0.7) 56(84) bytes of data.\n"
                            "From 10.9.0.1 icmp_seq=1 Destination Host Unreachable\n\n"
                            "--- 10.9.0.7 ping statistics ---\n"
                            "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n\n"), value
        assert r.returncode == 1
    r = lab.run("ping -c 1 -W 0.5 10.9.0.7")               # half a second: over before ARP gives up
    assert "From" not in r.stdout and "0 received, 100% packet loss" in r.stdout
    r = lab.run("ping -c 1 -W 0 -w 1 10.9.0.7")            # the deadline ends it
    assert "From" not in r.stdout and r.returncode == 1


def test_exit_wait_after_a_reply_is_not_the_linger() -> None:
    lab = _lab()
    # the second request goes out after a reply came: __schedule_exit waits two round trips or the interval
    for line in ("ping -c 2 -W 0 -i 0.2 10.9.0.2", "ping -c 2 -W 0.001 -i 0.2 10.9.0.2"):
        r = lab.run(line)
        assert "2 packets transmitted, 2 received, 0% packet loss" in r.stdout, line
        assert r.stdout.count("bytes from 10.9.0.2") == 2


def test_broadcast_warning() -> None:
    lab = _lab()
    warning = "WARNING: pinging broadcast address\n"
    for line in ("ping -c 1 -b 10.9.0.255", "ping -c 1 -b -I br0 10.9.0.255", "ping -c 1 -b -q 10.9.0.255",
                 "ping -c 1 -b -n 10.9.0.255", "ping -b -c 1 -W 0 10.9.0.255"):
        r = lab.run(line)
        assert (r.stderr, r.returncode) == (warning, 0), line
        assert "1 received" in r.stdout
    r = lab.run("ping -c 1 -b -I 10.9.0.1 10.9.0.255")     # a bound source: no connect(), no warning
    assert (r.stderr, r.returncode) == ("", 0)
    r = lab.run("ping -c 1 -b 10.7.0.1")                   # a prohibit route refuses the second connect()
    assert (r.stdout, r.stderr, r.returncode) == ("", warning + "ping: connect: Permission denied\n", 2)
    r = lab.run("ping -c 1 10.7.0.1")
    assert (r.stderr, r.returncode) == (
        "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n", 2)
    r = lab.run("ping -c 1 -b 10.9.0.2")                   # a unicast destination: -b changes nothing
    assert (r.stderr, r.returncode) == ("", 0)
    r = lab.run("ping -c 1 -b 255.255.255.255")            # no route: connect() fails before any warning
    assert (r.stderr, r.returncode) == ("ping: connect: Network is unreachable\n", 2)


def test_broadcast_duplicates() -> None:
    lab = _lab(peers=2)
    r = lab.run("ping -c 3 -b -i 0.2 10.9.0.255")
    lines = r.stdout.splitlines()
    assert [line.split(": ")[1].split(" time=")[0] for line in lines[1:6]] == [
        "icmp_seq=1 ttl=64", "icmp_seq=1 ttl=64", "icmp_seq=2 ttl=64", "icmp_seq=2 ttl=64", "icmp_seq=3 ttl=64"]
    assert "(DUP!)" not in r.stdout                         # not marked for a broadcast destination
    assert lines[8] == "3 packets transmitted, 3 received, +2 duplicates, 0% packet loss, time 411ms"
    r = lab.run("ping -c 2 -b -i 0.2 -s 4 10.9.0.255")
    assert "2 packets transmitted, 2 received, +1 duplicates, 0% packet loss" in r.stdout


def test_statistics_count_duplicates() -> None:
    # the kernel's run above: 0.117 0.123 (dup) 0.062 0.070 (dup) 0.066 ms
    st = {"ntx": 3, "nrx": 3, "nerr": 0, "dups": 2, "pipe": 1, "rtts": [117, 123, 62, 70, 66], "last": 0.416,
          "t0": 0.0}
    assert _summary("10.9.0.255", st).splitlines()[2:] == [
        "3 packets transmitted, 3 received, +2 duplicates, 0% packet loss, time 416ms",
        "rtt min/avg/max/mdev = 0.062/0.087/0.123/0.026 ms"]
    st["rtts"] = [82, 84, 60, 67, 79]
    assert _summary("x", st).endswith("rtt min/avg/max/mdev = 0.060/0.074/0.084/0.009 ms\n")
