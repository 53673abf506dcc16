"""The one wall clock of the model: the date and time that model time 0 stands for.

Every tool that prints a date (`date`, `ls -l`, dig's WHEN line, wget, iptables-save's header, Docker's
and the Kubernetes API's timestamps, certificates) reads it from here, so they all agree in one lab.
"""
from __future__ import annotations

from datetime import datetime, timezone

EPOCH_DATETIME = datetime(2025, 1, 20, 9, 0, 0, tzinfo=timezone.utc)   # a Monday morning, UTC
EPOCH = EPOCH_DATETIME.timestamp()                                      # 1737363600.0


def epoch_of(network: object) -> float:
    """The wall-clock seconds of model time 0 for `network` (the model's epoch when there is none)."""
    return getattr(network, "epoch", EPOCH) if network is not None else EPOCH
