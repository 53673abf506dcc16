"""ip -c: iproute2 6.1 paints names, addresses, MACs and UP/DOWN even into a pipe (-c = -c=always)."""
from __future__ import annotations

import pytest

from course_lib import Lab

ESC = "\x1b"


@pytest.fixture
def sh():
    """Run a script on a fresh simulated machine (it has lo, as a real one does)."""
    return Lab().host("host").run


def _setup(sh):
    sh("ip link set lo up\nip link add c0 type veth peer name c1\nip link set c0 up\nip link set c1 up\n"
       "ip addr add 10.1.0.1/24 brd + dev c0\nip route add 10.9.0.0/16 via 10.1.0.254\n"
       "ip neigh add 10.1.0.5 lladdr 02:00:00:00:00:05 dev c0")


def test_link_header_and_lladdr_are_painted(sh):
    _setup(sh)
    out = sh("ip -c link show c0").stdout
    assert f": {ESC}[36mc0@c1: {ESC}[0m<BROADCAST," in out
    assert f"state {ESC}[32mUP {ESC}[0mmode DEFAULT" in out
    assert f"link/ether {ESC}[33m" in out and f"brd {ESC}[33mff:ff:ff:ff:ff:ff{ESC}[0m" in out


def test_addresses_routes_and_neighbours(sh):
    _setup(sh)
    addr = sh("ip -c -4 addr show dev c0").stdout
    assert f"inet {ESC}[35m10.1.0.1{ESC}[0m/24 brd {ESC}[35m10.1.0.255 {ESC}[0mscope global c0" in addr
    route = sh("ip -c route").stdout
    assert f"{ESC}[35m10.9.0.0/16 {ESC}[0mvia {ESC}[35m10.1.0.254 {ESC}[0mdev {ESC}[36mc0 {ESC}[0m" in route
    neigh = sh("ip -c neigh").stdout
    assert neigh == (f"{ESC}[35m10.1.0.5 {ESC}[0mdev {ESC}[36mc0 {ESC}[0mlladdr "
                     f"{ESC}[33m02:00:00:00:00:05 {ESC}[0mPERMANENT \n")
    get = sh("ip -c route get 10.9.1.1 from 10.1.0.1").stdout
    assert get.startswith(f"{ESC}[35m10.9.1.1 {ESC}[0m{ESC}[35mfrom 10.1.0.1 {ESC}[0mvia ")


def test_brief_views(sh):
    _setup(sh)
    assert sh("ip -c -br link show lo").stdout == \
        f"{ESC}[36mlo               {ESC}[0mUNKNOWN        {ESC}[33m00:00:00:00:00:00 {ESC}[0m<LOOPBACK,UP,LOWER_UP> \n"
    assert sh("ip -c -br -4 addr show c0").stdout == \
        f"{ESC}[36mc0@c1            {ESC}[0m{ESC}[32mUP             {ESC}[0m{ESC}[35m10.1.0.1{ESC}[0m/24 \n"
    assert sh("ip -br neigh").stdout == f"{'10.1.0.5':<39} {'c0':<16} 02:00:00:00:00:05\n"


def test_when_values_and_json(sh):
    _setup(sh)
    plain = sh("ip -br link show lo").stdout
    for opt in ("-c=auto", "-color=never", "-c=never"):
        assert sh(f"ip {opt} -br link show lo").stdout == plain
    for opt in ("-col", "--color", "-c=", "-co=always"):
        assert ESC in sh(f"ip {opt} -br link show lo").stdout
    for opt in ("-colour", "-c=Always", "-cx"):
        r = sh(f"ip {opt} -br link show lo")
        assert (r.stderr, r.returncode) == (f'Option "{opt}" is unknown, try "ip -help".\n', 255)
    assert ESC not in sh("ip -c -j link show lo").stdout


def test_json_brief(sh):
    _setup(sh)
    assert sh("ip -j -br link show lo").stdout == \
        '[{"ifname":"lo","operstate":"UNKNOWN","address":"00:00:00:00:00:00","flags":["LOOPBACK","UP","LOWER_UP"]}]\n'
    assert sh("ip -4 -j -br addr show c0").stdout == \
        '[{"link":"c1","ifname":"c0","operstate":"UP","addr_info":[{"local":"10.1.0.1","prefixlen":24}]}]\n'


def test_bridge_colours(sh):
    sh("ip link add br0 type bridge\nip link add p0 type veth peer name p1\nip link set p0 master br0")
    assert f"{ESC}[36mp0@p1: {ESC}[0m<" in sh("bridge -c link").stdout
    assert sh("bridge -c fdb show dev p0").stdout.startswith(f"{ESC}[33m")
    r = sh("bridge -c=bogus link")
    assert (r.stderr, r.returncode) == ('Option "-c=bogus" is unknown, try "bridge help".\n', 255)
