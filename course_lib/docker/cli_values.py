"""The checks the Docker CLI 28 makes on a flag's value while parsing it (pflag's typed values, Go's strconv
and time parsers, docker/cli's opts validators): the reason a value is refused, or None."""
from __future__ import annotations

import ipaddress
import re
from fractions import Fraction
from typing import Callable, Optional

GO_BOOLS = ("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False")
DURATION_UNITS = {"ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9}
DOMAIN = re.compile(r"^(:?(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9]))(:?\.(([a-zA-Z0-9]|[a-zA-Z0-9]"
                    r"[a-zA-Z0-9\-]*[a-zA-Z0-9])))*)\.?\s*$")
RATIONAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?\d+/\d+")
PLATFORM_WORDS = ("linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "android",
                  "ios", "aix", "plan9", "js", "wasip1", "amd64", "x86_64", "x86-64", "arm64", "aarch64", "armhf",
                  "armel", "arm", "386", "i386", "x86", "ppc64le", "ppc64", "s390x", "riscv64", "mips64le",
                  "mips64", "mipsle", "mips", "loong64", "wasm")
ULIMITS = ("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss",
           "rtprio", "rttime", "sigpending", "stack")


def go_int(text: str, bits: int, signed: bool) -> Optional[str]:
    """strconv.ParseInt/ParseUint(text, 0, bits): Go's base prefixes, underscores only after a prefix."""
    name = "ParseInt" if signed else "ParseUint"
    body = text[1:] if signed and text[:1] in "+-" else text
    if not re.fullmatch(r"[0-9A-Za-z_]+", body):
        return f'strconv.{name}: parsing "{text}": invalid syntax'
    lowered = body.lower()
    base, digits = 10, body
    if lowered.startswith(("0x", "0o", "0b")):
        base, digits = {"x": 16, "o": 8, "b": 2}[lowered[1]], body[2:]
    elif len(body) > 1 and body.startswith("0"):
        base, digits = 8, body[1:]
    ok = bool(digits) and not digits.startswith("_") and not digits.endswith("_") and "__" not in digits
    if ok and "_" in digits and base == 10:
        ok = False
    try:
        number = int(digits.replace("_", ""), base) if ok else 0
    except ValueError:
        ok = False
    if not ok:
        return f'strconv.{name}: parsing "{text}": invalid syntax'
    number = -number if text.startswith("-") else number
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if not low <= number <= high:
        return f'strconv.{name}: parsing "{text}": value out of range'
    return None


def go_duration(text: str) -> Optional[str]:
    """time.ParseDuration's refusals."""
    quoted = '"' + text + '"'
    rest = text[1:] if text[:1] in "+-" else text
    if rest == "0":
        return None
    if not rest:
        return f"time: invalid duration {quoted}"
    while rest:
        m = re.match(r"(\d*)(\.?)(\d*)", rest)
        if not m or not (m.group(1) or m.group(3)):
            return f"time: invalid duration {quoted}"
        rest = rest[m.end():]
        u = re.match(r"[^\d.]*", rest).group(0)  # type: ignore[union-attr]
        if not u:
            return f"time: missing unit in duration {quoted}"
        if u not in DURATION_UNITS:
            return f'time: unknown unit "{u}" in duration {quoted}'
        rest = rest[len(u):]
    return None


def ram_in_bytes(text: str) -> Optional[str]:
    """go-units RAMInBytes (parseSize with binary units)."""
    sep = max(text.rfind(c) for c in "01234567890. ")
    if sep == -1:
        return f"invalid size: '{text}'"
    num, sfx = (text[:sep + 1], text[sep + 1:]) if text[sep] != " " else (text[:sep], text[sep + 1:])
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", num):
        return f'strconv.ParseFloat: parsing "{num}": invalid syntax'
    if float(num) < 0:
        return f"invalid size: '{text}'"
    if not sfx:
        return None
    if len(sfx) > 3:
        return f"invalid suffix: '{sfx}'"
    low = sfx.lower()
    if low[0] == "b":
        return None if len(low) == 1 else f"invalid suffix: '{low}'"
    if low[0] not in "kmgtp" or (len(low) == 2 and low[1] != "b") or (len(low) == 3 and low[1:] != "ib"):
        return f"invalid suffix: '{low}'"
    return None


def nano_cpus(text: str) -> Optional[str]:
    """opts.NanoCPUs: a big.Rat, whole in nano-CPUs."""
    if not RATIONAL.fullmatch(text) or text.endswith("/0"):
        return f"failed to parse {text} as a rational number"
    return None if (Fraction(text) * 10 ** 9).denominator == 1 else "value is too precise"


def extra_host(text: str) -> Optional[str]:
    """opts.ValidateExtraHost: NAME=IP or NAME:IP (IP may be host-gateway, [v6] brackets allowed)."""
    name, eq, ip = text.partition("=")
    if not eq:
        name, eq, ip = text.partition(":")
    if not eq or not name:
        return f'bad format for add-host: "{text}"'
    if ip != "host-gateway":
        try:
            ipaddress.ip_address(ip.strip().strip("[]"))
        except ValueError:
            return f'invalid IP address in add-host: "{ip}"'
    return None


def label_problem(text: str) -> Optional[str]:
    """opts.ValidateLabel: an empty or blank key, or a key with whitespace."""
    key = text.partition("=")[0].lstrip(" \t")
    if key == "":
        return f"invalid label '{text}': empty name"
    if any(c in key for c in " \t"):
        return f"label '{key}' contains whitespaces"
    return None


def is_ip(text: str) -> bool:
    """net.ParseIP's answer: an IPv4 or IPv6 address (no brackets, no zone)."""
    if "%" in text:
        return False
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def _ip(text: str) -> Optional[str]:
    return None if is_ip(text.strip()) else f"IP address is not correctly formatted: {text}"


def _device_rate(text: str, iops: bool) -> Optional[str]:
    """opts.ValidateThrottleBpsDevice / ValidateThrottleIOpsDevice: /dev/PATH:RATE."""
    path, colon, rate = text.partition(":")
    if not colon or not path:
        return f"bad format: {text}"
    if not path.startswith("/dev/"):
        return f"bad format for device path: {text}"
    if iops and not rate.isdigit():
        return (f"invalid rate for device: {text}. The correct format is <device-path>:<number>. "
                "Number must be a positive integer")
    if not iops and (not rate or ram_in_bytes(rate) is not None):
        return (f"invalid rate for device: {text}. The correct format is <device-path>:<number>[<unit>]. "
                "Number must be a positive integer. Unit is optional and can be kb, mb, or gb")
    return None


def _weight_device(text: str) -> Optional[str]:
    """opts.ValidateWeightDevice: /dev/PATH:WEIGHT, the weight 10-1000 (or 0)."""
    path, colon, weight = text.partition(":")
    if not colon or not path:
        return f"bad format: {text}"
    if not path.startswith("/dev/"):
        return f"bad format for device path: {text}"
    if not weight.isdigit() or int(weight) > 65535 or (int(weight) != 0 and not 10 <= int(weight) <= 1000):
        return f"invalid weight for device: {text}"
    return None


def platform_problem(text: str) -> Optional[str]:
    """containerd platforms.Parse: a single word must be a known OS or architecture."""
    if "/" in text or text.lower() in PLATFORM_WORDS:
        return None
    return f'"{text}": unknown operating system or architecture: invalid argument'


def _ulimit(text: str) -> Optional[str]:
    name, eq, limits = text.partition("=")
    if not eq:
        return f"invalid ulimit argument: {text}"
    if name not in ULIMITS:
        return f"invalid ulimit type: {name}"
    return None


def _network(text: str) -> Optional[str]:
    """opts.NetworkOpt.Set: a name, or the csv of key=value fields."""
    if "=" not in text:
        return None
    for field in text.split(","):
        key, _, _ = field.partition("=")
        if key.lower() not in ("name", "alias", "ip", "ip6", "mac-address", "link-local-ip", "driver-opt",
                               "gw-priority"):
            return f"invalid field key {key}"
    return None


LIST_CHECKS: dict[str, Callable[[str], Optional[str]]] = {
    "attach": lambda v: None if v.lower() in ("stdin", "stdout", "stderr")
    else "valid streams are STDIN, STDOUT and STDERR",
    "dns": _ip,
    "dns-search": lambda v: None if v == "." or (DOMAIN.match(v) and len(v) <= 255) else f"{v} is not a valid domain",
    "env": lambda v: f"invalid environment variable: {v}" if not v.split("=", 1)[0] else None,
    "label": label_problem,
    "link": lambda v: f"bad format for links: {v}" if len(v.split(":")) > 2 else None,
    "sysctl": lambda v: None if v.split("=", 1)[0].startswith(("net.", "kernel.", "fs.mqueue."))
    else f"sysctl '{v}' is not allowed",
    "add-host": extra_host,
    "filter": lambda v: None if "=" in v else "bad format of filter (expected name=value)",
    "ulimit": _ulimit,
    "device-read-bps": lambda v: _device_rate(v, False), "device-write-bps": lambda v: _device_rate(v, False),
    "device-read-iops": lambda v: _device_rate(v, True), "device-write-iops": lambda v: _device_rate(v, True),
    "blkio-weight-device": _weight_device,
    "network": _network,
}
KIND_CHECKS: dict[str, Callable[[str], Optional[str]]] = {
    "bool": lambda v: None if v in GO_BOOLS else f'strconv.ParseBool: parsing "{v}": invalid syntax',
    "int": lambda v: go_int(v, 64, True),
    "uint16": lambda v: go_int(v, 16, False),
    "uint": lambda v: go_int(v, 64, False),
    "duration": go_duration,
    "bytes": ram_in_bytes,
    "decimal": nano_cpus,
}


RUN_ONLY = ("attach", "env", "dns", "dns-search", "add-host", "sysctl", "network")


def check_value(name: str, kind: str, value: str, command: str = "run") -> Optional[str]:
    """Why pflag refuses VALUE for the flag NAME of type KIND (the text after 'flag: '), or None; list
    validators of docker run's flags apply to `run` (and exec's -e) only."""
    if name == "memory-swap" and value == "-1":
        return None
    if kind in KIND_CHECKS:
        return KIND_CHECKS[kind](value)
    if name in RUN_ONLY and command not in ("run", "exec"):
        return None
    check = LIST_CHECKS.get(name)
    return check(value) if check is not None else None
