"""Enter network namespaces without forking: one worker thread makes netns, sockets and sysctl I/O.

A network namespace is per *thread* on Linux: `unshare(CLONE_NEWNET)` and `setns()` change only the
calling thread. The worker thread steps into a netns, opens what it needs there (a netlink socket
is bound to the netns it was created in; a /proc/sys/net file to the netns of its opener) and steps
back into the process's own netns before it does anything else. The caller's threads never move, and
the process never opens a netlink socket in the machine's root netns.
"""
from __future__ import annotations

import ctypes
import errno
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

CLONE_NEWNET = 0x40000000
MS_BIND = 4096
MS_REC = 16384
MS_SHARED = 1 << 20
MNT_DETACH = 2
NETLINK_ROUTE = 0
NETNS_RUN_DIR = "/run/netns"

T = TypeVar("T")
_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str, path: str = "") -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}", path)


def _share_run_dir() -> None:
    """Make /run/netns a shared mount point, exactly as `ip netns add` does (so mounts propagate)."""
    os.makedirs(NETNS_RUN_DIR, exist_ok=True)
    run_dir = NETNS_RUN_DIR.encode()
    if _libc.mount(b"", run_dir, b"none", MS_SHARED | MS_REC, None) == 0:
        return
    _check(_libc.mount(run_dir, run_dir, b"none", MS_BIND | MS_REC, None), "mount --bind", NETNS_RUN_DIR)
    _check(_libc.mount(b"", run_dir, b"none", MS_SHARED | MS_REC, None), "mount --make-shared", NETNS_RUN_DIR)


class NetnsWorker:
    """The one thread that enters lab netns; every method runs there and returns to the home netns."""

    def __init__(self) -> None:
        self._home = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="course_lib-netns")
        self._shared = False
        self._lock = threading.Lock()

    def _call(self, fn: Callable[[], T]) -> T:
        return self._pool.submit(fn).result()

    def _go_home(self) -> None:
        if _libc.setns(self._home, CLONE_NEWNET) != 0:      # never leave the worker in a lab netns
            os._exit(70)

    # -- namespaces ------------------------------------------------------------------------
    def create(self, name: str) -> tuple[int, socket.socket]:
        """Make netns /run/netns/NAME (O_EXCL: never reuse one); returns (its fd, a netlink socket in it)."""
        def work() -> tuple[int, socket.socket]:
            if not self._shared:
                _share_run_dir()
                self._shared = True
            path = f"{NETNS_RUN_DIR}/{name}"
            os.close(os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL, 0))
            try:
                _check(_libc.unshare(CLONE_NEWNET), "unshare", path)
                try:
                    _check(_libc.mount(b"/proc/thread-self/ns/net", path.encode(), b"none", MS_BIND, None),
                           "mount --bind", path)
                    sock = _netlink_socket()
                    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
                finally:
                    self._go_home()
            except BaseException:
                _libc.umount2(path.encode(), MNT_DETACH)
                _unlink(path)
                raise
            return fd, sock
        return self._call(work)

    def socket_in(self, nsfd: int, family: int = socket.AF_NETLINK, kind: int = socket.SOCK_DGRAM,
                  proto: int = NETLINK_ROUTE) -> socket.socket:
        """A socket created inside the netns `nsfd`."""
        def work() -> socket.socket:
            _check(_libc.setns(nsfd, CLONE_NEWNET), "setns")
            try:
                return socket.socket(family, kind, proto)
            finally:
                self._go_home()
        return self._call(work)

    def run_in(self, nsfd: int, fn: Callable[[], T]) -> T:
        """Run fn inside the netns `nsfd` (for /proc/sys/net files); fn must not block for long."""
        def work() -> T:
            _check(_libc.setns(nsfd, CLONE_NEWNET), "setns")
            try:
                return fn()
            finally:
                self._go_home()
        return self._call(work)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        try:
            os.close(self._home)
        except OSError:
            pass


def remove_netns(name: str) -> bool:
    """Unmount and unlink /run/netns/NAME (what `ip netns del` does); False when it was not there."""
    path = f"{NETNS_RUN_DIR}/{name}"
    if not os.path.exists(path):
        return False
    _libc.umount2(path.encode(), MNT_DETACH)
    _unlink(path)
    return True


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError as exc:
        if exc.errno != errno.ENOENT:
            raise


def _netlink_socket() -> socket.socket:
    return socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_ROUTE)
