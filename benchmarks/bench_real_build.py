"""Build the reference topology on the kernel three ways, side by side, and print the ratios.

The topology: N host netns, each joined by a veth to bridge br0 in a router netns, addressed in
10.250.0.0/16 with a default route via the router (10.250.0.1). Built from the same command lines:
  1. through Lab(backend="real")  (the shell, the `ip` command, RealStack over pyroute2),
  2. `ip -batch`                  (one iproute2 process per netns: a batch line takes no `-n`),
  3. one `ip` process per command.
Targets (issue 4): Lab within 2x of ip -batch; Lab at least 2x faster than one ip per command.
Everything runs inside a private `unshare --net --mount --pid` (the script re-executes itself there).

    sudo python benchmarks/bench_real_build.py [-n 200]
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import subprocess
import sys
import time

PRIVATE = "COURSE_LIB_BENCH_PRIVATE"


def command_lines(n: int) -> list[str]:
    lines = ["ip netns add router", "ip -n router link add br0 type bridge",
             "ip -n router addr add 10.250.0.1/16 dev br0", "ip -n router link set br0 up"]
    base = int(ipaddress.ip_address("10.250.0.2"))
    for i in range(n):
        addr = ipaddress.ip_address(base + i)
        lines += [f"ip netns add h{i}",
                  f"ip -n h{i} link add veth0 type veth peer name p{i} netns router",
                  f"ip -n router link set p{i} master br0 up",
                  f"ip -n h{i} addr add {addr}/16 dev veth0",
                  f"ip -n h{i} link set veth0 up",
                  f"ip -n h{i} link set lo up",
                  f"ip -n h{i} route add default via 10.250.0.1"]
    return lines


def _flush_netns() -> None:
    subprocess.run(["ip", "-all", "netns", "delete"], check=False, capture_output=True)


def batches(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The same commands as `ip -batch` files: a batch takes no `-n`, so one batch per netns, ordered
    so every command finds what it needs (netns first, router bridge, hosts, then the router's ports)."""
    root, router_setup, router_ports, hosts = [], [], [], {}
    for line in lines:
        words = line.split()
        if words[1] == "netns":
            root.append(" ".join(words[1:]))
        elif words[2] == "router":
            (router_ports if " master " in line else router_setup).append(" ".join(words[3:]))
        else:
            hosts.setdefault(words[2], []).append(" ".join(words[3:]))
    return ([("", root), ("router", router_setup)] + list(hosts.items()) + [("router", router_ports)])


def time_batch(lines: list[str]) -> float:
    plan = batches(lines)
    start = time.perf_counter()
    for netns, commands in plan:
        argv = ["ip"] + (["-n", netns] if netns else []) + ["-batch", "-"]
        subprocess.run(argv, input="\n".join(commands) + "\n", text=True, check=True)
    elapsed = time.perf_counter() - start
    _check_ip(lines)
    _flush_netns()
    return elapsed


def time_per_command(lines: list[str]) -> float:
    start = time.perf_counter()
    for line in lines:
        subprocess.run(line.split(), check=True)
    elapsed = time.perf_counter() - start
    _check_ip(lines)
    _flush_netns()
    return elapsed


def _check_ip(lines: list[str]) -> None:
    n = sum(1 for line in lines if line.startswith("ip netns add h"))
    out = subprocess.run(["ip", "-n", "router", "-o", "link", "show", "master", "br0"],
                         capture_output=True, text=True).stdout
    assert len(out.splitlines()) == n, f"expected {n} bridge ports, found {len(out.splitlines())}"


def time_lab(lines: list[str]) -> tuple[float, float]:
    from course_lib import Lab
    start = time.perf_counter()
    lab = Lab(backend="real")
    result = lab.run("\n".join(["set -e"] + lines))
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        lab.close()
        raise RuntimeError(f"the lab build failed (rc {result.returncode}): {result.stderr[:300]}")
    n = sum(1 for line in lines if line.startswith("ip netns add h"))
    ports = lab.run("ip -n router -o link show master br0 | wc -l").stdout.strip()
    ping = lab.run(f"ip netns exec h{n - 1} ping -c 1 -W 1 10.250.0.1")
    assert ports == str(n), f"expected {n} bridge ports, the lab shows {ports!r}"
    assert ping.returncode == 0, ping.stdout + ping.stderr
    start = time.perf_counter()
    lab.close()
    return elapsed, time.perf_counter() - start


def time_stack(n: int) -> float:
    """The same topology through RealStack calls, without the shell: the backend's own floor."""
    from course_lib.backends.real.backend import RealBackend
    from course_lib.backends.stack import LinkSpec, RouteSpec
    backend = RealBackend()
    try:
        start = time.perf_counter()
        backend.add_host("host")
        top = backend.stack("host")
        top.netns_add("router")
        router = top.in_netns("router")
        router.link_add(LinkSpec(name="br0", kind="bridge"))
        router.addr_add("br0", "10.250.0.1", 16)
        router.link_set("br0", up=True)
        base = int(ipaddress.ip_address("10.250.0.2"))
        for i in range(n):
            top.netns_add(f"h{i}")
            h = top.in_netns(f"h{i}")
            h.link_add(LinkSpec(name="veth0", kind="veth", peer_name=f"p{i}", peer_netns="router"))
            router.link_set(f"p{i}", master="br0", up=True)
            h.addr_add("veth0", str(ipaddress.ip_address(base + i)), 16)
            h.link_set("veth0", up=True)
            h.link_set("lo", up=True)
            h.route_add(RouteSpec(dst="0.0.0.0/0", gateway="10.250.0.1"))
        return time.perf_counter() - start
    finally:
        backend.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="number of host netns (default 200)")
    args = parser.parse_args()
    if os.environ.get(PRIVATE) != "1":
        if os.geteuid() != 0:
            print("bench_real_build: needs root (it builds network namespaces in a private unshare)")
            return 0
        env = dict(os.environ, **{PRIVATE: "1"})
        inner = ("mkdir -p /run/netns /run/course_lib && mount -t tmpfs tmpfs /run/netns && "
                 "mount -t tmpfs tmpfs /run/course_lib && exec \"$0\" \"$@\"")
        return subprocess.call(["unshare", "--net", "--mount", "--pid", "--fork", "--mount-proc", "--kill-child",
                                "sh", "-c", inner, sys.executable, os.path.abspath(__file__), "-n", str(args.n)],
                               env=env)
    lines = command_lines(args.n)
    print(f"reference topology: {args.n} host netns + router netns with br0, {len(lines)} command lines")
    batch = time_batch(lines)
    per_command = time_per_command(lines)
    stack = time_stack(args.n)
    rows = [("ip -batch", batch), ("one ip process per command", per_command),
            ("RealStack calls (no shell)", stack)]
    lab_error = None
    try:
        lab, close = time_lab(lines)
        rows.append(("Lab(backend='real') from command lines", lab))
        rows.append(("  Lab.close() (teardown)", close))
    except Exception as exc:      # the shell or `ip` command may be incomplete: still print the rest
        lab_error = f"{type(exc).__name__}: {exc}"
    for name, seconds in rows:
        print(f"  {name:42s} {seconds:7.3f} s")
    print(f"  RealStack / ip -batch                      {stack / batch:7.2f}x")
    if lab_error:
        print(f"  Lab(backend='real') unavailable: {lab_error}")
        return 0
    print(f"  Lab / ip -batch                            {lab / batch:7.2f}x  (target <= 2)")
    print(f"  one ip per command / Lab                   {per_command / lab:7.2f}x  (target >= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
