"""A link's own multicast frames (net.chatter) across a Lab switch: logged once for the quiet nodes
(course_lib.net.segment.multicast), the same state as one frame per port (flood.LAZY off)."""
from __future__ import annotations

from course_lib import Lab
from course_lib.net import flood, segment

try:
    from tests.net.flood_state import dump
except ImportError:                                 # run as a script
    from flood_state import dump  # type: ignore[no-redef]

BRIDGED = "".join(f"""ip netns add p{i}
ip link add v{i} type veth peer name eth0 netns p{i}
ip link set v{i} master br0
ip link set v{i} up
ip -n p{i} link set eth0 up
ip -n p{i} addr add 10.6.0.{10 + i}/24 dev eth0
""" for i in range(3))


def _lab() -> tuple[Lab, list[str]]:
    lab = Lab()
    sw = lab.add_switch("SW")
    names = ["a", "b", "c", "d", "e"]
    for n, name in enumerate(names):
        lab.connect(lab.add_host(name), sw, ifname="eth0")
        host = lab.host(name)
        if name in ("a", "b"):          # a node with a bridge of pod veths behind its NIC (weave's uplink)
            host.run(f"ip link add br0 type bridge\nip link set br0 up\nip link set eth0 master br0\n"
                     f"ip addr add 10.6.0.{n + 1}/24 dev br0\n" + BRIDGED)
        else:                           # a plain NIC (a LAN host)
            host.run(f"ip addr add 10.6.0.{n + 1}/24 dev eth0")
    for name in names:
        lab.host(name).run("ip link set eth0 up")
    return lab, names


def _scenario() -> str:
    lab, names = _lab()
    out = [lab.host("c").run("sleep 1.2; ip -s link show eth0").stdout,         # read while frames are due
           lab.host("a").run("sleep 2; bridge fdb show br br0; ip -s link show br0").stdout]
    lab.host("b").run("sleep 0.7; ip link set eth0 nomaster")                   # a node leaves
    lab.host("d").run("sleep 3; ping -c 1 -W 1 10.6.0.1 >/dev/null")           # ARP entries in the log too
    lab.host("e").run("ip link set eth0 down; sleep 5; ip link set eth0 up")    # a port goes and comes back
    lab.host("a").run("sleep 20")
    out.append(dump(lab._backend.network))
    for name in names:
        out.append(lab.host(name).run("ip -s link; bridge fdb show; ip netns exec p1 ip -s link").stdout)
    return "\n".join(out)


def test_multicast_frames_same_state_as_one_frame_per_port(monkeypatch):
    logged = []
    real = segment.multicast

    def spy(switch, port, size, src):  # type: ignore[no-untyped-def]
        before = switch.__dict__["_segment"].end if "_segment" in switch.__dict__ else 0
        ports = real(switch, port, size, src)
        logged.append(switch.__dict__["_segment"].end > before)
        return ports

    monkeypatch.setattr(segment, "multicast", spy)
    monkeypatch.setattr(flood, "LAZY", False)
    general = _scenario()
    assert logged and not any(logged)
    logged.clear()
    monkeypatch.setattr(flood, "LAZY", True)
    lazy = _scenario()
    assert sum(logged) > 20                     # the frames went through the log
    assert lazy == general
    assert "mcast" in general and "fdb " in general


def test_a_node_reads_its_counters_between_frames():
    lab, _ = _lab()
    seen = []
    for _ in range(6):
        text = lab.host("a").run("sleep 0.5; ip -s link show eth0").stdout
        seen.append(int(text.split("RX:")[1].split("\n")[1].split()[1]))
    assert seen == sorted(seen) and seen[-1] > seen[0]
