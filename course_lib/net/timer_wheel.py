"""When a kernel timer_list timer runs: the timer wheel's bucket, later than the expiry asked (CONFIG_HZ 250).

kernel/time/timer.c files a timer `delta` jiffies ahead in the level whose range holds delta and rounds the
expiry up to that level's granularity, never down (calc_index: `(expires >> LVL_SHIFT(lvl)) + 1`). The
neighbour code's timers are timer_list timers: an ARP retransmit armed for 1000 ms (250 jiffies, level 1,
8-jiffy buckets) at a bucket edge runs 1.024 s later, so three unanswered probes fail at ~3.07 s, not 3 s
(measured on this kernel: 3.060-3.072 s from the first send to EHOSTUNREACH). A socket's poll() deadline is
an hrtimer and keeps its time, so a resolver's 3 s wait ends before that failure, as on the kernel.
Model time 0 is a jiffy and a bucket edge.
"""
from __future__ import annotations

import math

HZ = 250
LVL_CLK_SHIFT = 3                   # each level's buckets are 8 times coarser
LVL_SIZE = 64


def _level(delta: int) -> int:
    """The wheel level for a timer `delta` jiffies ahead (LVL_START(n) = 63 << 3(n-1))."""
    level = 0
    while level < 8 and delta >= (LVL_SIZE - 1) << (level * LVL_CLK_SHIFT):
        level += 1
    return level


def delay(now: float, seconds: float) -> float:
    """The model seconds from `now` until a timer armed then for `seconds` runs."""
    jiffies = math.floor(now * HZ + 1e-9)
    delta = math.ceil(seconds * HZ - 1e-9)          # msecs_to_jiffies rounds up
    shift = _level(delta) * LVL_CLK_SHIFT
    bucket = (((jiffies + delta) >> shift) + 1) << shift
    return max(bucket / HZ - now, 0.0)
