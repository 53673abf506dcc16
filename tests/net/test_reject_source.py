"""datapath._reject: a REJECT in INPUT answers from the packet's (local) destination (measured in unshare:
tests/conformance/scripts/fuzz_reject_local_source.sh, same on kernel, sim and real; wide random seed 931)."""
from pathlib import Path

from course_lib import Lab

TOPOLOGY = (Path(__file__).parents[1] / "conformance/scripts/topologies/a_r_b.sh").read_text()


def test_reject_in_input_answers_from_the_address_pinged():
    lab = Lab()
    assert lab.run(TOPOLOGY).returncode == 0
    lab.run("ip netns exec r iptables -I INPUT -p icmp -j REJECT --reject-with icmp-net-prohibited")
    r = lab.run("ip netns exec a ping -c 1 -W 1 10.2.0.1")
    assert "From 10.2.0.1 icmp_seq=1 Destination Net Prohibited" in r.stdout
