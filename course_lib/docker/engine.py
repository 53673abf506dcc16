"""The state of one machine's Docker engine: its networks, containers and pulled images."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Optional

from course_lib.docker import ids
from course_lib.net.wallclock import EPOCH_DATETIME
from course_lib.docker.images import Image, LocalImages

if TYPE_CHECKING:
    from course_lib.net.machine import Machine

# Model time 0 on the wall clock (the lab's deterministic "now" is EPOCH + Network.clock).
EPOCH = EPOCH_DATETIME
DEFAULT_BRIDGE_SUBNET = ipaddress.IPv4Network("172.17.0.0/16")
ENGINE_VERSION = "28.2.2"
API_VERSION = "1.50"


@dataclass(eq=False)
class DockerNetwork:
    """A network of the engine: the default bridge, host, none, or a user-defined bridge."""

    id: str
    name: str
    driver: str                                  # bridge, host, null
    created: float
    subnet: Optional[ipaddress.IPv4Network] = None
    gateway: Optional[ipaddress.IPv4Address] = None
    bridge: str = ""                             # docker0, br-<12hex>
    internal: bool = False
    user_defined: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    ip_range: Optional[ipaddress.IPv4Network] = None
    taken: set[ipaddress.IPv4Address] = field(default_factory=set)

    @property
    def scope(self) -> str:
        return "local"

    def allocate(self, wanted: Optional[ipaddress.IPv4Address] = None) -> Optional[ipaddress.IPv4Address]:
        """The next free address (or `wanted`), skipping network, gateway and broadcast."""
        assert self.subnet is not None
        if wanted is not None:
            if wanted in self.taken or wanted == self.gateway:
                return None
            self.taken.add(wanted)
            return wanted
        pool = self.ip_range or self.subnet
        for host in pool.hosts():
            if host != self.gateway and host not in self.taken and host != self.subnet.broadcast_address:
                self.taken.add(host)
                return host
        return None

    def release(self, address: Optional[ipaddress.IPv4Address]) -> None:
        self.taken.discard(address)  # type: ignore[arg-type]


@dataclass(eq=False)
class Endpoint:
    """A container's attachment to one network: its veth, address and MAC."""

    network: DockerNetwork
    id: str
    ip: Optional[ipaddress.IPv4Address] = None
    mac: str = ""
    host_veth: str = ""                          # vethXXXXXXX in the machine's root netns
    ifname: str = "eth0"                         # inside the container
    aliases: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Container:
    """A container: config, state, its hidden netns (a machine of its own), endpoints and logs."""

    id: str
    name: str
    image: Image
    path: str
    args: list[str]
    created: float
    env: list[str] = field(default_factory=list)
    network_mode: str = "bridge"
    ports: list[tuple[str, int, int, str]] = field(default_factory=list)   # host_ip, host_port, cport, proto
    auto_remove: bool = False
    tty: bool = False
    interactive: bool = False
    detach: bool = False
    status: str = "created"                      # created, running, exited
    pid: int = 0
    exit_code: int = 0
    started: Optional[float] = None
    finished: Optional[float] = None
    box: Any = None                              # the container's own machine (root netns = its netns)
    endpoints: dict[str, Endpoint] = field(default_factory=dict)   # by network name, in join order
    extra_networks: list[str] = field(default_factory=list)        # `docker network connect`ed, kept across stops
    logs: list[tuple[str, str]] = field(default_factory=list)      # (stream, line)
    servers: list[Any] = field(default_factory=list)               # listening sockets it opened
    proxies: list[Any] = field(default_factory=list)               # docker-proxy listeners on the host
    sandbox_id: str = ""
    hostname: str = ""
    sys_admin: bool = False                      # CAP_SYS_ADMIN: --privileged or --cap-add SYS_ADMIN/ALL
    net_admin: bool = False                      # CAP_NET_ADMIN: --privileged or --cap-add NET_ADMIN/ALL
    identity: Any = None                         # its process's shell.identity.Identity, resolved at start
    user: str = ""                               # -u USER[:GROUP]: anyone but root runs without capabilities
    labels: dict[str, str] = field(default_factory=dict)           # the image's, then -l/--label-file
    extra_hosts: list[tuple[str, str]] = field(default_factory=list)   # --add-host (name, ip)
    dns: list[str] = field(default_factory=list)                   # --dns servers

    @property
    def short_id(self) -> str:
        return ids.short(self.id)

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def argv(self) -> list[str]:
        return [self.path, *self.args] if self.path else list(self.args)

    def log(self, line: str, stream: str = "stdout") -> None:
        self.logs.append((stream, line))


@dataclass(eq=False)
class Engine:
    """One machine's dockerd: started lazily by the first docker command on the machine."""

    machine: "Machine"
    networks: dict[str, DockerNetwork] = field(default_factory=dict)   # by name, creation order
    containers: dict[str, Container] = field(default_factory=dict)     # by id, creation order
    images: LocalImages = field(default_factory=LocalImages)
    next_pid: int = 1000
    started: bool = False
    dockerd_pid: int = 812

    @property
    def rng(self):  # the lab's seeded random source
        return self.machine.network.random()

    @property
    def now(self) -> float:
        return float(getattr(self.machine.network, "clock", 0.0))

    def new_pid(self) -> int:
        self.next_pid += self.rng.randrange(1, 120)
        return self.next_pid

    # -- lookups (docker accepts a name, a full id or a unique id prefix) ---------------
    def find_container(self, ref: str) -> Optional[Container]:
        ref = ref.lstrip("/") if ref.startswith("/") else ref
        for c in self.containers.values():
            if c.id == ref or c.name == ref:
                return c
        matches = [c for c in self.containers.values() if ref and c.id.startswith(ref)]
        return matches[0] if len(matches) == 1 else None

    def find_network(self, ref: str) -> Optional[DockerNetwork]:
        if ref in self.networks:
            return self.networks[ref]
        matches = [n for n in self.networks.values() if ref and n.id.startswith(ref)]
        return matches[0] if len(matches) == 1 else None

    def used_names(self) -> set[str]:
        return {c.name for c in self.containers.values()}

    def used_subnets(self) -> list[ipaddress.IPv4Network]:
        return [n.subnet for n in self.networks.values() if n.subnet is not None]

    def next_subnet(self) -> Optional[ipaddress.IPv4Network]:
        """The next free pool of Docker's default address pools: 172.17-31.0.0/16, then 192.168.x.0/20."""
        used = self.used_subnets() + self.host_subnets()
        candidates = [ipaddress.IPv4Network(f"172.{n}.0.0/16") for n in range(17, 32)]
        candidates += list(ipaddress.IPv4Network("192.168.0.0/16").subnets(new_prefix=20))
        for net in candidates:
            if not any(net.overlaps(u) for u in used):
                return net
        return None

    def host_subnets(self) -> list[ipaddress.IPv4Network]:
        """Networks the machine already routes (Docker skips pools that overlap them)."""
        nets = []
        for route in getattr(self.machine.root, "routes", []):
            if route.dst.version == 4 and route.dst.prefixlen > 0 and route.table == 254:
                nets.append(route.dst)
        return nets

    def timestamp(self, model_time: Optional[float]) -> str:
        """RFC 3339 with nanoseconds, as `docker inspect` shows times."""
        if model_time is None:
            return "0001-01-01T00:00:00Z"
        moment = EPOCH + timedelta(seconds=model_time)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(model_time * 1e9) % 1_000_000_000:09d}Z"

    def wallclock(self, model_time: Optional[float] = None) -> datetime:
        return EPOCH + timedelta(seconds=self.now if model_time is None else model_time)


def engine_of(machine: "Machine") -> Engine:
    """The machine's engine (made on first use; `start` wires docker0 and the iptables rules)."""
    engine = getattr(machine, "docker_engine", None)
    if engine is None:
        engine = Engine(machine)
        machine.docker_engine = engine  # type: ignore[attr-defined]
    return engine
