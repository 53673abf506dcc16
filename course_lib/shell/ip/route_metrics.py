"""`ip route` metrics (RTA_METRICS: mtu, advmss, window, rtt, ... congctl) and realms: parsing as
iproute_modify() does, the kernel's clamps (ip_metrics_convert), and printing as print_rta_metrics()."""
from __future__ import annotations

import functools
from typing import Optional

from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, invarg, matches

# RTAX order (the order the kernel reports and iproute2 prints them): name, how the word is compared
# (strcmp "=" or matches() "~"), whether `lock` may come first, the value kind, the name in the error text
RTAX = (("mtu", "=", True, "u32", "mtu"), ("window", "~", True, "u32", "window"),
        ("rtt", "=", True, "rtt", "rtt"), ("rttvar", "~", True, "rttvar", "rttvar"),
        ("ssthresh", "~", True, "u32", "ssthresh"), ("cwnd", "~", True, "u32", "cwnd"),
        ("advmss", "=", True, "u32", "mss"), ("reordering", "~", True, "u32", "reordering"),
        ("hoplimit", "=", True, "hoplimit", "hoplimit"), ("initcwnd", "~", True, "u32", "initcwnd"),
        ("features", "~", False, "features", "features"), ("rto_min", "=", False, "rto_min", "rto_min"),
        ("initrwnd", "~", True, "u32", "initrwnd"), ("quickack", "~", False, "bool", "quickack"),
        ("congctl", "~", True, "name", "congctl"),
        ("fastopen_no_cookie", "=", False, "bool", "fastopen_no_cookie"))
ORDER = {name: i for i, (name, *_rest) in enumerate(RTAX)}
# iproute_modify() tries the words in this order (an abbreviation takes the first that fits)
PARSE_ORDER = ("mtu", "hoplimit", "advmss", "reordering", "rtt", "rto_min", "window", "cwnd", "initcwnd",
               "initrwnd", "features", "quickack", "congctl", "rttvar", "ssthresh", "fastopen_no_cookie")
_SPEC = {row[0]: row for row in RTAX}
U32_MAX = 2 ** 32 - 1


@functools.lru_cache(maxsize=1024)
def metric_word(word: str) -> Optional[str]:
    """The metric a route word names (None: not a metric word)."""
    for name in PARSE_ORDER:
        how = _SPEC[name][1]
        if word == name or (how == "~" and word and matches(word, name)):
            return name
    return None


def _unsigned(text: str) -> Optional[int]:
    """get_unsigned(): strtoul base 0 (hex, octal), the whole word, within 32 bits."""
    try:
        value = int(text, 0) if not (len(text) > 1 and text[0] == "0" and text[1:].isdigit()) else int(text, 8)
    except ValueError:
        return None
    return value if 0 <= value <= U32_MAX and not text.startswith(("-", "+")) and "_" not in text else None


def _time(text: str) -> Optional[tuple[int, bool]]:
    """get_time_rtt(): a number with an optional s/ms unit -> (value rounded up, raw: no unit)."""
    number = text.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    unit = text[len(number):].lower()
    try:
        value = float(number) if "." in number else float(_unsigned(number))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if value < 0 or not number:
        return None
    if unit in ("s", "sec", "secs"):
        value *= 1000
    elif unit not in ("", "ms", "msec", "msecs"):
        return None
    whole = int(value)
    return whole + (1 if whole < value else 0), unit == ""


def parse_metric(name: str, args: Args, metrics: dict, locks: set) -> None:
    """One metric of `ip route add ...` (the word already taken): its value into `metrics`."""
    _name, _how, lockable, kind, label = _SPEC[name]
    value = args.next_arg()
    if lockable and value == "lock":
        locks.add(name)
        value = args.next_arg()
    if kind == "rto_min":
        locks.add(name)                     # iproute2 always locks rto_min
    bad = invarg(f'"{label}" value is invalid', value)
    if kind in ("u32", "hoplimit", "bool"):
        number = _unsigned(value)
        if number is None or (kind == "hoplimit" and number > 255):
            raise bad
        if kind == "bool" and number > 1:
            raise invarg(f'"{label}" value should be 0 or 1', value)
        metrics[name] = number
    elif kind in ("rtt", "rttvar", "rto_min"):
        timed = _time(value)
        if timed is None:
            raise bad
        number, raw = timed
        metrics[name] = number if raw or kind == "rto_min" else number * (8 if kind == "rtt" else 4)
    elif kind == "features":
        if value != "ecn":
            raise invarg('"features" value not valid', value)
        metrics[name] = 1
    else:
        metrics[name] = value


def parse_realms(value: str) -> int:
    """get_rt_realms_or_raw(): FROM/TO or TO, numbers or rt_realms names (cosmos is 0)."""
    def one(text: str) -> Optional[int]:
        if text == "cosmos":
            return 0
        number = _unsigned(text)
        return number if number is not None and number <= 0xFFFF else None
    parts = value.split("/", 1)
    numbers = [one(p) for p in parts]
    if any(n is None for n in numbers):
        raise invarg('"realm" value is invalid', value)
    return (numbers[0] << 16 | numbers[1]) if len(numbers) == 2 else numbers[0]  # type: ignore[operator]


def kernel_metrics(metrics: Optional[dict], locks, available: str) -> tuple[Optional[dict], frozenset]:
    """ip_metrics_convert(): clamp mtu/advmss/hoplimit, refuse an unknown congestion control; a metric
    of 0 is not kept (a locked one still shows)."""
    if not metrics and not locks:
        return None, frozenset()
    out = {}
    for name, value in sorted((metrics or {}).items(), key=lambda item: ORDER[item[0]]):
        if name == "congctl":
            if value not in available.split():
                raise CommandError("Error: Unknown tcp congestion algorithm.", 2)
        elif name == "mtu":
            value = min(value, 65535 - 15)
        elif name == "advmss":
            value = min(value, 65535 - 40)
        if value or name in locks:
            out[name] = value
    return out or None, frozenset(locks)


def metrics_match(asked: Optional[dict], locks, have: Optional[dict], have_locks) -> bool:
    """fib_metrics_match(): every metric given with `ip route del` equals the route's (a lock too)."""
    have = have or {}
    if locks and frozenset(locks) != frozenset(have_locks):
        return False
    return all(have.get(name, 0) == value for name, value in (asked or {}).items())


def _duration(value: int) -> str:
    return f"{value / 1e3:g}s" if value >= 1000 else f"{value}ms"


def metrics_text(metrics: Optional[dict], locks) -> str:
    """The metrics part of a route line (each as ' NAME [lock ]VALUE', after realms)."""
    out = ""
    for name, value in (metrics or {}).items():
        out += f"{name} " + ("lock " if name in locks else "")
        if name == "features":
            out += "ecn " if value == 1 else f"0x{value:x} "
        elif name in ("rtt", "rttvar", "rto_min"):
            out += _duration(value // (8 if name == "rtt" else 4 if name == "rttvar" else 1)) + " "
        else:
            out += f"{value} "
    return out


def metrics_json(metrics: Optional[dict]) -> list:
    """-j: "metrics": [{NAME: VALUE...}] (congctl as "congestion"; locks are not shown)."""
    item: dict = {}
    for name, value in (metrics or {}).items():
        if name in ("rtt", "rttvar"):
            value //= 8 if name == "rtt" else 4
        if name == "features" and value == 1:
            item["ecn"] = None                  # print_rtax_features(): the flag's name, null
            continue
        item["congestion" if name == "congctl" else name] = value
    return [item]


def realms_text(realms: int) -> str:
    low, high = realms & 0xFFFF, realms >> 16
    name = lambda n: "cosmos" if n == 0 else str(n)  # noqa: E731 - rtnl_rtrealm_n2a with the stock rt_realms
    return f"realms {name(high)}/{name(low)} " if high else f"realm {name(low)} "


def realms_json(realms: int) -> dict:
    low, high = realms & 0xFFFF, realms >> 16
    name = lambda n: "cosmos" if n == 0 else str(n)  # noqa: E731
    return {"from": name(high), "to": name(low)} if high else {"to": name(low)}
