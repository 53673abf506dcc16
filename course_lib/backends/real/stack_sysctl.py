"""RealStack's sysctl, hostname and /proc/net side: a lab netns's /proc/sys/net and /proc/net files."""
from __future__ import annotations

import os
from typing import Optional

from course_lib.result import CommandError


# procps leaves these out of a listing (sysctl.c's DEPRECATED: the neigh times in jiffies-ish units,
# twins of the *_ms keys); they can still be read and written by name
DEPRECATED = ("base_reachable_time", "retrans_time")


class SysctlOps:
    """Mixed into RealStack (which gives backend, machine and handle)."""

    __slots__ = ()

    def sysctl_get(self, key: str) -> Optional[str]:
        if key == "kernel.hostname":
            return self.machine.model.hostname
        path = _sysctl_path(key)
        if path is None:
            return None

        def read() -> Optional[str]:
            try:
                with open(path) as handle:
                    return handle.read().rstrip("\n")
            except OSError:
                return None
        return self.backend.worker().run_in(self.handle.fd, read)

    def sysctl_set(self, key: str, value: str) -> None:
        if key == "kernel.hostname":
            self.set_hostname(value.strip())
            return
        path = _sysctl_path(key)
        shown = path or f"/proc/sys/{key.replace('.', '/')}"
        missing = CommandError(f"sysctl: cannot stat {shown}: No such file or directory", 255)
        if path is None:
            raise missing

        def write() -> Optional[int]:
            try:
                with open(path, "w") as handle:
                    handle.write(value.strip() + "\n")
            except FileNotFoundError:
                return -1
            except OSError as exc:
                return exc.errno or 22
            return None
        code = self.backend.worker().run_in(self.handle.fd, write)
        if code == -1:
            raise missing
        if code is not None:
            raise CommandError(f'sysctl: setting key "{key}": {os.strerror(code)}', 255)

    def sysctl_keys(self) -> list[str]:
        def walk() -> list[str]:
            keys = []
            for root, _dirs, files in os.walk("/proc/sys/net"):
                for name in files:
                    if name not in DEPRECATED:
                        keys.append(os.path.join(root, name)[len("/proc/sys/"):].replace("/", "."))
            return keys
        return sorted(self.backend.worker().run_in(self.handle.fd, walk) + ["kernel.hostname"])

    def proc_net_text(self, name: str) -> Optional[str]:
        """/proc/net/NAME of this netns (snmp, netstat...), read by the worker thread while it is in the
        netns: /proc/thread-self/net, since /proc/self/net is the main thread's (the machine's) netns."""
        if not name or name.count("/") > 1 or any(p in ("", ".", "..") for p in name.split("/")):
            return None                     # a file of /proc/net or of one of its directories

        def read() -> Optional[str]:
            try:
                with open(f"/proc/thread-self/net/{name}") as handle:
                    return handle.read()
            except OSError:
                return None
        return self.backend.worker().run_in(self.handle.fd, read)      # type: ignore[attr-defined]

    def proc_net_list(self, sub: str = "") -> Optional[list[str]]:
        """The names in /proc/net (or its directory SUB) of this netns, read in the worker thread as
        proc_net_text reads a file (None: no such directory)."""
        if sub.startswith(".") or "/" in sub:
            return None

        def listing() -> Optional[list[str]]:
            try:
                return sorted(os.listdir(f"/proc/thread-self/net/{sub}".rstrip("/")))
            except OSError:
                return None
        return self.backend.worker().run_in(self.handle.fd, listing)      # type: ignore[attr-defined]

    def sysfs_lookup(self, rel: str, content: bool = True) -> Optional[tuple]:
        """/sys/class/net/REL as this netns's own sysfs shows it (course_lib.backends.real.sysfs)."""
        from course_lib.backends.real.sysfs import sysfs_lookup
        return sysfs_lookup(self.handle.fd, rel, content)     # type: ignore[attr-defined]

    def sysfs_store(self, rel: str, text: str) -> Optional[str]:
        """Write to /sys/class/net/REL of this netns: None, or the write's strerror."""
        from course_lib.backends.real.sysfs import sysfs_store
        return sysfs_store(self.handle.fd, rel, text)     # type: ignore[attr-defined]

    def hostname(self) -> str:
        return self.machine.model.hostname

    def set_hostname(self, name: str) -> None:
        self.machine.model.hostname = name


def _sysctl_path(key: str) -> Optional[str]:
    """/proc/sys path of a key (its components joined by dots; in net.*.conf|neigh.DEV.NAME a device name
    may hold dots: net.ipv4.conf.br.5.forwarding is .../conf/br.5/forwarding). Only per-netns keys
    (net.*) are read or written; a path outside /proc/sys/net is refused."""
    parts = key.split(".")
    if len(parts) < 2 or parts[0] != "net" or any(p in ("", "..") or "/" in p for p in parts):
        return None
    if len(parts) > 5 and parts[2] in ("conf", "neigh"):
        parts = parts[:3] + [".".join(parts[3:-1]), parts[-1]]
    return "/proc/sys/" + "/".join(parts)
