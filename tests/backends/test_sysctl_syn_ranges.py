"""net.ipv4.tcp_syn_retries takes 1..127 and tcp_syn_linear_timeouts 0..127, as the kernel's proc_dointvec_minmax
(checked on this machine's kernel); a refused write changes nothing."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.mark.parametrize("key,value,ok", [
    ("tcp_syn_retries", "-1", False), ("tcp_syn_retries", "0", False), ("tcp_syn_retries", "300", False),
    ("tcp_syn_retries", "128", False), ("tcp_syn_retries", "127", True), ("tcp_syn_retries", "1", True),
    ("tcp_syn_linear_timeouts", "-5", False), ("tcp_syn_linear_timeouts", "128", False),
    ("tcp_syn_linear_timeouts", "127", True), ("tcp_syn_linear_timeouts", "0", True),
])
def test_syn_sysctl_ranges(key: str, value: str, ok: bool) -> None:
    lab = Lab()
    before = lab.run(f"sysctl -n net.ipv4.{key}").stdout
    result = lab.run(f"sysctl -w net.ipv4.{key}={value}")
    if ok:
        assert (result.stdout, result.returncode) == (f"net.ipv4.{key} = {value}\n", 0)
    else:
        assert (result.stderr, result.returncode) == (f'sysctl: setting key "net.ipv4.{key}": Invalid argument\n', 1)
        assert lab.run(f"sysctl -n net.ipv4.{key}").stdout == before
