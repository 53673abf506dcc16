"""RealBackend: the Lab contract on the kernel — machines and switches are netns the lab made.

Naming (every name carries the lab marker `clab-<lab_id>-`, <lab_id> random per lab):
- machine number i (the default "host" is 0): its root netns is `clab-<id>-h<i>`;
- a netns the learner makes on machine i with `ip netns add red` is `clab-<id>-h<i>-red`; that
  machine's `ip netns list` shows it as `red`, other machines do not see it at all;
- switch number j is netns `clab-<id>-s<j>` holding bridge `br0`; `connect` adds a veth whose
  one end is the machine's NIC (DOWN, no address) and whose other end `p<k>` is a port of `br0`.
Nothing is ever made in the machine's own root netns: the process opens netlink sockets only inside
netns it created (see nsworker). close(), interpreter exit and `python -m course_lib cleanup` remove it all.
"""
from __future__ import annotations

import os
import weakref
from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.backends.real import ledger as ledger_mod
from course_lib.backends.real import linkops
from course_lib.backends.real.nsworker import NetnsWorker
from course_lib.backends.real.proxyneigh import forget_deviceless
from course_lib.backends.real.preflight import check
from course_lib.result import CommandError, CommandResult


@dataclass(eq=False)
class NetnsHandle:
    """One kernel netns made by the lab: its /run/netns name, an fd on it and a netlink socket in it."""

    realname: str
    fd: int
    nl: Any                                # nlconn.NetlinkConn: a netlink socket made inside this netns
    name: str = ""                         # the `ip netns` name on its machine ("" = the machine's root)
    machine: Optional["RealMachine"] = None
    cables: set = field(default_factory=set)   # ifindexes of NICs made by connect (shown as plain NICs)
    nsids: dict = field(default_factory=dict)  # machine netns name -> its nsid as seen from here
    names: Optional[tuple] = None              # ((lab generation, generation), [(ifindex, name)]) cache
    generation: int = 0                        # bumped when links appear, vanish or are renamed here


@dataclass(eq=False)
class RealMachine:
    name: str
    index: int
    root: NetnsHandle
    model: Any                             # a course_lib.net.machine.Machine: hostname, files, processes
    netns: dict[str, NetnsHandle] = field(default_factory=dict)   # `ip netns add` order


@dataclass(eq=False)
class RealSwitch:
    name: str
    ns: NetnsHandle
    bridge: int = 0                        # ifindex of br0 in the switch's netns
    ports: int = 0


class _Resources:
    """What teardown needs, kept apart from the backend so a weakref finalizer can run it."""

    def __init__(self, lab_id: str) -> None:
        self.lab_id = lab_id
        self.pid = os.getpid()
        self.ledger = ledger_mod.Ledger(lab_id)
        self.worker = NetnsWorker()
        self.handles: list[NetnsHandle] = []
        self.netns_names: list[str] = []
        self.etc_dirs: list[str] = []
        self.closed = False

    def teardown(self) -> None:
        if self.closed:
            return
        self.closed = True
        if os.getpid() != self.pid:       # a forked child exiting must not tear down its parent's lab
            return
        for handle in self.handles:
            forget_deviceless(handle.nl)
            try:
                handle.nl.close()
            except Exception:
                pass
            try:
                os.close(handle.fd)
            except OSError:
                pass
        self.handles.clear()
        self.worker.close()
        self.ledger.close()
        record = ledger_mod.LabRecord(self.lab_id, netns=list(self.netns_names), etc_dirs=list(self.etc_dirs))
        ledger_mod.undo(record)


class RealBackend:
    """Lab backend over the kernel: pyroute2 in-process, real binaries through `ip netns exec`."""

    name = "real"

    def __init__(self, seed: int = 0) -> None:
        check()
        from course_lib.backends.real import binaries  # noqa: F401  (registers the real-binary commands)
        self.seed = seed
        self.lab: Any = None
        self.lab_id = ledger_mod.new_lab_id()
        self.marker = ledger_mod.marker(self.lab_id)
        self._res = _Resources(self.lab_id)
        self._finalizer = weakref.finalize(self, _Resources.teardown, self._res)
        self.resolver_cache: dict[str, dict[str, str]] = {}
        self._scratch: Optional[str] = None
        self.link_generation = 0        # bumped by every change of a link's existence, name or netns
        self.altnames = False           # an altname was given: a name the cache lacks is asked of the kernel
        self.machines: dict[str, RealMachine] = {}
        self.switches: dict[str, RealSwitch] = {}
        from course_lib.net.world import Network
        self.network_shadow = Network(seed=seed)  # hosts the shadow machines' files; no links in it

    def attach_lab(self, lab: Any) -> None:
        self.lab = lab

    # -- netns ------------------------------------------------------------------------------
    def _new_netns(self, realname: str, lo_up: bool) -> NetnsHandle:
        from course_lib.backends.real.nlconn import NetlinkConn
        res = self._res
        if res.closed:
            raise ValueError("this lab is closed")
        res.ledger.netns(realname)                       # write-ahead: recorded before it exists
        res.netns_names.append(realname)
        fd, sock = res.worker.create(realname)
        handle = NetnsHandle(realname, fd, NetlinkConn(sock))
        handle.names = ((self.link_generation, 0), [(1, "lo")])     # a new netns has only lo, ifindex 1
        res.handles.append(handle)
        if lo_up:
            linkops.link_set(handle.nl, 1, up=True)
        return handle

    def _drop_netns(self, handle: NetnsHandle) -> None:
        from course_lib.backends.real.nsworker import remove_netns
        res = self._res
        peers = _peer_links(handle, res.handles)
        ledger_mod.kill_processes_in([handle.realname])
        forget_deviceless(handle.nl)
        try:
            handle.nl.close()
        except Exception:
            pass
        try:
            os.close(handle.fd)
        except OSError:
            pass
        self.resolver_cache.pop(handle.realname, None)
        if handle in res.handles:
            res.handles.remove(handle)
        self.link_generation += 1
        remove_netns(handle.realname)
        etc = f"{ledger_mod.ETC_NETNS}/{handle.realname}"
        if etc in res.etc_dirs:
            ledger_mod._remove_tree(etc)
        _await_destroyed(peers)

    def netns_add(self, machine: RealMachine, name: str) -> NetnsHandle:
        """`ip netns add NAME` on a machine: a private netns `<machine root>-NAME`, only lo (DOWN)."""
        from course_lib.net.netns import NetNS
        if not name or "/" in name or "\0" in name or name in (".", ".."):   # never a path outside /run/netns
            raise CommandError(f'Invalid netns name "{name}"', 255)
        if len(f"{machine.root.realname}-{name}".encode()) > 255:
            raise CommandError(f'Cannot create namespace file "/run/netns/{name}": File name too long', 1)
        if name in machine.netns:
            raise CommandError(f'Cannot create namespace file "/run/netns/{name}": File exists', 1)
        handle = self._new_netns(f"{machine.root.realname}-{name}", lo_up=False)
        handle.name, handle.machine = name, machine
        machine.netns[name] = handle
        machine.model.netns[name] = NetNS(name=name, machine=machine.model)   # the shell's view of the name
        return handle

    def netns_del(self, machine: RealMachine, name: str) -> None:
        handle = machine.netns.pop(name, None)
        if handle is None:
            raise CommandError(f'Cannot remove namespace file "/run/netns/{name}": No such file or directory', 1)
        machine.model.netns.pop(name, None)
        for other in [machine.root, *machine.netns.values()]:
            other.nsids.pop(name, None)
        self._drop_netns(handle)

    def etc_netns_dir(self, handle: NetnsHandle) -> str:
        """/etc/netns/<realname>, recorded before it is made (for `ip netns exec`'s file overlay)."""
        path = f"{ledger_mod.ETC_NETNS}/{handle.realname}"
        if path not in self._res.etc_dirs:
            self._res.ledger.etc_dir(path)
            self._res.etc_dirs.append(path)
            os.makedirs(path, exist_ok=True)
        return path

    def scratch_dir(self) -> str:
        """Working directory of the real binaries (made on first use, removed with the lab)."""
        if self._scratch is None:
            self._scratch = self._res.ledger.scratch_dir()
        return self._scratch

    def worker(self) -> NetnsWorker:
        return self._res.worker

    # -- the Lab contract --------------------------------------------------------------------
    def add_host(self, name: str) -> RealMachine:
        from course_lib.net.machine import Machine
        index = len(self.machines)
        root = self._new_netns(f"{self.marker}h{index}", lo_up=True)
        model = Machine(name=name, network=self.network_shadow)
        model.root.name = ""
        machine = RealMachine(name, index, root, model)
        root.machine = machine
        self.machines[name] = machine
        self.network_shadow.machines[name] = model
        return machine

    def add_switch(self, name: str) -> RealSwitch:
        ns = self._new_netns(f"{self.marker}s{len(self.switches)}", lo_up=True)
        linkops.link_add(ns.nl, "br0", "bridge", up=True)
        switch = self.switches[name] = RealSwitch(name, ns, bridge=ns.nl.link_index("br0"))
        return switch

    def connect(self, host: str, switch: str, ifname: str) -> None:
        machine, sw = self.machines[host], self.switches[switch]
        port = f"p{sw.ports}"
        sw.ports += 1
        sw.ns.generation += 1
        machine.root.generation += 1
        linkops.link_add(sw.ns.nl, port, "veth", up=True, master=sw.bridge,
                         peer={"name": ifname, "netns_fd": machine.root.fd})
        nic = machine.root.nl.link_index(ifname)
        if nic is not None:
            machine.root.cables.add(nic)

    def link_names(self, host: str) -> list[str]:
        from course_lib.backends.real.kernel_records import link_name
        return [link_name(raw)[1] for raw in self.machines[host].root.nl.links()]

    def stack(self, host: str, netns: str = ""):
        from course_lib.backends.real.stack import RealStack
        machine = self.machines[host]
        return RealStack(self, machine, machine.root if not netns else machine.netns[netns])

    def context(self, host: str):
        from course_lib.shell.context import ExecContext
        machine = self.machines[host]
        return ExecContext(machine=machine.model, netns=machine.model.root, backend="real",
                           stack=self.stack(host), lab=self.lab)

    def run(self, host: str, script: str, stdin: Optional[str] = None) -> CommandResult:
        from course_lib.backends.real.jobs import advance
        from course_lib.shell.registry import active_backend
        ctx = self.context(host)
        with active_backend("real"):
            advance(self.network_shadow)     # jobs whose program ended meanwhile go on (their output comes first)
            try:
                from course_lib.shell.interpreter import run_script
            except ImportError:
                from course_lib.backends.sim import _fallback_run
                return _fallback_run(ctx, script, stdin or "")
            return run_script(ctx, script, stdin or "")

    def close(self) -> None:
        from course_lib.backends.real.jobs import forget
        forget(self.network_shadow)
        self._finalizer()

    @property
    def closed(self) -> bool:
        return self._res.closed

    def realnames(self) -> list[str]:
        """Every netns this lab made and still has (for tests and the README's promise)."""
        return list(self._res.netns_names)


def _peer_links(dying: NetnsHandle, handles: list[NetnsHandle]) -> list[tuple[NetnsHandle, set[int]]]:
    """The other ends, in the lab's other netns, of the veth pairs with an end in `dying`:
    (that netns, the ifindexes there), from dying's links' IFLA_LINK and link-netnsid."""
    from course_lib.backends.real.kernel_records import parse_link
    by_nsid: dict[int, set[int]] = {}
    for m in map(parse_link, dying.nl.links()):
        if "link_netnsid" in m and m.get("link"):
            by_nsid.setdefault(m["link_netnsid"], set()).add(m["link"])
    out = []
    for other in handles:
        nsid = dying.nl.nsid_of(other.fd) if by_nsid and other is not dying else None
        if nsid in by_nsid:
            out.append((other, by_nsid.pop(nsid)))
    return out


def _await_destroyed(peers: list[tuple[NetnsHandle, set[int]]], limit: float = 2.0) -> None:
    """Once the last reference to a netns is gone the kernel destroys it in a work queue (cleanup_net),
    taking the veth pairs with an end there: wait (at most `limit` s, in practice a few ms) until their
    other ends are gone too, as they are by the time a person types the next command."""
    import time
    from course_lib.backends.real.kernel_records import link_name
    deadline = time.monotonic() + limit
    while peers and time.monotonic() < deadline:
        time.sleep(0.002)
        peers = [(other, indexes) for other, indexes in peers
                 if indexes & {link_name(raw)[0] for raw in other.nl.links()}]
