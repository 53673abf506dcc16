"""`ip link add ... index N` and `ip link set DEV netns NS index N` on the simulation, as the kernel 6.18 and
iproute2 6.1 answered them (the whole comparison: tests/conformance/scripts/ip_link_add_index.sh)."""
from __future__ import annotations

from course_lib import Lab
from course_lib.shell.ip.options import c_atoi


def _indexes(lab: Lab, netns: str = "") -> dict[str, int]:
    out = lab.run(f"ip {'-n ' + netns + ' ' if netns else ''}-o link").stdout
    return {line.split(": ")[1].split("@")[0]: int(line.split(":")[0]) for line in out.splitlines()}


def test_c_atoi_takes_the_leading_number_and_wraps_to_an_int() -> None:
    cases = {"12abc": 12, "abc": 0, "-3": -3, " 9": 9, "+5": 5, "4294967301": 5, "2147483647": 2147483647,
             "2147483648": -2147483648, "99999999999999999999": -1, "": 0, "٣": 0}
    assert {text: c_atoi(text) for text in cases} == cases


def test_index_asked_for_the_peer_only_with_the_devices_and_the_errors() -> None:
    lab = Lab()
    r = lab.run("ip link add x1 index 2 type veth peer name x2")      # the peer takes 2 first
    assert (r.returncode, r.stderr) == (2, "RTNETLINK answers: Device or resource busy\n")
    assert lab.run("ip link add d0 index 50 type veth peer name d1 index 60").returncode == 0
    assert lab.run("ip link add e0 type veth peer name e1 index 70").returncode == 0
    assert _indexes(lab) == {"lo": 1, "d1": 60, "d0": 50, "e1": 3, "e0": 4}   # 2: the failed peer x2 took it
    r = lab.run("ip link add d2 index 50 type veth peer name d3")
    assert (r.returncode, r.stderr) == (2, "RTNETLINK answers: File exists\n")
    r = lab.run("ip link add d4 index 51 type veth peer name d5 index 60")
    assert (r.returncode, r.stderr) == (2, "RTNETLINK answers: Device or resource busy\n")
    r = lab.run("ip link add d6 index 1 type dummy; ip link add lo index 99 type dummy")
    assert r.stderr == "RTNETLINK answers: File exists\nError: Unknown device type.\n"
    r = lab.run("ip link add d8 index 0 type veth; ip link add d8 index 5 index 6 type veth")
    assert r.stderr == ('Error: argument "0" is wrong: Invalid "index" value\n'
                        'Error: duplicate "index": "6" is the second value.\n')
    assert _indexes(lab) == {"lo": 1, "d1": 60, "d0": 50, "e1": 3, "e0": 4}   # nothing else made


def test_set_index_only_when_moving_to_another_netns() -> None:
    lab = Lab()
    lab.run("ip netns add n1\nip link add v0 type veth peer name v1")
    r = lab.run("ip link set v0 index 9")
    assert (r.returncode, r.stderr) == (255, "index can be used only when creating devices or when moving device "
                                             "to another netns.\n")
    assert lab.run("ip link set v0 netns n1 index 9").returncode == 0
    r = lab.run("ip link set v1 netns n1 index 9")
    assert (r.returncode, r.stderr) == (2, "Error: The ifindex 9 is not available in the target netns.\n")
    assert _indexes(lab, "n1") == {"lo": 1, "v0": 9}
