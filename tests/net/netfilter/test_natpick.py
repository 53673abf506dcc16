"""The address a NAT range gives a flow (natpick.range_address: find_best_ips_proto's jhash2), against the
kernel's choices recorded in a private netns (conformance nat_address_range.sh)."""
from __future__ import annotations

import ipaddress

from course_lib.net.netfilter.natpick import range_address

LO, HI = int(ipaddress.IPv4Address("127.0.0.1")), int(ipaddress.IPv4Address("127.0.0.9"))


def test_the_kernels_choices() -> None:
    picked = [str(range_address(LO, HI, "10.0.0.1", f"10.9.9.{d}", False, False)) for d in range(1, 9)]
    assert picked == ["127.0.0.6", "127.0.0.9", "127.0.0.8", "127.0.0.4", "127.0.0.3", "127.0.0.7", "127.0.0.6",
                      "127.0.0.3"]
    assert {str(range_address(LO, HI, "10.0.0.1", f"10.9.9.{d}", False, True)) for d in range(1, 9)} == {"127.0.0.3"}
    wide = int(ipaddress.IPv4Address("127.0.1.255"))
    assert str(range_address(LO, wide, "10.0.0.1", "10.9.9.1", False, False)) == "127.0.1.76"


def test_snat_keeps_a_source_in_its_range() -> None:
    low, high = (int(ipaddress.IPv4Address(a)) for a in ("10.0.0.1", "10.0.0.20"))
    assert str(range_address(low, high, "10.0.0.1", "10.0.0.1", True, False)) == "10.0.0.1"
    low, high = (int(ipaddress.IPv4Address(a)) for a in ("10.0.0.30", "10.0.0.40"))
    assert str(range_address(low, high, "10.0.0.1", "10.0.0.2", True, False)) == "10.0.0.30"
