"""Writes to /sys/class/net (course_lib/shell/sysfs_store.py): results and errors as measured on Linux 6.18."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.shell.sysfs_store import kstrtoul


@pytest.mark.parametrize("text, value", [("1400\n", 1400), ("0x10\n", 16), ("010\n", 8), ("+5", 5), ("-5\n", None),
                                         ("abc\n", None), ("\n", None), ("0x\n", None), ("1 2\n", None)])
def test_kstrtoul(text, value):
    assert kstrtoul(text) == value


def _lab() -> Lab:
    lab = Lab()
    lab.run("ip link add br0 type bridge; ip link add v0 type veth peer name v1; ip link set v1 master br0;"
            "ip link set v1 up; ip link set br0 up")
    return lab


def _err(lab: Lab, cmd: str) -> tuple[str, int]:
    r = lab.run(cmd)
    return r.stderr, r.returncode


def test_device_settings_go_to_the_model():
    lab = _lab()
    lab.run("echo 1400 > /sys/class/net/v1/mtu; echo 0x10 > /sys/class/net/v1/tx_queue_len;"
            "echo uplink > /sys/class/net/v1/ifalias; echo 0x1003 > /sys/class/net/v0/flags")
    assert "mtu 1400" in lab.run("ip link show v1").stdout
    assert "qlen 16" in lab.run("ip link show v1").stdout
    assert "alias uplink" in lab.run("ip link show v1").stdout
    assert lab.run("ip -br link show v0").stdout.split()[1] == "UP"
    assert _err(lab, "echo 10 > /sys/class/net/v1/mtu") == ("bash: echo: write error: Invalid argument\n", 1)
    assert _err(lab, "echo 1 > /sys/class/net/v0/carrier") == ("bash: echo: write error: Operation not supported\n", 1)
    assert _err(lab, "echo 1 > /sys/class/net/v0/dormant") == ("bash: /sys/class/net/v0/dormant: Permission denied\n", 1)


def test_bridge_and_port_settings():
    lab = _lab()
    lab.run("echo 1 > /sys/class/net/br0/brif/v1/hairpin_mode; echo 0 > /sys/class/net/br0/bridge/multicast_snooping")
    assert "hairpin on" in lab.run("bridge -d link show").stdout
    assert "mcast_snooping 0" in lab.run("ip -d link show br0").stdout
    assert _err(lab, "echo 100 > /sys/class/net/br0/bridge/forward_delay; echo 1 > /sys/class/net/br0/bridge/stp_state;"
                     "echo 100 > /sys/class/net/br0/bridge/forward_delay")[0] == \
        "bash: echo: write error: Numerical result out of range\n"
    assert _err(lab, "echo 99 > /sys/class/net/v1/brport/priority") == (
        "bash: echo: write error: Numerical result out of range\n", 1)
    assert _err(lab, "echo x > /sys/class/net/v1/brport/learning") == ("bash: echo: write error: Invalid argument\n", 1)
