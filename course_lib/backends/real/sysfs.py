"""/sys/class/net of a lab netns on the kernel: sysfs shows the netns that mounted it, so each lookup runs
in a child that enters the netns (nsenter), takes a private mount namespace (unshare) and mounts a fresh
sysfs there; nothing outside that short-lived mount namespace changes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any, Optional

_CHILD = r"""
import errno, json, os, stat, sys
path = "/sys/class/net" + ("/" + sys.argv[1] if sys.argv[1] else "")
try:
    mode = stat.S_IMODE(os.stat(path).st_mode)
except OSError:
    print("null")
    sys.exit(0)
if os.path.isdir(path):
    names = sorted(os.listdir(path))
    kinds = {}
    for name in names:
        try:
            st = os.stat(path + "/" + name)
        except OSError:
            continue
        kinds[name] = ["dir" if stat.S_ISDIR(st.st_mode) else "file", stat.S_IMODE(st.st_mode)]
    out = ["dir", names, mode, kinds]
else:
    try:
        with open(path, "rb") as handle:
            out = ["file", handle.read().decode("latin-1"), mode]
    except OSError as exc:
        out = ["file", "\0" + errno.errorcode.get(exc.errno, "EIO"), mode]
print(json.dumps(out))
"""
_MOUNT = 'mount -t sysfs sysfs /sys && exec "$0" -c "$1" "$2"'


KIND_TTL = 1.0        # seconds a listing's kinds and modes answer a stat (a device may go away later)
_KINDS: dict[tuple[int, str], tuple[float, str, int]] = {}


def sysfs_lookup(netns_fd: int, rel: str, content: bool = True) -> Optional[tuple[str, Any, int]]:
    """("dir", names, mode) or ("file", text, mode) for /sys/class/net/REL in the netns (a failing read's
    text is "\\0" + the errno name, as the simulation's READ_* sentinels); None: no such path.
    content=False (a stat): the kind and mode from a listing of the directory read just before will do."""
    if any(part in ("", ".", "..") for part in rel.split("/")) and rel:
        return None
    if not content:
        known = _KINDS.get((netns_fd, rel))
        if known is not None and time.monotonic() - known[0] < KIND_TTL:
            return known[1], [] if known[1] == "dir" else "", known[2]
    argv = ["nsenter", f"--net=/proc/{os.getpid()}/fd/{netns_fd}", "unshare", "--mount", "--propagation",
            "private", "sh", "-c", _MOUNT, sys.executable, _CHILD, rel]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=20, pass_fds=(netns_fd,))
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = json.loads(done.stdout or "null") if done.returncode == 0 else None
    if found is None:
        return None
    if found[0] == "dir":
        now, prefix = time.monotonic(), rel + "/" if rel else ""
        for name, (kind, mode) in found[3].items():
            _KINDS[(netns_fd, prefix + name)] = (now, kind, int(mode))
    return found[0], found[1], int(found[2])


_WRITER = r"""
import errno, os, sys
path = "/sys/class/net/" + sys.argv[1]
try:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, sys.argv[2].encode("latin-1"))
    finally:
        os.close(fd)
except OSError as exc:
    print(os.strerror(exc.errno))
"""


def sysfs_store(netns_fd: int, rel: str, text: str) -> Optional[str]:
    """Write text to /sys/class/net/REL of the netns (one write(2), as echo does): None, or the strerror."""
    if not rel or any(part in ("", ".", "..") for part in rel.split("/")):
        return "Permission denied"
    argv = ["nsenter", f"--net=/proc/{os.getpid()}/fd/{netns_fd}", "unshare", "--mount", "--propagation",
            "private", "sh", "-c", 'mount -t sysfs sysfs /sys && exec "$0" -c "$1" "$2" "$3"', sys.executable,
            _WRITER, rel, text]
    _KINDS.clear()
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=20, pass_fds=(netns_fd,))
    except (OSError, subprocess.TimeoutExpired):
        return "Input/output error"
    return done.stdout.strip() or None
