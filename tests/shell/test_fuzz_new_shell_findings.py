"""Cases the second session's bad-input hunt found in the shell's tools: what the real tool answers, and no
'internal error' line after them."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.mark.parametrize("wait", ["sleep 99999999999999999999", "sleep 1 1e20", "sleep 1e11; sleep 1e11; sleep 1e11"])
def test_a_sleep_past_the_models_dates_is_sleep_inf(wait: str) -> None:
    """coreutils' sleep saturates at time_t's maximum and never returns; the model clock stayed 1e20 s on, and
    date, iptables-save and docker run then failed with Python's OverflowError (date value out of range)."""
    lab = Lab()
    assert lab.run(wait).returncode == 0
    for line in ["date", "iptables-save -t nat", "docker run -d --name n9 nginx", "docker ps"]:
        result = lab.run(line)
        assert result.returncode == 0 and "internal error" not in result.stderr, (line, result.stderr)
    year = int(lab.run("date +%Y").stdout)
    assert 2025 <= year <= 9999
