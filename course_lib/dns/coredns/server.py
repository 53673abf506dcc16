"""The CoreDNS server: server blocks from the Corefile, zone matching, the plugin chain, binding and reload."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.dns import files
from course_lib.dns.coredns import plugins_data, plugins_flow
from course_lib.dns.coredns.corefile import CorefileError, ServerBlock, ZoneAddress, parse, parse_key
from course_lib.dns.coredns.plugin import ORDER, Plugin, Request
from course_lib.dns.message import Message
from course_lib.dns.truncation import client_size, truncate
from course_lib.dns.transport import bind_udp, unbind

VERSION = "CoreDNS-1.11.3"
BUILD = "linux/amd64, go1.21.11, a6338e9"
# directives that configure the server but take no part in answering
_CONFIG_ONLY = {"root", "reload", "health", "ready", "bind", "debug", "prometheus", "pprof", "bufsize",
                "metadata", "cancel", "timeouts", "nsid", "trace", "dnstap", "tls", "import", "any",
                "minimal", "local", "header", "rewrite", "acl", "chaos", "dns64", "autopath", "template",
                "transfer", "dnssec", "tsig", "geoip", "multisocket", "quic", "view", "on", "sign",
                "route53", "azure", "clouddns", "k8s_external", "auto", "secondary", "etcd", "grpc", "erratic"}


@dataclass
class Block:
    """One server block: its zone addresses and its chain in plugin.cfg order."""

    addresses: list[ZoneAddress]
    plugins: list[Plugin]
    options: dict[str, list[str]] = field(default_factory=dict)

    def handle(self, req: Request) -> Message:
        def step(i: int) -> Any:
            def next_(r: Request) -> Message:
                if i >= len(self.plugins):
                    response = r.query.reply()
                    response.rcode = "SERVFAIL"
                    r.state.setdefault("error", f'plugin/{self.plugins[-1].name if self.plugins else "dns"}: '
                                                'no next plugin found')
                    return response
                return self.plugins[i].serve(r, step(i + 1))
            return next_
        return step(0)(req)


class CoreDNSServer:
    """A running (or configured) CoreDNS instance on one machine/netns."""

    def __init__(self, ctx: Any, conf_path: str, port: int = 53) -> None:
        self.ctx, self.conf_path, self.default_port = ctx, conf_path, port
        self.blocks: list[Block] = []
        self.listeners: list[tuple[Any, Any]] = []
        self.logs: list[str] = []
        self.corefile_text = ""
        self.reload_interval: Optional[float] = None
        self.last_reload_check = 0.0
        self.running = False
        self.http_endpoints: list[tuple[int, str]] = []
        self.http_listeners: list[Any] = []
        self.pid: Optional[int] = None
        self.on_log: Optional[Any] = None        # called with each log line (the real daemon prints them)

    # -- helpers used by plugins -------------------------------------------------------------
    @property
    def machine(self) -> Any:
        return self.ctx.machine

    @property
    def simulated(self) -> bool:
        return getattr(self.ctx, "backend", "sim") != "real"

    def rng(self) -> Any:
        from course_lib.dns.resolver import _rng
        return _rng(self.ctx)

    def now(self) -> float:
        if not self.simulated:
            import time
            return time.monotonic()
        return float(getattr(getattr(self.machine, "network", None), "clock", 0.0) or 0.0)

    def read(self, path: str) -> Optional[str]:
        return files.read_file(self.ctx, path)

    def log_line(self, line: str) -> None:
        self.logs.append(line)
        if self.on_log is not None:
            self.on_log(line)

    def log_error(self, line: str) -> None:
        pass

    def is_own_address(self, host: str, port: int) -> bool:
        """Whether a query to host:port from this netns would land on this very server."""
        if port not in {a.port for b in self.blocks for a in b.addresses}:
            return False
        local = host.startswith("127.") or host == "::1" or any(
            str(a.ip) == host for a in getattr(self.ctx.netns, "addresses", []))
        if not local or not self.simulated:
            return local
        # a more specific socket (the machine's 127.0.0.53 stub) takes the query instead
        from course_lib.dns import internet
        internet.ensure_stub(self.ctx.netns, host, port)
        return not any(getattr(sock, "proto", "") == "udp" and getattr(sock, "port", None) == port
                       and str(getattr(sock, "ip", getattr(sock, "address", ""))) == host
                       for sock in self.ctx.netns.sockets)

    # -- configuration -----------------------------------------------------------------------
    def configure(self, text: str) -> list[Block]:
        """Build the blocks for a Corefile text; CorefileError with CoreDNS's message when it is wrong."""
        blocks: list[Block] = []
        seen: set[tuple[str, int]] = set()
        self.http_endpoints = []
        self.reload_interval = None
        env = getattr(self.ctx, "env", None)
        for server_block in parse(text, self.conf_path, env if env else None):
            blocks.append(self._block(server_block, seen))
        return blocks

    def _block(self, sb: ServerBlock, seen: set[tuple[str, int]]) -> Block:
        addresses = [parse_key(k, self.default_port, self.conf_path, sb.line) for k in sb.keys]
        for address in addresses:
            if (address.zone, address.port) in seen:
                raise CorefileError(f"cannot serve {address.transport}://{address.zone}:{address.port} - "
                                    "it is already defined")
            seen.add((address.zone, address.port))
        zones = [a.zone for a in addresses]
        root = ""
        options: dict[str, list[str]] = {}
        built: dict[str, Plugin] = {}
        for d in sb.directives:
            if d.name not in ORDER:
                raise CorefileError(f"{self.conf_path}:{d.line} - Error during parsing: Unknown directive '{d.name}'")
            options[d.name] = d.args
            if d.name == "root":
                root = d.args[0] if d.args else ""
        for d in sb.directives:
            if d.name in built and d.name not in ("hosts", "file", "forward"):
                from course_lib.dns.coredns.plugin import setup_error
                raise setup_error(d.name, "this plugin can only be used once per Server Block")
            plugin = self._setup(d, zones, root)
            if plugin is not None:
                if d.name in built:
                    from course_lib.dns.coredns.plugin import setup_error
                    raise setup_error(d.name, "this plugin can only be used once per Server Block")
                built[d.name] = plugin
        plugins = [built[name] for name in ORDER if name in built]
        return Block(addresses, plugins, options)

    def _setup(self, d: Any, zones: list[str], root: str) -> Optional[Plugin]:
        name, path = d.name, self.conf_path
        plugins_flow.check_arguments(d, path)
        if name == "hosts":
            return plugins_data.setup_hosts(d, zones, path, self.read)
        if name == "file":
            return plugins_data.setup_file(d, zones, path, self.read, root)
        if name == "forward":
            return plugins_flow.setup_forward(d, zones, path, self.read)
        if name == "cache":
            return plugins_flow.setup_cache(d, zones, path)
        if name == "log":
            return plugins_flow.Log()
        if name == "errors":
            return plugins_flow.Errors()
        if name == "loadbalance":
            return plugins_flow.LoadBalance()
        if name == "loop":
            return plugins_flow.Loop(zones[0] if zones else ".")
        if name == "whoami":
            return plugins_data.Whoami()
        if name == "kubernetes":
            return plugins_data.setup_kubernetes(d, zones)
        if name == "reload":
            interval = d.args[0] if d.args else "30s"
            self.reload_interval = _duration(interval) or 30.0
        elif name == "health":
            self.http_endpoints.append((_http_port(d.args, 8080), "/health"))
        elif name == "ready":
            self.http_endpoints.append((_http_port(d.args, 8181), "/ready"))
        return None

    # -- running -----------------------------------------------------------------------------
    def start(self, text: str) -> tuple[str, str, int]:
        """Configure and bind; (stdout, stderr, rc) as `coredns -conf` prints them."""
        try:
            self.blocks = self.configure(text)
        except CorefileError as exc:
            return "", f"{exc}\n", 1
        self.corefile_text = text
        for block in self.blocks:
            for plugin in block.plugins:
                fatal = plugin.start(self)
                if fatal:
                    return self.banner(), fatal + "\n", 1
        for port, address in self.bind_points() if self.simulated else []:
            try:
                listener = _bind_beside_stub(self.ctx.netns, port, self._handler_for(port), self.pid, address)
                self.pid = self.pid or getattr(listener, "pid", None)
                self.listeners.append((self.ctx.netns, _bind_tcp(self.ctx.netns, port, self._handler_for(port, True),
                                                                 self.pid, address, listener)))
            except OSError as exc:
                self.stop()
                if exc.errno == 99:
                    return "", f"listen tcp {address}:{port}: bind: cannot assign requested address\n", 1
                shown = "" if address in ("0.0.0.0", "::") else address
                return "", f"listen tcp {shown}:{port}: bind: address already in use\n", 1
            self.listeners.append((self.ctx.netns, listener))
        if self.simulated:
            self._listen_http()
        self.running = True
        self.last_reload_check = self.now()
        return self.banner(), "", 0

    def bind_points(self) -> list[tuple[int, str]]:
        """(port, address) pairs to listen on: "::" (Go's ":53", one dual-stack socket), or the bind plugin's."""
        points: list[tuple[int, str]] = []
        for block in self.blocks:
            addresses = block.options.get("bind") or ["::"]
            for zone_address in block.addresses:
                for address in addresses:
                    if (zone_address.port, address) not in points:
                        points.append((zone_address.port, address))
        return points

    def banner(self) -> str:
        keys = [f"{a.zone}:{a.port}" for b in self.blocks for a in b.addresses]
        reload_line = ""
        if self.reload_interval is not None:
            digest = hashlib.sha512(self.corefile_text.encode()).hexdigest()
            reload_line = f"[INFO] plugin/reload: Running configuration SHA512 = {digest}\n"
        return "".join(k + "\n" for k in keys) + reload_line + f"{VERSION}\n{BUILD}\n"

    def _listen_http(self) -> None:
        """health (:8080/health) and ready (:8181/ready) answer "OK" over HTTP, as CoreDNS does."""
        try:
            from course_lib.http import transport as http_transport
            from course_lib.http.message import Request as HttpRequest, Response as HttpResponse
        except ImportError:
            return
        ports: dict[int, list[str]] = {}
        for port, path in self.http_endpoints:
            ports.setdefault(port, []).append(path)
        for port, paths in ports.items():
            def handle(request: Any, client: tuple[str, int], paths: list[str] = paths) -> Any:
                if isinstance(request, HttpRequest) and request.path in paths:
                    return HttpResponse(200, [("Date", ""), ("Content-Length", "2"),
                                              ("Content-Type", "text/plain; charset=utf-8")], "OK")
                return HttpResponse(404, [("Content-Type", "text/plain; charset=utf-8"),
                                          ("X-Content-Type-Options", "nosniff"), ("Content-Length", "19")],
                                    "404 page not found\n")
            try:
                listener = http_transport.listen(self.ctx.netns, "::", port, handle, owner="coredns",
                                                 pid=self.pid or 0)
            except OSError:
                continue
            self.http_listeners.append(listener)

    def stop(self) -> None:
        for netns, listener in self.listeners:
            unbind(netns, listener)
        for listener in self.http_listeners:
            if listener in self.ctx.netns.sockets:
                self.ctx.netns.sockets.remove(listener)
        self.listeners, self.http_listeners = [], []
        self.running = False

    def reload(self) -> bool:
        """Re-read the Corefile (the reload plugin); keep the running config when the new one is wrong."""
        text = self.read(getattr(self, "read_path", self.conf_path))
        if text is None or text == self.corefile_text:
            return False
        try:
            blocks = self.configure(text)
        except CorefileError as exc:
            self.log_line(f"[ERROR] Restart failed: {exc}")
            return False
        self.log_line("[INFO] Reloading")
        self.blocks, self.corefile_text = blocks, text
        digest = hashlib.sha512(text.encode()).hexdigest()
        self.log_line(f"[INFO] plugin/reload: Running configuration SHA512 = {digest}")
        self.log_line("[INFO] Reloading complete")
        return True

    def _handler_for(self, port: int, tcp: bool = False) -> Any:
        def handler(query: Message, client: tuple[str, int]) -> Optional[Message]:
            return self.on_query(query, client, port, tcp)
        return handler

    def on_query(self, query: Message, client: tuple[str, int], port: Optional[int] = None,
                 tcp: bool = False) -> Optional[Message]:
        if self.reload_interval is not None and self.now() - self.last_reload_check >= self.reload_interval:
            self.last_reload_check = self.now()
            self.reload()
        return scrub(query, self.answer(query, client, self.default_port if port is None else port), tcp)

    def answer(self, query: Message, client: tuple[str, int], port: int) -> Message:
        """Route a query to the server block with the longest matching zone; REFUSED when none serves it."""
        qname = query.qname.lower()
        best: Optional[tuple[int, Block, str]] = None
        for block in self.blocks:
            for address in block.addresses:
                if address.port != port:
                    continue
                zone = address.zone
                if zone == "." or qname == zone or qname.endswith("." + zone):
                    score = 0 if zone == "." else len(zone)
                    if best is None or score > best[0]:
                        best = (score, block, zone)
        if best is None:
            response = query.reply()
            response.rcode = "REFUSED"
            return response
        return best[1].handle(Request(query, client, self, best[2], port))


def scrub(query: Message, response: Optional[Message], tcp: bool = False) -> Optional[Message]:
    """What CoreDNS's server does to every reply (request.SizeAndDo, Scrub): the query's OPT record comes
    back with the client's UDP size and its supported options (dig's COOKIE echoed); the reply is cut to the
    client's size (truncation.truncate: uncompressed when it fits so, else compressed, TC when records had to
    go) and a UDP reply over 1480 bytes is compressed all the same."""
    if response is None or response.__class__ is not Message:
        return response
    if query.edns is not None and response.edns is not None:
        response.edns = query.edns
        if response.cookie is None:         # options a plugin set ("" for none) stay; else the query's
            response.cookie = query.cookie
    truncate(response, client_size(query, tcp))
    if not response.compress and not tcp and len(response) > 1480:
        response.compress = True
    return response


def _http_port(args: list[str], default: int) -> int:
    if args and ":" in args[0] and args[0].rsplit(":", 1)[1].isdigit():
        return int(args[0].rsplit(":", 1)[1])
    return default


def _duration(text: str) -> Optional[float]:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    for unit in ("ms", "s", "m", "h"):
        if text.endswith(unit) and text[:-len(unit)].replace(".", "", 1).isdigit():
            return float(text[:-len(unit)]) * units[unit]
    return None


def _bind_tcp(netns: Any, port: int, handler: Any, pid: Optional[int], address: str, udp: Any) -> Any:
    """CoreDNS's TCP listener beside its UDP one (same address and port); OSError after closing `udp`."""
    from course_lib.http import transport as tcp_transport

    def serve(query: Any, client: tuple[str, int]) -> Any:
        return handler(query, client) if isinstance(query, Message) else None
    try:
        return tcp_transport.listen(netns, address, port, serve, "coredns", pid or 0)
    except OSError:
        unbind(netns, udp)
        raise


def _bind_beside_stub(netns: Any, port: int, handler: Any, pid: Optional[int], address: str = "::") -> Any:
    """Bind address:port; the machine's 127.0.0.53 stub keeps its own, more specific socket."""
    stub = [s for s in netns.sockets if getattr(s, "port", None) == port and str(getattr(s, "ip", "")) == "127.0.0.53"]
    for s in stub:
        netns.sockets.remove(s)
    try:
        return bind_udp(netns, address, port, handler, owner="coredns", pid=pid)
    finally:
        netns.sockets.extend(stub)
