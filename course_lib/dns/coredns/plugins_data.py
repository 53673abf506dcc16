"""CoreDNS plugins that hold data: hosts (inline and file), file (RFC 1035 zone), whoami, kubernetes (hook)."""
from __future__ import annotations

import ipaddress
from typing import Any, Callable, Optional

import dns.exception
import dns.zone

from course_lib.dns.coredns.plugin import Fallthrough, Next, Plugin, Request, in_zones, normalize_zones, \
    parse_error
from course_lib.dns.coredns.zonelookup import ZoneTree, serve as serve_zone
from course_lib.dns.hostsfile import HostsFile
from course_lib.dns.message import RR, Message


class Hosts(Plugin):
    name = "hosts"

    def __init__(self, path: str, zones: list[str], inline: list[str], ttl: int, reverse: bool,
                 fall: Fallthrough, reader: Callable[[str], Optional[str]]) -> None:
        self.path, self.zones, self.inline, self.ttl, self.reverse, self.fall = path, zones, inline, ttl, \
            reverse, fall
        self.reader = reader

    def entries(self) -> HostsFile:
        inline = HostsFile.parse("\n".join(self.inline), bare_addresses=False)
        from_file = (HostsFile.parse(self.reader(self.path) or "", bare_addresses=False) if self.path
                     else HostsFile())
        return HostsFile(inline.entries + from_file.entries)

    def serve(self, req: Request, next_: Next) -> Message:
        qname = req.qname
        qtype = req.query.qtype
        if not in_zones(qname, self.zones) and qtype != "PTR":
            return next_(req)               # PTR zones need not be listed, as in CoreDNS
        hosts = self.entries()
        answers: list[RR] = []
        if qtype == "PTR":
            address = _from_reverse(qname) if self.reverse else None
            names = [n for e in hosts.entries if address is not None and e.address == address for n in e.names]
            if not names:
                return next_(req)           # no reverse entry: on to the next plugin, whatever fallthrough says
            answers = [RR(req.query.qname, self.ttl, "PTR", n.rstrip(".").lower() + ".") for n in names]
        elif qtype in ("A", "AAAA"):
            for address in _addresses(hosts, qname, qtype):
                rr = RR(req.query.qname, self.ttl, qtype, address)
                if rr not in answers:
                    answers.append(rr)
        if not answers:
            if self.fall.through(qname):
                return next_(req)
            if not hosts.by_name(qname.rstrip("."), 0):
                # CoreDNS: "we don't have a SOA, so we make it SERVFAIL"
                response = req.query.reply()
                response.rcode = "SERVFAIL"
                return response
        response = req.query.reply()
        response.aa = True
        response.answer = answers
        return response


def _addresses(hosts: HostsFile, qname: str, qtype: str) -> list[str]:
    """The hosts plugin's A or AAAA data for a name: Go's To4() puts a v4-mapped address with the IPv4
    ones; ::1 stays IPv6 (unlike glibc's AF_INET read of the file)."""
    out = []
    for entry in hosts.by_name(qname.rstrip("."), 0):
        address = entry.address
        if address.version == 6 and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if (address.version == 4) == (qtype == "A"):
            out.append(str(address))
    return out


def _from_reverse(name: str) -> Optional[Any]:
    labels = name.rstrip(".").split(".")
    try:
        if name.endswith(".in-addr.arpa."):
            return ipaddress.IPv4Address(".".join(reversed(labels[:-2])))
        nibbles = "".join(reversed(labels[:-2]))
        return ipaddress.IPv6Address(":".join(nibbles[i:i + 4] for i in range(0, 32, 4)))
    except ValueError:
        return None


def setup_hosts(d: Any, block_zones: list[str], filename: str, reader: Callable[[str], Optional[str]]) -> Hosts:
    path = d.args[0] if d.args else "/etc/hosts"
    zones = normalize_zones(d.args[1:], block_zones)
    inline: list[str] = []
    ttl, reverse, fall = 3600, True, Fallthrough()
    for sub in d.block:
        if sub.name == "fallthrough":
            fall.set(sub.args)
        elif sub.name == "ttl":
            if not sub.args:
                raise parse_error("hosts", filename, sub.line, "Wrong argument count or unexpected line ending after 'ttl'")
            if not sub.args[0].lstrip("-").isdigit():
                raise parse_error("hosts", filename, sub.line, "ttl needs a number of second")
            ttl = int(sub.args[0])
            if ttl <= 0 or ttl > 65535:
                raise parse_error("hosts", filename, sub.line, "ttl provided is invalid")
        elif sub.name == "no_reverse":
            reverse = False
        elif sub.name == "reload":
            pass
        else:
            line = " ".join([sub.name] + sub.args)
            if HostsFile.parse(line).entries:
                inline.append(line)
            else:
                raise parse_error("hosts", filename, sub.line, f"unknown property '{sub.name}'")
    return Hosts(path, zones, inline, ttl, reverse, fall, reader)


class File(Plugin):
    """Authoritative answers from an RFC 1035 zone file (parsed by dnspython; answered by zonelookup)."""

    name = "file"

    def __init__(self, zones: dict[str, dns.zone.Zone]) -> None:
        self.zones = zones
        self.trees: dict[str, ZoneTree] = {}

    def serve(self, req: Request, next_: Next) -> Message:
        qname = req.qname
        origin = next((z for z in sorted(self.zones, key=len, reverse=True) if in_zones(qname, [z])), None)
        if origin is None:
            return next_(req)
        tree = self.trees.get(origin)
        if tree is None:
            tree = self.trees[origin] = ZoneTree.of(self.zones[origin], origin)
        return serve_zone(tree, req)


def setup_file(d: Any, block_zones: list[str], filename: str, reader: Callable[[str], Optional[str]],
               root: str) -> File:
    if not d.args:
        raise parse_error("file", filename, d.line, "Wrong argument count or unexpected line ending after 'file'")
    path = d.args[0]
    if not path.startswith("/"):
        path = root.rstrip("/") + "/" + path if root else path
    zones = normalize_zones(d.args[1:], block_zones)
    loaded: dict[str, dns.zone.Zone] = {}
    text = reader(path)
    for origin in zones:
        if text is None:
            from course_lib.dns.coredns.plugin import setup_error
            raise setup_error("file", f"open {path}: no such file or directory")
        try:
            zone = dns.zone.from_text(text, origin=origin, relativize=False, check_origin=False)
            if zone.get_rdataset(origin, "SOA") is None:
                from course_lib.dns.coredns.plugin import setup_error
                raise setup_error("file", f"file {path!r}: zone {origin!r} has no SOA record".replace("'", '"'))
            loaded[origin] = zone
        except (dns.exception.DNSException, ValueError) as exc:
            from course_lib.dns.coredns.plugin import setup_error
            raise setup_error("file", f"{path}: {exc}")
    return File(loaded)


class Whoami(Plugin):
    name = "whoami"

    def serve(self, req: Request, next_: Next) -> Message:
        response = req.query.reply()
        response.aa = True
        ip, port = req.client
        rtype = "AAAA" if ":" in ip else "A"
        response.additional = [RR(req.query.qname, 0, rtype, ip),
                               RR("_udp." + req.query.qname, 0, "SRV", f"0 0 {port} .")]
        return response


# ---- kubernetes: the hook the cluster DNS work plugs a records provider into ----------------------
# provider(server, zones, options, request) -> Message | None   (None: not mine / fall through)
_KUBERNETES_PROVIDER: list[Callable[..., Optional[Message]]] = []


def set_kubernetes_provider(provider: Optional[Callable[..., Optional[Message]]]) -> None:
    """Install the records provider the `kubernetes` plugin asks (process-wide default).

    A provider set as `network.kubernetes_dns_provider` (attribute of the lab's Network) takes
    precedence, so two clusters in one process keep their own records.

    `provider(server, zones, options, req)` gets the CoreDNSServer (server.machine, server.ctx),
    the plugin's zones (absolute names), its block options as {name: [args]} (e.g. "pods",
    "fallthrough", "ttl"), and the Request (req.query is a course_lib.dns.message.Message; answer
    with req.query.reply(), set aa, rcode, answer/authority). Return None to pass the query on
    (fallthrough) and a Message to answer.
    """
    _KUBERNETES_PROVIDER.clear()
    if provider is not None:
        _KUBERNETES_PROVIDER.append(provider)


class Kubernetes(Plugin):
    name = "kubernetes"

    def __init__(self, zones: list[str], options: dict[str, list[str]]) -> None:
        self.zones, self.options = zones, options
        self.fall = Fallthrough()
        if "fallthrough" in options:
            self.fall.set(options["fallthrough"])

    def serve(self, req: Request, next_: Next) -> Message:
        if not in_zones(req.qname, self.zones):
            return next_(req)
        network = getattr(getattr(req.server, "machine", None), "network", None)
        provider = getattr(network, "kubernetes_dns_provider", None) or (
            _KUBERNETES_PROVIDER[0] if _KUBERNETES_PROVIDER else None)
        answer = provider(req.server, self.zones, self.options, req) if provider else None
        if answer is not None:
            return answer
        if self.fall.through(req.qname):
            return next_(req)
        response = req.query.reply()
        response.aa = True
        response.rcode = "NXDOMAIN"
        zone = next(z for z in self.zones if in_zones(req.qname, [z]))
        response.authority = [RR(zone, 30, "SOA", f"ns.dns.{zone} hostmaster.{zone} 1700000000 7200 1800 86400 30")]
        return response


def setup_kubernetes(d: Any, block_zones: list[str]) -> Kubernetes:
    options = {sub.name: sub.args for sub in d.block}
    return Kubernetes(normalize_zones(d.args, block_zones), options)
