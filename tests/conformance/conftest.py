"""Conformance tests run only where the kernel side can: root, unshare, nsenter and ip."""
from __future__ import annotations

import pytest

from conformance_harness import kernel_missing


def pytest_collection_modifyitems(config, items):
    reason = kernel_missing()
    if reason is None:
        return
    for item in items:
        if "conformance" in str(item.fspath) and item.get_closest_marker("real"):
            item.add_marker(pytest.mark.skip(reason=f"real kernel conformance {reason}"))
