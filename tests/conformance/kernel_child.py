"""Runs one conformance scenario on the real kernel; meant to run inside a private unshare.

Started by conformance_kernel.py as
    unshare --net --mount --pid --fork --mount-proc --kill-child python kernel_child.py
with the scenario as JSON on stdin; prints the transcript as JSON on stdout. Standalone (stdlib only).

Every lab machine is a process in its own network, mount and UTS namespace, with private tmpfs on
/run/netns (its own `ip netns`), an overlay on /etc (its own /etc/hosts, /etc/resolv.conf and
/etc/netns), a tmpfs on /root and its hostname. A switch is a netns holding bridge `br0`; `connect`
is a veth from the machine to the switch's bridge. Commands run with the real bash and tools via
nsenter. Nothing here can reach the machine's own namespaces: the whole run sits in a private
network, mount and PID namespace that dies with this process.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

SCRATCH = "/mnt"          # a private tmpfs is mounted here, inside our own mount namespace only
ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
       "LANG": "C", "LC_ALL": "C", "TERM": "dumb"}


def sh(*argv: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, check=check, env=ENV)


def machine_setup(name: str, files: dict[str, str]) -> str:
    """Shell that makes a machine's private mounts and then sleeps (its namespaces stay alive)."""
    base = f"{SCRATCH}/m-{name}"
    os.makedirs(f"{base}/u", exist_ok=True)
    os.makedirs(f"{base}/w", exist_ok=True)
    os.makedirs(f"{base}/root", exist_ok=True)
    for path, text in files.items():                  # e.g. {"hosts": ..., "resolv.conf": ...}
        with open(f"{base}/u/{path}", "w") as handle:
            handle.write(text)
    return (f"set -e; mount -t overlay overlay -o lowerdir=/etc,upperdir={base}/u,workdir={base}/w /etc; "
            f"mkdir -p /run/netns; mount -t tmpfs tmpfs /run/netns; mount --bind {base}/root /root; "
            f"mount -t sysfs sysfs /sys; "
            f"hostname {name}; ip link set lo up; echo ready; exec sleep 1000000")


def spawn(argv: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    line = proc.stdout.readline()
    if line.strip() != "ready":
        raise RuntimeError(f"setup of {argv} failed: {line}{proc.stderr.read()}")
    return proc


def main() -> int:
    # the kernel's bash gets a terminal's SIGHUP, not one a launcher (nohup) ignored: ignored dispositions pass
    # through exec, so `kill -HUP %1` would leave the job running and `wait` say 0 instead of 129
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    scenario = json.load(sys.stdin)
    sh("mount", "-t", "tmpfs", "tmpfs", SCRATCH)
    pids: dict[str, int] = {}
    procs = []
    for name in scenario["hosts"]:
        proc = spawn(["unshare", "--net", "--mount", "--uts", "--", "sh", "-c",
                      machine_setup(name, scenario.get("files", {}).get(name, {}))])
        procs.append(proc)
        pids[name] = proc.pid
    switch_pids: dict[str, int] = {}
    for name in scenario["switches"]:
        proc = spawn(["unshare", "--net", "--", "sh", "-c",
                      "set -e; ip link add br0 type bridge; ip link set br0 up; ip link set lo up; "
                      "echo ready; exec sleep 1000000"])
        procs.append(proc)
        switch_pids[name] = proc.pid
    for number, (host, switch, ifname) in enumerate(scenario["links"]):
        port = f"p{number}"
        sh("ip", "link", "add", ifname, "netns", str(pids[host]), "type", "veth",
           "peer", "name", port, "netns", str(switch_pids[switch]))
        sh("nsenter", "-t", str(switch_pids[switch]), "-n", "ip", "link", "set", port, "master", "br0", "up")
    transcript = []
    for host, command in scenario["steps"]:
        started = time.monotonic()
        try:
            done = subprocess.run(["nsenter", "-t", str(pids[host]), "-n", "-m", "-u", "--wd=/root",
                                   "bash", "-c", command], capture_output=True, text=True, env=ENV,
                                  timeout=scenario.get("timeout", 30), stdin=subprocess.DEVNULL)
            result = [done.stdout, done.stderr, done.returncode]
        except subprocess.TimeoutExpired as exc:
            out, err = (x.decode(errors="replace") if isinstance(x, bytes) else x or "" for x in (exc.stdout, exc.stderr))
            result = [out, err + "<timeout>", -1]     # TimeoutExpired keeps bytes even with text=True
        transcript.append({"host": host, "command": command, "stdout": result[0], "stderr": result[1],
                           "rc": result[2], "seconds": round(time.monotonic() - started, 3)})
    for proc in procs:
        proc.kill()
    json.dump(transcript, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
