"""Benchmark: one lookup of an outside name through ndots:5 and a 3-domain search list, sim vs kernel.

The simulation resolves www.google.com with glibc's algorithm over the simulated datapath (UDP to the
machine's stub resolver); the kernel reference runs `getent ahosts www.google.com` inside a private
`unshare --net --mount` with the same resolv.conf and a dnsmasq-base server on the netns's loopback.
Both sides run in one process, in alternating rounds (a batch of simulated lookups, then a batch of
getent runs), so a change in the machine's load hits both alike. Prints the queries per record type,
the time per lookup (wall: the median round; CPU: all rounds, getent's and dnsmasq's CPU on the kernel
side) and the ratios. Repeated lookups of one name replay the stub's kept answers (ressearch._SEARCHES);
the CPU of a lookup whose name was never asked is printed too (not part of the ratio).
Run: python benchmarks/bench_dns.py   (the kernel column needs root, unshare and dnsmasq)
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable

RESOLV = ("nameserver 127.0.0.53\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n"
          "options ndots:5\n")
NAME = "www.google.com"
ROUNDS, SIM_BATCH, KERNEL_BATCH = 10, 300, 20


def sim_lookup() -> tuple[Callable[[], Any], dict[str, int]]:
    """A lab machine with the benchmark's resolv.conf: a function doing one lookup, and the queries it sends."""
    from course_lib import Lab
    from course_lib.dns import resolver
    lab = Lab()
    lab.run(f"printf '{RESOLV.replace(chr(10), chr(92) + 'n')}' > /etc/resolv.conf")
    lab.run("ip link add v0 type veth peer name v1")
    lab.run("ip addr add 10.0.0.1/24 dev v0")
    lab.run("ip link set v0 up")
    lab.run("ip link set v1 up")
    ctx = lab.backend.context("host")
    stats = resolver.ResolveStats()
    resolver.getaddrinfo(ctx, NAME, resolver.AF_UNSPEC, stats=stats)
    return (lambda: resolver.getaddrinfo(ctx, NAME, resolver.AF_UNSPEC)), stats.by_type


def _cold_cpu(lookup: Callable[[], Any]) -> float:
    """CPU per lookup when the name was never asked before: the stub's kept replies and the resolver's kept
    outcomes forgotten before each lookup (the timed lookups above replay them)."""
    from course_lib.dns import directpath, ressearch
    kept = (ressearch._SEARCHES, ressearch._OUTCOMES, directpath._REPLIES)
    start = time.process_time()
    for _ in range(SIM_BATCH):
        for table in kept:
            table.clear()
        lookup()
    return (time.process_time() - start) / SIM_BATCH


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _process_cpu(pid: str) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def side_by_side(dnsmasq_pid: str | None, rounds: int = ROUNDS) -> dict[str, Any]:
    """Alternating rounds of simulated lookups and getent runs; per-lookup wall (median round) and CPU."""
    lookup, counts = sim_lookup()
    sim_wall, kernel_wall = [], []
    sim_cpu = kernel_cpu = 0.0
    server0 = _process_cpu(dnsmasq_pid) if dnsmasq_pid else 0.0
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(SIM_BATCH):
            lookup()
        sim_wall.append((time.perf_counter() - start) / SIM_BATCH)
        sim_cpu += time.process_time() - cpu
        if dnsmasq_pid:
            start, cpu = time.perf_counter(), _children_cpu()
            for _ in range(KERNEL_BATCH):
                subprocess.run(["getent", "ahosts", NAME], stdout=subprocess.DEVNULL)
            kernel_wall.append((time.perf_counter() - start) / KERNEL_BATCH)
            kernel_cpu += _children_cpu() - cpu
    result = {"sim_wall": statistics.median(sim_wall), "sim_cpu": sim_cpu / (rounds * SIM_BATCH), "sim_counts": counts,
              "sim_cold_cpu": _cold_cpu(lookup)}
    if dnsmasq_pid:
        kernel_cpu += _process_cpu(dnsmasq_pid) - server0
        result.update(kernel_wall=statistics.median(kernel_wall), kernel_cpu=kernel_cpu / (rounds * KERNEL_BATCH))
    return result


KERNEL_SCRIPT = r"""
set -e
ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up; ip link set v1 up
printf '%s' "$RESOLV" > "$DIR/resolv.conf"
printf '127.0.0.1 localhost\n' > "$DIR/hosts"
mount --bind "$DIR/resolv.conf" /etc/resolv.conf
mount --bind "$DIR/hosts" /etc/hosts
dnsmasq --no-resolv --no-hosts --listen-address=127.0.0.53 --bind-interfaces --pid-file="$DIR/pid" \
  --address=/www.google.com/142.250.185.68 --local=/cluster.local/ --local=/com/ \
  --log-queries --log-facility="$DIR/log" -C /dev/null
sleep 0.3
: > "$DIR/log"
getent ahosts www.google.com > /dev/null
grep -c 'query\[A\]' "$DIR/log" || true
grep -c 'query\[AAAA\]' "$DIR/log" || true
kill "$(cat "$DIR/pid")"; sleep 0.2
dnsmasq --no-resolv --no-hosts --listen-address=127.0.0.53 --bind-interfaces --pid-file="$DIR/pid" \
  --address=/www.google.com/142.250.185.68 --local=/cluster.local/ --local=/com/ -C /dev/null
sleep 0.3
"$PY" "$BENCH" --side-by-side "$(cat "$DIR/pid")"
kill "$(cat "$DIR/pid")"
"""


def run_kernel_side() -> dict[str, Any] | str:
    """The side-by-side rounds inside `unshare --net --mount` with dnsmasq; a reason string when impossible."""
    if os.geteuid() != 0:
        return "needs root"
    for tool in ("unshare", "dnsmasq", "getent"):
        if shutil.which(tool) is None:
            return f"{tool} missing"
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, RESOLV=RESOLV, DIR=tmp, PY=sys.executable, BENCH=os.path.abspath(__file__))
        proc = subprocess.run(["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--mount", "bash", "-c", KERNEL_SCRIPT],
                              capture_output=True, text=True, env=env, timeout=900)
        lines = proc.stdout.splitlines()
        if proc.returncode != 0 or len(lines) < 3:
            return f"kernel run failed: {proc.stderr.strip()[:200]}"
        result = json.loads(lines[2])
        result["kernel_counts"] = {"A": int(lines[0]), "AAAA": int(lines[1])}
        return result


def main() -> None:
    if sys.argv[1:2] == ["--side-by-side"]:          # inside the private namespace, next to dnsmasq
        print(json.dumps(side_by_side(sys.argv[2])))
        return
    result = run_kernel_side()
    print(f"lookup of {NAME} with ndots:5 and 3 search domains (getent ahosts / getaddrinfo AF_UNSPEC)")
    print(f"{'':<28}{'simulation':>14}{'kernel+dnsmasq':>18}")
    if isinstance(result, str):
        sim = side_by_side(None)
        print(f"{'queries per record type':<28}{str(sim['sim_counts']):>14}{result:>18}")
        print(f"{'time per lookup':<28}{sim['sim_wall'] * 1e6:>11.1f} us{'-':>18}")
        print(f"{'CPU, a name not asked yet':<28}{sim['sim_cold_cpu'] * 1e6:>11.1f} us{'-':>18}")
        return
    counts, kernel_counts = result["sim_counts"], result["kernel_counts"]
    print(f"{'queries (A / AAAA)':<28}{counts.get('A', 0):>6} / {counts.get('AAAA', 0):<5}"
          f"{kernel_counts['A']:>10} / {kernel_counts['AAAA']:<5}")
    print(f"{'time per lookup (wall)':<28}{result['sim_wall'] * 1e6:>11.1f} us{result['kernel_wall'] * 1e6:>15.1f} us")
    print(f"{'CPU per lookup':<28}{result['sim_cpu'] * 1e6:>11.1f} us{result['kernel_cpu'] * 1e6:>15.1f} us")
    print(f"{'CPU, a name not asked yet':<28}{result['sim_cold_cpu'] * 1e6:>11.1f} us{'-':>18}")
    print(f"speed-up: {result['kernel_wall'] / result['sim_wall']:.0f}x wall, "
          f"{result['kernel_cpu'] / result['sim_cpu']:.0f}x CPU (target >= 50x; {ROUNDS} alternating rounds of "
          f"{SIM_BATCH} / {KERNEL_BATCH} lookups; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
