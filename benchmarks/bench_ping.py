"""Benchmark: one ping in the simulation vs `ip netns exec NS ping -c 1` on the kernel, side by side.

Each side reports the median time per call (the machine may be busy with other work).
Topology (both sides): netns h1..hN, each joined by a veth to bridge br0 in netns "router",
addressed in 10.250.0.0/16 with a default route via the router. The kernel side runs inside a
private `unshare --net --mount` (root only; skipped otherwise). Prints per-ping times and ratios:
- datapath: the echo request/reply exchange itself (course_lib.net) -- what "a ping" costs the model;
  also timed with the express lane off (course_lib.net.express.ON = False: the general walk), interleaved;
- command:  the `ping -c 1` command implementation (parsing, output), without the shell;
- lab.run:  the whole `lab.run("ip netns exec h1 ping -c 1 ...")` (shell, `ip netns exec`, ping);
and where lab.run's time goes, as differences of the medians: the terminal line and `ip netns exec`
(lab.run - command: a terminal line `ip netns exec NAME CMD` runs CMD without the ip command, and ping's
commonest lines without the program's context: nettools/ping_fast), ping's own work (command - datapath);
the ip command's own `netns exec` path, which scripts and pipelines take (the `ip` command line without the
shell - command); and the whole terminal line of a registered program that does nothing (the shell layer
any other program pays).

    python benchmarks/bench_ping.py [--hosts N] [--count K]
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import shutil
import statistics
import subprocess
import sys
import time


def topology_script(n: int) -> str:
    lines = ["ip netns add router", "ip -n router link set lo up",
             "ip -n router link add br0 type bridge", "ip -n router link set br0 up",
             "ip -n router addr add 10.250.0.1/16 dev br0"]
    for i in range(1, n + 1):
        lines += [f"ip netns add h{i}", f"ip -n h{i} link set lo up",
                  f"ip -n h{i} link add eth0 type veth peer name p{i} netns router",
                  f"ip -n router link set p{i} master br0", f"ip -n router link set p{i} up",
                  f"ip -n h{i} link set eth0 up",
                  f"ip -n h{i} addr add 10.250.{i // 250}.{i % 250 + 2}/16 dev eth0",
                  f"ip -n h{i} route add default via 10.250.0.1"]
    return "\n".join(lines)


def target(n: int) -> str:
    return f"10.250.{2 // 250}.{2 % 250 + 2}" if n >= 2 else "10.250.0.1"


def bench_sim(n: int, count: int) -> dict[str, float]:
    from course_lib import Lab
    from course_lib.net import express
    from course_lib.net.datapath import ip_send
    from course_lib.net.delivery import open_endpoint
    from course_lib.net.events import scheduler
    from course_lib.net.packet import ICMP, Packet
    from course_lib.shell.context import ExecContext
    from course_lib.result import CommandResult
    from course_lib.shell.registry import command, lookup

    lab = Lab()
    lab.run(topology_script(n))
    dst = target(n)
    first = lab.run(f"ip netns exec h1 ping -c 1 {dst}")
    if first.returncode != 0:
        raise SystemExit(f"the simulated ping failed: {first.stdout}{first.stderr}")
    machine = lab.network.machines["host"]
    ns = machine.netns["h1"]

    # the datapath exchange
    sched = scheduler(lab.network)
    ep = open_endpoint(ns, ICMP, 4242)
    d, s = ipaddress.IPv4Address(dst), ipaddress.IPv4Address("10.250.0.3")

    def exchange() -> None:
        ip_send(ns, Packet(src=s, dst=d, proto=ICMP, icmp_type=8, icmp_code=0, icmp_id=4242, icmp_seq=1))
        sched.pump(lab.network.clock + 1.0, lambda: bool(ep.inbox))
        ep.inbox.clear()

    ctx = ExecContext(machine=machine, netns=ns, lab=lab)
    ping = lookup("ping")
    argv = ["ping", "-c", "1", dst]
    line = f"ip netns exec h1 ping -c 1 {dst}"
    noop_result = CommandResult("", "", 0)
    command("bench-noop")(lambda ctx, argv, stdin: noop_result)     # a registered program that does nothing
    noop_line = f"ip netns exec h1 bench-noop -c 1 {dst}"
    ip = lookup("ip")
    ip_ctx = lab._backend_or_raise().context("host")
    ip_argv = line.split()
    # interleaved, one call of each per round, medians: the machine may be busy with other work
    def general() -> None:
        express.ON = False
        try:
            exchange()
        finally:
            express.ON = True

    calls = (("datapath", exchange), ("general", general), ("command", lambda: ping(ctx, argv, "")),
             ("ip", lambda: ip(ip_ctx, ip_argv, "")), ("noop", lambda: lab.run(noop_line)),
             ("lab.run", lambda: lab.run(line)))
    samples: dict[str, list[float]] = {name: [] for name, _ in calls}
    clock = time.perf_counter
    for _ in range(count):
        for name, fn in calls:
            t = clock()
            fn()
            samples[name].append(clock() - t)
    return {name: statistics.median(values) for name, values in samples.items()}


KERNEL = r"""
set -e
mkdir -p /run/netns && mount -t tmpfs none /run/netns
{script}
ip netns exec h1 ping -c 1 {dst} >/dev/null
for i in $(seq {count}); do
  start=$(date +%s%N)
  ip netns exec h1 ping -c 1 {dst} >/dev/null
  end=$(date +%s%N)
  echo $(( end - start ))
done
"""


def bench_kernel(n: int, count: int) -> float | None:
    """Nanoseconds per `ip netns exec h1 ping -c 1`, or None when the kernel side cannot run here."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ping") or not shutil.which("ip"):
        return None
    body = KERNEL.format(script=topology_script(n), dst=target(n), count=count)
    proc = subprocess.run(["unshare", "--net", "--mount", "bash", "-c", body], capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0:
        print(f"kernel side failed: {proc.stderr.strip()[:300]}", file=sys.stderr)
        return None
    return statistics.median(int(x) for x in proc.stdout.split()) / 1e9


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    kernel = bench_kernel(args.hosts, max(10, args.count // 30))
    sim = bench_sim(args.hosts, args.count)
    if kernel is None:
        print("kernel: skipped (needs root, unshare, ip and ping)")
    else:
        print(f"kernel `ip netns exec h1 ping -c 1`: {kernel * 1e6:10.1f} us")
    print(f"sim datapath with the express lane off: {sim['general'] * 1e6:10.1f} us "
          f"(express x{sim['general'] / sim['datapath']:.2f})")
    for name in ("datapath", "command", "lab.run"):
        value = sim[name]
        line = f"sim {name:<9}: {value * 1e6:10.1f} us"
        if kernel is not None:
            line += f"   ratio {kernel / value:8.1f}x"
        print(line)
    # a terminal line `ip netns exec NAME CMD` runs CMD straight from the line (no ip command in between), so
    # the shell and `ip netns exec` are one layer of lab.run; the ip command's own path (scripts, pipelines)
    # is printed beside it
    layers = (("shell + netns exec", sim["lab.run"] - sim["command"]), ("ping", sim["command"] - sim["datapath"]),
              ("datapath", sim["datapath"]))
    print("lab.run by layer (differences of medians): "
          + ", ".join(f"{name} {value * 1e6:.1f} us" for name, value in layers)
          + f"; the ip command's `netns exec` (scripts, pipelines): {(sim['ip'] - sim['command']) * 1e6:.1f} us")
    print(f"a terminal line `ip netns exec h1 NOOP ...` running a registered program that does nothing: "
          f"{sim['noop'] * 1e6:.1f} us")
    if kernel is not None:
        print(f"target: a simulated ping >= 100x faster -> lab.run {kernel / sim['lab.run']:.0f}x "
              f"(datapath {kernel / sim['datapath']:.0f}x, command {kernel / sim['command']:.0f}x)")
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
