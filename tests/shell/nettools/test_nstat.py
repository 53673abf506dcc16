"""nstat (iproute2 6.1) over the model's counters, against Linux 6.18 (two pings to 127.0.0.1, then one)."""
from __future__ import annotations

from course_lib import Lab

FIRST = """\
#kernel
IpInReceives                    4                  0.0
IpInDelivers                    4                  0.0
IpOutRequests                   4                  0.0
IpOutTransmits                  4                  0.0
IcmpInMsgs                      4                  0.0
IcmpInEchos                     2                  0.0
IcmpInEchoReps                  2                  0.0
IcmpOutMsgs                     4                  0.0
IcmpOutEchos                    2                  0.0
IcmpOutEchoReps                 2                  0.0
IcmpMsgInType0                  2                  0.0
IcmpMsgInType8                  2                  0.0
IcmpMsgOutType0                 2                  0.0
IcmpMsgOutType8                 2                  0.0
IpExtInOctets                   336                0.0
IpExtOutOctets                  336                0.0
IpExtInNoECTPkts                4                  0.0
"""


def test_history_absolute_and_patterns():
    lab = Lab()
    lab.run("ip link set lo up; ping -c 2 -i 0.2 127.0.0.1")
    assert lab.run("nstat").stdout == FIRST
    assert lab.run("cat /tmp/.nstat.u0").stdout == FIRST              # the history keeps what it printed
    lab.run("ping -c 1 127.0.0.1")
    assert lab.run("nstat IpInReceives IcmpOutEchos").stdout == (
        "#kernel\nIpInReceives                    2                  0.0\n"
        "IcmpOutEchos                    1                  0.0\n")
    # the counters the patterns left out kept their old values in the history: they show now
    assert "IcmpInEchos                     1" in lab.run("nstat").stdout
    assert lab.run("nstat -a IpInReceives").stdout == "#kernel\nIpInReceives                    6                  0.0\n"
    assert lab.run("nstat -asz TcpRtoMin TcpExtTW").stdout == "#kernel\nTcpExtTW                        0                  0.0\n"
    assert lab.run("nstat -aj IpInReceives").stdout == '{"kernel":{"IpInReceives":6}}\n'


def test_errors():
    lab = Lab()
    r = lab.run("nstat -t 0")
    assert (r.stderr, r.returncode) == ("nstat: invalid time constant divisor\n", 255)
    r = lab.run("nstat -x")
    assert r.stderr.startswith("nstat: invalid option -- 'x'\nUsage: nstat [OPTION]") and r.returncode == 255
