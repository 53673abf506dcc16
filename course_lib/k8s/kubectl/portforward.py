"""`kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...` as kubectl 1.30's portforward.go and client-go's
portforward.go do it: the pod (a service's or workload's first running pod), its ports (named ones looked up,
a service port turned into its target), then a listener on 127.0.0.1 and ::1 (--address) per port.

Started from the shell it returns at once and stays behind as a job (as `kubectl port-forward ... &`), like a
listening nc: each connection it takes is relayed to localhost:REMOTE inside the pod's netns, the path the
kubelet's portforward takes, and noted as `Handling connection for LOCAL`.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

Obj = dict[str, Any]
USAGE_HINT = "See 'kubectl port-forward -h' for help and examples\n"


@dataclass(eq=False)
class PortForward:
    """The kubectl process: its listening sockets and what it printed after returning."""

    pid: int
    cmdline: str
    name: str = "kubectl"
    running: bool = True
    sockets: list[tuple[Any, Any]] = field(default_factory=list)
    output: list[tuple[str, str]] = field(default_factory=list)

    def stop(self, code: int = 0) -> None:
        from course_lib.http import transport
        self.running = False
        for netns, sock in self.sockets:
            transport.close(netns, sock)
        self.sockets.clear()


def _pod_for(kx: Kx, ref: str) -> tuple[Obj, Optional[Obj]]:
    """builder.ResourceNames("pods", ref), then AttachablePodForObject: (pod, service or None)."""
    tname, slash, name = ref.partition("/")
    info = resolve_type(tname if slash else "pods")
    name = name if slash else ref
    obj = kx.cluster.store.get(info.kind, kx.ns if info.namespaced else "", name)
    if obj is None:
        raise KubectlError(f'Error from server (NotFound): {info.resource_group} "{name}" not found\n')
    if info.kind == "Pod":
        return obj, None
    selector = (obj.get("spec") or {}).get("selector") or {}
    labels = selector.get("matchLabels", selector) if info.kind != "Service" else selector
    pods = [p for p in kx.cluster.store.list("Pod", kx.ns, labels or None)
            if (p.get("status") or {}).get("phase") == "Running"] if labels else []
    if not pods:
        raise KubectlError("error: timed out waiting for the condition\n")
    pod = sorted(pods, key=lambda p: p["metadata"]["name"])[0]
    return pod, obj if info.kind == "Service" else None


def _named(pod: Obj, name: str) -> int:
    for c in pod["spec"].get("containers") or []:
        for p in c.get("ports") or []:
            if p.get("name") == name:
                return int(p["containerPort"])
    raise KubectlError(f"error: Pod '{pod['metadata']['name']}' does not have a named port '{name}'\n")


def _remote(pod: Obj, svc: Optional[Obj], spec: str) -> tuple[str, str]:
    """(local, remote) after convertPodNamedPortToNumber / translateServicePortToTargetPort."""
    parts = spec.split(":")
    local, remote = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], parts[0])
    if svc is None:
        if remote == "":
            raise KubectlError("error: remote port cannot be empty\n")
        return local, remote if remote.isdigit() else str(_named(pod, remote))
    ports = svc["spec"].get("ports") or []
    if not remote.isdigit():
        port = next((p for p in ports if p.get("name") == remote), None)
        if port is None:
            raise KubectlError(f"error: Service '{svc['metadata']['name']}' does not have a named port '{remote}'\n")
        local = str(port["port"]) if local == remote else local
        remote = str(port["port"])
    port = next((p for p in ports if str(p.get("port")) == remote), None)
    if port is None:
        raise KubectlError(f"error: Service {svc['metadata']['name']} does not have a service port {remote}\n")
    target = port.get("targetPort", port["port"])
    target = str(target) if str(target).isdigit() else str(_named(pod, str(target)))
    return (local if local != remote else target), target


def _parse_ports(specs: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """client-go parsePorts: an empty local port is 0 (any free port), both parsed as uint16."""
    out = []
    for local, remote in specs:
        for what, text in (("local", local or "0"), ("remote", remote)):
            if not text.isdigit() or int(text) > 65535:
                why = "value out of range" if text.isdigit() else "invalid syntax"
                raise KubectlError(f"error: error parsing {what} port '{text}': strconv.ParseUint: parsing "
                                   f'"{text}": {why}\n')
        if int(remote) == 0:
            raise KubectlError("error: remote port must be > 0\n")
        out.append((int(local or "0"), int(remote)))
    return out


@sub("port-forward")
def port_forward(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("port-forward", args, {}, {"--address": "address", "--pod-running-timeout": "timeout"})
    if len(pos) < 2:
        raise KubectlError("error: TYPE/NAME and list of ports are required for port-forward\n" + USAGE_HINT)
    pod, svc = _pod_for(kx, pos[0])
    ports = _parse_ports([_remote(pod, svc, spec) for spec in pos[1:]])
    phase = (pod.get("status") or {}).get("phase", "Pending")
    if phase != "Running":
        raise KubectlError(f"error: unable to forward port because pod is not running. Current status={phase}\n")
    addresses: set[str] = set()                 # client-go parseAddresses: a set, sorted as text
    for item in str(flags.get("address", "localhost")).split(","):
        if item == "localhost":
            addresses |= {"127.0.0.1", "::1"}
            continue
        try:
            ipaddress.ip_address(item if "%" not in item else "")
        except ValueError:
            raise KubectlError(f"error: {item} is not a valid IP\n") from None
        addresses.add(item)
    return _listen(kx, pod, ports, sorted(addresses), "kubectl port-forward " + " ".join(args))


def _listen(kx: Kx, pod: Obj, ports: list[tuple[int, int]], addresses: list[str], cmdline: str) -> CommandResult:
    from course_lib.http import transport
    from course_lib.net.sockets import ephemeral_port
    netns = kx.ctx.netns
    node = getattr(kx.ctx.machine, "hostname", "")
    proc = PortForward(kx.cluster.new_pid(node) if node in kx.cluster.kubelets else 0, cmdline)
    out, err = "", ""
    for local, remote in ports:
        local = local or ephemeral_port(netns, "tcp")
        opened, failures = 0, []
        for address in addresses:
            family = "tcp6" if ":" in address else "tcp4"
            shown = f"[{address}]" if ":" in address else address
            try:
                sock = transport.listen(netns, address, local, _relay(kx, pod, proc, local, remote), "kubectl",
                                        proc.pid or 0, v6only=True if ":" in address else None)
            except OSError:
                failures.append(f"unable to create listener: Error listen {family} {shown}:{local}: bind: address "
                                "already in use")
                continue
            proc.sockets.append((netns, sock))
            proc.pid = proc.pid or sock.pid
            opened += 1
            out += f"Forwarding from {shown}:{local} -> {remote}\n"
        if not opened:
            err += (f"Unable to listen on port {local}: Listeners failed to create with the following errors: "
                    f"[{' '.join(failures)}]\n")
    if not proc.sockets:
        wanted = " ".join("{%d %d}" % p for p in ports)
        return CommandResult(out, err + f"error: unable to listen on any of the requested ports: [{wanted}]\n", 1)
    kx.ctx.machine.processes.append(proc)
    from course_lib.shell import jobs
    jobs.add(kx.ctx.machine, proc, cmdline)
    return CommandResult(out, err, 0)


def _relay(kx: Kx, pod: Obj, proc: PortForward, local: int, remote: int) -> Any:
    def relay(payload: Any, client: tuple[str, int]) -> Any:
        from course_lib.http import transport
        proc.output.append(("stdout", f"Handling connection for {local}\n"))
        kubelet = kx.cluster.kubelets.get(pod["spec"].get("nodeName"))
        rt = kubelet.runtime(pod) if kubelet is not None else None
        if rt is None or rt.box is None:
            return None
        conn = transport.request(rt.box.root, "127.0.0.1", remote, payload, 5.0)
        return conn.response if conn.status == transport.OK else None
    return relay
