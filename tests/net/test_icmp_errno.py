"""An ICMP error becomes the errno the kernel's icmp_err_convert gives a connecting socket."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.net.icmp_errno import error_kind, icmp_errno
from course_lib.net.sockets import STRERROR
from tests.conformance.conformance_harness import topology

TABLE = {0: "Network is unreachable", 1: "No route to host", 2: "Protocol not available", 3: "Connection refused",
         5: "Operation not supported", 6: "Network is unreachable", 7: "Host is down",
         8: "Machine is not on the network", 9: "Network is unreachable", 10: "No route to host",
         11: "Network is unreachable", 12: "No route to host", 13: "No route to host", 14: "No route to host",
         15: "No route to host"}


@pytest.mark.parametrize("code", sorted(TABLE))
def test_each_unreachable_code_has_the_kernels_errno(code):
    assert STRERROR[error_kind(3, code)] == TABLE[code]


def test_time_exceeded_is_host_unreachable_and_fatal_flags():
    assert STRERROR[error_kind(11, 0)] == "No route to host"
    assert icmp_errno(3, 3) == ("ECONNREFUSED", True)
    assert icmp_errno(3, 1) == ("EHOSTUNREACH", False)
    assert icmp_errno(3, 7) == ("EHOSTDOWN", True)
    assert icmp_errno(0, 0) is None


SETUP = topology("a_r_b") + "ip netns exec r sysctl -qw net.ipv4.ip_forward=1\n"


@pytest.mark.parametrize("reject, text", [("icmp-proto-unreachable", "Protocol not available"),
                                          ("icmp-net-prohibited", "Network is unreachable"),
                                          ("icmp-admin-prohibited", "No route to host"),
                                          ("icmp-port-unreachable", "Connection refused")])
def test_curl_reports_the_errno_of_a_rejected_connect(reject, text):
    lab = Lab()
    lab.run(SETUP + f"ip netns exec r iptables -A FORWARD -p tcp -j REJECT --reject-with {reject}\n")
    out = lab.run("ip netns exec a curl -sS -v -m 2 http://10.2.0.2:80/ 2>&1 | grep 'failed:'").stdout
    assert out == f"* connect to 10.2.0.2 port 80 failed: {text}\n"


@pytest.mark.parametrize("reject, error", [("icmp-host-unreachable", "timeout"), ("icmp-net-unreachable", "timeout"),
                                           ("icmp-port-unreachable", "refused"),
                                           ("icmp-net-prohibited", "network-unreachable"),
                                           ("icmp-proto-unreachable", "protocol-unavailable")])
def test_a_udp_client_hears_only_the_hard_errors(reject, error):
    from course_lib.net.sockets import udp_request
    lab = Lab()
    lab.run(SETUP + f"ip netns exec r iptables -A FORWARD -p udp -j REJECT --reject-with {reject}\n")
    result = udp_request(lab.network.machines["host"].netns["a"], "10.2.0.2", 53, b"q", timeout=1.0)
    assert result.error == error
    assert (result.server is not None) == (error != "timeout")
