"""Commands the real backend runs as the real binaries, inside the lab's netns via `ip netns exec`.

While a real lab runs a script, `course_lib.shell.registry.lookup` prefers these over the
simulation's implementations (registry.backend_command / active_backend). Each runs
`ip netns exec <realname> ARGV...` in the netns the command line is in (ctx.stack), after writing
the machine's own /etc/hosts and /etc/resolv.conf (as the shell's file system shows them there)
into /etc/netns/<realname>/, which `ip netns exec` mounts over /etc for the binary alone. A binary's
working directory is the lab's scratch dir (/run/course_lib/<lab_id>.d), removed with the lab: files
a tool writes (curl -o, wget) never land in the machine's own directories. A program of a background
job runs beside the terminal (jobs.py).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from typing import TYPE_CHECKING

from course_lib.backends.real.jobs import communicate
from course_lib.result import CommandResult
from course_lib.shell.jobs_run import JobKilled
from course_lib.shell.registry import backend_command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

REAL_TOOLS = ("iptables", "iptables-save", "iptables-restore", "ip6tables", "ip6tables-save",
              "ping", "ping6", "traceroute", "tracepath", "arping", "arp", "route", "netstat", "ss",
              "nslookup", "dig", "host", "getent", "curl", "nc", "conntrack", "tcpdump", "wget",
              "ipset",          # the netns's own sets, the ones the real iptables -m set matches
              "sleep")          # on the kernel, waiting takes real time (the simulation's sleep is model time)
RESOLVER_FILES = ("hosts", "resolv.conf", "networks")     # networks: getnetbyaddr (route, netstat -r)
TIMEOUT = 30.0            # seconds before the binary gets a Ctrl-C (SIGINT), like a learner would send
ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C",
       "LC_ALL": "C", "HOME": "/root"}


def _handle_of(ctx: "ExecContext"):
    stack = ctx.stack
    handle = getattr(stack, "handle", None)
    if handle is None:
        raise RuntimeError("the real backend's command ran without a RealStack in its context")
    return stack.backend, handle


def _sync_resolver_files(ctx: "ExecContext", backend, handle) -> None:
    """The machine's /etc/hosts and /etc/resolv.conf as seen here, for the binary's glibc resolver."""
    from course_lib.shell import fs
    texts = {}
    for name in RESOLVER_FILES:
        try:
            texts[name] = fs.read_file(ctx, f"/etc/{name}")
        except Exception:
            texts[name] = ""
    cache = backend.resolver_cache
    if cache.get(handle.realname) == texts:
        return
    directory = backend.etc_netns_dir(handle)
    for name, text in texts.items():
        with open(os.path.join(directory, name), "w") as out:
            out.write(text)
    cache[handle.realname] = texts


def run_binary(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    tool = argv[0].rsplit("/", 1)[-1]
    path = shutil.which(tool, path=ENV["PATH"])
    if path is None:
        return CommandResult("", f"bash: {argv[0]}: command not found\n", 127)
    backend, handle = _handle_of(ctx)
    _sync_resolver_files(ctx, backend, handle)
    program = argv[0] if "/" in argv[0] else tool       # argv[0] as typed, like bash would pass it
    proc = subprocess.Popen(["ip", "netns", "exec", handle.realname, program, *argv[1:]],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", errors="replace", env=ENV, cwd=backend.scratch_dir(),
                            start_new_session=True)
    try:            # beside the lab's background jobs (jobs.py); after TIMEOUT s in the terminal, a Ctrl-C
        out, err, cut = communicate(proc, stdin or "", getattr(ctx.machine, "network", None), TIMEOUT)
    except BaseException as exc:                   # a notebook's interrupt must not leave the tool running
        if not isinstance(exc, JobKilled):
            _kill(proc)
        raise
    if cut:
        err = "^C" + err
    return CommandResult(out, err, proc.returncode if proc.returncode >= 0 else 128 - proc.returncode)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


backend_command("real", *REAL_TOOLS)(run_binary)
