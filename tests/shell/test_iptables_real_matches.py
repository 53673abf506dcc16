"""More iptables match extensions (iprange) held against the real iptables, command by command."""
from __future__ import annotations

import pytest

from tests.shell.iptables_conformance import Step, diff, real_available

IPRANGE: list[Step] = [
    "iptables -A INPUT -m iprange --src-range 10.0.0.1-10.0.0.9 -j DROP",
    "iptables -A INPUT -m iprange ! --src-range 10.0.0.1-10.0.0.9 --dst-range 10.1.0.0-10.1.0.255 -j DROP",
    "iptables -A INPUT -m iprange ! --dst-range 10.1.0.0-10.1.0.255 -j DROP",
    "iptables -A FORWARD -p tcp -m iprange --dst-range 10.1.0.0-10.1.0.9 --dport 80 -j ACCEPT",
    "iptables -A INPUT -m iprange --src-range 10.0.0.5 -j DROP",
    "iptables -A INPUT -m iprange --src-range 10.0.0.9-10.0.0.1 -j DROP",
    "iptables -A INPUT -m iprange --src-range 1.2.3 -j DROP",
    "iptables -A INPUT -m iprange --src-range 10.0.0.x-10.0.0.1 -j DROP",
    "iptables -A INPUT -m iprange --src-range 10.0.0.1-10.0.0.x -j DROP",
    "iptables -A INPUT -m iprange --src-range 10.0.0.1- -j DROP",
    "iptables -A INPUT -m iprange --src-range 10.0.0.1/24 -j DROP",
    "iptables -A INPUT -m iprange --src-range 10.0.0.1-10.0.0.2-10.0.0.3 -j DROP",
    "iptables -A INPUT -m iprange --src-range ::1-::2 -j DROP",
    "iptables -A INPUT -m iprange --dst-range",
    "iptables -A INPUT -m iprange -j DROP",
    "iptables -A INPUT -m iprange --src-range 1.1.1.1-2.2.2.2 --src-range 1.1.1.1-2.2.2.2 -j DROP",
    "iptables -C INPUT -m iprange --src-range 10.0.0.5-10.0.0.5 -j DROP",
    "iptables -C INPUT -m iprange --src-range 10.0.0.5-10.0.0.6 -j DROP",
    "iptables -D INPUT -m iprange --src-range 10.0.0.9-10.0.0.1 -j DROP",
    "iptables -S",
    "iptables -L -n --line-numbers",
    "iptables -L -v",
    "iptables-save",
]

pytestmark = pytest.mark.real


def test_iprange_same_as_real_iptables() -> None:
    reason = real_available()
    if reason:
        pytest.skip(reason)
    problems = diff(IPRANGE)
    assert not problems, "\n".join(problems[:8]) + f"\n({len(problems)} differences)"


MAC: list[Step] = [
    "iptables -A INPUT -m mac --mac-source 02:aB:00:00:00:01 -j DROP",
    "iptables -A INPUT -m mac ! --mac-source 02:ab:00:00:00:01 -j DROP",
    "iptables -A FORWARD -m mac --mac-source 2:ab:0:0:0:1 -j ACCEPT",
    "iptables -A INPUT -m mac --mac-source 02:ab:00:00:00 -j DROP",
    "iptables -A INPUT -m mac --mac-source 02-ab-00-00-00-01 -j DROP",
    "iptables -A INPUT -m mac --mac-source 02:ab:00:00:00:0g -j DROP",
    "iptables -A INPUT -m mac --mac-source 02:ab:00:00:00:01:02 -j DROP",
    "iptables -A INPUT -m mac -j DROP",
    "iptables -A INPUT -m mac --mac-source 02:ab:00:00:00:01 --mac-source 02:ab:00:00:00:02",
    "iptables -A OUTPUT -m mac --mac-source 02:ab:00:00:00:01 -j DROP",
    "iptables -t nat -A POSTROUTING -m mac --mac-source 02:ab:00:00:00:01 -j ACCEPT",
    "iptables -t mangle -A POSTROUTING -m mac --mac-source 02:ab:00:00:00:01",
    "iptables -t mangle -A FORWARD -m mac --mac-source 02:ab:00:00:00:01",
    "iptables -t nat -A PREROUTING -m mac --mac-source 02:ab:00:00:00:01 -j ACCEPT",
    "iptables -N X",
    "iptables -A X -m mac --mac-source 02:ab:00:00:00:01 -j DROP",
    "iptables -C INPUT -m mac --mac-source 02:AB:00:00:00:01 -j DROP",
    "iptables -S",
    "iptables -L -n",
    "iptables -L",
    "iptables-save -t mangle",
]


def test_mac_same_as_real_iptables() -> None:
    reason = real_available()
    if reason:
        pytest.skip(reason)
    problems = diff(MAC)
    assert not problems, "\n".join(problems[:8]) + f"\n({len(problems)} differences)"
