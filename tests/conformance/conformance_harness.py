"""Runs one scenario on the real kernel (private unshare) and on the simulation, and compares them.

A Scenario is a small topology (machines, switches, cables) plus command lines per machine. The
kernel side runs kernel_child.py inside `unshare --net --mount --pid`; the simulation side drives
`course_lib.Lab()`. Transcripts are normalised (MACs, ifindexes, timings, DAD flags) and diffed.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

HERE = Path(__file__).resolve().parent
DEFAULT_FILES = {"hosts": "127.0.0.1\tlocalhost\n", "resolv.conf": ""}


@dataclass
class Scenario:
    """Machines, switches, cables, then (machine, command line) steps in order."""

    name: str
    steps: list[tuple[str, str]]
    hosts: list[str] = field(default_factory=list)          # besides the default machine "host"
    switches: list[str] = field(default_factory=list)
    links: list[tuple[str, str, Optional[str]]] = field(default_factory=list)  # (host, switch, ifname)
    keep_inet6: bool = False     # False: drop inet6 address lines (the sim has no IPv6)
    timeout: float = 30

    @property
    def machines(self) -> list[str]:
        return ["host"] + [h for h in self.hosts if h != "host"]

    def resolved_links(self) -> list[tuple[str, str, str]]:
        """Cables with their interface names; a missing name is the machine's next free ethN."""
        used: dict[str, set[str]] = {}
        out = []
        for host, switch, ifname in self.links:
            names = used.setdefault(host, set())
            if ifname is None:
                ifname = next(f"eth{n}" for n in range(1000) if f"eth{n}" not in names)
            names.add(ifname)
            out.append((host, switch, ifname))
        return out

    def cable_names(self) -> set[str]:
        return {ifname for _, _, ifname in self.resolved_links()}


def script_lines(path: Path) -> list[str]:
    """A script's non-blank, non-comment lines; a line `. FILE` (FILE relative to the script, e.g. a shared
    topology in scripts/topologies/) is replaced by that file's lines, as bash's `.` would run them."""
    lines: list[str] = []
    for ln in path.read_text().splitlines():
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        if ln.startswith(". "):
            lines += script_lines(path.parent / ln[2:].strip())
        else:
            lines.append(ln)
    return lines


def topology(name: str) -> str:
    """A shared set-up of scripts/topologies (e.g. "a_r_b") as one script text, for unit tests that start from it."""
    return "".join(line + "\n" for line in script_lines(Path(__file__).resolve().parent / "scripts" / "topologies"
                                                          / f"{name}.sh"))


def script_scenario(path: Path) -> Scenario:
    """A plain shell script for the default machine: one step per line (script_lines)."""
    return Scenario(name=path.stem, steps=[("host", ln) for ln in script_lines(path)])


@dataclass
class Step:
    host: str
    command: str
    stdout: str
    stderr: str
    rc: int


# ---------------------------------------------------------------- the two sides
def kernel_missing() -> Optional[str]:
    """Why the kernel side cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (the kernel side runs in a private unshare --net --mount)"
    for tool in ("unshare", "nsenter", "ip", "bash"):
        if shutil.which(tool) is None:
            return f"needs the {tool} tool"
    return None


def machine_files(scenario: Scenario) -> dict[str, dict[str, str]]:
    """Each machine's starting /etc/hosts and /etc/resolv.conf: the simulation's own defaults."""
    files: dict[str, dict[str, str]] = {}
    try:
        lab = _sim_lab(scenario)
        for name in scenario.machines:
            files[name] = {}
            for fname in ("hosts", "resolv.conf"):
                r = lab.host(name).run(f"cat /etc/{fname}")
                files[name][fname] = r.stdout if r.returncode == 0 else DEFAULT_FILES[fname]
    except Exception:                      # the sim is not there yet: plain defaults
        files = {name: dict(DEFAULT_FILES) for name in scenario.machines}
    return files


def run_on_kernel(scenario: Scenario) -> list[Step]:
    payload = {"hosts": scenario.machines, "switches": scenario.switches,
               "links": scenario.resolved_links(), "steps": scenario.steps,
               "files": machine_files(scenario), "timeout": scenario.timeout}
    argv = ["unshare", "--net", "--mount", "--pid", "--fork", "--mount-proc", "--kill-child",
            sys.executable, str(HERE / "kernel_child.py")]
    done = subprocess.run(argv, input=json.dumps(payload), capture_output=True, text=True,
                          timeout=60 + scenario.timeout * len(scenario.steps))
    if done.returncode != 0:
        raise RuntimeError(f"kernel run of {scenario.name} failed:\n{done.stderr}")
    return [Step(s["host"], s["command"], s["stdout"], s["stderr"], s["rc"]) for s in json.loads(done.stdout)]


def _sim_lab(scenario: Scenario, backend: str = "sim"):
    from course_lib import Lab
    lab = Lab() if backend == "sim" else Lab(backend=backend)
    for name in scenario.hosts:
        if name != "host":
            lab.add_host(name)
    for name in scenario.switches:
        lab.add_switch(name)
    for host, switch, ifname in scenario.resolved_links():
        lab.connect(lab.host(host), lab.switch(switch), ifname=ifname)
    return lab


def run_on_lab(scenario: Scenario, backend: str = "sim") -> list[Step]:
    """The scenario through course_lib.Lab (the simulation, or backend="real")."""
    lab = _sim_lab(scenario, backend)
    try:
        steps = []
        for host, command in scenario.steps:
            try:
                r = lab.host(host).run(command)
                steps.append(Step(host, command, r.stdout, r.stderr, r.returncode))
            except Exception as exc:        # a traceback is a conformance failure, not a crash
                steps.append(Step(host, command, "", f"<python {type(exc).__name__}: {exc}>", -1))
        return steps
    finally:
        close = getattr(lab, "close", None)
        if close:
            close()


# ---------------------------------------------------------------- normalisation and comparison
_BRIEF_INET6 = re.compile(r" (?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}/\d+(?= |$)")   # `ip -br addr` IPv6
_IFPEER = re.compile(r"@if(\d+)( *)")
LAB_MAC_PREFIX = "02:0e:00:00:00:"     # MACs a script chose itself (random_areas.MAC): kept as they are
_MAC = re.compile(r"(?<![0-9a-f:])(?:[0-9a-f]{2}:){5}[0-9a-f]{2}(?![0-9a-f:])")   # also right after an ANSI colour
_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^(\s*)\d+: ", re.M), r"\1N: "),                    # ifindex at line start
    (re.compile(r"link-netnsid \d+"), "link-netnsid N"),
    (re.compile(r"time[=<]\d+(?:\.\d+)? ms"), "time=T ms"),           # ping per-reply time
    (re.compile(r", time \d+ms"), ", time Tms"),                     # ping summary
    (re.compile(r"rtt min/avg/max/mdev = [\d./]+ ms"), "rtt min/avg/max/mdev = T ms"),
    (re.compile(r"\b\d+\.\d+ ms\b"), "T ms"),                        # traceroute probes
    (re.compile(r"(Failed to connect to \S+ port \d+ after )\d+ ms"), r"\1T ms"),   # curl's connect time
    (re.compile(r" (?:tentative|dadfailed|optimistic)\b"), ""),
    (re.compile(r";; Query time: \d+ msec"), ";; Query time: T msec"),
    (re.compile(r";; WHEN: .*"), ";; WHEN: T"),
    (re.compile(r"id: \d+"), "id: N"),
    (re.compile(r"(type=\d+ code=\d+ id=)\d+"), r"\1N"),          # conntrack's ICMP id: ping's pid
    (re.compile(r"^(# (?:Generated by .*|Completed)) on .*$", re.M), r"\1 on T"),
    (re.compile(r"^bash: line \d+: ", re.M), "bash: "),           # `bash -c` vs an interactive shell
    (re.compile(r"[ \t]+$", re.M), ""),                              # trailing blanks (iproute2 prints some)
]


def _drop_inet6(text: str) -> str:
    out, skip = [], False
    for line in text.split("\n"):
        if skip and line.strip().startswith("valid_lft"):
            skip = False
            continue
        skip = line.lstrip().startswith("inet6 ")
        if not skip:
            out.append(_BRIEF_INET6.sub("", line))
    return "\n".join(out)


def normalise(text: str, scenario: Scenario) -> str:
    if not scenario.keep_inet6:
        text = _drop_inet6(text)
    # One placeholder for every MAC: the kernel's are random, and a bridge takes its lowest port's
    # MAC, so even "same MAC as" relations differ from run to run.
    text = _MAC.sub(lambda m: m.group(0) if m.group(0) in ("ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00")
                    or m.group(0).startswith(LAB_MAC_PREFIX) else "<mac>", text)
    text = _IFPEER.sub(lambda m: "@ifN" + (" " * (len(m.group(1)) + len(m.group(2)) - 1) if m.group(2) else ""),
                       text)
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return _strip_cable_peers(text, scenario.cable_names())


def _strip_cable_peers(text: str, cables: set[str]) -> str:
    """`connect` makes a NIC; the kernel side cables it with a veth: drop `@ifN`, `link-netnsid` and the
    qdisc (noqueue on a veth, the driver's choice on a NIC)."""
    if not cables:
        return text
    names = "|".join(re.escape(c) for c in sorted(cables))
    peer = re.compile(rf"(?<![\w-])({names})@ifN( *)")
    header = re.compile(rf"^\s*N: (?:{names}): ")
    lines, pending = text.split("\n"), False
    for i, line in enumerate(lines):
        new = peer.sub(lambda m: m.group(1) + (m.group(2) + "    " if m.group(2) else ""), line)
        if header.match(new):                  # a NIC's qdisc is the driver's; the cable is a veth
            new = re.sub(r" qdisc \S+", " qdisc <nic>", new)
        if new != line or pending:
            if "link-netnsid" in new:
                new = new.replace(" link-netnsid N", "")
                pending = False
            else:
                pending = new != line
        lines[i] = new
    return "\n".join(lines)


def transcript(steps: Iterable[Step], scenario: Scenario) -> str:
    """One readable text for a run; MAC numbering is shared across the whole run."""
    parts = []
    for s in steps:
        parts.append(f"[{s.host}]$ {s.command}\n{s.stdout}")
        if s.stderr:
            parts.append(f"<stderr>\n{s.stderr}")
        parts.append(f"<rc {s.rc}>\n")
    return normalise("".join(p if p.endswith("\n") else p + "\n" for p in parts), scenario)


_KERNEL_RUNS: dict[str, list[Step]] = {}


def compare(scenario: Scenario, backend: str = "sim", reuse_kernel: bool = True) -> tuple[str, str, str]:
    """(kernel transcript, lab transcript, unified diff; empty when they agree).
    The kernel run of a scenario is made once per process and reused for the other backend."""
    if not reuse_kernel or scenario.name not in _KERNEL_RUNS:
        _KERNEL_RUNS[scenario.name] = run_on_kernel(scenario)
    real = transcript(_KERNEL_RUNS[scenario.name], scenario)
    other = transcript(run_on_lab(scenario, backend), scenario)
    diff = "".join(difflib.unified_diff(real.splitlines(True), other.splitlines(True),
                                        f"kernel/{scenario.name}", f"{backend}/{scenario.name}"))
    return real, other, diff
