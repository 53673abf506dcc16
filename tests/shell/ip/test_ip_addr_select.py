"""ip address show|flush selectors (label, scope, to, flag words), -s flush reports and -j with selectors."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run("ip link add d0 type veth peer name d1\nip link set d0 up\nip link set d1 up\n"
          "ip addr add 10.3.0.1/24 dev d0 label d0:web\nip addr add 10.3.0.2/24 dev d0\n"
          "ip addr add 10.5.0.1/24 dev d0 scope link\nip addr add 10.4.0.2/24 dev d1")
    return h.run


def test_label_lists_matching_addresses_without_link_headers(run):
    out = run("ip -4 addr show label 'd*'").stdout
    assert out.splitlines()[0] == "    inet 10.4.0.2/24 scope global d1"
    assert ": d0" not in out and "10.3.0.1/24 scope global d0:web" in out
    assert run("ip -o -4 a s label d0:web").stdout.endswith(
        ": d0    inet 10.3.0.1/24 scope global d0:web\\       valid_lft forever preferred_lft forever\n")


def test_scope_to_and_flag_words(run):
    assert [l.split()[3] for l in run("ip -4 -o a s dev d0 scope link").stdout.splitlines()] == ["10.5.0.1/24"]
    assert [l.split()[3] for l in run("ip -4 -o a s -primary").stdout.splitlines()] == ["10.3.0.2/24"]
    out = run("ip a s to 10.3.0.0/16").stdout       # `to` makes the listing inet: no link/ether line
    assert "link/ether" not in out and "10.3.0.1/24" in out and "10.4.0.2" not in out
    r = run("ip a s scope bad")
    assert (r.stderr, r.returncode) == ('Error: argument "bad" is wrong: invalid "scope"\n\n', 255)


def test_flush_by_label_takes_the_primary_and_its_secondaries(run):
    run("ip addr flush label d0:web")
    assert [l.split()[3] for l in run("ip -4 -o a s dev d0").stdout.splitlines()] == ["10.5.0.1/24"]


def test_flush_reports_with_stats(run):
    assert run("ip -s addr flush dev d0 to 10.9.0.0/16").stdout == "Nothing to flush.\n"
    out = run("ip -s -s addr flush dev d0 scope global").stdout
    assert out.endswith("\n*** Round 1, deleting 2 addresses ***\n*** Flush is complete after 1 round ***\n")
    assert "d0    inet 10.3.0.2/24 scope global secondary d0\n       valid_lft" in out


def test_json_keeps_left_out_addresses_as_empty_objects(run):
    out = run("ip -4 -j a s dev d0 secondary").stdout
    assert '"addr_info":[{},{},{"family":"inet","local":"10.3.0.2"' in out
    assert '"link_type"' not in out


@pytest.mark.parametrize("line, err, rc", [
    ("ip addr flush metric d0", 'Error: either "dev" is duplicate, or "d0" is a garbage.', 255),
    ("ip addr show vrf x", 'Error: argument "x" is wrong: Not a valid VRF name\n', 255),
    ("ip -4 route add blackhole proto", 'Error: inet prefix is expected rather than "proto".', 1),
    ("ip route add blackhole proto", 'Error: any valid prefix is expected rather than "proto".', 1),
])
def test_selector_and_prefix_errors(run, line, err, rc):
    r = run(line)
    assert (r.stderr, r.returncode) == (err + "\n", rc)
