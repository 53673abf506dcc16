"""Ingress: networking.k8s.io/v1 Ingress and IngressClass kinds and an ingress-nginx-like controller."""
from __future__ import annotations

from typing import Any


def install(cluster: Any) -> None:
    return None
