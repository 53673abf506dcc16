"""Network interfaces of the model: loopback, NICs cabled to switches, veth pairs and bridges."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from course_lib.net.quick import maker

if TYPE_CHECKING:
    from course_lib.net.netns import NetNS
    from course_lib.net.macvlan import MacvlanConfig
    from course_lib.net.vxlan import VxlanConfig
    from course_lib.net.switch import Switch

LOOPBACK = "loopback"   # lo
ETHER = "ether"         # a NIC made by Lab.connect, cabled to a switch
VETH = "veth"
BRIDGE = "bridge"
VXLAN = "vxlan"          # a VXLAN tunnel endpoint (course_lib.net.vxlan: settings, fdb, encapsulation)
MACVLAN = "macvlan"      # a device with its own MAC on a lower device (course_lib.net.macvlan)
DUMMY = "dummy"          # kube-proxy's kube-ipvs0 (made by course_lib.k8s.kubeproxy.ipvs; BROADCAST,NOARP)

# A bridge that found no port with carrier remembers the epoch (`_none_since`) and answers False again
# without looking at its ports while it lasts. course_lib.net.links bumps it when a link is made, moved,
# deleted or released, and on set up/down or enslaving forgets it only for the bridges of the link and its
# peer when one of the two has carrier now (links._ports_changed; every bridge when macvlans are near).
carrier_epoch = 0


@dataclass
class FdbEntry:
    """One learned (or static) bridge forwarding entry."""

    mac: str
    port: "Link"
    static: bool = False
    local: bool = False      # the bridge's own / port's own address ("permanent")
    sticky: bool = False     # added `sticky`: learning never moves it to another port (a static one else roams)
    age: float = 0.0         # model time of the last refresh


@dataclass(eq=False)
class Link:
    """A network device in one netns, with the state `ip link` shows."""

    name: str
    kind: str
    ifindex: int
    mac: str
    netns: "NetNS"
    mtu: int = 1500
    admin_up: bool = False
    master: Optional["Link"] = None
    peer: Optional["Link"] = None              # the other end of a veth
    switch: Optional["Switch"] = None          # the switch a NIC is cabled to
    fdb: dict[str, FdbEntry] = field(default_factory=dict)   # bridges only, by MAC
    port_state: str = "forwarding"             # as a bridge port: disabled/listening/learning/forwarding/blocking
    txqlen: int = 1000
    alias: Optional[str] = None
    altnames: list[str] = field(default_factory=list)
    qdisc: str = "noop"                        # becomes "noqueue" when first brought up (veth, bridge, lo)
    mac_set: bool = False                      # bridges: an address was set by hand (no port MAC inheritance)
    had_ports: bool = False                    # bridges: had a port once (carrier then follows the ports)
    stats: Optional[dict] = None               # rx/tx counters, made lazily by the datapath
    group: str = "default"
    has_v6: bool = False                       # has an IPv6 address (kept by course_lib.net.addrs)
    carrier_hint: Optional["Link"] = None       # bridges: a port last seen with carrier (checked first)
    port_list: list["Link"] = field(default_factory=list)   # bridges: their ports (kept by course_lib.net.links)
    uc_list: list[str] = field(default_factory=list)   # extra unicast addresses (`bridge fdb add MAC dev X self`)
    nocarrier_state: str = "DOWN"              # veth: operstate without carrier, fixed at the last carrier event
    vxlan: Optional["VxlanConfig"] = None       # vxlan devices: id, dstport, remote/local, lower device, fdb
    macvlan: Optional["MacvlanConfig"] = None   # macvlan devices: lower device, mode
    macvlan_port: Optional[list["Link"]] = None  # a lower device: the macvlans stacked on it
    port_opts: Optional[dict] = None           # bridge ports: `bridge link set` settings (cost, priority, hairpin...)
    mtu_by_user: bool = False                  # bridges: MTU set by hand (no more following the ports)
    bridge_opts: Optional[dict[str, int]] = None  # bridges: settings changed from the defaults (net/bridge_opts.py)
    user_flags: Optional[dict[str, bool]] = None  # `ip link set ... promisc/arp/multicast/allmulticast`: IFF_* set/cleared
    _none_since = -1                 # bridges: the carrier_epoch their ports were last all found without carrier

    @property
    def is_loopback(self) -> bool:
        return self.kind == LOOPBACK

    def ports(self) -> list["Link"]:
        """The links enslaved to this bridge, in ifindex order."""
        return sorted(self.port_list, key=lambda l: l.ifindex)

    def carrier(self) -> bool:
        """Whether the link has carrier (LOWER_UP), as the kernel computes it."""
        if not self.admin_up:
            return False
        kind = self.kind                            # (the commonest kinds first)
        if kind == VETH:
            peer = self.peer
            return peer is not None and peer.admin_up
        if kind == LOOPBACK:
            return True
        if kind == ETHER:
            return self.switch is not None
        if kind == MACVLAN:
            return self.macvlan is not None and self.macvlan.lower.carrier()
        if kind == BRIDGE:
            # a bridge has carrier when at least one port is up with carrier, or it has no ports
            ports = self.port_list
            if not ports:
                return not self.had_ports
            if self.bridge_opts and self.bridge_opts.get("stp_state"):      # kernel STP: a port forwards
                from course_lib.net.stp import carrier
                return carrier(self)
            hint = self.carrier_hint
            if hint is not None and hint.master is self and hint.admin_up and (
                    hint.peer.admin_up if hint.kind == VETH and hint.peer is not None else hint.carrier()):
                return True
            if self._none_since == carrier_epoch:
                return False
            for p in ports:
                if p.admin_up and (p.kind != VETH or (p.peer is not None and p.peer.admin_up)) and p.carrier():
                    self.carrier_hint = p
                    return True
            self._none_since = carrier_epoch
            return False
        return True

    def operstate(self) -> str:
        """The RFC 2863 operstate `ip link` prints after `state`."""
        if not self.admin_up:
            return "DOWN"
        if self.kind in (LOOPBACK, VXLAN):
            return "UNKNOWN"
        if self.kind == BRIDGE:
            if self.carrier():
                return "UP" if self.had_ports else "UNKNOWN"
            return "DOWN"
        if self.carrier():
            return "UP"
        if self.kind == MACVLAN:
            return "LOWERLAYERDOWN"
        return self.nocarrier_state if self.kind == VETH else "DOWN"

    def oper_down(self) -> bool:
        """netif_oper_down(): operstate DOWN or LOWERLAYERDOWN."""
        return self.operstate() in ("DOWN", "LOWERLAYERDOWN")

    def carrier_event(self) -> None:
        """Linkwatch after a carrier change: the kernel looks the peer's ifindex up in THIS netns
        (default_operstate) and keeps the answer until the next carrier event."""
        if self.kind != VETH or self.peer is None:
            return
        other = self.netns.links.get(self.peer.ifindex)
        # default_operstate: a peer ifindex equal to the device's own answers DOWN without a lookup
        self.nocarrier_state = ("LOWERLAYERDOWN" if other is not None and other is not self and other.oper_down()
                                else "DOWN")

    def kernel_flags(self) -> list[str]:
        """The IFF_* flag names the kernel reports (RUNNING and LOWER_UP included), in iproute2 order."""
        flags = ["LOOPBACK"] if self.kind == LOOPBACK else ["BROADCAST", "NOARP"] if self.kind == DUMMY \
            else ["BROADCAST", "MULTICAST"]
        if self.user_flags:
            for name, on in self.user_flags.items():
                if on and name not in flags:
                    flags.append(name)
                elif not on and name in flags:
                    flags.remove(name)
        if self.admin_up:
            flags.append("UP")
            if self.operstate() in ("UP", "UNKNOWN"):
                flags.append("RUNNING")
            if self.carrier():
                flags.append("LOWER_UP")
        return flags

    def stat(self, key: str, amount: int = 1) -> None:
        """Add to a counter (rx_packets, rx_bytes, tx_packets, tx_bytes, rx_dropped, tx_dropped...)."""
        if self.stats is None:
            self.stats = {}
        self.stats[key] = self.stats.get(key, 0) + amount



# new_link(name, kind, ifindex, mac, netns): Link(name=..., kind=..., ...) made without a call through type()
new_link = maker(Link, ("name", "kind", "ifindex", "mac", "netns"), {}, ("a", VETH, 3, "02:00:00:00:00:01", None))
