"""net-tools arp: proxy (pub) entries, -D, -H and the error texts (course_lib/shell/nettools/arp.py)."""
from __future__ import annotations

from course_lib import Lab


def _lab() -> Lab:
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip addr add 10.5.0.1/24 dev v0; ip link set v0 up; ip link set v1 up")
    return lab


def test_proxy_entries() -> None:
    lab = _lab()
    r = lab.run("arp -s 10.5.0.11 00:11:22:33:44:88 pub")
    assert (r.returncode, r.stderr) == (255, "SIOCSARP: No such device\n")
    assert lab.run("arp -i v0 -s 10.5.0.21 00:11:22:33:44:88 pub").returncode == 0
    assert lab.run("arp -n").stdout.splitlines()[1] == \
        "10.5.0.21                *       <from_interface>    MP                    v0"
    assert lab.run("arp -an").stdout == "? (10.5.0.21) at <from_interface> PERM PUB on v0\n"
    assert lab.run("arp -d 10.5.0.21 pub").stdout == "No ARP entry for 10.5.0.21\n"
    assert lab.run("arp -i v0 -d 10.5.0.21 pub; arp -n").stdout == ""


def test_device_address_and_errors() -> None:
    lab = _lab()
    mac = lab.run("cat /sys/class/net/v0/address").stdout.strip()
    assert lab.run("arp -D -s 10.5.0.13 v0").returncode == 0
    assert mac in lab.run("arp -n 10.5.0.13").stdout
    cases = {"arp -H foo -n": "arp: foo: unknown hardware type.\n",
             "arp -d 10.9.9.9": "SIOCDARP(dontpub): Network is unreachable\n",
             "arp -s nosuchhost 00:11:22:33:44:55": "nosuchhost: Host name lookup failure\n",
             "arp -D -s 10.5.0.15 nosuch": "arp: cant get HW-Address for `nosuch': No such device.\n",
             "arp -i nosuch -s 10.5.0.12 00:11:22:33:44:99": "SIOCSARP: No such device\n"}
    for cmd, err in cases.items():
        r = lab.run(cmd)
        assert (r.returncode, r.stderr) == (255, err), cmd
