"""lab.trace(cmd): run a command for real on the simulated lab and record every packet decision it caused.

```python
t = lab.trace("ping -c 1 10.0.0.2", host="A")
t.result.stdout                 # what the command printed (it really ran)
for hop in t.hops: hop.node, hop.step, hop.detail
print(t)                        # text; in a notebook it displays as a TraceStepper
```
Steps: route (the route lookup, as `ip route` prints the route), arp, bridge, switch, netfilter (the rule
as `iptables -S` prints it), nat (the rewrite from -> to), conntrack, dns, ingress, deliver, drop (the
reason in the kernel's words). Works for ping, traceroute, curl, nslookup/dig and `kubectl exec POD --`.
"""
from __future__ import annotations

import ipaddress
import shlex
from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.net.trace import Hop, Trace, recording
from course_lib.result import CommandResult

STEP_TITLES = {"route": "route lookup", "arp": "arp", "bridge": "bridge", "switch": "switch",
               "netfilter": "netfilter", "nat": "nat", "conntrack": "conntrack", "dns": "dns",
               "ingress": "ingress", "deliver": "deliver", "drop": "drop", "send": "send",
               "receive": "receive", "forward": "forward", "reply": "reply"}
_TOOLS_WITH_TARGET = ("ping", "traceroute", "curl", "wget", "nc", "nslookup", "dig", "host", "getent")


@dataclass
class LabTrace(Trace):
    """A Trace of one command that really ran: its hops, the command, where it ran and its result."""

    command: str = ""
    host: str = "host"
    result: CommandResult = field(default_factory=lambda: CommandResult("", "", 0))
    lab: Any = field(default=None, repr=False, compare=False)
    cluster: Any = field(default=None, repr=False, compare=False)     # set when traced on a Cluster

    @property
    def drops(self) -> list[Hop]:
        return [h for h in self.hops if h.step == "drop"]

    def steps(self) -> list[str]:
        return [h.step for h in self.hops]

    def __str__(self) -> str:
        head = f"{self.host}$ {self.command}"
        out = (self.result.stdout + self.result.stderr).rstrip("\n")
        body = super().__str__() if self.hops else "    (no packet left the command)"
        return "\n".join([head, *([out] if out else []), f"-- {len(self.hops)} hops --", body])

    def __repr__(self) -> str:
        return f"<LabTrace {self.command!r} on {self.host}: {len(self.hops)} hops, rc {self.result.returncode}>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict[str, Any]:
        """A TraceStepper in a notebook (when ipywidgets is there), text elsewhere."""
        bundle: dict[str, Any] = {"text/plain": str(self)}
        try:
            from course_lib.widgets.stepper import TraceStepper
            widget_bundle = TraceStepper(self).widget._repr_mimebundle_(include=include, exclude=exclude)
        except ImportError:
            return bundle
        if isinstance(widget_bundle, dict):
            bundle.update(widget_bundle)
            bundle["text/plain"] = str(self)         # the hops as text wherever widgets do not render
        return bundle


def _network(lab: Any) -> Any:
    net = getattr(lab, "network", None)
    if net is None:
        raise ValueError("trace() follows packets through the simulated network; this lab runs on the "
                         f"{getattr(lab, 'backend_name', 'real')} backend (use Lab() to trace)")
    return net


def _target_netns(net: Any, host: str, argv: list[str]) -> Any:
    """The netns a command line sends from: the machine's root, or `ip netns exec NAME ...`'s."""
    machine = net.machines[host]
    if len(argv) > 3 and argv[0] == "ip" and argv[1] == "netns" and argv[2] == "exec":
        return machine.netns.get(argv[3], machine.root)
    return machine.root


def _target_address(argv: list[str]) -> Optional[ipaddress.IPv4Address]:
    """The numeric destination of a ping/curl-like command line, when it has one."""
    while len(argv) > 4 and argv[:3] == ["ip", "netns", "exec"]:
        argv = argv[4:]
    if not argv or argv[0].rsplit("/", 1)[-1] not in _TOOLS_WITH_TARGET:
        return None
    for word in reversed(argv[1:]):
        if word.startswith("-"):
            continue
        text = word.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lstrip("@")
        try:
            return ipaddress.IPv4Address(text)
        except ValueError:
            continue
    return None


def _explain_silence(trace: LabTrace, net: Any) -> None:
    """A command that failed before a packet was made (ping: connect: Network is unreachable): say why."""
    try:
        argv = shlex.split(trace.command)
    except ValueError:
        return
    dst = _target_address(argv)
    if dst is None or trace.host not in net.machines:
        return
    from course_lib.net.datapath import lookup_route_err, route_text
    from course_lib.net.l2 import node_name
    netns = _target_netns(net, trace.host, argv)
    route, err = lookup_route_err(netns, dst)
    node = node_name(netns)
    if route is None:
        trace.add(node, "drop", f"no route to {dst}: {err or 'Network is unreachable'}")
    elif route.dev is not None and not route.dev.admin_up:
        trace.add(node, "route", route_text(route))
        trace.add(node, "drop", f"{route.dev.name} is down")


def trace_command(lab: Any, cmd: str, host: str = "host", stdin: Optional[str] = None,
                  chains: bool = False) -> LabTrace:
    """Run `cmd` on `host` of `lab` (a Lab, or a Cluster: then a node name) and record its packets' hops.

    `chains=True` also records each jump between iptables chains (KUBE-SERVICES -> KUBE-SVC-... -> ...).
    """
    if not isinstance(cmd, str):
        raise ValueError(f"cmd must be a string, not {type(cmd).__name__}")
    cluster = lab if hasattr(lab, "store") and hasattr(lab, "lab") else None
    real_lab = cluster.lab if cluster is not None else lab
    net = _network(real_lab)
    trace = LabTrace(chains=chains, command=cmd, host=host, lab=real_lab, cluster=cluster)
    with recording(trace):
        trace.result = real_lab.host(host).run(cmd, stdin)
    if not trace.hops and trace.result.returncode != 0:
        _explain_silence(trace, net)
    if cluster is not None:
        aliases = pod_aliases(cluster)
        trace.hops = [Hop(aliases.get(h.node, h.node), h.step, h.detail) for h in trace.hops]
    return trace


def pod_aliases(cluster: Any) -> dict[str, str]:
    """A pod's netns as a trace names it (`node01/cni-1234...`) -> `node01/pod/NAME` (NAMESPACE/NAME outside default)."""
    aliases: dict[str, str] = {}
    machines = cluster.network.machines
    by_node: dict[str, dict[str, str]] = {}
    for pod in cluster.store.list("Pod"):
        spec, status = pod.get("spec") or {}, pod.get("status") or {}
        node, ip = spec.get("nodeName"), status.get("podIP")
        if not node or not ip or spec.get("hostNetwork") or node not in machines:
            continue
        ns = pod["metadata"].get("namespace", "default")
        name = pod["metadata"]["name"] if ns == "default" else f"{ns}/{pod['metadata']['name']}"
        by_node.setdefault(node, {})[ip] = name
    for node, ips in by_node.items():
        for netns in machines[node].netns.values():
            for addr in netns.addresses:
                name = ips.get(str(addr.interface.ip)) if addr.family == 4 else None
                if name:
                    aliases[f"{node}/{netns.name}"] = f"{node}/pod/{name}"
    return aliases


def trace_in_pod(cluster: Any, namespace: str, pod: str, commands: list[str], chains: bool = False) -> LabTrace:
    """Trace `kubectl exec POD -- CMD` for the first command the pod's image has (curl, then wget, ...)."""
    if not commands:
        raise ValueError("no command to run in the pod")
    trace: Optional[LabTrace] = None
    for cmd in commands:
        full = f"kubectl exec -n {shlex.quote(namespace)} {shlex.quote(pod)} -- {cmd}"
        trace = trace_command(cluster, full, "controlplane", chains=chains)
        if "executable file not found" not in trace.result.stderr:
            break
    assert trace is not None
    return trace
