"""The timer wheel's buckets (kernel/time/timer.c, HZ 250) and the ARP failure time they give."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.net import timer_wheel


@pytest.mark.parametrize("now,seconds,expected", [
    (0.0, 1.0, 1.024),          # 250 jiffies: level 1, 8-jiffy buckets, rounded up past the expiry
    (1.024, 1.0, 1.024),        # armed at a bucket edge again: the same
    (0.5, 1.0, 1.004),          # jiffy 125 + 250 = 375 -> bucket 376
    (0.0, 0.1, 0.104),          # level 0: the next jiffy after the expiry
    (0.0, 5.0, 5.12),           # 1250 jiffies: level 2, 64-jiffy buckets
])
def test_bucket(now: float, seconds: float, expected: float) -> None:
    assert timer_wheel.delay(now, seconds) == pytest.approx(expected)


def test_unanswered_arp_fails_after_three_late_timers() -> None:
    """The first send, then three 1.024 s retransmit timers: FAILED at 3.072 s (kernel: 3.060-3.072 s)."""
    lab = Lab()
    for line in ("ip link add v0 type veth peer name v1", "ip link set v0 up", "ip link set v1 up",
                 "ip addr add 10.0.0.1/24 dev v0"):
        lab.run(line)
    start = lab.network.clock
    lab.run("ping -c 1 -W 5 10.0.0.2")
    assert lab.network.clock - start == pytest.approx(3.072, abs=1e-3)
    assert lab.run("ip neigh show 10.0.0.2").stdout == "10.0.0.2 dev v0 FAILED \n"
