"""Real-kernel backend tests: marked `real`, skipped with the backend's own reason where it cannot run."""
from __future__ import annotations

import pytest

from course_lib.backends.real.preflight import missing

REAL_MISSING = missing()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "backends/real" in str(item.fspath).replace("\\", "/") and item.get_closest_marker("real"):
            if REAL_MISSING is not None:
                item.add_marker(pytest.mark.skip(
                    reason=f"the real backend needs {REAL_MISSING}; the simulation is the default"))
