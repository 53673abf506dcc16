"""The write-ahead record of what one real lab made, and the cleanup that undoes it after a crash.

Every real lab has an id (`lab_id`, random hex) and writes /run/course_lib/<lab_id>.jsonl: a header
line (pid, start time) and one line per object BEFORE it is made (netns names, /etc/netns dirs). Every
netns name starts with the lab's marker `clab-<lab_id>-`, so the record and the names agree. Cleanup
reads these records only — it never removes anything by a broad name pattern — kills processes left
inside the lab's netns, unmounts the netns, removes the /etc/netns dirs and finally the record.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import signal
import time
from dataclasses import dataclass, field
from typing import Optional

from course_lib.backends.real.nsworker import NETNS_RUN_DIR, remove_netns

STATE_DIR = "/run/course_lib"
ETC_NETNS = "/etc/netns"
_ID_RE = re.compile(r"^[0-9a-f]{8}$")


def new_lab_id() -> str:
    return secrets.token_hex(4)


def marker(lab_id: str) -> str:
    """The prefix of every netns name this lab makes."""
    return f"clab-{lab_id}-"


@dataclass
class LabRecord:
    """What a lab's record file says."""

    lab_id: str
    pid: int = 0
    started: float = 0.0
    netns: list[str] = field(default_factory=list)
    etc_dirs: list[str] = field(default_factory=list)
    started_ticks: Optional[int] = None   # the maker's start time in clock ticks (a reused pid differs)

    @property
    def path(self) -> str:
        return f"{STATE_DIR}/{self.lab_id}.jsonl"


class Ledger:
    """The open record of a live lab; appends a line before each object is made."""

    def __init__(self, lab_id: str) -> None:
        self.lab_id = lab_id
        os.makedirs(STATE_DIR, mode=0o755, exist_ok=True)
        self.path = f"{STATE_DIR}/{lab_id}.jsonl"
        self._file = open(self.path, "x", buffering=1)          # line buffered, never reused
        self._write({"lab": lab_id, "pid": os.getpid(), "started": time.time(),
                     "ticks": _start_time(os.getpid())})

    def _write(self, entry: dict) -> None:
        self._file.write(json.dumps(entry) + "\n")
        self._file.flush()

    def netns(self, name: str) -> None:
        if not name.startswith(marker(self.lab_id)):
            raise ValueError(f"netns {name!r} lacks the lab marker")
        self._write({"netns": name})

    def etc_dir(self, path: str) -> None:
        self._write({"etc": path})

    def scratch_dir(self) -> str:
        """The lab's private working directory for real binaries (recorded, then made)."""
        path = scratch_path(self.lab_id)
        self._write({"scratch": path})
        os.makedirs(path, mode=0o700, exist_ok=True)
        return path

    def close(self) -> None:
        self._file.close()


def scratch_path(lab_id: str) -> str:
    return f"{STATE_DIR}/{lab_id}.d"


def read_record(path: str) -> Optional[LabRecord]:
    lab_id = os.path.basename(path).removesuffix(".jsonl")
    if not _ID_RE.match(lab_id):
        return None
    record = LabRecord(lab_id)
    try:
        with open(path) as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue                          # a line torn by a crash
                if "lab" in entry:
                    record.pid, record.started = int(entry.get("pid", 0)), float(entry.get("started", 0))
                    record.started_ticks = entry.get("ticks")
                elif "netns" in entry:
                    record.netns.append(entry["netns"])
                elif "etc" in entry:
                    record.etc_dirs.append(entry["etc"])
    except OSError:
        return None
    return record


def records() -> list[LabRecord]:
    try:
        names = sorted(os.listdir(STATE_DIR))
    except FileNotFoundError:
        return []
    found = [read_record(f"{STATE_DIR}/{n}") for n in names if n.endswith(".jsonl")]
    return [r for r in found if r is not None]


def undo(record: LabRecord) -> list[str]:
    """Remove everything a record lists; returns what was removed (for the cleanup report)."""
    prefix = marker(record.lab_id)
    removed: list[str] = []
    names = [n for n in record.netns if n.startswith(prefix) and "/" not in n]
    kill_processes_in(names)
    for name in reversed(names):                      # a machine's own netns before the machine
        if remove_netns(name):
            removed.append(f"netns {name}")
    for path in record.etc_dirs:
        if os.path.dirname(path) == ETC_NETNS and os.path.basename(path).startswith(prefix):
            if _remove_tree(path):
                removed.append(f"dir {path}")
    if _remove_tree(scratch_path(record.lab_id)):
        removed.append(f"dir {scratch_path(record.lab_id)}")
    try:
        os.rmdir(ETC_NETNS)                           # only when empty: it may not be ours
    except OSError:
        pass
    try:
        os.unlink(record.path)
    except FileNotFoundError:
        pass
    return removed


def kill_processes_in(names: list[str]) -> None:
    """SIGKILL processes whose netns is one of these lab netns (like `ip netns pids`), then reap them."""
    inodes = set()
    for name in names:
        try:
            inodes.add(os.stat(f"{NETNS_RUN_DIR}/{name}").st_ino)
        except OSError:
            pass
    if not inodes:
        return
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            if os.stat(f"/proc/{entry}/ns/net").st_ino in inodes:
                os.kill(int(entry), signal.SIGKILL)
        except OSError:
            continue


def cleanup(dead_only: bool = True, lab_id: Optional[str] = None) -> list[str]:
    """Undo the records of crashed labs (or of one lab id); returns what was removed."""
    removed: list[str] = []
    for record in records():
        if lab_id is not None and record.lab_id != lab_id:
            continue
        if dead_only and lab_id is None and _alive(record):
            continue
        removed += undo(record)
    return removed


def _alive(record: LabRecord) -> bool:
    if record.pid <= 0:
        return False
    try:
        os.kill(record.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return record.started_ticks is None or _start_time(record.pid) == record.started_ticks     # a reused pid is not the lab


def _start_time(pid: int) -> Optional[int]:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _remove_tree(path: str) -> bool:
    if not os.path.isdir(path) or os.path.islink(path):
        return False
    for root, dirs, files in os.walk(path, topdown=False):
        for name in files:
            os.unlink(os.path.join(root, name))
        for name in dirs:
            os.rmdir(os.path.join(root, name))
    os.rmdir(path)
    return True
