"""ARP and the neighbour table: resolution with 3 probes, learning as Linux does, NUD state ageing.

Entries only come from ARP that really happened: the requester's entry is INCOMPLETE while it probes
(one broadcast request a second, 3 of them), REACHABLE when a reply arrives, FAILED when nobody
answered (the packets waiting for it get ICMP host unreachable). The target of a request learns the
sender (STALE, as neigh_event_ns does); a STALE entry that is used goes to DELAY and, unconfirmed
after 5 s, to PROBE (unicast requests), then REACHABLE or FAILED. REACHABLE turns STALE after 30 s.
"""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net import devconf, neigh_cache
from course_lib.net import timer_wheel as _timer_wheel
from course_lib.net.events import scheduler
from course_lib.net.l2 import ARP, BROADCAST, IPV4, Frame, node_name, transmit
from course_lib.net.link import LOOPBACK
from course_lib.net.netns import Neighbour

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS
    from course_lib.net.packet import Packet

REQUEST, REPLY = 1, 2
RETRANS_TIME = 1.0           # seconds between probes (retrans_time_ms 1000)
MCAST_PROBES = 3             # broadcast probes for a new entry (mcast_solicit)
UCAST_PROBES = 3
DELAY_FIRST_PROBE = 5.0
REACHABLE_TIME = 30.0        # base_reachable_time
QUEUE_LEN = 101              # packets waiting for one resolution
PROCESS_DELAY = 0.00015      # model time to handle an ARP reply and release the queue
VALID = ("REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT", "NOARP")
ZERO = ipaddress.IPv4Address(0)
IPv4 = ipaddress.IPv4Address


class ArpMessage:
    """An ARP request or reply (op 1/2) with sender and target hardware and protocol addresses."""

    __slots__ = ("op", "sha", "spa", "tha", "tpa", "trace", "bcast")

    def __init__(self, op: int, sha: str, spa: Any, tha: Optional[str], tpa: Any, trace: Any = None,
                 bcast: bool = True) -> None:
        self.op, self.sha, self.spa, self.tha, self.tpa, self.trace = op, sha, spa, tha, tpa, trace
        self.bcast = bcast          # sent to the broadcast address (a unicast probe: False)


def find(netns: "NetNS", link: "Link", ip: Any) -> Optional[Neighbour]:
    """The neighbour entry for `ip` on `link`, or None (a long table is indexed: net.neigh_index)."""
    return _neigh_index.find(netns, link, ip._ip)


def _pending(netns: "NetNS") -> dict:
    pend = netns.__dict__.get("_arp_pending")
    if pend is None:
        pend = netns.__dict__["_arp_pending"] = {}
    return pend


def _now(netns: "NetNS") -> float:
    return netns.machine.network.clock


def age(n: Neighbour, now: float) -> None:
    """Bring one entry's NUD state up to model time `now` (REACHABLE -> STALE)."""
    if n.state == "REACHABLE" and now - n.updated > REACHABLE_TIME:
        n.state = "STALE"


def refresh(netns: "NetNS") -> None:
    """Age every entry of the netns to the current model time (call before showing the table)."""
    now = _now(netns)
    for n in netns.neighbours:
        age(n, now)


def cached_mac(netns: "NetNS", link: "Link", ip: Any) -> Optional[str]:
    """The MAC the table already holds for `ip` on `link` (no resolution), or None."""
    n = find(netns, link, ip)
    return n.mac if n is not None and n.state in VALID else None


def _find_v4(netns: "NetNS", link: "Link", key: int) -> Optional[Neighbour]:
    """find() for an IPv4 address given as its int (this runs for every packet sent)."""
    entries = netns.neighbours
    if len(entries) > _neigh_index.SHORT:       # a long table (flannel: an entry per node): indexed
        return _neigh_index.find(netns, link, key)
    for n in entries:
        if n.link is link and n.ip._ip == key and isinstance(n.ip, IPv4):    # not ._version: a generic load
            return n
    return None


def valid_mac(netns: "NetNS", link: "Link", key: int) -> Optional[str]:
    """The MAC resolve_and_send sends to at once, with what it does to the entry then (DELAY and PROBE:
    used now), for the IPv4 next hop `key` (an int); None, with nothing done, when it has more to do (no
    entry or no MAC, STALE or a REACHABLE whose time is up, INCOMPLETE, FAILED)."""
    entries = netns.neighbours
    if len(entries) > _neigh_index.SHORT:
        n = _neigh_index.find(netns, link, key)
    else:                                       # _find_v4's walk, without a call
        for n in entries:
            if n.link is link and n.ip._ip == key and isinstance(n.ip, IPv4):
                break
        else:
            return None
    if n is None or n.mac is None:
        return None
    state = n.state
    if state == "REACHABLE":
        if netns.machine.network.clock - n.updated > REACHABLE_TIME:
            return None
    elif state == "DELAY" or state == "PROBE":
        n.used = netns.machine.network.clock
    elif state != "PERMANENT" and state != "NOARP":
        return None
    return n.mac


def resolve_and_send(netns: "NetNS", link: "Link", nexthop: Any, pkt: "Packet", dst_mac: Optional[str] = None) -> None:
    """Send IPv4 `pkt` out of `link` to `nexthop`, resolving its MAC with ARP when needed."""
    if link.kind == LOOPBACK:
        n = loopback_entry(netns, link)
        if n.state == "NOARP" or n.state == "PERMANENT":   # another MAC: eth_type_trans makes it OTHERHOST
            transmit(link, Frame(link.mac, n.mac, IPV4, pkt))
            return
        nexthop = ZERO                  # a learner's entry in another state: it is used (and resolved) as any
    if dst_mac is not None:
        transmit(link, Frame(link.mac, dst_mac, IPV4, pkt))
        return
    n = _find_v4(netns, link, nexthop._ip)
    now = netns.machine.network.clock
    if n is not None and n.mac is not None:
        state = n.state
        if state == "REACHABLE" and now - n.updated > REACHABLE_TIME:
            state = n.state = "STALE"
        if state == "STALE":
            n.state = "DELAY"
            n.updated = n.used = now
            scheduler(netns.machine.network).after(DELAY_FIRST_PROBE, _delay_expired, netns, n)
        elif state == "DELAY" or state == "PROBE":
            n.used = now                        # neigh_event_send: not connected
        if state in VALID:
            tr = pkt.trace
            if tr is not None:
                tr.add(node_name(netns), "arp", f"{nexthop} dev {link.name} lladdr {n.mac} {n.state}")
            transmit(link, Frame(link.mac, n.mac, IPV4, pkt))
            return
    queue = _pending(netns).setdefault((nexthop, link), [])
    if len(queue) >= QUEUE_LEN:
        queue.pop(0)
    queue.append(pkt)
    if n is not None and n.state == "INCOMPLETE":
        n.used = now
        return                                  # already probing: wait with the others
    if n is None:
        n = Neighbour(ip=nexthop, link=link, mac=None, state="INCOMPLETE", updated=now)
        neigh_cache.born(n, now)
        netns.neighbours.append(n)
    else:
        n.state, n.mac, n.updated, n.used = "INCOMPLETE", None, now, now
    n.probes = UCAST_PROBES
    _probe(netns, link, n, pkt, broadcast=True)
    scheduler(netns.machine.network).after(_timer_wheel.delay(now, RETRANS_TIME), _retry, netns, link, n, 1)


def loopback_entry(netns: "NetNS", link: "Link") -> Neighbour:
    """The one IPv4 neighbour entry of a loopback device, which every next hop there shares: arp_constructor
    keys it 0.0.0.0 and makes it NOARP with the device's own address (confirmed 2 x reachable time ago)."""
    n = _find_v4(netns, link, 0)
    if n is None:
        now = _now(netns)
        n = Neighbour(ip=ZERO, link=link, mac=link.mac, state="NOARP", updated=now)
        n.used, n.confirmed = now, now - neigh_cache.ALLOC_AGE
        netns.neighbours.append(n)
    return n


def _arp_source(netns: "NetNS", link: "Link", target: Any, pkt: Optional["Packet"]) -> Any:
    """The sender IP of a request for `target`: arp_announce's choice (net.arp_policy), 0.0.0.0 when none."""
    src = _policy.request_source(netns, link, target, pkt, local_v4(netns))
    return ZERO if src is None else src


def _probe(netns: "NetNS", link: "Link", n: Neighbour, pkt: Optional["Packet"], broadcast: bool,
           waiting: Optional["Packet"] = None) -> None:
    """Send one request for `n` (`pkt` traced); its sender address is for `pkt`, or else the newest packet
    `waiting` in the queue (neigh_probe's skb_peek_tail)."""
    tr = pkt.trace if pkt is not None else None
    spa = _arp_source(netns, link, n.ip, pkt if pkt is not None else waiting)
    if tr is not None:
        tr.add(node_name(netns), "arp", f"who-has {n.ip} tell {spa} ({link.name})")
    dst = BROADCAST if broadcast or n.mac is None else n.mac
    msg = ArpMessage(REQUEST, link.mac, spa, None, n.ip, tr, dst == BROADCAST)
    n.probes += 1
    transmit(link, Frame(link.mac, dst, ARP, msg))


def _retry(netns: "NetNS", link: "Link", n: Neighbour, sent: int) -> None:
    if n.state != "INCOMPLETE" or n not in netns.neighbours:
        return
    queue = _pending(netns).get((n.ip, link), [])
    if sent < MCAST_PROBES:
        for pkt in queue:
            if pkt.trace is not None:
                pkt.trace.add(node_name(netns), "arp", f"no reply from {n.ip} yet: INCOMPLETE, "
                                                       f"probe {sent + 1} of {MCAST_PROBES}")
        _probe(netns, link, n, None, broadcast=True, waiting=queue[-1] if queue else None)
        network = netns.machine.network             # a timer_list timer: the wheel's bucket
        scheduler(network).after(_timer_wheel.delay(network.clock, RETRANS_TIME), _retry, netns, link, n, sent + 1)
        return
    n.state = "FAILED"
    n.updated = _now(netns)
    waiting = _pending(netns).pop((n.ip, link), [])
    for pkt in waiting:
        if pkt.trace is not None:
            pkt.trace.add(node_name(netns), "drop",
                          f"no ARP reply from {n.ip} on {link.name} after {MCAST_PROBES} probes: FAILED "
                          "(Destination Host Unreachable)")
        _icmp.icmp_error(netns, pkt, 3, 1)


def _reachable_expired(n: Neighbour, confirmed: float) -> None:
    """reachable_time passed without a new confirmation: REACHABLE -> STALE."""
    if n.state == "REACHABLE" and n.updated == confirmed:
        n.state = "STALE"


def _delay_expired(netns: "NetNS", n: Neighbour) -> None:
    if n.state != "DELAY" or n not in netns.neighbours:
        return
    n.state, n.probes, n.updated, n.used = "PROBE", 0, _now(netns), _now(netns)
    _probe(netns, n.link, n, None, broadcast=False)
    scheduler(netns.machine.network).after(RETRANS_TIME, _probe_check, netns, n, 1)


def _probe_check(netns: "NetNS", n: Neighbour, sent: int) -> None:
    if n.state != "PROBE" or n not in netns.neighbours:
        return
    if sent < UCAST_PROBES:
        _probe(netns, n.link, n, None, broadcast=False)
        scheduler(netns.machine.network).after(RETRANS_TIME, _probe_check, netns, n, sent + 1)
        return
    n.state, n.mac, n.updated = "FAILED", None, _now(netns)


def _update(netns: "NetNS", link: "Link", ip: Any, mac: str, state: str, create: bool) -> Optional[Neighbour]:
    """neigh_update: set the MAC and state (a STALE update with an unchanged MAC keeps the state)."""
    n = find(netns, link, ip)
    now = _now(netns)
    if n is None:
        if not create:
            return None
        n = Neighbour(ip=ip, link=link, mac=mac, state=state, updated=now)
        neigh_cache.born(n, now)
        netns.neighbours.append(n)
    elif n.state in ("PERMANENT", "NOARP"):
        return n
    elif state == "STALE" and n.mac == mac and n.state in VALID:
        pass
    else:
        new_mac = n.mac != mac
        n.mac, n.state, n.updated = mac, state, now
        neigh_cache.confirm(n, now, new_mac)
    if n.state == "REACHABLE":
        scheduler(netns.machine.network).after(REACHABLE_TIME, _reachable_expired, n, n.updated)
    queue = _pending(netns).pop((ip, link), None)
    if queue:
        scheduler(netns.machine.network).after(PROCESS_DELAY, _flush, netns, link, n, queue)
    return n


def _flush(netns: "NetNS", link: "Link", n: Neighbour, queue: list) -> None:
    for pkt in queue:
        if n.mac is None:
            break
        if pkt.trace is not None:
            pkt.trace.add(node_name(netns), "arp", f"{n.ip} dev {link.name} lladdr {n.mac} {n.state}")
        transmit(link, Frame(link.mac, n.mac, IPV4, pkt))


def local_v4(netns: "NetNS") -> dict[int, list]:
    """The netns's IPv4 addresses by integer value, rebuilt when the address list holds other objects
    (an Address never changes its interface or link; addresses are only added and removed)."""
    addresses = netns.addresses
    cached = netns.__dict__.get("_arp_local")
    if cached is None or cached[0] != addresses:        # Addresses compare by identity: C speed
        index: dict[int, list] = {}
        for a in addresses:
            iface = a.interface
            if iface._version == 4:
                index.setdefault(iface._ip, []).append(a)
        cached = netns.__dict__["_arp_local"] = (list(addresses), index)
    return cached[1]


def owns_v4(netns: "NetNS", key: int) -> bool:
    """Whether `key` (an int) is one of the netns's IPv4 addresses: `key in local_v4(netns)`, with a short
    list walked instead of indexed (a pod's four addresses, seen once by its node's first ARP flood: no
    index is made for a netns that may never be asked again)."""
    addresses = netns.addresses
    if len(addresses) > 8:
        return key in local_v4(netns)
    for a in addresses:
        iface = a.interface
        if iface._ip == key and iface._version == 4:
            return True
    return False


def _is_local(netns: "NetNS", ip: Any) -> bool:
    """Whether `ip` is an IPv4 address of this netns on a link that is up."""
    found = local_v4(netns).get(ip._ip)
    return found is not None and any(a.link.admin_up for a in found)


def arp_receive(netns: "NetNS", link: "Link", msg: ArpMessage) -> None:
    """An ARP message arrives on `link`: answer requests for our addresses, learn from replies.

    A request for an address that is not ours only refreshes an entry the table already has for the
    sender (arp_process: nothing is created), so a flood costs the netns that are not asked little."""
    spa = msg.spa
    if msg.op == REQUEST:
        if _is_local(netns, msg.tpa):
            if spa != ZERO and _martian(netns, link, spa, msg.tpa):
                return
            if _policy.ignores(netns, link, spa, msg.tpa) or \
                    spa != ZERO and _policy.filtered(netns, link, spa, msg.tpa):
                return                              # arp_ignore / arp_filter: no reply, nothing learnt
            if spa != ZERO:
                _update(netns, link, spa, msg.sha, "STALE", create=True)
            if msg.trace is not None:
                msg.trace.add(node_name(netns), "arp", f"{msg.tpa} is at {link.mac}")
            _send_reply(link, msg)
        elif _proxy.answers(netns, link, spa, msg.tpa):
            _update(netns, link, spa, msg.sha, "STALE", create=True)      # neigh_event_ns
            delay = _proxy.reply_delay(netns, link, msg.bcast)
            if msg.trace is not None:
                msg.trace.add(node_name(netns), "arp", f"proxy: {msg.tpa} is at {link.mac}"
                              + (f" (after proxy_delay {delay:.3f} s)" if delay else ""))
            if delay:
                scheduler(netns.machine.network).after(delay, _proxy_redo, netns, link, msg)
            else:
                _send_reply(link, msg)
        elif netns.neighbours and spa._ip:
            n = find(netns, link, spa)
            if n is not None and n.mac != msg.sha and not _locked(netns, n):
                _update(netns, link, spa, msg.sha, "STALE", create=False)
        return
    if msg.op == REPLY:
        n = find(netns, link, spa)
        if n is None:
            return                                  # unsolicited (arp_accept=0): ignored
        if n.mac != msg.sha and _locked(netns, n):
            return                                  # another answer came first: the first one stays
        if msg.trace is not None and n.state == "INCOMPLETE":
            msg.trace.add(node_name(netns), "arp", f"reply {spa} is-at {msg.sha} on {link.name}: REACHABLE")
        _update(netns, link, spa, msg.sha, "REACHABLE", create=False)


def _locked(netns: "NetNS", n: Neighbour) -> bool:
    """A valid entry changed less than locktime ago (net.ipv4.neigh.DEV.locktime, 1 s) keeps its MAC against
    another answer (arp_process: no NEIGH_UPDATE_F_OVERRIDE, so neigh_update leaves it): the first reply wins."""
    if n.state not in VALID or n.state in ("PERMANENT", "NOARP"):
        return False
    sysctls = netns.sysctls
    raw = sysctls.get(f"net.ipv4.neigh.{n.link.name}.locktime") or sysctls.get("net.ipv4.neigh.default.locktime")
    locktime = int(raw) / 100 if raw and raw.isdigit() else 1.0
    return _now(netns) <= n.updated + locktime


def _martian(netns: "NetNS", link: "Link", spa: Any, tpa: Any) -> bool:
    """arp_process's ip_route_input_noref(tip, sip, dev) fails: a loopback target (route_localnet off) or one
    of our own addresses as the sender (fib_validate_source, accept_local off): no reply, nothing learnt."""
    if tpa._ip >> 24 == 127 and not devconf.orconf(netns, link, "route_localnet"):
        return True
    return owns_v4(netns, spa._ip) and not devconf.orconf(netns, link, "accept_local")


def _send_reply(link: "Link", msg: ArpMessage) -> None:
    """arp_send: `msg.tpa` is at the receiving device's MAC, to the requester's hardware address."""
    reply = ArpMessage(REPLY, link.mac, msg.tpa, msg.sha, msg.spa, msg.trace)
    transmit(link, Frame(link.mac, msg.sha, ARP, reply))


def _proxy_redo(netns: "NetNS", link: "Link", msg: ArpMessage) -> None:
    """arp_redo after proxy_delay: the request is looked at again (LOCALLY_ENQUEUED: answered at once)."""
    if link.admin_up and link.netns is netns and _proxy.answers(netns, link, msg.spa, msg.tpa):
        _send_reply(link, msg)


# the datapath's modules call each other; bound here, after every definition
from course_lib.net import arp_policy as _policy  # noqa: E402
from course_lib.net import icmp as _icmp  # noqa: E402
from course_lib.net import neigh_index as _neigh_index  # noqa: E402
from course_lib.net import proxy_arp as _proxy  # noqa: E402
