"""An ARP broadcast flooded to many bridge ports: the batched path leaves exactly the state one frame per port would.

A traced packet takes the general path (one event per copy, with its trace); an untraced one takes the
batched one. Both must leave the same counters, neighbour tables, FDBs and command outputs.
"""
from __future__ import annotations

import re

from course_lib import Lab
from course_lib.net.trace import Trace, recording

TOPOLOGY = """ip netns add router
ip -n router link add br0 type bridge
ip -n router link set br0 up
ip -n router addr add 10.9.0.1/24 dev br0
""" + "".join(f"""ip netns add h{i}
ip -n h{i} link set lo up
ip -n h{i} link add eth0 type veth peer name p{i} netns router
ip -n router link set p{i} master br0
ip -n router link set p{i} up
ip -n h{i} link set eth0 up
ip -n h{i} addr add 10.9.0.{10 + i}/24 dev eth0
""" for i in range(1, 9)) + """ip -n h4 link set eth0 down
ip -n router link set p5 down
ip -n h6 neigh add 10.9.0.11 lladdr 02:00:00:00:00:66 dev eth0 nud stale
ip -n h7 neigh add 10.9.0.11 lladdr 02:00:00:00:00:77 dev eth0 nud permanent
ip -n h8 addr add 10.9.0.99/24 dev eth0
ip -n h8 link set eth0 down
ip -n h8 link set eth0 up
"""

SNAPSHOT = " ; ".join([f"ip -n h{i} -s link show eth0; ip -n h{i} neigh" for i in range(1, 9)] +
                      ["ip -n router -s link", "ip -n router neigh", "bridge -n router fdb show br br0"]) + ";" \
    + " bridge fdb show"


def _state(traced: bool) -> tuple[str, str, str]:
    lab = Lab()
    assert lab.run(TOPOLOGY).returncode == 0
    cmd = "ip netns exec h1 ping -c 2 10.9.0.13; ip netns exec h1 ping -c 1 -W 1 10.9.0.77; " \
          "ip netns exec h2 ping -c 1 10.9.0.1; ip netns exec router ping -c 1 10.9.0.18"
    if traced:
        with recording(Trace()) as trace:
            out = lab.run(cmd).stdout
        assert any("flood" in h.detail for h in trace.hops)
    else:
        out = lab.run(cmd).stdout
    snap = lab.run(SNAPSHOT).stdout
    return re.sub(r"time[= ][\d./]+ ?ms", "T", out), snap, lab.run("ip netns exec h8 ip neigh").stdout


def test_batched_flood_matches_one_event_per_copy():
    traced, untraced = _state(True), _state(False)
    assert untraced == traced
    out, snap, _ = untraced
    assert "1 received" in out
    assert "10.9.0.11 dev eth0 lladdr 02:00:00:00:00:77 PERMANENT" in snap       # never overwritten
    assert "10.9.0.11 dev eth0 lladdr" in snap and "02:00:00:00:00:66" not in snap  # STALE entry refreshed
