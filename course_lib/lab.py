"""The Lab facade: machines, switches and cables, and command lines run on them (sim or real kernel).

```python
from course_lib import Lab
lab = Lab()                          # simulated; Lab(backend="real") uses kernel namespaces
a = lab.add_host("A")                # a machine with only lo, up
sw = lab.add_switch("SW1")
lab.connect(a, sw)                   # eth0 on A, DOWN, no address, cabled to SW1
print(lab.host("A").run("ip link").stdout)
```
"""
from __future__ import annotations

import re
from typing import Optional, Union

from course_lib.backends.base import Backend
from course_lib.result import CommandResult

DEFAULT_HOST = "host"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
_IFNAME_BAD = re.compile(r"[\s/:]")


class Host:
    """A machine of the lab; `run` gives what bash would give on it."""

    __slots__ = ("lab", "name")

    def __init__(self, lab: "Lab", name: str) -> None:
        self.lab = lab
        self.name = name

    def run(self, cmd: str, stdin: Optional[str] = None) -> CommandResult:
        """Run a command line (or a multi-line bash script) on this machine."""
        if not isinstance(cmd, str):
            raise ValueError(f"cmd must be a string, not {type(cmd).__name__}")
        if stdin is not None and not isinstance(stdin, str):
            raise ValueError(f"stdin must be a string or None, not {type(stdin).__name__}")
        return self.lab._backend_or_raise().run(self.name, cmd, stdin)

    def __repr__(self) -> str:
        return f"Host({self.name!r})"


class Switch:
    """An L2 switch of the lab."""

    __slots__ = ("lab", "name")

    def __init__(self, lab: "Lab", name: str) -> None:
        self.lab = lab
        self.name = name

    def __repr__(self) -> str:
        return f"Switch({self.name!r})"


def _make_backend(backend: str, seed: int) -> Backend:
    if backend == "sim":
        from course_lib.backends.sim import SimBackend
        return SimBackend(seed=seed)
    if backend == "real":
        try:
            from course_lib.backends import real as real_module
        except ImportError as exc:
            raise RuntimeError(
                "The real backend (course_lib.backends.real) is not available yet "
                f"({exc}); use Lab() for the simulation, which is the default.") from exc
        factory = getattr(real_module, "RealBackend", None)
        if factory is None:
            raise RuntimeError("The real backend module has no RealBackend yet; "
                               "use Lab() for the simulation, which is the default.")
        return factory(seed=seed)
    raise ValueError(f'backend must be "sim" or "real", not {backend!r}')


class Lab:
    """A lab of machines and switches; simulated by default, or on the real kernel."""

    def __init__(self, backend: str = "sim", seed: int = 0) -> None:
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise ValueError(f"seed must be an int, not {seed!r}")
        self.backend_name = backend
        self.seed = seed
        self._backend: Optional[Backend] = _make_backend(backend, seed)
        self._hosts: dict[str, Host] = {}
        self._switches: dict[str, Switch] = {}
        self._backend.add_host(DEFAULT_HOST)
        self._hosts[DEFAULT_HOST] = Host(self, DEFAULT_HOST)
        if hasattr(self._backend, "attach_lab"):
            self._backend.attach_lab(self)

    # -- building ------------------------------------------------------------------------
    def add_host(self, name: str) -> Host:
        """A new machine with only `lo` (UP)."""
        self._check_name(name, "host")
        if name in self._hosts:
            raise ValueError(f"a host named {name!r} already exists")
        self._backend_or_raise().add_host(name)
        host = self._hosts[name] = Host(self, name)
        return host

    def add_switch(self, name: str) -> Switch:
        """A new L2 learning switch."""
        self._check_name(name, "switch")
        if name in self._switches:
            raise ValueError(f"a switch named {name!r} already exists")
        self._backend_or_raise().add_switch(name)
        switch = self._switches[name] = Switch(self, name)
        return switch

    def connect(self, host: Union[Host, str], switch: Union[Switch, str],
                ifname: Optional[str] = None) -> str:
        """Cable a new NIC of `host` to `switch`; returns the NIC's name (default: next free ethN)."""
        host_name = self._resolve(host, Host, self._hosts, "host")
        switch_name = self._resolve(switch, Switch, self._switches, "switch")
        backend = self._backend_or_raise()
        existing = set(backend.link_names(host_name))
        if ifname is None:
            n = 0
            while f"eth{n}" in existing:
                n += 1
            ifname = f"eth{n}"
        else:
            if not isinstance(ifname, str) or not ifname or len(ifname) > 15 or _IFNAME_BAD.search(ifname) \
                    or ifname in (".", ".."):
                raise ValueError(f"{ifname!r} is not a valid interface name (1-15 characters, "
                                 "no spaces, '/' or ':')")
            if ifname in existing:
                raise ValueError(f"host {host_name!r} already has an interface named {ifname!r}")
        backend.connect(host_name, switch_name, ifname)
        return ifname

    # -- looking up ----------------------------------------------------------------------
    def host(self, name: str) -> Host:
        if name not in self._hosts:
            raise ValueError(f"no host named {name!r}; hosts: {', '.join(self._hosts)}")
        return self._hosts[name]

    def switch(self, name: str) -> Switch:
        if name not in self._switches:
            known = ", ".join(self._switches) or "none"
            raise ValueError(f"no switch named {name!r}; switches: {known}")
        return self._switches[name]

    @property
    def hosts(self) -> dict[str, Host]:
        """The machines by name, "host" first."""
        return dict(self._hosts)

    @property
    def switches(self) -> dict[str, Switch]:
        return dict(self._switches)

    def run(self, cmd: str, stdin: Optional[str] = None) -> CommandResult:
        """Run a command line on the default machine, "host"."""
        backend = self._backend
        if type(cmd) is not str or stdin is not None and type(stdin) is not str or backend is None:
            return self._hosts[DEFAULT_HOST].run(cmd, stdin)      # its checks and errors
        return backend.run(DEFAULT_HOST, cmd, stdin)

    @property
    def backend(self) -> Backend:
        """The backend object (SimBackend or RealBackend)."""
        return self._backend_or_raise()

    @property
    def network(self):
        """The simulated model (course_lib.net.world.Network); None on the real backend."""
        return getattr(self._backend, "network", None)

    def draw(self, **kwargs):
        """A matplotlib Figure of the lab (course_lib.widgets.topology; imported only when called)."""
        from course_lib.widgets.topology import draw
        return draw(self, **kwargs)

    def trace(self, cmd: str, host: str = DEFAULT_HOST, stdin: Optional[str] = None, chains: bool = False):
        """Run `cmd` on `host` for real and return its hop-by-hop LabTrace (course_lib.tracing)."""
        from course_lib.tracing import trace_command
        return trace_command(self, cmd, host, stdin, chains)

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        """Remove everything the lab made (idempotent)."""
        backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()

    def __enter__(self) -> "Lab":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Lab(backend={self.backend_name!r}, hosts={list(self._hosts)}, switches={list(self._switches)})"

    # -- helpers -------------------------------------------------------------------------
    def _backend_or_raise(self) -> Backend:
        if self._backend is None:
            raise ValueError("this lab is closed")
        return self._backend

    @staticmethod
    def _check_name(name: object, what: str) -> None:
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise ValueError(f"{what} name must be 1-63 letters, digits, '.', '_' or '-' "
                             f"(starting with a letter or digit), not {name!r}")

    @staticmethod
    def _resolve(obj: object, cls: type, known: dict, what: str) -> str:
        if isinstance(obj, cls):
            name = obj.name  # type: ignore[attr-defined]
            if known.get(name) is not obj:
                raise ValueError(f"{obj!r} belongs to another lab")
        elif isinstance(obj, str):
            name = obj
        else:
            raise ValueError(f"{what} must be a {cls.__name__} or a name, not {obj!r}")
        if name not in known:
            raise ValueError(f"no {what} named {name!r}")
        return name
