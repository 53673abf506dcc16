"""lo's one IPv4 neighbour entry (arp.loopback_entry, neigh.neigh_set): keyed 0.0.0.0 whatever the next hop, as the
kernel's arp_constructor does (measured in unshare: tests/conformance/scripts/fuzz_lo_neighbour_entry.sh)."""
from course_lib import Lab


def _lab() -> Lab:
    lab = Lab()
    assert lab.run("ip link set lo up && ip link add v0 type veth peer name v0p && ip addr add 10.1.0.1/24 dev v0"
                   " && ip link set v0 up").returncode == 0
    return lab


def test_local_traffic_makes_the_noarp_entry():
    lab = _lab()
    assert lab.run("ip neigh show nud all").stdout == ""
    assert lab.run("ping -c 1 -W 1 127.0.0.1").returncode == 0
    assert lab.run("ip neigh show nud all").stdout == "0.0.0.0 dev lo lladdr 00:00:00:00:00:00 NOARP \n"
    assert lab.run("ip neigh show").stdout == ""                              # NOARP is not shown by default
    assert lab.run("ip -s neigh show dev lo nud all").stdout == \
        "0.0.0.0 lladdr 00:00:00:00:00:00  used 0/60/0probes 0 NOARP \n"      # confirmed 2 x reachable time ago
    assert lab.run("arp -n").stdout == ""


def test_any_address_on_lo_updates_the_one_entry():
    lab = _lab()
    assert lab.run("ip neigh add 10.0.0.5 dev lo").returncode == 0           # no lladdr: lo's own address kept
    assert lab.run("ip neigh add 10.0.0.6 dev lo").returncode == 0           # finds no 10.0.0.6: no File exists
    r = lab.run("ip neigh add 0.0.0.0 dev lo lladdr 00:00:00:00:00:00")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: File exists\n", 2)
    r = lab.run("ip neigh del 10.0.0.6 dev lo")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: No such file or directory\n", 2)
    assert lab.run("ip neigh show nud all").stdout == "0.0.0.0 dev lo lladdr 00:00:00:00:00:00 PERMANENT \n"
    assert lab.run("arp -n").stdout.splitlines()[1].split() == ["0.0.0.0", "loop", "00:00:00:00:00:00", "CM", "lo"]


def test_another_mac_loses_local_traffic_and_stale_is_used():
    lab = _lab()
    assert lab.run("ip neigh replace 10.0.0.6 dev lo lladdr 02:00:00:00:00:01").returncode == 0
    assert lab.run("ping -c 1 -W 1 10.1.0.1").returncode == 1                # OTHERHOST on lo
    assert lab.run("ip neigh replace 0.0.0.0 dev lo lladdr 00:00:00:00:00:00 nud stale").returncode == 0
    assert lab.run("ping -c 1 -W 1 10.1.0.1").returncode == 0
    assert lab.run("ip neigh show dev lo").stdout == "0.0.0.0 lladdr 00:00:00:00:00:00 DELAY \n"
