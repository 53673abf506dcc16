"""ip -s addr prints the statistics after the addresses; the alias belongs to ip link only (before -s);
ip addr del dev D without an address: EOPNOTSUPP unless a family is given."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run('ip link set lo alias "my lo"')
    return h.run


def test_link_alias_then_stats(run):
    lines = run("ip -s link show lo").stdout.splitlines()
    assert lines[2] == "    alias my lo" and lines[3].startswith("    RX:")


def test_addr_stats_after_addresses_and_no_alias(run):
    out = run("ip -s addr show lo").stdout
    assert "alias" not in out
    assert out.index("valid_lft") < out.index("    RX:")


def test_addr_del_without_address(run):
    run("ip link add g0 type veth peer name g1\nip addr add 10.1.0.1/24 dev g0")
    r = run("ip addr del dev g0")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: Operation not supported\n", 2)
    assert "10.1.0.1/24" in run("ip -4 addr show dev g0").stdout
    assert run("ip -4 addr del dev g0").returncode == 0            # the first inet address goes
    r = run("ip -4 addr del dev g0")
    assert (r.stderr, r.returncode) == ("Error: ipv4: Address not found.\n", 2)


def test_json_stats64(run):
    out = run("ip -j -s -s link show lo").stdout
    assert '"stats64":{"rx":{"bytes":' in out and '"carrier_changes":' in out
    assert '"addr_info":[' in run("ip -j -s addr show lo").stdout.split('"stats64"')[0]


def test_details_views(run):
    run("ip link add v0 type veth peer name v1\nip link set v0 up\nip link set v1 up\nip addr add 10.0.0.1/24 dev v0")
    assert "    link/ether " in run("ip -d -4 addr show dev v0").stdout
    assert run("ip -d route get 10.0.0.5").stdout.startswith("unicast 10.0.0.5 dev v0 table main src 10.0.0.1 ")
    assert '"linkinfo":{"info_kind":"veth"},"inet6_addr_gen_mode":"eui64","num_tx_queues":2' in \
        run("ip -d -j link show v0").stdout
