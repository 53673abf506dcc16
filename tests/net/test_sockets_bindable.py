"""sockets.bindable (inet_bind's address check) as ping -I ADDRESS uses it: every 127/8 address is local."""
from __future__ import annotations

from course_lib import Lab


def test_ping_from_any_loopback_address() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    r = lab.run("ping -c 1 -W 1 -I 127.0.0.2 127.0.0.1")
    assert r.returncode == 0 and r.stdout.startswith("PING 127.0.0.1 (127.0.0.1) from 127.0.0.2 : 56(84)")
    r = lab.run("ping -c 1 -W 1 -I 10.9.9.9 127.0.0.1")
    assert (r.returncode, r.stderr) == (2, "ping: bind: Cannot assign requested address\n")
