"""CoreDNS plugins that steer queries: forward, cache, log, errors, loadbalance, loop."""
from __future__ import annotations

import copy
import ipaddress
from typing import Any, Callable, Optional

from course_lib.dns.coredns.plugin import (Next, Plugin, Request, in_zones, normalize_zones, parse_error,
                                          setup_error)
from course_lib.dns.message import Message
from course_lib.dns.resolvconf import ResolvConf
from course_lib.dns.transport import OK, exchange
from course_lib.dns.wiresize import wire_length


class Forward(Plugin):
    name = "forward"

    def __init__(self, zone: str, targets: list[str], except_: list[str], policy: str,
                 reader: Callable[[str], Optional[str]]) -> None:
        self.zone, self.targets, self.except_, self.policy, self.reader = zone, targets, except_, policy, reader
        self.rr_index = 0

    def upstreams(self) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        for target in self.targets:
            if target.startswith("/"):
                conf = ResolvConf.parse(self.reader(target) or "")
                out += [(ns, 53) for ns in conf.nameservers]
            else:
                out.append(_host_port(target))
        return out

    def serve(self, req: Request, next_: Next) -> Message:
        if not in_zones(req.qname, [self.zone]) or (self.except_ and in_zones(req.qname, self.except_)):
            return next_(req)
        upstreams = self.upstreams()
        if self.policy == "random" and len(upstreams) > 1:
            rng = req.server.rng()
            upstreams = rng.sample(upstreams, len(upstreams))
        elif self.policy == "round_robin" and upstreams:
            k = self.rr_index % len(upstreams)
            self.rr_index += 1
            upstreams = upstreams[k:] + upstreams[:k]
        for host, port in upstreams[:3] if len(upstreams) > 3 else upstreams:
            query = Message(id=req.server.rng().randrange(65536), qname=req.query.qname, qtype=req.query.qtype,
                            qclass=req.query.qclass, rd=True, edns=req.query.edns)
            query.cookie = req.query.cookie         # the client's OPT goes upstream as it came
            result = exchange(req.server.ctx, host, port, query, 2.0)
            if result.status == OK and result.response is not None:
                response = result.response
                reply = req.query.reply()
                reply.rcode, reply.ra, reply.aa = response.rcode, response.ra, False
                reply.answer, reply.authority = list(response.answer), list(response.authority)
                if req.query.edns is not None:      # the upstream's OPT options stay (SizeAndDo): "" is none
                    reply.cookie = response.cookie or ""
                return reply
            req.server.log_error(f"plugin/forward: upstream {host}:{port} {result.status}")
        response = req.query.reply()
        response.rcode = "SERVFAIL"
        req.state["error"] = "plugin/forward: no healthy upstreams" if not upstreams else \
            f"plugin/forward: dial udp {upstreams[0][0]}:{upstreams[0][1]}: i/o timeout"
        return response


def _host_port(text: str) -> tuple[str, int]:
    text = text.split("://", 1)[-1]
    if text.startswith("[") and "]" in text:
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else 53
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, int(port) if port.isdigit() else 53
    return text, 53


def setup_forward(d: Any, block_zones: list[str], filename: str, reader: Callable[[str], Optional[str]]
                  ) -> Forward:
    if len(d.args) < 2:
        raise parse_error("forward", filename, d.line, "Wrong argument count or unexpected line ending after '"
                          + (d.args[-1] if d.args else "forward") + "'")
    zone = normalize_zones([d.args[0]], block_zones)[0]
    targets = d.args[1:]
    for target in targets:
        if target.startswith("/"):
            if reader(target) is None:
                raise setup_error("forward", f"open {target}: no such file or directory")
            continue
        host, _ = _host_port(target)
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise setup_error("forward", f"not an IP address or file: \"{target}\"")
    if len(targets) > 15:
        raise parse_error("forward", filename, d.line, "more than 15 TOs configured: %d" % len(targets))
    policy, except_ = "random", []
    for sub in d.block:
        if sub.name == "policy":
            if not sub.args or sub.args[0] not in ("random", "round_robin", "sequential"):
                raise parse_error("forward", filename, sub.line, f"unknown policy '{sub.args[0] if sub.args else ''}'")
            policy = sub.args[0]
        elif sub.name == "except":
            except_ = normalize_zones(sub.args, [])
        elif sub.name in ("force_tcp", "prefer_udp", "max_fails", "expire", "health_check", "tls",
                          "tls_servername", "max_concurrent", "next", "failfast_all_unhealthy_upstreams"):
            pass
        else:
            raise parse_error("forward", filename, sub.line, f"unknown property '{sub.name}'")
    return Forward(zone, targets, except_, policy, reader)


class Cache(Plugin):
    """Positive and negative caching on the model clock, TTLs counting down."""

    name = "cache"

    def __init__(self, max_ttl: int, zones: list[str]) -> None:
        self.max_ttl, self.zones = max_ttl, zones
        self.disabled: dict[str, list[str]] = {"success": [], "denial": []}
        self.entries: dict[tuple[str, str, bool], tuple[float, Message]] = {}

    def serve(self, req: Request, next_: Next) -> Message:
        if not in_zones(req.qname, self.zones):
            return next_(req)
        now = req.server.now()
        key = (req.qname, req.query.qtype, False)    # cache's key: name, type and the DO bit (never set here),
        #                                               so a query with or without EDNS finds the same entry
        hit = self.entries.get(key)
        if hit is not None:
            stored_at, response = hit
            age = int(now - stored_at)
            ttl = _ttl(response)
            if age < ttl:
                # item.toMsg: the reply says aa (CoreDNS sets it: some clients drop non-authoritative
                # answers), keeps RA, and every record carries the item's remaining TTL
                reply = req.query.reply()
                reply.rcode, reply.ra, reply.aa = response.rcode, response.ra, True
                reply.answer = [rr.with_ttl(ttl - age) for rr in response.answer]
                reply.authority = [rr.with_ttl(ttl - age) for rr in response.authority]
                reply.additional = [rr.with_ttl(ttl - age) for rr in response.additional]
                return reply
        response = next_(req)
        kind = "success" if response.rcode == "NOERROR" and response.answer else "denial"
        if self.disabled[kind] and in_zones(req.qname, self.disabled[kind]):
            return response
        if response.rcode in ("NOERROR", "NXDOMAIN"):
            capped = copy.copy(response)
            capped.answer = [rr.with_ttl(min(rr.ttl, self.max_ttl)) for rr in response.answer]
            capped.authority = [rr.with_ttl(min(rr.ttl, self.max_ttl)) for rr in response.authority]
            self.entries[key] = (now, capped)
            response.answer, response.authority = capped.answer, capped.authority
        return response


def _ttl(response: Message) -> int:
    ttls = [rr.ttl for rr in response.answer + response.authority]
    return min(ttls) if ttls else 5


def setup_cache(d: Any, block_zones: list[str], filename: str) -> Cache:
    max_ttl = 3600
    args = list(d.args)
    if args and args[0].isdigit():
        max_ttl = int(args.pop(0))
        if max_ttl <= 0:
            raise parse_error("cache", filename, d.line, f"cache TTL can not be zero or negative: {max_ttl}")
    elif args and args[0].lstrip("-").isdigit():
        raise parse_error("cache", filename, d.line, f"cache TTL can not be zero or negative: {args[0]}")
    cache = Cache(max_ttl, normalize_zones(args, block_zones))
    for sub in d.block:
        if sub.name == "disable":
            if not sub.args or sub.args[0] not in ("success", "denial"):
                raise parse_error("cache", filename, sub.line, "cache type for disable must be \"success\" or \"denial\"")
            cache.disabled[sub.args[0]] = normalize_zones(sub.args[1:], ["."])
        elif sub.name in ("success", "denial"):
            if sub.args and sub.args[0].isdigit():
                pass
        elif sub.name not in ("prefetch", "serve_stale", "servfail", "keepttl"):
            raise parse_error("cache", filename, sub.line, f"unknown property '{sub.name}'")
    return cache


class Log(Plugin):
    """One line per query in CoreDNS's common log format."""

    name = "log"

    def serve(self, req: Request, next_: Next) -> Message:
        start = req.server.now()
        response = next_(req)
        q = req.query
        size = wire_length(q, compress=False)       # {size}: the request as miekg/dns measures it
        bufsize = q.edns if q.edns is not None else 512
        flags = ",".join(f for f in response.flags_text.split(" ") if f)
        duration = max(req.server.now() - start, 0.000021)
        ip, port = req.client
        seconds = f"{duration:.9f}".rstrip("0").rstrip(".")
        req.server.log_line(f'[INFO] {ip}:{port} - {q.id} "{q.qtype} {q.qclass} {q.qname} udp {size} false '
                            f'{bufsize}" {response.rcode} {flags} {wire_length(response, False, False)} {seconds}s')
        # {rsize}: the reply as the plugins wrote it, before the server adds the OPT record and compresses
        return response


class Errors(Plugin):
    name = "errors"

    def serve(self, req: Request, next_: Next) -> Message:
        response = next_(req)
        error = req.state.get("error")
        if error:
            req.server.log_line(f"[ERROR] plugin/errors: 2 {req.query.qname} {req.query.qtype}: {error}")
        return response


class LoadBalance(Plugin):
    """Round-robin the address records of each answer."""

    name = "loadbalance"

    def __init__(self) -> None:
        self.turn = 0

    def serve(self, req: Request, next_: Next) -> Message:
        response = next_(req)
        addresses = [rr for rr in response.answer if rr.rdtype in ("A", "AAAA")]
        if len(addresses) > 1:
            self.turn += 1
            k = self.turn % len(addresses)
            rotated = addresses[k:] + addresses[:k]
            others = [rr for rr in response.answer if rr.rdtype not in ("A", "AAAA")]
            response.answer = others + rotated
        return response


class Loop(Plugin):
    """At start, detect a forward that leads back to this very server (CoreDNS's loop plugin)."""

    name = "loop"

    def __init__(self, zone: str) -> None:
        self.zone = zone

    def start(self, server: Any) -> Optional[str]:
        for block in server.blocks:
            for plugin in block.plugins:
                if isinstance(plugin, Forward):
                    for host, port in plugin.upstreams():
                        if server.is_own_address(host, port):
                            return (f'[FATAL] plugin/loop: Loop ({host}:{port} -> :{port}) detected for zone '
                                    f'"{self.zone}", see https://coredns.io/plugins/loop#troubleshooting. '
                                    f'Query: "HINFO {server.rng().getrandbits(63)}.{server.rng().getrandbits(63)}.'
                                    f'{self.zone if self.zone != "." else ""}"')
        return None


def check_arguments(d: Any, filename: str) -> None:
    """The argument checks of CoreDNS's small plugins (their setup.go), raising CoreDNS's own error."""
    if d.name in ("loop", "whoami") and d.args:
        raise parse_error(d.name, filename, d.line,
                          f"Wrong argument count or unexpected line ending after '{d.args[0]}'")
    if d.name == "errors":
        if len(d.args) > 1:
            raise parse_error("errors", filename, d.line,
                              f"Wrong argument count or unexpected line ending after '{d.args[-1]}'")
        if d.args and d.args[0] != "stdout":
            raise parse_error("errors", filename, d.line, f"invalid log file: {d.args[0]}")
    if d.name == "loadbalance" and d.args:
        if d.args[0] == "round_robin" and len(d.args) > 1:
            raise parse_error("loadbalance", filename, d.line, "unknown property for round_robin")
        if d.args[0] not in ("round_robin", "weighted"):
            raise setup_error("loadbalance", f"unknown policy: {d.args[0]}")
