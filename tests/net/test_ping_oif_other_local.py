"""ping -I DEV to an address of another device: on link through DEV, as the kernel does (measured in unshare)."""
from pathlib import Path

from course_lib import Lab

# the set-up of the conformance script (same on kernel, sim and real), up to its first ping
SETUP = (Path(__file__).parents[1] / "conformance/scripts/fuzz_ping_oif_other_local.sh").read_text().split("\nping ")[0]


def _lab() -> Lab:
    lab = Lab()
    assert lab.run(SETUP).returncode == 0
    return lab


def test_bound_device_does_not_take_another_devices_local_route():
    lab = _lab()
    r = lab.run("ping -c 1 -W 1 -I v0 10.2.0.1")
    assert r.returncode == 1 and "100% packet loss" in r.stdout      # br0 ignores an ARP from our own 10.1.0.1
    assert "10.2.0.1 INCOMPLETE" in lab.run("ip -4 neigh show dev v0").stdout
    assert lab.run("ping -c 1 -W 1 -I v0 127.0.0.1").returncode == 1         # nobody answers ARP for 127/8
    assert lab.run("ping -c 1 -W 1 -I v0 10.1.0.1").returncode == 0          # its own local route still matches
    assert lab.run("ping -c 1 -W 1 -I 10.1.0.1 10.2.0.1").returncode == 0    # a bound address is no bound device


def test_source_from_another_device_warns():
    r = _lab().run("ping -c 1 -W 1 -I d0 10.1.0.1")
    assert r.stderr == "ping: Warning: source address might be selected on device other than: d0\n"
    assert r.stdout.startswith("PING 10.1.0.1 (10.1.0.1) from 10.1.0.1 d0: 56(84) bytes of data.\n")
    assert r.returncode == 1
