"""AF_INET / AF_INET6 dual-stack / AF_INET6 v6only sockets: bind conflicts, IPv4 delivery, ss and netstat
listings -- compared with the real kernel and tools in a private network namespace."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from course_lib import Lab
from course_lib.net import sockets

# (proto, address, port, v6only) in order; the kernel's answer to each bind() (checked in unshare --net)
BINDS = [
    ("tcp", "::", 10250, None), ("tcp", "0.0.0.0", 10250, None), ("tcp", "10.0.0.1", 10250, None),
    ("tcp", "0.0.0.0", 80, None), ("tcp", "::", 80, 1), ("tcp", "::", 80, 0),
    ("tcp", "::", 8080, 1), ("tcp", "::", 8080, 0), ("tcp", "127.0.0.1", 2379, None),
    ("tcp", "::ffff:10.0.0.1", 2380, None), ("tcp", "::ffff:10.0.0.1", 2381, 1),
    ("tcp", "::1", 9000, None), ("tcp", "0.0.0.0", 9000, None), ("tcp", "10.0.0.1", 9001, None),
    ("tcp", "::", 9001, 1), ("tcp", "::", 9001, None), ("udp", "::", 53, None), ("udp", "0.0.0.0", 53, None),
    ("udp", "::", 5353, 1), ("udp", "0.0.0.0", 5353, None), ("tcp", "::", 33060, None),
    ("tcp", "::ffff:10.0.0.1", 6379, None), ("tcp", "0.0.0.0", 6379, None), ("tcp", "::2", 7000, None),
    ("tcp", "::ffff:10.0.0.9", 7001, None), ("tcp", "::", 7002, 1), ("tcp", "::", 7002, 1),
]
KERNEL = ["ok", "EADDRINUSE", "EADDRINUSE", "ok", "ok", "EADDRINUSE", "ok", "EADDRINUSE", "ok", "ok", "EINVAL",
          "ok", "ok", "ok", "ok", "EADDRINUSE", "ok", "EADDRINUSE", "ok", "ok", "ok", "ok", "EADDRINUSE",
          "EADDRNOTAVAIL", "EADDRNOTAVAIL", "ok", "EADDRINUSE"]
COMMANDS = ["ss -lntp", "ss -lnup", "ss -tuna", "ss -lnt4", "ss -lnt6", "ss -ltn", "netstat -nplt", "netstat -nplu",
            "netstat -tuna", "netstat -lnt6", "netstat -lnt4", "netstat -lntW", "netstat -tulpn", "ss -tulpn",
            "ss -lnu6", "netstat -lnu6", "ss -lntp6", "ss -lnt -f inet6", "ss -ln -A tcp", "ss -lnfinet",
            "netstat -lnt -A inet6", "netstat -ln -A inet,inet6", "netstat -ln -4", "netstat -lnu --protocol=inet6"]
SERVER = r"""
import errno, socket, sys, time
socks = []
for proto, addr, port, v6only in BINDS:
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    try:
        s.bind((addr, port))
        if proto == "tcp":
            s.listen(128)
        socks.append(s)
        print("RESULT ok", flush=True)
    except OSError as exc:
        print("RESULT", errno.errorcode[exc.errno], flush=True)
print("ready", flush=True)
time.sleep(30)
"""


def _lab():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip link set v0 up; ip link set v1 up; "
            "ip addr add 10.0.0.1/24 dev v0")
    return lab, lab.network.machines["host"].root


def sim_binds():
    lab, ns = _lab()
    results = []
    for proto, addr, port, v6only in BINDS:
        bind = sockets.tcp_listen if proto == "tcp" else sockets.udp_bind
        try:
            bind(ns, addr, port, lambda *a: None, process_name="python3", pid=4242,
                 v6only=None if v6only is None else bool(v6only))
            results.append("ok")
        except sockets.SocketError as exc:
            results.append(exc.errno_name)
    return lab, results


def test_bind_conflicts_are_the_kernels():
    _, results = sim_binds()
    assert results == KERNEL


def test_listings_of_each_family():
    lab, _ = sim_binds()
    ss = lab.run("ss -lnt").stdout
    assert "      *:10250            *:*" in ss
    assert "   [::]:80            [::]:*" in ss
    assert "[::ffff:10.0.0.1]:2380             *:*" in ss
    assert "[::1]:9000          [::]:*" in ss
    netstat = lab.run("netstat -nlt").stdout.splitlines()
    assert "tcp6       0      0 :::10250                :::*                    LISTEN     " in netstat
    assert "tcp6       0      0 10.0.0.1:2380           :::*                    LISTEN     " in netstat
    # AF_INET rows first, then AF_INET6 (netstat reads /proc/net/tcp, then tcp6)
    assert [r[:4] for r in netstat[2:]] == sorted((r[:4] for r in netstat[2:]), key=lambda p: p == "tcp6")
    assert "udp6       0      0 :::53" in lab.run("netstat -nlu").stdout
    assert "tcp6" not in lab.run("netstat -lnt4").stdout and "tcp " not in lab.run("netstat -lnt6").stdout
    assert "*:10250" not in lab.run("ss -lnt4").stdout and "0.0.0.0:80" not in lab.run("ss -lnt6").stdout


def test_netstat_cuts_long_addresses_unless_wide():
    lab, ns = _lab()
    lab.run("ip addr add 192.168.100.200/24 dev v0")
    sockets.tcp_listen(ns, "::ffff:192.168.100.200", 33060, lambda *a: None)
    assert "tcp6       0      0 192.168.100.200:33060   :::*" in lab.run("netstat -lnt").stdout
    sockets.tcp_listen(ns, "::1", 6000, lambda *a: None, v6only=True)
    sockets.tcp_listen(ns, "192.168.100.200", 12345, lambda *a: None)
    assert "192.168.100.200:12345" in lab.run("netstat -lntW").stdout


def _serve(payload, src_ip, src_port, dst_ip):
    return b"answer"


def test_ipv4_reaches_dual_stack_not_v6only():
    lab, ns = _lab()
    dual = sockets.tcp_listen(ns, "::", 10250, _serve)
    assert sockets.tcp_request(ns, "10.0.0.1", 10250, b"GET").reply == b"answer"
    dual.close()
    sockets.tcp_listen(ns, "::", 10250, _serve, v6only=True)
    assert sockets.tcp_request(ns, "10.0.0.1", 10250, b"GET").error == "refused"
    sockets.udp_bind(ns, "::", 53, lambda *a: b"dns")
    assert sockets.udp_request(ns, "127.0.0.1", 53, b"q").reply == b"dns"
    sockets.udp_bind(ns, "::", 5353, lambda *a: b"dns", v6only=True)
    assert sockets.udp_request(ns, "127.0.0.1", 5353, b"q").error == "refused"


def test_the_ipv4_socket_answers_beside_a_v6only_one():
    lab, ns = _lab()
    sockets.tcp_listen(ns, "::", 80, lambda *a: b"v6", v6only=True)
    sockets.tcp_listen(ns, "0.0.0.0", 80, lambda *a: b"v4")
    assert sockets.tcp_request(ns, "10.0.0.1", 80, b"GET").reply == b"v4"
    sockets.tcp_listen(ns, "::ffff:127.0.0.1", 8080, lambda *a: b"mapped")
    assert sockets.tcp_request(ns, "127.0.0.1", 8080, b"GET").reply == b"mapped"
    assert sockets.tcp_request(ns, "10.0.0.1", 8080, b"GET").error == "refused"


def test_bindv6only_sysctl_makes_v6only_the_default():
    lab, ns = _lab()
    ns.sysctls["net.ipv6.bindv6only"] = "1"
    sock = sockets.tcp_listen(ns, "::", 80, _serve)
    assert sock.v6only and sock.v4 is None
    sockets.tcp_listen(ns, "0.0.0.0", 80, _serve)


def _norm(text: str) -> str:
    """Compare without pids, fds (the server reuses the fds of failed binds) and trailing blanks, lines
    sorted (the kernel lists in hash-bucket order)."""
    text = re.sub(r"pid=\d+,fd=\d+", "pid=PID,fd=FD", re.sub(r"\b\d+/python3", "PID/python3", text))
    return "\n".join(sorted(line.rstrip() for line in text.split("\n")))


@pytest.mark.real
def test_same_as_the_real_kernel_and_tools(tmp_path):
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ss") or not shutil.which("netstat"):
        pytest.skip("needs root, unshare, ss and netstat (runs in a private network namespace)")
    server = tmp_path / "server.py"
    server.write_text(f"BINDS = {BINDS!r}\n" + SERVER)
    script = ("ip link set lo up; ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up"
              " && ip addr add 10.0.0.1/24 dev v0 nodad || exit 9\n"
              f"python3 {server} > /tmp/.fam_ready_$$ &\n"
              "for i in $(seq 200); do grep -q ready /tmp/.fam_ready_$$ 2>/dev/null && break; sleep 0.1; done\n"
              "grep RESULT /tmp/.fam_ready_$$; rm -f /tmp/.fam_ready_$$\n")
    for c in COMMANDS:
        script += f"echo '=== {c}'; {c}\n"
    script += "kill %1\n"
    done = subprocess.run(["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "bash", "-c", script], capture_output=True, text=True, timeout=60)
    if done.returncode == 9:
        pytest.skip("no veth in this kernel")
    head, *blocks = done.stdout.split("=== ")
    assert [line.split()[1] for line in head.splitlines() if line.startswith("RESULT")] == KERNEL
    real = {}
    for block in blocks:
        cmd, _, body = block.partition("\n")
        real[cmd] = _norm(body)
    lab, _ = sim_binds()
    for c in COMMANDS:
        sim = _norm(lab.run(c).stdout)
        assert sim == real[c], f"{c}:\n--- kernel\n{real[c]}\n--- sim\n{sim}"


def test_a_client_port_skips_ports_held_by_any_listener():
    lab, ns = _lab()
    nxt = sockets.ephemeral_port(ns, "tcp") + 1
    sockets.tcp_listen(ns, "127.0.0.1", nxt, _serve)
    sockets.tcp_listen(ns, "::", nxt + 1, _serve, v6only=True)
    assert sockets.ephemeral_port(ns, "tcp") == nxt + 2


def test_ss_family_and_query_options():
    lab, _ = sim_binds()
    assert lab.run("ss -lnt -f inet6").stdout == lab.run("ss -lnt6").stdout
    assert lab.run("ss -ln -A udp").stdout == lab.run("ss -lnu").stdout
    assert lab.run("ss -lx").stdout.splitlines()[1:] == []
    bad = lab.run("ss -f foo")
    assert (bad.returncode, bad.stderr.splitlines()[0]) == (255, 'ss: "foo" is invalid family')
    bad = lab.run("ss -A bogus")
    assert (bad.returncode, bad.stderr.splitlines()[0]) == (255, 'ss: "bogus" is illegal socket table id')
    assert lab.run("ss -A").stderr.startswith("ss: option requires an argument -- 'A'\n")


def test_netstat_address_family_options():
    lab, _ = sim_binds()
    assert lab.run("netstat -lnt -A inet6").stdout == lab.run("netstat -lnt6").stdout
    assert lab.run("netstat -lnt -Ainet").stdout == lab.run("netstat -lnt --inet").stdout
    assert "UNIX" not in lab.run("netstat -ln -4").stdout and "Internet" not in lab.run("netstat -lx").stdout
    both = lab.run("netstat -lnt -A unix").stdout
    assert "tcp6" in both and "Active UNIX domain sockets (only servers)" in both
    bad = lab.run("netstat -lnt -A foo")
    assert (bad.returncode, bad.stdout + bad.stderr) == (1, "Unknown address family `foo'.\n")
