"""v1 ComponentStatus (deprecated): the API server's health checks of the scheduler, controller manager and etcd.

The API server computes the list on each request (pkg/registry/core/componentstatus): an HTTPS GET of
https://127.0.0.1:10259/healthz (scheduler) and :10257 (controller manager) on its own machine, and
its storage health check for etcd-0 ("ok" since 1.28). A component that does not listen answers with
the Go client's connection error as the condition's message (status False, printed Unhealthy).
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kinds import KindInfo, RowEnv, register

Obj = dict[str, Any]
CHECKS = (("controller-manager", 10257), ("scheduler", 10259), ("etcd-0", 2379))


def _listening(cluster: Any, port: int) -> bool:
    from course_lib.net.sockets import listeners
    netns = cluster.machine("controlplane").root
    return any(s.proto == "tcp" and s.port == port for s in listeners(netns))


def statuses(cluster: Any) -> list[Obj]:
    """The list as GET /api/v1/componentstatuses returns it (in the order the checks answer)."""
    items = []
    for name, port in CHECKS:
        if name == "etcd-0" or _listening(cluster, port):
            condition = {"message": "ok", "status": "True", "type": "Healthy"}
        else:
            url = f"https://127.0.0.1:{port}/healthz"
            condition = {"message": f'Get "{url}": dial tcp 127.0.0.1:{port}: connect: connection refused',
                         "status": "False", "type": "Healthy"}
        items.append({"apiVersion": "v1", "conditions": [condition], "kind": "ComponentStatus",
                      "metadata": {"creationTimestamp": None, "name": name}})
    return items


def row(obj: Obj, env: RowEnv) -> list[str]:
    """printComponentStatus: the Healthy condition's status, message and error."""
    status, message, error = "Unknown", "", ""
    for cond in obj.get("conditions") or []:
        if cond.get("type") == "Healthy":
            status = "Healthy" if cond.get("status") == "True" else "Unhealthy"
            message, error = cond.get("message", ""), cond.get("error", "")
            break
    return [obj["metadata"]["name"], status, message, error]


register(KindInfo("ComponentStatus", ("v1",), "componentstatuses", ("cs",), namespaced=False,
                  columns=("NAME", "STATUS", "MESSAGE", "ERROR"), row=row, lister=statuses,
                  warning="Warning: v1 ComponentStatus is deprecated in v1.19+\n"))
