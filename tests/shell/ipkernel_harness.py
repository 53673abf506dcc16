"""Runs `ip`/`bridge`/`sysctl` command lines on the real kernel (private unshare) and on the simulation.

Each command's stdout, stderr and exit code are kept; MAC addresses and the IPv6 link-local
addresses derived from them are renamed in order of appearance (MAC1, LL1...), so outputs compare
structurally. The kernel side: `unshare --net --mount`, a tmpfs on /run/netns, `lo` up like a Lab
host, IPv6 DAD off (no `tentative`), and a pause before a show that follows a link change (the
kernel's linkwatch updates operstate asynchronously; the simulation shows the settled state).
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Optional

MARK = "@@@STEP@@@"
DAD_OFF = "sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0"
CHANGES = re.compile(r"\b(set|add|del|delete|flush|replace|change|append|exec)\b")


@dataclass(frozen=True)
class Step:
    command: str
    stdout: str
    stderr: str
    rc: int

    def text(self) -> str:
        return f"$ {self.command}\n{self.stdout}" + (f"[stderr]\n{self.stderr}" if self.stderr else "") + \
            f"[rc={self.rc}]\n"


def kernel_missing() -> Optional[str]:
    """Why the kernel comparison cannot run here (None when it can)."""
    if os.geteuid() != 0:
        return "needs root (unshare --net --mount)"
    for tool in ("unshare", "ip", "bridge", "sysctl"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


def kernel_script(commands: list[str]) -> str:
    lines = ["mkdir -p /run/netns && mount -t tmpfs none /run/netns", "ip link set lo up", DAD_OFF,
             "o=$(mktemp); e=$(mktemp)"]
    dirty = False
    for cmd in commands:
        if re.search(r"netns\s+\d", cmd):
            # a PID would reach namespaces outside the private unshare (PID 1 is the machine's own)
            raise ValueError(f"refusing to run {cmd!r} on the kernel: netns by PID leaves the sandbox")
        is_show = not CHANGES.search(cmd)
        if is_show and dirty:
            lines.append("sleep 1.1")
            dirty = False
        lines.append(f"echo {MARK}")
        lines.append(f"{{ {cmd} ; }} >$o 2>$e; rc=$?")
        lines.append('cat $o; echo "@@@ERR@@@"; cat $e; echo "@@@RC@@@ $rc"')
        words = shlex.split(cmd) if cmd.count('"') % 2 == 0 else cmd.split()
        if len(words) >= 4 and words[:3] == ["ip", "netns", "add"]:
            lines.append(f"ip netns exec {shlex.quote(words[3])} {DAD_OFF} 2>/dev/null")
        if not is_show:
            dirty = True
    return "\n".join(lines) + "\n"


def run_on_kernel(commands: list[str]) -> list[Step]:
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write(kernel_script(commands))
        path = f.name
    try:
        proc = subprocess.run(["unshare", "--net", "--mount", "bash", path], capture_output=True, text=True,
                              timeout=300)
    finally:
        os.unlink(path)
    chunks = proc.stdout.split(MARK + "\n")[1:]
    steps = []
    for cmd, chunk in zip(commands, chunks):
        out, _, rest = chunk.partition("@@@ERR@@@\n")
        err, _, rc = rest.partition("@@@RC@@@ ")
        steps.append(Step(cmd, out, err, int(rc.strip())))
    return steps


def run_on_sim(commands: list[str]) -> list[Step]:
    from course_lib import Lab
    lab = Lab()
    steps = []
    for cmd in commands:
        r = lab.run(cmd)
        steps.append(Step(cmd, r.stdout, r.stderr, r.returncode))
    return steps


MAC_RE = re.compile(r"\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\b")
LL_RE = re.compile(r"\bfe80::[0-9a-f:]+[0-9a-f](?=/64|\b)")
FIXED_MACS = {"00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "01:80:c2:00:00:00", "33:33:00:00:00:01",
              "01:00:5e:00:00:01", "33:33:00:00:00:02", "33:33:ff"}


def normalise(text: str) -> str:
    macs: dict[str, str] = {}
    lls: dict[str, str] = {}

    def mac(m: re.Match) -> str:
        value = m.group(0)
        if value in FIXED_MACS or value.startswith("33:33:") or value.startswith("01:00:5e"):
            return value
        return macs.setdefault(value, f"MAC{len(macs) + 1}")

    def ll(m: re.Match) -> str:
        return lls.setdefault(m.group(0), f"LL{len(lls) + 1}")

    # A veth's operstate without carrier comes from the kernel's linkwatch looking its peer's ifindex up
    # when the pair was created; the two creation events race, so a device whose peer now lives in
    # another netns shows DOWN or LOWERLAYERDOWN from run to run. Compare those as DOWN.
    text = re.sub(r"^(\d+: [^ ]+@if\d+: <NO-CARRIER[^>]*> .*state )LOWERLAYERDOWN", r"\1DOWN", text, flags=re.M)
    # bridge ids carry MACs in a short form (8000.a:b:c:d:e:f); their timers run
    text = re.sub(r"8000\.[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}", "8000.ID", text)
    text = re.sub(r"(gc_timer|forward_delay_timer|hello_timer|tcn_timer|topology_change_timer|"
                  r"hold_timer|message_age_timer) +[0-9.]+", r"\1 T", text)
    text = LL_RE.sub(ll, text)
    text = re.sub(r"\b33:33:ff(:[0-9a-f]{2}){3}\b", "33:33:ff:SN", text)    # solicited-node of a link-local
    text = MAC_RE.sub(mac, text)
    return text


def transcript(steps: list[Step]) -> str:
    return normalise("".join(s.text() for s in steps))


GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "golden", "ip")


def golden_path(name: str) -> str:
    return os.path.join(GOLDEN_DIR, f"{name}.txt")


def record(names: Optional[list[str]] = None) -> None:
    """Run the scenarios on the kernel and keep their normalised transcripts as golden files."""
    from ip_scenarios import SCENARIOS  # type: ignore[import-not-found]
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    for name in names or list(SCENARIOS):
        with open(golden_path(name), "w") as f:
            f.write(transcript(run_on_kernel(SCENARIOS[name])))


if __name__ == "__main__":
    import sys
    sys.path.insert(0, os.path.dirname(__file__))
    record(sys.argv[1:] or None)
