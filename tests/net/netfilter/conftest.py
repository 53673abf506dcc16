"""Fixtures of the netfilter tests: a small LAN of three machines."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def lan() -> Lab:
    """A (192.168.1.5), B (.20) and C (.30) on switch SW, NICs up."""
    lab = Lab()
    sw = lab.add_switch("SW")
    for name, last in (("A", 5), ("B", 20), ("C", 30)):
        host = lab.add_host(name)
        lab.connect(host, sw, ifname="eth0")
        host.run(f"ip link set eth0 up && ip addr add 192.168.1.{last}/24 dev eth0")
    return lab
