"""A multipath nexthop through a device that loses its last IPv4 address is dead, not the route (kernel 6.x)."""
from pathlib import Path

from course_lib import Lab

# the set-up of the conformance script (same on kernel, sim and real), up to its first `ip route`
SCRIPT = Path(__file__).parents[1] / "conformance/scripts/fuzz_multipath_addr_flush.sh"
SETUP = SCRIPT.read_text().split("\nip route\n")[0]

ROUTE = "10.50.0.0/24 \n\tnexthop via 10.1.0.9 dev a0 weight 1{} \n\tnexthop via 10.2.0.9 dev b0 weight 1 \n"


def test_flush_marks_the_nexthop_dead_and_an_address_revives_it():
    lab = Lab()
    lab.run(SETUP)
    lab.run("ip addr flush dev a0")
    assert lab.run("ip route show 10.50.0.0/24").stdout == ROUTE.format(" dead linkdown")
    assert lab.run("ip route show 10.51.0.0/24").stdout == ""                  # a single path goes
    assert lab.run("ip route get 10.50.0.7").stdout.startswith("10.50.0.7 via 10.2.0.9 dev b0 ")
    lab.run("ip addr add 10.1.0.1/24 dev a0")
    assert lab.run("ip route show 10.50.0.0/24").stdout == ROUTE.format("")
    lab.run("ip addr flush dev b0; ip addr flush dev a0")
    assert lab.run("ip route show 10.50.0.0/24").stdout == ""                  # every nexthop dead: gone
