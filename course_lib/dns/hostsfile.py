"""/etc/hosts as glibc's nss_files reads it: one address and its names a line, '#' comments, bad lines skipped.

A lookup of one family reads each line as that family (parse_line with af set): an AF_INET lookup takes
`::1` as 127.0.0.1 and `::ffff:a.b.c.d` as a.b.c.d and skips other IPv6 lines; an AF_INET6 lookup skips
IPv4 lines; getaddrinfo's AF_UNSPEC lookup (gethostbyname4) takes every line in its own family. With
`multi on` (Debian's host.conf) every matching line adds its address and names, duplicates and all.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Optional

IPAddr = ipaddress.IPv4Address | ipaddress.IPv6Address
_LOOPBACK6 = ipaddress.IPv6Address("::1")
_LOOPBACK4 = ipaddress.IPv4Address("127.0.0.1")


def ntop(address: IPAddr) -> str:
    """inet_ntop: IPv6 as Python prints it, except a v4-mapped address keeps its dotted quad."""
    if address.version == 6 and address.ipv4_mapped is not None:
        return f"::ffff:{address.ipv4_mapped}"
    return str(address)


def as_family(address: IPAddr, version: int) -> Optional[IPAddr]:
    """The address a hosts line gives a lookup of one IP version, None when the line is skipped."""
    if address.version == version:
        return address
    if version == 4:
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address == _LOOPBACK6:
            return _LOOPBACK4
    return None


@dataclass(frozen=True)
class HostEntry:
    """One valid line of a hosts file: the address, the canonical name and its aliases."""

    address: IPAddr
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,) + self.aliases


def parse_address(text: str) -> Optional[IPAddr]:
    """An address in the strict form inet_pton accepts (dotted quad or IPv6), else None."""
    try:
        if ":" in text:
            return ipaddress.IPv6Address(text.split("%", 1)[0])
        parts = text.split(".")
        if len(parts) != 4 or not all(p.isdigit() and len(p) <= 3 for p in parts):
            return None
        return ipaddress.IPv4Address(text)
    except ValueError:
        return None


@dataclass
class HostsFile:
    """The entries of a hosts file, in file order."""

    entries: list[HostEntry] = field(default_factory=list)

    @classmethod
    def parse(cls, text: Optional[str], bare_addresses: bool = True) -> "HostsFile":
        """glibc keeps a line with an address and no name (its name is empty); CoreDNS's hosts plugin
        (bare_addresses=False) skips it."""
        entries = []
        for line in (text or "").splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) < (1 if bare_addresses else 2):
                continue                    # blank or comment-only (or, for CoreDNS, an address alone)
            if len(fields) == 1:
                fields.append("")
            address = parse_address(fields[0])
            if address is None:
                continue                    # glibc skips lines whose address does not parse
            entries.append(HostEntry(address, fields[1], tuple(fields[2:])))
        return cls(entries)

    def by_name(self, name: str, version: int) -> list[HostEntry]:
        """Entries naming `name` (case-insensitive; a trailing dot is part of the name, as for glibc), read
        as one IP version (4 or 6; 0: every line in its own family), in file order."""
        key = name.lower()
        index = self.__dict__.get("_index")
        if index is None:
            index = {}
            for entry in self.entries:
                names = dict.fromkeys(n.lower() for n in entry.names)
                for version_read in (0, 4, 6):
                    address = as_family(entry.address, version_read) if version_read else entry.address
                    if address is None:
                        continue
                    read = entry if address is entry.address else HostEntry(address, entry.name, entry.aliases)
                    for n in names:
                        index.setdefault((n, version_read), []).append(read)
            self.__dict__["_index"] = index
        return list(index.get((key, version), ()))

    def by_address(self, address: IPAddr) -> Optional[HostEntry]:
        """gethostbyaddr: the first line with this address, read in the address's family."""
        for entry in self.entries:
            if as_family(entry.address, address.version) == address:
                return entry
        return None

    def enumerate(self) -> list[HostEntry]:
        """gethostent (getent hosts without a key): every line read as AF_INET."""
        out = []
        for entry in self.entries:
            address = as_family(entry.address, 4)
            if address is not None:
                out.append(entry if address is entry.address else HostEntry(address, entry.name, entry.aliases))
        return out

    def lookup(self, name: str, version: int) -> Optional[tuple[str, list[str], list[IPAddr]]]:
        """glibc with `multi on`: the first line's name and aliases, then each further line's aliases and
        its name when it is not the canonical one (no duplicate is dropped), and every line's address.
        `version` 0 is gethostbyname4's AF_UNSPEC read."""
        matches = self.by_name(name, version)
        if not matches:
            return None
        first = matches[0]
        canonical = first.name
        aliases = list(first.aliases)
        addresses = [first.address]
        for entry in matches[1:]:
            aliases += entry.aliases
            if entry.name != canonical:
                aliases.append(entry.name)
            addresses.append(entry.address)
        return canonical, aliases, addresses
