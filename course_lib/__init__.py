"""A Kubernetes networking course's lab: a simulated Linux/Kubernetes network, or the real kernel.

`from course_lib import Lab, Cluster`. The import stays light: nothing heavy is loaded until used.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course_lib.lab import Lab
    from course_lib.k8s.cluster import Cluster

__all__ = ["Lab", "Cluster"]


def __getattr__(name: str) -> Any:
    if name == "Lab":
        from course_lib.lab import Lab
        return Lab
    if name == "Cluster":
        from course_lib.k8s.cluster import Cluster
        return Cluster
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")
