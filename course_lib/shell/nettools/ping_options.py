"""iputils ping's command line: options, their refusals and the destination, read once per argv text.

`options(argv)` gives an Options (what the run needs) or an Exit (the stdout, stderr and exit code ping
leaves with before it sends anything: usage, version, bad values). Both are pure functions of the
words, so they are remembered by them (a small table, emptied when full); nothing of the machine or
its network is in them.
"""
from __future__ import annotations

import math
import re
import sys
from typing import NamedTuple, Optional, Union

from course_lib.shell.nettools import ping_target
from course_lib.shell.nettools.common import gnu_getopt, parse_ipv4

SHORT = "46aAbBc:CdDe:fhi:I:l:Lm:M:nOp:qQ:rRs:S:t:T:UvVw:W:F:N:"
VERSION = ("ping from iputils 20221126\n"
           "libcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n")
USAGE = """
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
"""


class Options(NamedTuple):
    """What ping was asked to do."""

    count: Optional[int]
    interval: float
    deadline: Optional[float]
    wait: Optional[float]    # -W in seconds (whole milliseconds), 0 for no limit; None: not given
    quiet: bool
    numeric: bool
    broadcast_ok: bool
    size: int
    ttl: int
    iface: Optional[str]
    family: int              # 0 (AF_UNSPEC: getaddrinfo asks for A and AAAA), 2 (-4) or 10 (-6)
    target: str              # the destination as written (the last operand)
    warnings: str            # the option warnings printed before anything else
    ip4: object              # parse_ipv4(target): the IPv4Address written, or None for a name
    written: object          # for a written address, ping_target.lookup's answer (no name to look up)


class Exit(NamedTuple):
    """ping leaves before sending anything."""

    stdout: str
    stderr: str
    returncode: int


class _Usage(Exception):
    def __init__(self, text: str, rc: int) -> None:
        super().__init__(text)
        self.text, self.rc = text, rc


_STRTOL = re.compile(r"[ \t\n\v\f\r]*[+-]?[0-9]+")


def _int_arg(text: str, lo: int, hi: int) -> int:
    """iputils' strtol_or_err: strtol base 10 (leading blanks and a sign, ASCII digits, nothing after them);
    ERANGE beyond a long."""
    if not _STRTOL.fullmatch(text):
        raise _Usage(f"ping: invalid argument: '{text}'\n", 1)
    value = int(text)
    if not -2 ** 63 <= value < 2 ** 63:
        raise _Usage(f"ping: invalid argument: '{text}': Numerical result out of range\n", 1)
    if not lo <= value <= hi:
        raise _Usage(f"ping: invalid argument: '{text}': out of range: {lo} <= value <= {hi}\n", 1)
    return value


def _strtod(text: str) -> tuple[float, str, bool]:
    """glibc strtod in the C locale: (value, the text after the number, ERANGE), (0.0, text, False) when
    nothing converts. Blanks, a sign, decimal or hex digits with an exponent, inf/infinity, nan(chars)."""
    start = len(text) - len(text.lstrip(" \t\n\v\f\r"))
    match = _SPECIAL.match(text, start) or _HEX.match(text, start) or _DECIMAL.match(text, start)
    if match is None:
        return 0.0, text, False
    number = match.group()
    if match.re is _SPECIAL:
        word = number.lstrip("+-").lower()
        value = float(("-" if number[0] == "-" else "") + ("nan" if word.startswith("nan") else "inf"))
        return value, text[match.end():], False
    try:
        value = float.fromhex(number) if match.re is _HEX else float(number)
    except OverflowError:
        value = float("-inf" if number[0] == "-" else "inf")
    mantissa = number.split("p" if match.re is _HEX else "e")[0].lower().replace("0x", "")
    erange = math.isinf(value) or (value == 0.0 and any(c not in "+-.0" for c in mantissa)) or \
        (value != 0.0 and abs(value) < sys.float_info.min)
    return value, text[match.end():], erange


_SPECIAL = re.compile(r"[+-]?(?:infinity|inf|nan(?:\([0-9A-Za-z_]*\))?)", re.IGNORECASE)
_HEX = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
INT_MAX = 2147483647


def _float_arg(text: str, what: str, warnings: list[str]) -> float:
    """iputils' ping_strtod: strtod with the 'garbage' warning for anything after the number (or an
    ERANGE), and refusals (exit 2) for an empty word and for a NaN, an infinity or a subnormal."""
    if not text:
        raise _Usage(f"ping: {what}: \n", 2)
    value, end, erange = _strtod(text)
    if erange or end:
        warnings.append(f"ping: option argument contains garbage: {end}\n"
                        "ping: this will become fatal error in the future\n")
    if math.isnan(value) or math.isinf(value) or (value != 0.0 and abs(value) < sys.float_info.min):
        raise _Usage(f"ping: {what}: {text}: Numerical result out of range\n", 2)
    return value


class Extras(NamedTuple):
    """What ping was asked beyond Options, for the options ping.py does not read (nettools/ping_extras.py)."""

    pattern: Optional[bytes]     # -p: the pad bytes (16 at most) for the PATTERN line (None: not printed)
    pmtudisc: str                # -M do|dont|want
    zero_ttl: bool               # -t 0: setsockopt(IP_TTL) fails with EINVAL


_EXTRAS: dict[tuple[str, ...], Extras] = {}


def extras(argv: list[str]) -> Optional[Extras]:
    """The Extras of an argv options() read (None: only what Options holds)."""
    return _EXTRAS.get(tuple(argv)) if _EXTRAS else None


MAX_PLANS = 256
_PLANS: dict[tuple[str, ...], Union[Options, Exit]] = {}


def options(argv: list[str]) -> Union[Options, Exit]:
    """ping's reading of `argv` (argv[0] is the program), remembered by the words."""
    key = tuple(argv)
    plan = _PLANS.get(key)
    if plan is None:
        warnings: list[str] = []            # printed as they come: before whatever ends the reading
        try:
            plan = _read(argv, warnings)
        except _Usage as exc:
            plan = Exit("", "".join(warnings) + exc.text, exc.rc)
        if len(_PLANS) >= MAX_PLANS:
            _PLANS.clear()
            _EXTRAS.clear()
        _PLANS[key] = plan
    return plan


def _read(argv: list[str], warnings: list[str]) -> Union[Options, Exit]:
    parsed = gnu_getopt(argv[1:], SHORT)
    if isinstance(parsed, str):
        return Exit("", f"ping: {parsed}\n{USAGE}", 2)
    opts, args = parsed
    count: Optional[int] = None
    interval = 1.0
    deadline: Optional[float] = None
    wait: Optional[float] = None
    quiet = numeric = broadcast_ok = False
    size = 56
    ttl = 64
    iface: Optional[str] = None
    family = 0
    pattern: Optional[bytes] = None
    pmtudisc = "want"
    for opt, val in opts:
        if opt in ("-4", "-6"):
            want = 2 if opt == "-4" else 10
            if family not in (0, want):
                raise _Usage("ping: only one -4 or -6 option may be specified\n", 2)
            family = want
        elif opt == "-c":
            count = _int_arg(val, 1, 9223372036854775807)
        elif opt == "-i":
            interval = _float_arg(val, "bad timing interval", warnings)
            if interval > INT_MAX / 1000:
                raise _Usage(f"ping: bad timing interval: {val}\n", 2)
        elif opt == "-w":
            deadline = float(_int_arg(val, 0, 2147483647))
        elif opt == "-W":
            linger = _float_arg(val, "bad linger time", warnings)
            if linger < 0 or linger > INT_MAX / 1000:
                raise _Usage(f"ping: bad linger time: {val}\n", 2)
            wait = int(linger * 1000) / 1000            # whole milliseconds; 0: no time limit
        elif opt == "-p":
            bad = next((i for i, c in enumerate(val) if c not in "0123456789abcdefABCDEF"), None)
            if bad is not None:             # fill(): the text from the first character that is no hex digit
                raise _Usage(f"ping: patterns must be specified as hex digits: {val[bad:]}\n", 2)
            pattern = bytes(int(val[i:i + 2], 16) for i in range(0, min(len(val), 32), 2))
        elif opt == "-M":
            if val not in ("do", "dont", "want"):
                raise _Usage(f"ping: invalid -M argument: {val}\n", 2)
            pmtudisc = val
        elif opt == "-q":
            quiet = True
        elif opt == "-n":
            numeric = True
        elif opt == "-b":
            broadcast_ok = True
        elif opt == "-s":
            size = _int_arg(val, 0, 2147483647)
        elif opt == "-t":
            ttl = _int_arg(val, 0, 255)
        elif opt == "-I":
            iface = val
        elif opt == "-V":
            return Exit(VERSION, "".join(warnings), 0)
        elif opt == "-h":
            return Exit(USAGE.lstrip("\n"), "".join(warnings), 2)
    prefix = "".join(warnings)
    if not args:
        raise _Usage("ping: usage error: Destination address required\n", 1)
    target = args[-1]
    ip4 = parse_ipv4(target)
    written = None if ip4 is None else ping_target.lookup(None, target, family, ip4)
    if quiet:
        pattern = None                      # fill(), after the options are read, prints it unless -q
    if pattern is not None or pmtudisc != "want" or ttl == 0 or size > 65507:
        _EXTRAS[tuple(argv)] = Extras(pattern, pmtudisc, ttl == 0)
    return Options(count, interval, deadline, wait, quiet, numeric, broadcast_ok, size, ttl, iface, family,
                   target, prefix, ip4, written)
