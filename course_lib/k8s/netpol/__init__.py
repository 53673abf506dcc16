"""NetworkPolicy: the kind, and its enforcement by the Weave-like CNI's policy controller (weave-npc)."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.netpol import kinds  # noqa: F401  (registers NetworkPolicy)


def install(cluster: Any) -> None:
    from course_lib.k8s.netpol import describe  # noqa: F401  (kubectl describe networkpolicy)
    from course_lib.k8s.netpol.weave_npc import WeaveNPC
    cluster.weave_npc = WeaveNPC(cluster)
    cluster.add_controller(cluster.weave_npc)
