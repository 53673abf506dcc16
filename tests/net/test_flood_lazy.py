"""ARP floods counted in bulk (course_lib.net.flood) leave exactly the state one frame per port leaves.

`flood.LAZY = False` is the datapath as it was before the bulk counting: one event per run of pod
veths with per-link counters (bridging._flood_arp) and one event per port on a Lab switch. The tests
run the same scenarios both ways and compare everything a learner can see (counters, FDBs, vxlan
FDBs, neighbour tables, switch MAC tables, with the model times of each update); the pinned file
holds the state computed before the change (regenerate it with `python tests/net/test_flood_lazy.py`
under LAZY = False only when the datapath's behaviour is meant to change).
"""
from __future__ import annotations

import copy
import pathlib
import re
from typing import Optional

import pytest

from course_lib import Lab
from course_lib.net import flood, links
from course_lib.net.arp import REQUEST, ArpMessage
from course_lib.net.events import scheduler
from course_lib.net.l2 import ARP, BROADCAST, WIRE_DELAY, Frame, transmit

try:
    from tests.net.flood_state import bridged_lab, cluster_state, dump, run_steps
except ImportError:                                 # run as a script
    from flood_state import bridged_lab, cluster_state, dump, run_steps  # type: ignore[no-redef]

PINNED = pathlib.Path(__file__).with_name("flood_pinned.txt")


def _both(fn):  # type: ignore[no-untyped-def]
    saved = flood.LAZY
    try:
        flood.LAZY = False
        general = fn()
        flood.LAZY = True
        lazy = fn()
    finally:
        flood.LAZY = saved
    return general, lazy


def _bridged() -> str:
    lab, steps = bridged_lab()
    return run_steps(lab, steps)


def _without_lo(text: str) -> str:
    """The pinned state leaves out lo's counters and its neighbour entry (ICMP errors to oneself: not the flood's
    business)."""
    return re.sub(r"\n  (link 1 lo|neigh \S+ lo) [^\n]*", "", text)


def test_bridged_segment_same_state_as_one_frame_per_port():
    general, lazy = _both(_bridged)
    assert lazy == general
    assert "fdb " in lazy and "neigh 10.7.0.11 eth0 02:00:00:00:00:66 PERMANENT" in lazy
    assert "1 received" in lazy and "0 received" in lazy


def test_bridged_segment_matches_the_state_pinned_before_the_change(monkeypatch):
    # the pinned file holds the ARP floods' state; the links' own IPv6 chatter (course_lib.net.chatter,
    # on since) came later and is held by tests/net/test_chatter.py against the kernel's figures
    from course_lib.net import chatter
    monkeypatch.setattr(chatter, "TIMELINE", False)
    assert _without_lo(_bridged()) == PINNED.read_text()


@pytest.mark.parametrize("cni", ["weave", "flannel"])
def test_cluster_same_state_as_one_frame_per_port(cni):
    general, lazy = _both(lambda: cluster_state(cni))
    assert lazy == general
    assert lazy.count(" 0 True") == 8


def _pods(n: int = 4) -> tuple[Lab, object, list]:
    lab = Lab()
    lab.add_host("h")
    script = "ip link add br0 type bridge\nip link set br0 up\n" + "".join(
        f"ip netns add p{i}\nip -n p{i} link add eth0 type veth peer name v{i}\nip -n p{i} link set v{i} netns 1\n"
        f"ip link set v{i} master br0\nip link set v{i} up\nip -n p{i} link set eth0 up\n"
        f"ip -n p{i} addr add 10.5.0.{i + 1}/24 dev eth0\n" for i in range(n))
    assert lab.host("h").run(script).returncode == 0
    machine = lab._backend.network.machines["h"]
    eths = [machine.netns[f"p{i}"].link_by_name("eth0") for i in range(n)]
    return lab, machine, eths


def _broadcast(eth, tpa: str) -> None:
    import ipaddress
    msg = ArpMessage(REQUEST, eth.mac, ipaddress.IPv4Address("10.5.0.1"), None, ipaddress.IPv4Address(tpa))
    transmit(eth, Frame(eth.mac, BROADCAST, ARP, msg))


def _member_changes_in_flight() -> str:
    """Floods are on the wire (through the bridge, not yet at the pods) when a pod's eth0 goes down,
    another moves to a new netns, another gets a macvlan, and a port leaves the bridge."""
    lab, machine, eths = _pods()
    net = lab._backend.network
    sched = scheduler(net)
    half = 1.5 * WIRE_DELAY
    _broadcast(eths[0], "10.5.0.3")
    sched.pump(net.clock + half)
    links.set_up(eths[1], False)
    _broadcast(eths[0], "10.5.0.4")
    sched.pump(net.clock + half)
    links.set_up(eths[1], True)
    sched.pump()
    _broadcast(eths[0], "10.5.0.2")
    sched.pump(net.clock + half)
    lab.host("h").run("ip -n p3 link set eth0 netns p2")
    sched.pump()
    _broadcast(eths[0], "10.5.0.3")
    sched.pump(net.clock + half)
    lab.host("h").run("ip -n p2 link add mv0 link eth0 type macvlan mode bridge; ip -n p2 link set mv0 up")
    sched.pump()
    for _ in range(2):
        _broadcast(eths[0], "10.5.0.3")
        sched.pump(net.clock + half)
        lab.host("h").run("ip -n p2 link del mv0; ip link set v1 nomaster")
        sched.pump()
    return dump(net) + lab.host("h").run("ip -s link; ip netns exec p2 ip -s link; ip -n p2 neigh").stdout


def test_member_changes_between_flood_and_arrival():
    general, lazy = _both(_member_changes_in_flight)
    assert lazy == general
    assert "10.5.0.1 eth0" in lazy


def _counters_read_mid_flight() -> list[str]:
    """`ip -s link` before the copies arrive: the bridge ports have sent them, the pods not yet got them."""
    lab, machine, eths = _pods(3)
    _broadcast(eths[0], "10.5.0.9")
    net = lab._backend.network
    scheduler(net).pump(net.clock + 1.5 * WIRE_DELAY)        # through the bridge, not yet at the pods
    seen = [lab.host("h").run("ip -s link show v1; ip -n p1 -s link show eth0").stdout]
    scheduler(net).pump()
    seen.append(lab.host("h").run("ip -s link show v1; ip -n p1 -s link show eth0; ip -s link show v0").stdout)
    return seen


def test_counters_read_before_and_after_arrival():
    general, lazy = _both(_counters_read_mid_flight)
    assert lazy == general
    before, after = lazy
    # v1 sent its own MLD join report at its link-up (net.chatter), the pod got it: 90 bytes each
    assert re.search(r"TX:.*\n\s+132\s+2 ", before) and re.search(r"RX:.*\n\s+90\s+1 ", before)


def test_copies_of_the_lab_carry_plain_settled_counters():
    lab, machine, eths = _pods(3)
    for _ in range(3):
        _broadcast(eths[0], "10.5.0.9")
    scheduler(lab._backend.network).pump()
    v1 = machine.root.link_by_name("v1")
    clone = copy.deepcopy(v1)
    # the three broadcasts and v1's own MLD join report at its link-up (net.chatter, 90 bytes)
    assert type(clone.stats) is dict and clone.stats["tx_packets"] == 4
    assert dict(eths[1].stats) == {"rx_packets": 4, "rx_bytes": 216} or eths[1].stats["rx_packets"] == 4
    assert type(copy.deepcopy(machine.netns["p1"].neighbours)) is list


if __name__ == "__main__":
    flood.LAZY = False
    PINNED.write_text(_without_lo(_bridged()))


HEARING = [("10.6.9.9", "ip -n p1 neigh add 10.6.0.1 lladdr 02:00:00:00:00:01 dev eth0 nud stale"),
           ("10.6.9.8", None),
           ("10.6.9.7", "before: ip -n p1 neigh change 10.6.0.1 lladdr 02:00:00:00:00:02 dev eth0 nud stale"),
           ("10.6.9.6", "ip neigh add 10.6.0.1 lladdr 02:00:00:00:00:03 dev br0 nud stale"),
           ("10.6.9.5", "before: ip neigh change 10.6.0.1 lladdr 02:00:00:00:00:04 dev br0 nud stale"),
           ("10.6.9.3", "ip -n p1 neigh change 10.6.0.1 lladdr 02:00:00:00:00:05 dev eth0 nud stale"),
           ("10.6.9.4", "ip neigh del 10.6.0.1 dev br0")]


def _overlay_mid_flight(requests: Optional[list] = None) -> list[str]:
    """Three machines whose bridges share a switch (as the weave overlay): broadcasts from a pod of `a`
    are read on `b` and `c` before they arrive, between arrival and the pods, and after; `c`'s pods
    change while copies are due, and a pod of `b` gets an entry for the sender."""
    lab = Lab()
    sw = lab.add_switch("ovl")
    for m, name in enumerate("abc"):
        lab.add_host(name)
        lab.connect(name, sw, "eth1")
        script = "ip link add br0 type bridge\nip link set br0 up\nip link set eth1 master br0\nip link set eth1 up\n"
        script += "".join(
            f"ip netns add p{i}\nip -n p{i} link add eth0 type veth peer name v{i}\nip -n p{i} link set v{i} netns 1\n"
            f"ip link set v{i} master br0\nip link set v{i} up\nip -n p{i} link set eth0 up\n"
            f"ip -n p{i} addr add 10.6.{m}.{i + 1}/16 dev eth0\n" for i in range(3))
        assert lab.host(name).run(script).returncode == 0
    net = lab._backend.network
    sched = scheduler(net)
    a0 = net.machines["a"].netns["p0"].link_by_name("eth0")
    look = "ip -s link show eth1; bridge fdb show br br0; ip -s link show v1; ip -n p1 -s link show eth0"
    seen = []

    def request(tpa: str) -> None:
        import ipaddress
        msg = ArpMessage(REQUEST, a0.mac, ipaddress.IPv4Address("10.6.0.1"), None, ipaddress.IPv4Address(tpa))
        transmit(a0, Frame(a0.mac, BROADCAST, ARP, msg))

    for tpa, change in requests or (
            ("10.6.9.9", None), ("10.6.9.8", "ip -n p2 link set eth0 down"),
            ("10.6.1.3", "ip -n p1 neigh add 10.6.0.1 lladdr 02:00:00:00:00:01 dev eth0 nud stale"),
            ("10.6.9.7", None), ("10.6.2.2", "ip -n p2 link set eth0 up")):
        if change and change.startswith("before: "):      # between broadcasts: no copy is due
            seen.append(lab.host("c").run(change[8:]).stdout + lab.host("b").run(change[8:]).stdout)
            change = None
        request(tpa)
        for step in range(5):
            sched.pump(net.clock + 0.6 * WIRE_DELAY)
            seen += [lab.host(h).run(look).stdout for h in "bc"]
            if step == 3 and change:
                seen.append(lab.host("c").run(change).stdout + lab.host("b").run(change).stdout)
        sched.pump()
    seen.append(dump(net))
    return seen


def test_overlay_entries_for_the_sender_updated_in_time():
    """Pods and bridges holding (or getting, or losing) an entry for the sender while broadcasts are due:
    ARP sees each broadcast when its copy would have arrived."""
    general, lazy = _both(lambda: _overlay_mid_flight(HEARING))
    assert lazy == general
    assert "neigh 10.6.0.1 eth0" in lazy[-1]


def test_overlay_nodes_read_and_changed_while_broadcasts_are_due():
    general, lazy = _both(_overlay_mid_flight)
    assert lazy == general
    assert "10.6.0.1 dev eth0 lladdr" in lazy[-1] or "neigh 10.6.0.1" in lazy[-1]


def _copied_mid_scenario() -> str:
    """A deep copy of the lab after some floods goes on as the original does (the copy makes its own
    runs and nodes; counters, FDBs and lists come over plain and settled)."""
    lab, steps = bridged_lab()
    out = run_steps(lab, steps[:3])
    twin = copy.deepcopy(lab)
    return out + run_steps(twin, steps[3:]) + "\n====\n" + run_steps(lab, steps[3:])


def test_a_copied_lab_goes_on_as_the_original():
    general, lazy = _both(_copied_mid_scenario)
    assert lazy == general
    first, second = lazy.split("\n====\n")
    assert "$ b: ip link set v2 down" in first and "$ b: ip link set v2 down" in second
