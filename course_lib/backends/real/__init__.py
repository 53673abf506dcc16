"""The real-kernel backend: Lab(backend="real") on network namespaces the lab creates, via pyroute2.

`RealBackend` (backend.py) builds machines, switches and cables; `RealStack` (stack.py) is the
NetStack the `ip`/`bridge`/`sysctl` commands talk to, fed from kernel state; binaries.py runs
iptables, ping, traceroute, DNS tools... as the real binaries inside the lab's netns; ledger.py
records what a lab made so `python -m course_lib cleanup` can undo a crashed lab.
"""
from course_lib.backends.real.preflight import RealBackendUnavailable


def __getattr__(name: str):
    if name == "RealBackend":
        from course_lib.backends.real.backend import RealBackend
        return RealBackend
    raise AttributeError(name)


__all__ = ["RealBackend", "RealBackendUnavailable"]
