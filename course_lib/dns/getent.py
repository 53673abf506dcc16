"""The `getent` command for the hosts databases: hosts, ahosts, ahostsv4, ahostsv6, as glibc prints them."""
from __future__ import annotations

import ipaddress
from typing import Any

from course_lib.dns import resolver
from course_lib.dns.hostsfile import ntop
from course_lib.result import CommandResult
from course_lib.shell.registry import command

TRY = "Try `getent --help' or `getent --usage' for more information.\n"
DATABASES = ("ahosts", "ahostsv4", "ahostsv6", "hosts")
OTHER_DATABASES = ("aliases", "ethers", "group", "gshadow", "initgroups", "netgroup", "networks",
                   "passwd", "protocols", "rpc", "services", "shadow")


def _hosts_line(address: str, names: list[str]) -> str:
    return f"{address:<15} " + " ".join(names)


def _ai_lines(addresses: list[str], canonical: str) -> list[str]:
    lines = []
    for n, address in enumerate(addresses):
        for socktype in ("STREAM", "DGRAM", "RAW"):
            name = canonical if (n == 0 and socktype == "STREAM") else ""
            lines.append(f"{address:<15} {socktype:<6} {name}")
    return lines


def _hosts_key(ctx: Any, key: str) -> list[str]:
    """getent hosts KEY: gethostbyaddr for an address, else gethostbyname2 AAAA then A."""
    for version, strict in ((6, ":" in key), (4, "." in key)):
        if not strict:
            continue
        try:
            address = ipaddress.ip_address(key)
        except ValueError:
            continue
        if address.version == version:
            return _by_address(ctx, address)
    for version in (6, 4):
        try:
            found = resolver.gethostbyname(ctx, key, version)
        except resolver.ResolveError:
            continue
        return [_hosts_line(a, [found.name] + found.aliases) for a in found.addresses]
    return []


def _by_address(ctx: Any, address: Any) -> list[str]:
    names = resolver.gethostbyaddr(ctx, address)
    return [_hosts_line(ntop(address), names)] if names else []


HELP = """Usage: getent [OPTION...] database [key ...]
Get entries from administrative database.

  -A, --no-addrconfig        do not filter out unsupported IPv4/IPv6 addresses
                             (with ahosts*)
  -i, --no-idn               disable IDN encoding
  -s, --service=CONFIG       Service configuration to be used
  -?, --help                 Give this help list
      --usage                Give a short usage message
  -V, --version              Print program version

Mandatory or optional arguments to long options are also mandatory or optional
for any corresponding short options.

Supported databases:
ahosts ahostsv4 ahostsv6 aliases ethers group gshadow hosts initgroups
netgroup networks passwd protocols rpc services shadow

For bug reporting instructions, please see:
<http://www.debian.org/Bugs/>.
"""


@command("getent")
def getent(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    addrconfig = True
    while args and args[0].startswith("-") and len(args[0]) > 1:
        if args[0] in ("-?", "--help"):
            return CommandResult(HELP, "", 0)
        if args[0] in ("-A", "--no-addrconfig"):
            addrconfig = False
        elif args[0] not in ("-i", "--no-idn"):
            break
        args = args[1:]
    if not args:        # argp: the message on stderr, its "Try ..." hint on stdout
        return CommandResult(TRY, "getent: wrong number of arguments\n", 1)
    database, keys = args[0], args[1:]
    if database not in DATABASES:
        if database in ("passwd", "group"):
            return _colon_file(ctx, f"/etc/{database}", keys)
        if database in OTHER_DATABASES:
            return CommandResult("", "", 2)
        return CommandResult(TRY, f"Unknown database: {database}\n", 1)
    if not keys:        # every hosts database enumerates with gethostent
        entries = resolver.load_hosts(ctx).enumerate()
        return CommandResult("".join(_hosts_line(ntop(e.address), list(e.names)) + "\n" for e in entries), "", 0)
    lines: list[str] = []
    rc = 0
    for key in keys:
        if database == "hosts":
            found = _hosts_key(ctx, key)
        else:
            found = _ahosts_key(ctx, key, database, addrconfig)
        if not found:
            rc = 2
        lines += found
    return CommandResult("".join(line + "\n" for line in lines), "", rc)


def _colon_file(ctx: Any, path: str, keys: list[str]) -> CommandResult:
    """passwd and group from their files: every entry, or the entries named (or numbered) by the keys."""
    from course_lib.dns import files
    entries = [line for line in (files.read_file(ctx, path) or "").splitlines() if line and not line.startswith("#")]
    if not keys:
        return CommandResult("".join(e + "\n" for e in entries), "", 0)
    out, rc = "", 0
    for key in keys:
        field = 2 if key.isdigit() else 0
        match = next((e for e in entries if len(e.split(":")) > 2 and e.split(":")[field] == key), None)
        if match is None:
            rc = 2
        else:
            out += match + "\n"
    return CommandResult(out, "", rc)


def _files_v4mapped(ctx: Any, key: str, addrconfig: bool) -> Any:
    """gaih_inet's AF_INET6 with AI_V4MAPPED asks each NSS service for IPv6, then for IPv4 mapped, before the
    next service: a name /etc/hosts has only as IPv4 (files first) is its ::ffff: address, DNS never asked."""
    current = resolver.settings(ctx)
    if not current.sources or current.sources[0][0] != "files" or resolver.numeric_address(key) is not None \
            or resolver._families(ctx, resolver.AF_INET6, addrconfig) is None:
        return None
    if resolver._files_lookup(ctx, key, (6,), current.hosts) is not None:
        return None
    found = resolver._files_lookup(ctx, key, (4,), current.hosts)
    if found is not None:
        found.addresses = [f"::ffff:{a}" for a in found.addresses]
    return found


def _ahosts_key(ctx: Any, key: str, database: str, addrconfig: bool) -> list[str]:
    family = {"ahosts": resolver.AF_UNSPEC, "ahostsv4": resolver.AF_INET,
              "ahostsv6": resolver.AF_INET6}[database]
    if addrconfig and family == resolver.AF_UNSPEC and resolver._families(ctx, family, True) == (6,):
        family = resolver.AF_INET6         # AI_ADDRCONFIG with IPv6 addresses only: AF_INET6, AI_V4MAPPED
    try:
        if family == resolver.AF_INET6:
            mapped = _files_v4mapped(ctx, key, addrconfig)
            if mapped is not None:
                return _ai_lines(mapped.addresses, mapped.name)
            try:
                found = resolver.getaddrinfo(ctx, key, family, addrconfig)
            except resolver.ResolveError:
                if addrconfig and resolver._families(ctx, family, addrconfig) is None:
                    return []              # AI_ADDRCONFIG without an IPv6 address: EAI_NONAME at once
                found = resolver.getaddrinfo(ctx, key, resolver.AF_INET, False)   # AI_V4MAPPED
                found.addresses = [f"::ffff:{a}" for a in found.addresses]
        else:
            found = resolver.getaddrinfo(ctx, key, family, addrconfig)
    except resolver.ResolveError:
        return []
    # AI_CANONNAME of a numeric host is the text as given (127.1, not 127.0.0.1)
    canonical = key if found.source == "numeric" else found.name
    return _ai_lines(found.addresses, canonical)
