"""Benchmark: one lookup of an outside name through ndots:5 and a 3-domain search list, sim vs kernel.

The simulation resolves www.google.com with glibc's algorithm over the simulated datapath (UDP to the
machine's stub resolver); the kernel reference runs `getent ahosts www.google.com` inside a private
`unshare --net --mount` with the same resolv.conf and a dnsmasq-base server on the netns's loopback.
Prints the queries per record type and the time per lookup, side by side, and the ratio.
Run: python benchmarks/bench_dns.py   (the kernel column needs root, unshare and dnsmasq)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time

RESOLV = ("nameserver 127.0.0.53\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n"
          "options ndots:5\n")
NAME = "www.google.com"


def bench_sim(n: int = 2000) -> tuple[float, float, dict[str, int]]:
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
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        resolver.getaddrinfo(ctx, NAME, resolver.AF_UNSPEC)
    return (time.perf_counter() - start) / n, (time.process_time() - cpu) / n, stats.by_type


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
"$PY" - "$N" "$(cat "$DIR/pid")" <<'PYEOF'
import os, resource, subprocess, sys, time
n, pid = int(sys.argv[1]), sys.argv[2]
def dnsmasq_cpu():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
start, cpu0, srv0 = time.perf_counter(), children_cpu(), dnsmasq_cpu()
for _ in range(n):
    subprocess.run(["getent", "ahosts", "www.google.com"], stdout=subprocess.DEVNULL)
print((time.perf_counter() - start) / n, (children_cpu() - cpu0 + dnsmasq_cpu() - srv0) / n)
PYEOF
kill "$(cat "$DIR/pid")"
"""


def bench_kernel(n: int = 200) -> tuple[float, float, dict[str, int]] | str:
    if os.geteuid() != 0:
        return "needs root"
    for tool in ("unshare", "dnsmasq", "getent"):
        if shutil.which(tool) is None:
            return f"{tool} missing"
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, RESOLV=RESOLV, DIR=tmp, PY=sys.executable, N=str(n))
        proc = subprocess.run(["unshare", "--net", "--mount", "bash", "-c", KERNEL_SCRIPT],
                              capture_output=True, text=True, env=env, timeout=600)
        lines = proc.stdout.split()
        if proc.returncode != 0 or len(lines) < 4:
            return f"kernel run failed: {proc.stderr.strip()[:200]}"
        return float(lines[2]), float(lines[3]), {"A": int(lines[0]), "AAAA": int(lines[1])}


def main() -> None:
    sim_time, sim_cpu, sim_counts = bench_sim()
    kernel = bench_kernel()
    print(f"lookup of {NAME} with ndots:5 and 3 search domains (getent ahosts / getaddrinfo AF_UNSPEC)")
    print(f"{'':<28}{'simulation':>14}{'kernel+dnsmasq':>18}")
    if isinstance(kernel, str):
        print(f"{'queries per record type':<28}{str(sim_counts):>14}{kernel:>18}")
        print(f"{'time per lookup':<28}{sim_time * 1e6:>11.1f} us{'-':>18}")
        return
    kernel_time, kernel_cpu, kernel_counts = kernel
    print(f"{'queries (A / AAAA)':<28}{sim_counts.get('A', 0):>6} / {sim_counts.get('AAAA', 0):<5}"
          f"{kernel_counts['A']:>10} / {kernel_counts['AAAA']:<5}")
    print(f"{'time per lookup (wall)':<28}{sim_time * 1e6:>11.1f} us{kernel_time * 1e6:>15.1f} us")
    print(f"{'CPU per lookup':<28}{sim_cpu * 1e6:>11.1f} us{kernel_cpu * 1e6:>15.1f} us")
    print(f"speed-up: {kernel_time / sim_time:.0f}x wall, {kernel_cpu / sim_cpu:.0f}x CPU (target >= 50x; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
