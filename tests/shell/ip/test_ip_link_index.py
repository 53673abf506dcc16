"""`ip link add ... index N` and `ip link set DEV netns NS index N` on the simulation, as the kernel 6.18 and
iproute2 6.1 answered them, and add's group, MTU and queue-count checks (the whole comparisons: conformance
scripts ip_link_add_index.sh and ip_link_add_options.sh)."""
from __future__ import annotations

from course_lib import Lab
from course_lib.shell.ip.options import c_atoi, c_get_integer


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


def test_c_get_integer_reads_the_whole_text_as_strtol_base_0() -> None:
    cases = {"0x10": 16, "010": 8, "-1": -1, " 7": 7, "12abc": None, "": None, "0x": None, "08": None,
             "2147483647": 2147483647, "2147483648": None, "-2147483648": -2147483648}
    assert {text: c_get_integer(text) for text in cases} == cases


def test_add_group_mtu_bounds_and_queue_counts() -> None:
    lab = Lab()
    assert lab.run("ip link add g0 group 5 type veth peer name g1").returncode == 0
    assert lab.run("ip -br link show group 5").stdout.split()[0] == "g0@g1"       # not the peer
    errors = {"ip link add y0 type veth peer name y1 mtu 70000": "RTNETLINK answers: Invalid argument",
              "ip link add b7 mtu 67 type bridge": "Error: mtu less than device minimum.",
              "ip link add v8 numtxqueues -1 type veth peer name v9": "Error: Invalid number of transmit queues.",
              "ip link add w2 numtxqueues 4096 numrxqueues 4097 type veth": "Error: Invalid number of receive queues.",
              "ip link add u2 numtxqueues 0 mtu 70000 type bridge": "Error: Invalid number of transmit queues."}
    for line, error in errors.items():
        r = lab.run(line)
        assert (r.returncode, r.stderr) == (2, error + "\n"), line
    assert lab.run("ip link add w6 numtxqueues -1 numtxqueues 3 type veth peer name w7").returncode == 0
    assert lab.run("ip -br link").stdout.count("\n") == 5                           # lo, g0, g1, w6, w7


def test_broadcast_address_on_add_and_set() -> None:
    lab = Lab()
    r = lab.run("ip link add x0 broadcast 02:0e:00:00:00:ff type veth peer name x1\n"
                "ip link add x2 broadcast 02:0e:00 type veth peer name x3\n"
                "ip link set x1 brd 02:0e:00:00:00:00:01\nip link set lo brd 02:0e:00")
    assert r.stderr == "RTNETLINK answers: Invalid argument\n" * 2
    shown = lab.run("ip -o link").stdout
    assert "x0@x1: " in shown and "brd 02:0e:00:00:00:ff" in shown.split("x0@x1: ")[1].splitlines()[0]
    assert "brd 02:0e:00:00:00:00" in shown.split("x1@x0: ")[1].splitlines()[0]    # 7 bytes: the first 6
    assert "brd 00:00:00:00:00:00" in shown.splitlines()[0]                        # lo kept its own
