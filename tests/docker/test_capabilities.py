"""A container's processes lack CAP_NET_ADMIN unless granted (--cap-add NET_ADMIN/ALL, --privileged, exec
--privileged) and see /proc/sys read-only: the tools' refusals as this kernel gives them to a process without
the capability (setpriv --bounding-set -net_admin,-sys_admin in a private netns), and nothing changes."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    for line in ("docker run -d --name bb busybox sleep 3600",
                 "docker run -d --name shoot nicolaka/netshoot sleep 3600",
                 "docker run -d --name admin --cap-add NET_ADMIN nicolaka/netshoot sleep 3600",
                 "docker run -d --name everything --privileged busybox sleep 3600"):
        assert lab.run(line).returncode == 0
    return lab


def _r(lab: Lab, line: str) -> tuple[str, str, int]:
    r = lab.run(line)
    return r.stdout, r.stderr, r.returncode


EPERM = "Operation not permitted"


@pytest.mark.parametrize("line,err,rc", [
    ("shoot ip link set eth0 down", f"RTNETLINK answers: {EPERM}\n", 2),
    ("shoot ip addr add 10.9.9.9/24 dev eth0", f"RTNETLINK answers: {EPERM}\n", 2),
    ("shoot ip route add 10.8.0.0/16 via 172.17.0.1", f"RTNETLINK answers: {EPERM}\n", 2),
    ("shoot ip link add br0 type bridge", f"RTNETLINK answers: {EPERM}\n", 2),
    ("shoot ip addr flush dev eth0", f"Failed to send flush request: {EPERM}\n", 255),
    ("shoot ip route flush dev eth0", f"Failed to send flush request: {EPERM}\n", 2),
    ("shoot ip rule flush", f"RTNETLINK answers: {EPERM}\nDump terminated\n", 255),
    ("shoot ip netns add x", f"mount --make-shared /run/netns failed: {EPERM}\n", 1),
    ("shoot ip link set nosuch down", 'Cannot find device "nosuch"\n', 1),
    ("shoot iptables -L", "iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied "
                          "(you must be root)\n", 4),
    ("shoot iptables-save", "iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission "
                            "denied (you must be root)\n", 4),
    ("shoot sysctl -w net.ipv4.ip_forward=0", 'sysctl: permission denied on key "net.ipv4.ip_forward"\n', 1),
    ("shoot route add -net 10.7.0.0/16 gw 172.17.0.1", f"SIOCADDRT: {EPERM}\n", 7),
    ("shoot arp -s 172.17.0.9 02:00:00:00:00:02", f"SIOCSARP: {EPERM}\n", 255),
    ("bb ip link set eth0 down", f"ip: SIOCSIFFLAGS: {EPERM}\n", 2),
    ("bb ip link set eth0 mtu 1400", f"ip: SIOCSIFMTU: {EPERM}\n", 2),
    ("bb ip addr add 10.9.9.9/24 dev eth0", f"ip: RTNETLINK answers: {EPERM}\n", 2),
    ("bb ip addr flush dev eth0", f"ip: can't send flush request: {EPERM}\n", 1),
    ("bb ifconfig eth0 down", f"ifconfig: SIOCSIFFLAGS: {EPERM}\n", 1),
    ("bb route add -net 10.7.0.0/16 gw 172.17.0.1", f"route: SIOCADDRT: {EPERM}\n", 1),
    ("bb sysctl -w net.ipv4.ip_forward=0", "sysctl: error setting key 'net.ipv4.ip_forward': Read-only file system\n",
     1),
    ("bb sh -c 'ip link set lo down'", f"ip: SIOCSIFFLAGS: {EPERM}\n", 2),
])
def test_refused_without_net_admin(lab: Lab, line: str, err: str, rc: int) -> None:
    name = line.split()[0]
    before = _r(lab, f"docker exec {name} ip addr"), _r(lab, f"docker exec {name} ip route")
    assert _r(lab, "docker exec " + line) == ("", err, rc)
    assert (_r(lab, f"docker exec {name} ip addr"), _r(lab, f"docker exec {name} ip route")) == before


def test_reads_work_and_granted_capabilities_change_things(lab: Lab) -> None:
    assert "eth0" in _r(lab, "docker exec shoot ip -br link")[0]
    assert _r(lab, "docker exec shoot ip a s")[2] == 0                  # `s` is show for addr (iproute2's order)
    assert _r(lab, "docker exec shoot sysctl net.ipv4.ip_forward")[0].startswith("net.ipv4.ip_forward = ")
    assert _r(lab, "docker exec admin ip link set lo down") == ("", "", 0)
    assert _r(lab, "docker exec admin iptables -S")[0].startswith("-P INPUT ACCEPT\n")
    assert _r(lab, "docker exec everything ip link set lo down") == ("", "", 0)
    assert _r(lab, "docker exec --privileged shoot ip link add br9 type bridge") == ("", "", 0)
    assert "br9" in _r(lab, "docker exec shoot ip -br link")[0]
    r = lab.run("docker run --rm busybox ip link set lo down")      # the main process too
    assert (r.stderr.splitlines()[-1], r.returncode) == (f"ip: SIOCSIFFLAGS: {EPERM}", 2)
    assert _r(lab, "ip link set lo down")[2] == 0                      # the machine's own shell is root
    # a user but root has no effective capabilities, whatever the container holds (setpriv --reuid 1000 here)
    assert _r(lab, "docker exec -u 1000 admin ip link set lo up") == ("", f"RTNETLINK answers: {EPERM}\n", 2)
    assert _r(lab, "docker exec -u root admin ip link set lo up") == ("", "", 0)
    r = lab.run("docker run --rm --cap-add NET_ADMIN -u nobody busybox ip link set lo down")
    assert (r.stderr.splitlines()[-1], r.returncode) == (f"ip: SIOCSIFFLAGS: {EPERM}", 2)
