"""NetworkPolicy: the kind, and its enforcement by the Weave-like CNI's policy controller (weave-npc)."""
from __future__ import annotations

from typing import Any


def install(cluster: Any) -> None:
    return None
