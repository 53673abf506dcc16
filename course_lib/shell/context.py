"""Where a command runs: the machine, its current netns, environment and working directory."""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, Callable, Optional

if TYPE_CHECKING:
    from course_lib.net.machine import Machine
    from course_lib.net.netns import NetNS
    from course_lib.result import CommandResult


@dataclass(slots=True)
class ExecContext:
    """The execution context handed to every command implementation.

    `machine` and `netns` are model objects on the simulated backend. On the real backend the
    same fields hold that backend's handles, and `backend` says which one is in use ("sim" or
    "real"); `stack` is the backend's network-stack interface for the current netns (links,
    addresses, routes, neighbours, sysctls), made by the backend.
    """

    machine: "Machine"
    netns: "NetNS"
    backend: str = "sim"
    env: dict[str, str] = field(default_factory=dict)
    cwd: str = "/root"
    netns_name: Optional[str] = None    # set inside `ip netns exec NAME`: /etc/netns/NAME files apply
    stack: Any = None
    lab: Any = None                     # the Lab facade that owns the machine
    shell_state: Any = None             # the interpreter's shell variables/functions kept between runs
    user: Any = None                    # the process's shell.identity.Identity (docker run/exec -u); None: root

    def derive(self, **changes: Any) -> "ExecContext":
        """A copy of this context with some fields changed (e.g. inside `ip netns exec`)."""
        if not _FIELDS.issuperset(changes):
            return replace(self, **changes)
        return with_fields(self, changes)

    def run_argv(self, argv: list[str], stdin: str = "", changes: Optional[dict[str, Any]] = None
                 ) -> "CommandResult":
        """Run one already-split command in this context (used by `ip netns exec`, `docker exec`...),
        or in self.derive(**changes) (made once, for the command)."""
        run = _RUN_ARGV
        if run is None:
            run = _run_argv()
        return run(self, argv, stdin, changes) if changes else run(self, argv, stdin)


def with_fields(ctx: ExecContext, changes: dict[str, Any]) -> ExecContext:
    """ctx.derive(**changes) for changes whose keys are ExecContext fields (the hot paths' own dicts)."""
    if type(ctx) is not ExecContext:
        return replace(ctx, **changes)
    key = tuple(changes)
    make = _DERIVERS.get(key) or deriver(*key)
    return make(ctx, *changes.values())


_DERIVERS: dict[tuple[str, ...], Callable[..., ExecContext]] = {}


def deriver(*names: str) -> Callable[..., ExecContext]:
    """A function (ctx, value1, value2...) -> a copy of ctx (an ExecContext, not a subclass) with fields `names`
    set to the values: what replace() makes, one attribute store per field, without __init__'s cost (the hot
    paths make one or two contexts per command). Made from the field list once per set of names."""
    make = _DERIVERS.get(names)
    if make is None:
        unknown = set(names) - _FIELDS
        if unknown:
            raise TypeError(f"ExecContext has no field {sorted(unknown)[0]!r}")
        values = {name: f"v{i}" for i, name in enumerate(names)}
        body = "".join(f"    new.{name} = {values.get(name, 'ctx.' + name)}\n" for name in _ORDER)
        source = f"def derive(ctx, {', '.join(values.values())}):\n    new = _new(ExecContext)\n{body}    return new\n"
        scope: dict[str, Any] = {"_new": _new, "ExecContext": ExecContext}
        exec(source, scope)                  # noqa: S102 - a fixed template over the dataclass's own field names
        make = _DERIVERS[names] = scope["derive"]
    return make


_RUN_ARGV: Any = None
_RUN_IN_NETNS: Any = None


def _run_argv() -> Any:
    """The interpreter's run_argv (it imports this module: bound on first use)."""
    global _RUN_ARGV
    from course_lib.shell.interpreter import run_argv
    _RUN_ARGV = run_argv
    return run_argv


def _run_in_netns() -> Any:
    """The interpreter's run_argv_in_netns (ip netns exec's run_argv), bound on first use."""
    global _RUN_IN_NETNS
    from course_lib.shell.interpreter import run_argv_in_netns
    _RUN_IN_NETNS = run_argv_in_netns
    return run_argv_in_netns


_ORDER = tuple(f.name for f in fields(ExecContext))
_FIELDS = frozenset(_ORDER)
_new = object.__new__
