"""/etc/hosts as glibc's nss_files reads it: one address and its names a line, '#' comments, bad lines skipped."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Optional

IPAddr = ipaddress.IPv4Address | ipaddress.IPv6Address


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
    def parse(cls, text: Optional[str]) -> "HostsFile":
        entries = []
        for line in (text or "").splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) < 2:
                continue                    # blank, comment-only or an address without a name
            address = parse_address(fields[0])
            if address is None:
                continue                    # glibc skips lines whose address does not parse
            entries.append(HostEntry(address, fields[1], tuple(fields[2:])))
        return cls(entries)

    def by_name(self, name: str, version: int) -> list[HostEntry]:
        """Entries naming `name` (case-insensitive, trailing dot ignored) with addresses of one IP version."""
        key = name.rstrip(".").lower() if name not in (".", "") else name
        index = self.__dict__.get("_index")
        if index is None:
            index = {}
            for entry in self.entries:
                for n in dict.fromkeys(n.lower() for n in entry.names):
                    index.setdefault((n, entry.address.version), []).append(entry)
            self.__dict__["_index"] = index
        return list(index.get((key, version), ()))

    def by_address(self, address: IPAddr) -> Optional[HostEntry]:
        for entry in self.entries:
            if entry.address == address:
                return entry
        return None

    def lookup(self, name: str, version: int) -> Optional[tuple[str, list[str], list[IPAddr]]]:
        """glibc with `multi on`: the first entry's name, all aliases and all addresses of matching lines."""
        matches = self.by_name(name, version)
        if not matches:
            return None
        canonical = matches[0].name
        aliases: list[str] = []
        addresses: list[IPAddr] = []
        for entry in matches:
            for n in entry.names:
                if n != canonical and n not in aliases:
                    aliases.append(n)
            if entry.address not in addresses:
                addresses.append(entry.address)
        return canonical, aliases, addresses
