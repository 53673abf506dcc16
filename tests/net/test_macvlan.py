"""macvlan devices in the model: `ip link add ... link DEV type macvlan`, their state and their datapath."""
from __future__ import annotations

from course_lib import Lab


def _lab(modes: tuple[str, ...] = ("bridge", "bridge")) -> Lab:
    """Machine `a` (10.0.0.1) cabled to `host`, whose eth0 (10.0.0.2) carries one macvlan per mode,
    each in its own netns c1, c2... with 10.0.0.11, .12..."""
    lab = Lab()
    lab.add_switch("sw")
    lab.add_host("a")
    lab.connect("a", "sw", "eth0")
    lab.connect("host", "sw", "eth0")
    assert lab.host("a").run("ip addr add 10.0.0.1/24 dev eth0\nip link set eth0 up").returncode == 0
    script = ["ip addr add 10.0.0.2/24 dev eth0", "ip link set eth0 up"]
    for i, mode in enumerate(modes, 1):
        script += [f"ip netns add c{i}", f"ip link add mv{i} link eth0 type macvlan mode {mode}",
                   f"ip link set mv{i} netns c{i}", f"ip -n c{i} addr add 10.0.0.1{i}/24 dev mv{i}",
                   f"ip -n c{i} link set mv{i} up"]
    r = lab.run("\n".join(script))
    assert r.returncode == 0, r.stderr
    return lab


def _received(lab: Lab, cmd: str) -> bool:
    return " 1 received" in lab.run(cmd + " | grep received").stdout


def test_bridge_mode_reaches_the_wire_and_its_sibling_but_not_its_parent() -> None:
    lab = _lab()
    assert _received(lab, "ip netns exec c1 ping -c1 -W1 10.0.0.1")
    assert _received(lab, "ip netns exec c1 ping -c1 -W1 10.0.0.12")
    assert not _received(lab, "ping -c1 -W1 10.0.0.11")            # the classic gotcha
    assert lab.run("ip neigh show 10.0.0.11").stdout == "10.0.0.11 dev eth0 INCOMPLETE \n"
    assert _received(lab, "ip netns exec c1 ping -c1 -W1 10.0.0.2") is False
    assert "1 received" in lab.host("a").run("ping -c1 10.0.0.12").stdout


def test_vepa_and_private_siblings_do_not_meet() -> None:
    for modes in (("vepa", "vepa"), ("private", "bridge"), ("bridge", "vepa")):
        lab = _lab(modes)
        assert _received(lab, "ip netns exec c1 ping -c1 -W1 10.0.0.1")
        assert not _received(lab, "ip netns exec c1 ping -c1 -W1 10.0.0.12"), modes


def test_show_state_and_errors() -> None:
    lab = Lab()
    r = lab.run("ip link add eth0 type veth peer name p0\nip link add mv0 link eth0 type macvlan\n"
                "ip link set mv0 up\nip link show mv0\nip -d link show mv0")
    lines = r.stdout.splitlines()
    assert lines[0].startswith("4: mv0@eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue "
                               "state LOWERLAYERDOWN ")
    assert lines[-1].startswith("    macvlan mode vepa bcqueuelen 1000 usedbcqueuelen 1000 addrgenmode eui64 ")
    cases = {"ip link add x type macvlan": ("RTNETLINK answers: Invalid argument\n", 2),
             "ip link add x link eth9 type macvlan": ('Cannot find device "eth9"\n', 1),
             "ip link add x link lo type macvlan": ("RTNETLINK answers: Invalid argument\n", 2),
             "ip link add x link eth0 mtu 9000 type macvlan": ("RTNETLINK answers: Invalid argument\n", 2),
             "ip link add x link eth0 type macvlan mode passthru": ("RTNETLINK answers: Invalid argument\n", 2),
             "ip link add x link eth0 type macvlan mode foo": (
                 'Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", '
                 'not "foo"\n', 1),
             "ip link add br0 type bridge\nip link set eth0 master br0": (
                 "RTNETLINK answers: Device or resource busy\n", 2)}
    for cmd, (err, rc) in cases.items():
        r = lab.run(cmd)
        assert (r.stderr, r.returncode) == (err, rc), cmd
    assert "x" not in lab.run("ip -br link").stdout.split()


def test_dies_with_its_lower_device_in_any_netns() -> None:
    lab = Lab()
    r = lab.run("ip netns add x\nip link add eth0 type veth peer name p0\n"
                "ip link add mv0 link eth0 type macvlan mode bridge\nip link set mv0 netns x\n"
                "ip -n x link show mv0\nip link del eth0\nip -n x -br link")
    assert "mv0@if3: <BROADCAST,MULTICAST> " in r.stdout
    assert "link-netnsid 0" in r.stdout
    assert "mv0" not in r.stdout.splitlines()[-1]
