"""Named network namespaces of a machine (`ip netns add/del`), created with only `lo`, DOWN."""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.net import links
from course_lib.net.netns import NetNS
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.machine import Machine


def new_netns(machine: "Machine", name: str) -> NetNS:
    """A bare netns object with its loopback (down), not registered under a name."""
    netns = NetNS(name=name, machine=machine)
    links.create_loopback(netns)
    return netns


def netns_add(machine: "Machine", name: str) -> NetNS:
    if name in machine.netns:
        raise CommandError(f'Cannot create namespace file "/run/netns/{name}": File exists', 1)
    netns = machine.netns[name] = new_netns(machine, name)
    return netns


def netns_del(machine: "Machine", name: str) -> None:
    netns = machine.netns.get(name)
    if netns is None:
        raise CommandError(f'Cannot remove namespace file "/run/netns/{name}": No such file or directory', 1)
    del machine.netns[name]
    for link in sorted(netns.links.values(), key=lambda l: l.ifindex):
        if link.netns is netns and not link.is_loopback and link.ifindex in netns.links:
            links.destroy_for_netns_delete(link, machine.root)
    # other namespaces forget the ids they gave this one
    for other in [machine.root, *machine.netns.values()]:
        nsid = other.nsid.id_of(netns)
        while nsid is not None:
            del other.nsid[nsid]
            nsid = other.nsid.id_of(netns)
