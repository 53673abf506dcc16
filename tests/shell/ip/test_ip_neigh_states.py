"""ip neigh: default show hides NOARP/NONE, flush spares PERMANENT/NOARP unless asked, nud all, -s reports."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run("ip link add n0 type veth peer name n1\nip link set n0 up\nip link set n1 up\n"
          "ip addr add 10.1.0.1/24 dev n0\n"
          "ip neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev n0 nud noarp\n"
          "ip neigh add 10.1.0.4 dev n0 nud none")
    return h.run


def test_show_hides_noarp_and_none(run):
    assert run("ip neigh show").stdout == ""
    assert run("ip neigh show nud noarp").stdout == "10.1.0.9 dev n0 lladdr 02:00:00:00:00:09 NOARP \n"
    assert run("ip neigh show nud none").stdout == "10.1.0.4 dev n0 \n"
    assert len(run("ip -4 neigh show nud all").stdout.splitlines()) == 2


def test_flush_spares_permanent_and_noarp(run):
    run("ip neigh add 10.1.0.5 lladdr 02:00:00:00:00:05 dev n0\n"
        "ip neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev n0 nud stale")
    assert run("ip -s neigh flush dev n0").stdout == \
        "\n*** Round 1, deleting 2 entries ***\n*** Flush is complete after 1 round ***\n"   # STALE and NONE
    assert run("ip -s neigh flush dev n0").stdout == "Nothing to flush.\n"
    run("ip neigh flush dev n0 nud all")                                   # PERMANENT too, NOARP never
    assert run("ip -4 neigh show nud all").stdout == "10.1.0.9 dev n0 lladdr 02:00:00:00:00:09 NOARP \n"
    run("ip neigh flush dev n0 nud noarp")
    assert run("ip -4 neigh show nud all").stdout == ""


def test_errors(run):
    r = run("ip neigh flush")
    assert (r.stderr, r.returncode) == ("Flush requires arguments.\n", 1)
    r = run("ip neigh get 10.1.0.200 dev n0")
    assert (r.stderr, r.returncode) == ("Error: Neighbour entry not found.\n", 2)
