"""ip link set ... promisc/arp/multicast/allmulticast on|off, bridge option parsing, unnamed veth pairs."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run("ip link add v0 type veth peer name v1")
    return h.run


def test_flags_are_set_and_cleared(run):
    run("ip link set v0 promisc on\nip link set v0 arp off\nip link set v0 multicast off\nip link set v0 allmulticast on")
    assert "<BROADCAST,NOARP,ALLMULTI,PROMISC,M-DOWN>" in run("ip link show v0").stdout
    assert "promiscuity 1  allmulti 1 " in run("ip -d link show v0").stdout
    run("ip link set v0 arp on promisc off multicast on allmulticast off")
    assert "<BROADCAST,MULTICAST,M-DOWN>" in run("ip link show v0").stdout


def test_bridge_port_promiscuity_adds_up(run):
    run("ip link add br0 type bridge\nip link set v0 promisc on\nip link set v0 master br0")
    assert "promiscuity 2  allmulti 1 " in run("ip -d link show v0").stdout


def test_on_off_errors_exit_1(run):
    r = run("ip link set v0 promisc yes")
    assert (r.stderr, r.returncode) == ('Error: argument of "promisc" must be "on" or "off", not "yes"\n', 1)


@pytest.mark.parametrize("line, err, rc", [
    ("priority 70000", 'Error: argument "70000" is wrong: invalid priority\n', 255),
    ("forward_delay abc", 'Error: argument "abc" is wrong: invalid forward_delay\n', 255),
])
def test_bridge_option_parse_errors(run, line, err, rc):
    run("ip link add br0 type bridge")
    r = run(f"ip link set br0 type bridge {line}")
    assert (r.stderr, r.returncode) == (err, rc)


def test_bridge_options_abbreviate(run):
    assert run("ip link add br5 type bridge forward_del 600 stp 1").returncode == 0
    assert "forward_delay 600 " in run("ip -d link show br5").stdout
    r = run("ip link add br6 type bridge bogus 1")
    assert r.returncode == 1 and r.stderr.startswith('bridge: unknown command "bogus"?\nUsage: ... bridge')


def test_unnamed_veth_pair_names_its_peer_first(run):
    run("ip link add type veth\nip link add type veth peer name vx")
    names = [l.split()[0] for l in run("ip -br link").stdout.splitlines()]
    assert names[-4:] == ["veth0@veth1", "veth1@veth0", "vx@veth2", "veth2@vx"]


def test_name_too_long(run):
    r = run("ip link set lo name verylongname12345")
    assert (r.stderr, r.returncode) == ('Error: argument "verylongname12345" is wrong: "name" not a valid ifname\n', 255)


@pytest.mark.parametrize("line, err, rc", [
    ("ip link add v5 type veth peer name v6 type veth", 'Error: duplicate "type": "veth" is the second value.', 255),
    ("ip link add v5 address 02:00 type veth", "RTNETLINK answers: Invalid argument", 2),
    ("ip link set lo address 02", "Invalid address length 1 - must be 6 bytes", 1),
])
def test_peer_type_and_address_lengths(run, line, err, rc):
    r = run(line)
    assert (r.stderr, r.returncode) == (err + "\n", rc)
