"""Build the reference topology (N host netns on bridge br0 in a router netns, 10.250.0.0/16, default
routes) from its command lines, in the simulation and with `ip -batch` on the kernel, side by side.

Prints the time of each and their ratio (target: simulation >= 5x faster than the kernel for N=200),
and the memory of a 1,000-netns simulated lab (target: < 100 MB). The kernel part runs only as root,
inside a private `unshare --net --mount` (never the machine's own namespaces).

    python benchmarks/bench_sim_build.py [N] [REPEAT]

Each side runs REPEAT times (default 3), interleaved; the best time of each side is compared.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc


def host_address(i: int) -> str:
    n = i + 1                       # router is 10.250.0.1
    return f"10.250.{n // 250}.{n % 250 + 2}/16"


def batches(n: int) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """(root batch, router batch, per-host batches): `ip -batch` lines without the leading `ip`."""
    root = ["netns add router"]
    router = ["link add br0 type bridge", "link set br0 up", "addr add 10.250.0.1/16 dev br0", "link set lo up"]
    hosts: dict[str, list[str]] = {}
    for i in range(n):
        h = f"h{i}"
        root.append(f"netns add {h}")
        root.append(f"link add v{i} netns {h} type veth peer name p{i} netns router")
        router += [f"link set p{i} master br0", f"link set p{i} up"]
        hosts[h] = ["link set lo up", f"addr add {host_address(i)} dev v{i}", f"link set v{i} up",
                    "route add default via 10.250.0.1"]
    return root, router, hosts


def command_lines(n: int) -> list[str]:
    """The same topology as the command lines a learner would type."""
    root, router, hosts = batches(n)
    lines = [f"ip {c}" for c in root] + [f"ip -n router {c}" for c in router]
    for h, cmds in hosts.items():
        lines += [f"ip -n {h} {c}" for c in cmds]
    return lines


def build_sim(n: int):
    from course_lib import Lab
    lab = Lab()
    for line in command_lines(n):
        r = lab.run(line)
        if r.returncode:
            raise RuntimeError(f"{line}: {r.stderr}")
    return lab


def time_sim(n: int) -> float:
    start = time.perf_counter()
    build_sim(n)
    return time.perf_counter() - start


def time_sim_batch(n: int) -> float:
    """The simulation fed the very same `ip -batch` files as the kernel run."""
    from course_lib import Lab
    from course_lib.shell.fs import write_file
    root, router, hosts = batches(n)
    lab = Lab()
    ctx = lab.backend.context("host")
    files = {"/tmp/root": root, "/tmp/router": router, **{f"/tmp/{h}": c for h, c in hosts.items()}}
    for path, lines in files.items():
        write_file(ctx, path, "\n".join(lines) + "\n")
    start = time.perf_counter()
    for cmd in ["ip -batch /tmp/root", "ip -n router -batch /tmp/router",
                *[f"ip -n {h} -batch /tmp/{h}" for h in hosts]]:
        r = lab.run(cmd)
        if r.returncode:
            raise RuntimeError(f"{cmd}: {r.stderr}")
    return time.perf_counter() - start


def kernel_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "not root"
    if not shutil.which("unshare") or not shutil.which("ip"):
        return "unshare/ip missing"
    return None


def time_kernel(n: int) -> float:
    """`ip -batch` on the kernel in a private namespace: one batch for the root netns, then one
    `ip -n NS -batch` per namespace (batch lines cannot carry -n)."""
    root, router, hosts = batches(n)
    with tempfile.TemporaryDirectory() as tmp:
        def write(name: str, lines: list[str]) -> str:
            path = os.path.join(tmp, name)
            with open(path, "w") as f:
                f.write("\n".join(lines) + "\n")
            return path
        script = ["set -e", "mkdir -p /run/netns", "mount -t tmpfs none /run/netns",
                  "s=$(date +%s.%N)", f"ip -batch {write('root', root)}",
                  f"ip -n router -batch {write('router', router)}"]
        script += [f"ip -n {h} -batch {write(h, cmds)}" for h, cmds in hosts.items()]
        script += ["e=$(date +%s.%N)", 'echo "$s $e"']
        path = write("run.sh", script)
        out = subprocess.run(["unshare", "--net", "--mount", "bash", path], capture_output=True, text=True,
                             check=True, timeout=600).stdout.split()
    return float(out[1]) - float(out[0])


def sim_memory_mb(n: int) -> float:
    tracemalloc.start()
    lab = build_sim(n)
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del lab
    return current / 1e6


def _best(times: list[float]) -> str:
    return f"{min(times):.3f} s (best of {' / '.join(f'{t:.3f}' for t in times)})"


def main() -> None:
    """`bench_sim_build.py [N] [REPEAT]`: each side timed REPEAT times (default 3), interleaved, the best of each
    compared (the usual way to leave out the moments another process had the CPU)."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    build_sim(2)                                  # imports and first-use costs out of the way
    why = kernel_unavailable()
    lines, batch, kernel = [], [], []
    for _ in range(repeat):
        lines.append(time_sim(n))
        batch.append(time_sim_batch(n))
        if not why:
            kernel.append(time_kernel(n))
    sim, sim_batch = min(lines), min(batch)
    print(f"simulation, {len(command_lines(n))} command lines through lab.run: {_best(lines)}")
    print(f"simulation, the same ip -batch files as the kernel: {_best(batch)}")
    if why:
        print(f"kernel: skipped ({why})")
    else:
        kern = min(kernel)
        print(f"kernel, ip -batch (private unshare): {_best(kernel)}")
        print(f"ratio kernel/simulation (command lines): {kern / sim:.1f}x (target >= 5x)")
        print(f"ratio kernel/simulation (same batch files): {kern / sim_batch:.1f}x (target >= 5x)")
    mem = sim_memory_mb(1000)
    print(f"simulation memory for a 1,000-netns lab: {mem:.1f} MB (target < 100 MB)")


if __name__ == "__main__":
    main()
