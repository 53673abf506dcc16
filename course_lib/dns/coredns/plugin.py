"""The plugin interface of the CoreDNS server, the request passed down the chain, and plugin.cfg's order."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from course_lib.dns.message import Message

# CoreDNS's plugin.cfg: the order plugins run in, whatever their order in the Corefile.
ORDER = ["root", "metadata", "geoip", "cancel", "tls", "quic", "timeouts", "multisocket", "reload", "nsid",
         "bufsize", "bind", "debug", "trace", "ready", "health", "pprof", "prometheus", "errors", "log",
         "dnstap", "local", "dns64", "acl", "any", "chaos", "loadbalance", "tsig", "cache", "rewrite",
         "header", "dnssec", "autopath", "minimal", "template", "transfer", "hosts", "route53", "azure",
         "clouddns", "k8s_external", "kubernetes", "file", "auto", "secondary", "etcd", "loop", "forward",
         "grpc", "erratic", "whoami", "on", "sign", "view"]


def setup_error(plugin: str, message: str) -> Exception:
    from course_lib.dns.coredns.corefile import CorefileError
    return CorefileError(f"plugin/{plugin}: {message}")


def parse_error(plugin: str, filename: str, line: int, message: str) -> Exception:
    """c.Errf(...) wrapped by plugin.Error(): `plugin/NAME: FILE:LINE - Error during parsing: MSG`."""
    return setup_error(plugin, f"{filename}:{line} - Error during parsing: {message}")


@dataclass
class Request:
    """One query on its way down a server block's plugin chain."""

    query: Message
    client: tuple[str, int]
    server: Any                    # the CoreDNSServer
    zone: str                      # the server block zone that matched
    port: int
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def qname(self) -> str:
        return self.query.qname.lower()


Next = Callable[[Request], Message]


class Plugin:
    """A link of the chain: answer, or hand the request to `next_`."""

    name = "plugin"

    def serve(self, req: Request, next_: Next) -> Message:
        return next_(req)

    def start(self, server: Any) -> Optional[str]:
        """Called when the server starts; a returned text is a fatal startup error."""
        return None


def in_zones(qname: str, zones: list[str]) -> bool:
    """Whether qname equals or is below one of the zones ("." holds everything)."""
    qname = qname.lower()
    for zone in zones:
        if zone == "." or qname == zone or qname.endswith("." + zone):
            return True
    return False


def normalize_zones(args: list[str], default: list[str]) -> list[str]:
    from course_lib.dns.coredns.corefile import _cidr_zone
    zones = []
    for arg in args:
        zone = _cidr_zone(arg) if "/" in arg else None
        zone = (zone or arg).lower()
        zones.append(zone if zone.endswith(".") else zone + ".")
    return zones or list(default)


class Fallthrough:
    """The `fallthrough [ZONES...]` option."""

    def __init__(self) -> None:
        self.zones: Optional[list[str]] = None

    def set(self, args: list[str]) -> None:
        self.zones = normalize_zones(args, ["."])

    def through(self, qname: str) -> bool:
        return self.zones is not None and in_zones(qname, self.zones)
