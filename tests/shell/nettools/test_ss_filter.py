"""ss's FILTER (ss_filter.py): state/exclude sets, the State column, expressions, -H, -z, -s; texts of iproute2 6.1."""
from __future__ import annotations

from course_lib import Lab
from course_lib.net import sockets


def _lab() -> Lab:
    lab = Lab()
    ns = lab.network.machines["host"].root
    sockets.tcp_listen(ns, "0.0.0.0", 80, lambda *a: None, process_name="python3", pid=7)
    sockets.tcp_listen(ns, "127.0.0.1", 8080, lambda *a: None, process_name="python3", pid=7)
    sockets.udp_bind(ns, "0.0.0.0", 53, lambda *a: None, process_name="python3", pid=7)
    return lab


def _out(lab: Lab, cmd: str) -> list[str]:
    r = lab.run(cmd)
    return [ln.rstrip() for ln in (r.stdout + r.stderr).splitlines()] + [f"rc={r.returncode}"]


def test_states() -> None:
    lab = _lab()
    assert _out(lab, "ss -tn state listening") == [
        "Recv-Q Send-Q Local Address:Port Peer Address:PortProcess",
        "0      128          0.0.0.0:80        0.0.0.0:*", "0      128        127.0.0.1:8080      0.0.0.0:*", "rc=0"]
    assert _out(lab, "ss -tn state established") == ["Recv-Q Send-Q Local Address:Port Peer Address:PortProcess", "rc=0"]
    assert _out(lab, "ss -un state listening")[1:] == ["rc=0"]                  # UDP sockets are UNCONN (closed)
    assert _out(lab, "ss -lun state closed")[1] == "0      0            0.0.0.0:53        0.0.0.0:*"
    assert _out(lab, "ss -tan exclude listening") == ["State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess",
                                                      "rc=0"]
    assert _out(lab, "ss -tn state bogus") == ["ss: wrong state name: bogus", "rc=255"]


def test_expressions() -> None:
    lab = _lab()
    assert [ln.split()[3] for ln in _out(lab, "ss -ltn '( sport = :80 or sport = :8080 )'")[1:-1]] == \
        ["0.0.0.0:80", "127.0.0.1:8080"]
    assert [ln.split()[3] for ln in _out(lab, "ss -ltn sport gt :100")[1:-1]] == ["127.0.0.1:8080"]
    assert [ln.split()[3] for ln in _out(lab, "ss -ltn src 127.0.0.1")[1:-1]] == ["127.0.0.1:8080"]
    assert [ln.split()[4] for ln in _out(lab, "ss -lntu not sport = :53")[1:-1]] == ["0.0.0.0:80", "127.0.0.1:8080"]
    assert _out(lab, "ss -ltn foo") == ['Error: an inet prefix is expected rather than "foo".',
                                        "Cannot parse dst/src address.", "rc=1"]


def test_no_header_selinux_and_summary() -> None:
    lab = _lab()
    assert _out(lab, "ss -ltnH")[:2] == ["LISTEN 0      128      0.0.0.0:80   0.0.0.0:*",
                                         "LISTEN 0      128    127.0.0.1:8080 0.0.0.0:*"]
    assert _out(lab, "ss -z") == ["ss: SELinux is not enabled.", "rc=1"]
    summary = _out(lab, "ss -s")
    assert summary[3:6] == ["Transport Total     IP        IPv6", "RAW\t  0         0         0",
                            "UDP\t  1         1         0"]
