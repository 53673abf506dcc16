"""The interpreter's state types: control-flow exceptions, output sinks, stdin streams, terminal memory."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Optional

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class ShellExit(Exception):
    def __init__(self, rc: int) -> None:
        super().__init__(rc)
        self.rc = rc


class DiscardLine(ShellExit):
    """An expansion error in a non-interactive bash ($((1/0)), a bad ${s:off}): the message is printed, the rest of
    the line read so far is dropped and the script goes on with its next line, $? set (jump_to_top_level
    DISCARD). A pipeline element, a subshell or $(...) is a child: it just ends, as for `exit`."""


class LoopControl(Exception):
    def __init__(self, kind: str, levels: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.levels = levels


class FunctionReturn(Exception):
    def __init__(self, rc: int) -> None:
        super().__init__(rc)
        self.rc = rc


class RedirectError(Exception):
    pass


class Stream(str):
    """A command's stdin text with a read position, so `while read line` consumes it line by line."""

    pos: int = 0


def as_stream(text: str) -> Stream:
    stream = Stream(text)
    stream.pos = 0
    return stream


def remaining(stdin: str) -> str:
    """The unread part of stdin (what a program started now would read)."""
    return str(stdin[stdin.pos:]) if isinstance(stdin, Stream) else stdin


@dataclass
class Sink:
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    seq: list[tuple[bool, str]] = field(default_factory=list)   # the terminal's order (top-level sink only)
    top: bool = False
    ordered: bool = False       # keeps seq too: a compound command whose stdout and stderr go to one place

    def put(self, text: str, is_err: bool) -> None:
        (self.err if is_err else self.out).append(text)
        if self.top or self.ordered:
            self.seq.append((is_err, text))


@dataclass
class PersistentState:
    """What a terminal keeps between command lines: variables, exported names, functions."""

    vars: dict[str, str]
    exported: set[str]
    functions: dict[str, Any]
    aliases: dict[str, str] = field(default_factory=dict)
    last_rc: int = 0
    cwd: str = "/root"
    env: dict[str, str] = field(default_factory=dict)
    # exported_env(vars, exported), worked out on first need (the tables are never changed once kept)
    plain_env: Optional[dict[str, str]] = field(default=None, compare=False, repr=False)
    # shell_environ's answers for the TerminalEnvs made from this state: (path, cwd, hostname, owned) -> (PATH, env)
    environs: dict = field(default_factory=dict, compare=False, repr=False)
    # run_plain_line's reading of the lines run in this state: script -> (builtins, words, PATH, cwd)
    lines: dict = field(default_factory=dict, compare=False, repr=False)


class TerminalEnv(dict):
    """The environment a terminal line's command gets on the fast path (run_plain_line): the state's exported
    variables and `_`. It remembers which state and program path made it (`origin`) until anything changes
    it: every mutator forgets it first, so shell_environ may trust it."""

    origin: Optional[tuple["PersistentState", str]] = None     # set by its maker (run_plain_line)

    def __setitem__(self, key: str, value: str) -> None:
        self.origin = None
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: str) -> None:
        self.origin = None
        dict.__delitem__(self, key)

    def __ior__(self, other: Any) -> "TerminalEnv":
        self.origin = None
        dict.update(self, other)
        return self

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.origin = None
        dict.update(self, *args, **kwargs)

    def pop(self, *args: Any) -> Any:
        self.origin = None
        return dict.pop(self, *args)

    def popitem(self) -> Any:
        self.origin = None
        return dict.popitem(self)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.origin = None
        return dict.setdefault(self, key, default)

    def clear(self) -> None:
        self.origin = None
        dict.clear(self)


def default_vars(ctx: Any) -> dict[str, str]:
    """A login shell's variables on a machine; a container's process starts from its own environment only."""
    if getattr(ctx.machine, "owner_machine", None) is not None:
        return {}
    return {"HOME": "/root", "PATH": DEFAULT_PATH, "SHELL": "/bin/bash", "USER": "root",
            "LOGNAME": "root", "SHLVL": "1", "PWD": ctx.cwd or "/root", "TERM": "xterm",
            "LANG": "C.UTF-8"}


def shell_tables(ctx: Any) -> tuple[dict[str, str], set[str], Optional[PersistentState]]:
    """The variables and exported names a shell starts with in `ctx` (the terminal's remembered
    ones, else the defaults; then ctx's environment, PWD and HOSTNAME), and the remembered state."""
    state: Optional[PersistentState] = getattr(ctx, "shell_state", None)
    if state is not None:
        variables = dict(state.vars)
        exported = set(state.exported)
    else:
        variables = default_vars(ctx)
        exported = set(variables)
    env = ctx.env
    if state is not None and env is state.env:
        # the environment the state was saved with: its variables are already there, exported
        exported.add("OLDPWD")
    else:
        variables.update(env)
        exported |= set(env) | {"OLDPWD"}
    variables["PWD"] = ctx.cwd or "/"
    if "HOSTNAME" not in variables:
        variables["HOSTNAME"] = getattr(ctx.machine, "hostname", "localhost")
    return variables, exported, state


def ash_environ(env: dict[str, str]) -> dict[str, str]:
    """BusyBox ash's environ order: its 39-bucket variable table (hashvar), each bucket in insertion order."""
    return dict(sorted(env.items(), key=lambda item: ((ord(item[0][0]) << 4) + sum(map(ord, item[0]))) % 39))


def exported_env(variables: dict[str, str], exported: set[str]) -> dict[str, str]:
    """The environment a command gets: the exported variables that are set (in the variables' order)."""
    return {name: value for name, value in variables.items() if name in exported}


MAX_ENV_PLANS = 64
_ENV_PLANS: dict[tuple, tuple] = {}
_FRESH_ENVIRONS: dict[tuple, "Environ"] = {}


class Environ(NamedTuple):
    """What a Shell made in a context gives its programs: PATH and the environment (never changed once kept),
    and per program name what program_environ worked out for it (see there)."""

    path: str
    env: dict[str, str]
    programs: dict[str, tuple]


def shell_environ(ctx: Any) -> tuple[str, dict[str, str]]:
    """(PATH, environment) of a Shell made in `ctx`: shell_tables(ctx)'s PATH variable and exported_env of its
    tables, the environment a new dict."""
    known = environ_of(ctx)
    return known.path, known.env.copy()


def environ_of(ctx: Any) -> Environ:
    """shell_environ's answer, kept: worked out once per terminal state and (ctx.env, cwd, hostname): a kept
    state's tables are never changed (a Shell copies them), so the same inputs give the same tables."""
    state: Optional[PersistentState] = getattr(ctx, "shell_state", None)
    env = ctx.env
    machine = ctx.machine
    if type(env) is TerminalEnv:
        origin = env.origin
        if origin is not None and origin[0] is state:
            # made from this state's tables and a program path, unchanged since: the answer depends on nothing else
            # (besides cwd, hostname and whether the machine is a container's)
            key = (origin[1], ctx.cwd, getattr(machine, "hostname", "localhost"),
                   getattr(machine, "owner_machine", None) is None)
            known = state.environs.get(key)                   # type: ignore[union-attr]
            if known is None:
                known = state.environs[key] = _environ(ctx)   # type: ignore[union-attr]
            return known
    elif state is None and not env:
        # no terminal state and no environment (a command run straight in a machine's context): a login
        # shell's defaults, which depend on cwd, hostname and whether the machine is a container's only
        key = (ctx.cwd, getattr(machine, "hostname", "localhost"), getattr(machine, "owner_machine", None) is None)
        known = _FRESH_ENVIRONS.get(key)
        if known is None:
            if len(_FRESH_ENVIRONS) >= MAX_ENV_PLANS:
                _FRESH_ENVIRONS.clear()
            known = _FRESH_ENVIRONS[key] = _environ(ctx)
        return known
    key = (id(state), ctx.cwd, getattr(machine, "hostname", "localhost"),
           getattr(machine, "owner_machine", None) is None, state is not None and env is state.env, len(env))
    plan = _ENV_PLANS.get(key)
    # the same state (its tables unchanged) and the same environment, item for item and in order
    if plan is not None and plan[0] is state and (state is None or plan[1] is state.vars
                                                   and plan[2] is state.exported) \
            and plan[3] == env and plan[4] == list(env):
        return plan[5]
    known = _environ(ctx)
    if len(_ENV_PLANS) >= MAX_ENV_PLANS:
        _ENV_PLANS.clear()
    _ENV_PLANS[key] = (state, None if state is None else state.vars, None if state is None else state.exported,
                       dict(env), list(env), known)
    return known


def _environ(ctx: Any) -> Environ:
    variables, exported, _ = shell_tables(ctx)
    return Environ(variables.get("PATH", ""), exported_env(variables, exported), {})
