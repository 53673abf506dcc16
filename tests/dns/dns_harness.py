"""Run one DNS case on the real tools (private namespaces) and on the simulation; compare the transcripts.

A DnsCase is a resolv.conf, a hosts file, a Corefile with its zone files (under /opt/coredns), set-up
lines and commands. The kernel side runs inside `unshare --net --pid --fork --mount`: its own loopback,
/etc/resolv.conf and /etc/hosts bind-mounted from temp copies (the machine's files are never written),
a tmpfs on /opt, and the course's CoreDNS model answering real UDP/TCP (`python -m course_lib.dns.realserve`),
so the real BIND 9.18 dig/nslookup/host and glibc getent/ping talk to it. The simulation runs the same
lines in a Lab() whose machine runs `coredns`. Each command's output (stdout then stderr), exit status
and elapsed time are compared; ids, dig's query times, dates and cookies are normalised, elapsed
times are compared with a tolerance (the kernel's include process start-up and load).

After each command, on both sides and outside its timing, the harness waits until no neighbour entry is
INCOMPLETE (SETTLE): an ARP resolution of the LAN's dead nameserver that one command starts fails 3.06-3.10 s
after its first probe on the kernel (timer-wheel slack; 3.072 in the model), and when the next command's
query to it falls near that moment, whether the query joins the failing resolution (`host unreachable`, at
once) or waits out its own timeout depends on the kernel's process start-up and exit between the commands
(tens of ms, more under load), which the model, running the commands back to back, does not have (seed 80
of 1-400: the kernel's getent gave 1.1 s or 2.0 s from run to run, the model 1.07 s). Within one command
the resolution's timing is the tools' own and stays compared.
"""
from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from typing import Optional

from course_lib import Lab

COREDNS_DIR = "/opt/coredns"
# wait (up to 4 s) until no ARP resolution is in flight: the next command starts with settled neighbours
SETTLE = "for j in $(seq 80); do ip neigh show nud incomplete | grep -q . || break; sleep 0.05; done"


@dataclass
class DnsCase:
    name: str
    resolv: str
    hosts: str
    corefile: str
    zones: dict[str, str]                 # file name under /opt/coredns -> zone text
    commands: list[str]
    setup: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    output: str
    rc: int
    ms: int                               # elapsed wall (kernel) or model (sim) time

    def line(self, command: str) -> str:
        return f"$ {command}\n{self.output}[rc {self.rc}]\n"


def normalise(text: str) -> str:
    text = re.sub(r"id: \d+", "id: ID", text)
    text = re.sub(r";; Query time: \d+ msec", ";; Query time: T msec", text)
    text = re.sub(r" in \d+ ms\b", " in T ms", text)
    text = re.sub(r"; COOKIE: [0-9a-f]+ ", "; COOKIE: C ", text)      # dig's random client cookie
    text = re.sub(r"(\d+ packets transmitted, .*), time \d+ms", r"\1, time Tms", text)
    text = re.sub(r"rtt min/avg/max/mdev = \S+ ms", "rtt min/avg/max/mdev = T ms", text)
    return re.sub(r";; WHEN: .*", ";; WHEN: DATE", text)


def kernel_missing() -> Optional[str]:
    if os.geteuid() != 0:
        return "needs root"
    for tool in ("unshare", "dig", "nslookup", "host", "getent"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


def _files(case: DnsCase) -> dict[str, str]:
    return {"resolv.conf": case.resolv, "hosts": case.hosts, "Corefile": case.corefile, **case.zones}


def run_kernel(case: DnsCase, timeout: int = 300) -> list[Outcome]:
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        for name, text in _files(case).items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        zones = " ".join(f"{tmp}/{z}" for z in case.zones)
        lines = ["set +e", "ip link set lo up",
                 f"mount --bind {tmp}/resolv.conf /etc/resolv.conf", f"mount --bind {tmp}/hosts /etc/hosts",
                 "mount -t tmpfs none /opt", f"mkdir -p {COREDNS_DIR}",       # private mount ns only
                 f"cp {tmp}/Corefile {zones} {COREDNS_DIR}/",
                 f"{sys.executable} -m course_lib.dns.realserve -conf {COREDNS_DIR}/Corefile > {tmp}/log 2>&1 &",
                 "P=$!", "for i in $(seq 100); do ss -lnu | grep -q ':53 ' && break; sleep 0.1; done"]
        lines += case.setup
        for i, command in enumerate(case.commands):
            lines.append(f"s=$(date +%s%N); {command} > {tmp}/out{i} 2>&1; echo $? > {tmp}/rc{i}; "
                         f"echo $(( ($(date +%s%N) - s) / 1000000 )) > {tmp}/ms{i}; {SETTLE}")
        lines.append("kill $P")
        subprocess.run(["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--mount",
                        "bash", "-c", "\n".join(lines)], timeout=timeout, capture_output=True, cwd="/")
        results = []
        for i in range(len(case.commands)):
            with open(f"{tmp}/out{i}") as out, open(f"{tmp}/rc{i}") as rc, open(f"{tmp}/ms{i}") as ms:
                results.append(Outcome(normalise(out.read()), int(rc.read()), int(ms.read())))
        return results


def sim_lab(case: DnsCase) -> Lab:
    lab = Lab()
    for path, text in (("/etc/resolv.conf", case.resolv), ("/etc/hosts", case.hosts)):
        lab.run(f"cat > {path} <<'EOF'\n{text}EOF")
    lab.run(f"mkdir -p {COREDNS_DIR}")
    for name, text in (("Corefile", case.corefile), *case.zones.items()):
        lab.run(f"cat > {COREDNS_DIR}/{name} <<'EOF'\n{text}EOF")
    r = lab.run(f"coredns -conf {COREDNS_DIR}/Corefile")
    assert r.returncode == 0, r.stdout + r.stderr
    for line in case.setup:
        r = lab.run(line)
        assert r.returncode == 0, (line, r.stderr)
    return lab


def run_sim(case: DnsCase) -> list[Outcome]:
    lab = sim_lab(case)
    results = []
    for command in case.commands:
        start = int(lab.run("date +%s%N").stdout)
        r = lab.run(command)
        ms = (int(lab.run("date +%s%N").stdout) - start) // 1_000_000
        results.append(Outcome(normalise(r.stdout + r.stderr), r.returncode, ms))
        lab.run(SETTLE)
    return results


def same_time(kernel_ms: int, sim_ms: int) -> bool:
    """Equal elapsed times: the kernel's within 0.6 s (plus 10 %) of the model's either way. A loaded
    machine adds to a command's own time, and can also take from it: a resolution of the LAN's dead
    nameserver that an earlier command started (ARP gives up 3 s after its first probe) ends sooner
    when the commands in between ran slower."""
    return abs(kernel_ms - sim_ms) <= 600 + sim_ms // 10


def transcript(case: DnsCase, outcomes: list[Outcome], times: Optional[list[int]] = None) -> str:
    """The commands with their outputs; with times, the elapsed seconds of the commands that took >= 0.9 s."""
    parts = []
    for i, (command, o) in enumerate(zip(case.commands, outcomes)):
        text = o.line(command)
        if times is not None and times[i] >= 900:
            text += f"[{times[i] / 1000:.1f} s]\n"
        parts.append(text)
    return "".join(parts)


def compare_twice(case: DnsCase) -> tuple[str, str, str]:
    """compare(), and once more with a fresh kernel run when the first differs: a difference of the
    model shows in both; a load race that the second run does not repeat is a warning."""
    first = compare(case)
    if not first[2]:
        return first
    second = compare(case)
    if not second[2]:
        warnings.warn(f"{case.name} matched the real tools only on a second run (- kernel, + sim):\n{first[2]}")
    return second


def compare(case: DnsCase, kernel: Optional[list[Outcome]] = None) -> tuple[str, str, str]:
    """(kernel transcript, sim transcript, unified diff or ''). Times enter the transcripts as the
    kernel's figure whenever the two agree (so only a real disagreement shows in the diff)."""
    kernel = run_kernel(case) if kernel is None else kernel
    sim = run_sim(case)
    sim_times = [s.ms if not same_time(k.ms, s.ms) else k.ms for k, s in zip(kernel, sim)]
    real = transcript(case, kernel, [k.ms for k in kernel])
    other = transcript(case, sim, sim_times)
    diff = "".join(difflib.unified_diff(real.splitlines(True), other.splitlines(True), "kernel", "sim", n=2))
    return real, other, diff
