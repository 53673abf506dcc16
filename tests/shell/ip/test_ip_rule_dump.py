"""course_lib/shell/ip/rule_dump.py: ip rule save / restore."""
from __future__ import annotations

from course_lib import Lab


def test_restore_adds_duplicates_and_default_prefs():
    run = Lab().host("host").run
    run("ip rule add from 10.0.0.0/8 table 100 pref 100\nip rule save > /tmp/r.dump\nip rule flush")
    assert run("ip rule").stdout == "0:\tfrom all lookup local\n"
    assert run("ip rule restore < /tmp/r.dump").returncode == 0
    assert run("ip rule").stdout == ("0:\tfrom all lookup local\n0:\tfrom all lookup local\n"
                                     "100:\tfrom 10.0.0.0/8 lookup 100\n32766:\tfrom all lookup main\n"
                                     "32767:\tfrom all lookup default\n")
    r = run("ip rule save table 100")
    assert (r.stderr, r.returncode) == ('"ip rule save" does not take any arguments.\n', 1)
    r = run("ip rule restore < /dev/null")
    assert (r.stderr, r.returncode) == ("Magic mismatch (0 elems, 0 magic)\n", 255)
