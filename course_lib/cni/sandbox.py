"""A CRI runtime's pod sandbox (containerd-style): a `cni-<uuid>` netns, CNI ADD on it, DEL and removal.

    sb = run_pod_sandbox(ctx, runtime_config={"portMappings": [...]})   # ip netns add cni-...; CNI ADD
    sb.ip, sb.result, sb.netns_path, sb.box        # box: an exec context target with the pod's own files
    stop_pod_sandbox(ctx, sb)                      # CNI DEL; ip netns delete

containerd names a pod's netns `cni-` and a random UUID under /var/run/netns, so `ip netns` on a
node lists them, as on a real kubeadm node.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.cni import runtime
from course_lib.docker.hostops import Box


@dataclass
class Sandbox:
    id: str                                   # 64 hex, the CNI_CONTAINERID
    netns_name: str
    result: dict[str, Any] = field(default_factory=dict)
    box: Optional[Box] = None

    @property
    def netns_path(self) -> str:
        return f"/var/run/netns/{self.netns_name}"

    @property
    def ip(self) -> Optional[str]:
        ips = self.result.get("ips") or []
        return ips[0]["address"].split("/")[0] if ips else None


def run_pod_sandbox(ctx: Any, hostname: str = "", ifname: str = "eth0",
                    runtime_config: Optional[dict[str, Any]] = None,
                    conflist: Optional[dict[str, Any]] = None) -> Sandbox:
    """Make the pod's netns and attach it with the node's CNI configuration. Raises CniError on failure."""
    rng = ctx.machine.network.random()
    sandbox_id = f"{rng.getrandbits(256):064x}"
    name = f"cni-{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    added = ctx.run_argv(["ip", "netns", "add", name], "")
    if added.returncode:
        raise RuntimeError(added.stderr.strip())
    netns = ctx.machine.netns[name]
    box = Box(name=f"{ctx.machine.name}/{name}", network=ctx.machine.network, hostname=hostname or name)
    box.owner_machine = ctx.machine
    box.root = netns
    sandbox = Sandbox(sandbox_id, name, box=box)
    try:
        sandbox.result = runtime.add(ctx, sandbox_id, sandbox.netns_path, ifname, conflist, runtime_config)
    except Exception:
        ctx.run_argv(["ip", "netns", "delete", name], "")
        raise
    return sandbox


def stop_pod_sandbox(ctx: Any, sandbox: Sandbox, conflist: Optional[dict[str, Any]] = None,
                     runtime_config: Optional[dict[str, Any]] = None) -> None:
    runtime.delete(ctx, sandbox.id, sandbox.netns_path, "eth0", conflist, runtime_config)
    ctx.run_argv(["ip", "netns", "delete", sandbox.netns_name], "")
