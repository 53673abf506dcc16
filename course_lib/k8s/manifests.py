"""Manifests as text: parse multi-document YAML and apply each object (what `kubectl apply -f` does)."""
from __future__ import annotations

from typing import Any

import yaml


def documents(text: str) -> list[Any]:
    """The non-empty documents of a YAML stream; a List's items are flattened."""
    out = []
    for doc in yaml.safe_load_all(text):
        if doc is None:
            continue
        if isinstance(doc, dict) and doc.get("kind") == "List" and isinstance(doc.get("items"), list):
            out += doc["items"]
        else:
            out.append(doc)
    return out


def apply_text(cluster: Any, text: str, source: str = "-") -> list[str]:
    """Apply every object; returns kubectl's `kind/name created` lines (errors raise)."""
    from course_lib.k8s.kinds import KINDS
    lines = []
    for doc in documents(text):
        verb = cluster.api.apply(doc)
        info = KINDS[doc["kind"]]
        lines.append(f"{info.qualified}/{doc['metadata']['name']} {verb}")
    return lines
