"""`kubectl` 1.30: global flags, subcommand dispatch, and the error texts kubectl prints (rc 1).

A subcommand is `fn(kx: Kx, args: list[str], stdin: str) -> CommandResult`, registered in SUBCOMMANDS;
another engineer adds one with `SUBCOMMANDS["rollout"] = fn`. Raise KubectlError(text) for an error.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from course_lib.k8s.store import ApiError
from course_lib.result import CommandResult
from course_lib.shell.registry import command

NO_SERVER = "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n"


# the resource builder's missingResourceError
MISSING_RESOURCE = ("error: You must provide one or more resources by argument or filename.\nExample resource "
                    "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n"
                    "   '<resource>'\n")


class KubectlError(Exception):
    def __init__(self, text: str, stdout: str = "", code: int = 1) -> None:
        super().__init__(text)
        self.text, self.stdout, self.code = text, stdout, code


@dataclass
class Kx:
    """One kubectl invocation: the cluster, the shell context, the namespace flags."""

    cluster: Any
    ctx: Any
    namespace: Optional[str]          # -n / --namespace, None if not given
    flags: dict[str, str] = field(default_factory=dict)     # the global flags (--kubeconfig, --context...)
    default_ns: str = "default"       # the kubeconfig context's namespace, used when -n is not given

    @property
    def ns(self) -> str:
        return self.namespace or self.default_ns


Sub = Callable[[Kx, list[str], str], CommandResult]
SUBCOMMANDS: dict[str, Sub] = {}


def sub(*names: str) -> Callable[[Sub], Sub]:
    def deco(fn: Sub) -> Sub:
        for n in names:
            SUBCOMMANDS[n] = fn
        return fn
    return deco


def api_error_text(exc: ApiError, action: str = "", source: str = "") -> str:
    """kubectl's rendering of an API status error."""
    if exc.reason == "Invalid":
        head = f"The {exc.kind} \"{exc.name}\" is invalid: "
        if len(exc.causes) == 1:
            return head + exc.causes[0] + "\n"
        return head + "\n" + "".join(f"* {c}\n" for c in exc.causes)
    where = f"error when {action} \"{source}\": " if action and source else ""
    return f"Error from server ({exc.reason}): {where}{exc.message}\n"


def create_failed(what: str, exc: ApiError) -> str:
    """A `kubectl create <generator>` whose API call failed: the generators wrap the API error with
    fmt.Errorf("failed to create deployment: %v", err), so CheckErr prints it as a plain error
    (`error: failed to create deployment: deployments.apps "web" already exists`), Invalid ones included."""
    message = exc.message
    if exc.reason == "Invalid":
        from course_lib.k8s.kinds import KINDS
        info = KINDS.get(exc.kind)
        kind = f"{exc.kind}.{info.group}" if info is not None and info.group else exc.kind
        causes = exc.causes[0] if len(exc.causes) == 1 else "[" + ", ".join(exc.causes) + "]"
        message = f'{kind} "{exc.name}" is invalid: {causes}'
    return f"error: failed to create {what}: {message}\n"


def find_cluster(ctx: Any) -> Any:
    machine = ctx.machine
    while machine is not None and getattr(machine, "k8s_cluster", None) is None:
        machine = getattr(machine, "owner_machine", None)
    return getattr(machine, "k8s_cluster", None) if machine is not None else None


GLOBAL_VALUE = {"-n": "namespace", "--namespace": "namespace", "--kubeconfig": "kubeconfig",
                "--context": "context", "--cluster": "cluster", "--user": "user", "-s": "server",
                "--server": "server", "--request-timeout": "timeout", "-v": "v", "--v": "v", "--as": "as",
                "--as-group": "as_group", "--as-uid": "as_uid"}
REPEATED = {"as_group"}                # pflag string arrays: every use adds one


# commands with subcommands of their own, whose flag errors name the subcommand (kubectl rollout status --help)
GROUPS = {"rollout": ("history", "pause", "restart", "resume", "status", "undo"), "set": ("image", "env"),
          "create": ("configmap", "cm", "deployment", "deploy", "namespace", "ns", "secret", "service", "svc",
                     "serviceaccount", "sa", "ingress", "ing", "job", "cronjob", "cj", "role", "clusterrole",
                     "rolebinding", "clusterrolebinding", "quota", "resourcequota", "priorityclass", "pc"),
          "config": ("view", "get-contexts", "current-context", "use-context", "set-context", "set-cluster",
                     "set-credentials", "set", "unset", "delete-cluster", "delete-user", "delete-context",
                     "rename-context", "get-clusters", "get-users")}


# flags of a command that hide kubectl's global ones of the same name (the short forms stay, for the command's
# own parser to refuse: config set-context has --namespace but no -n)
LOCAL_FLAGS = {("create", "rolebinding"): ("--user",), ("create", "clusterrolebinding"): ("--user",),
               ("config", "set-context"): ("--namespace", "-n", "--cluster", "--user"),
               ("config", "set-cluster"): ("--server", "-s")}


def split_globals(args: list[str]) -> tuple[dict[str, str], list[str]]:
    """Pull the global flags (-n, --kubeconfig, ...) out of the argument list, wherever they are."""
    flags: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name, eq, value = arg.partition("=")
        local = LOCAL_FLAGS.get(tuple(a for a in rest if not a.startswith("-"))[:2], ())   # type: ignore[index]
        if name in local or arg[:2] in local:
            takes = name.startswith("--") and not eq
            rest += args[i:i + (2 if takes else 1)]      # the command's own flag shadows the global one
            i += 2 if takes else 1
            continue
        if name in GLOBAL_VALUE and arg.startswith("--") and eq:
            _put(flags, GLOBAL_VALUE[name], value)
        elif arg in GLOBAL_VALUE:
            if i + 1 >= len(args):                # cobra's FlagErrorFunc names the command being run
                words = [a for a in rest if not a.startswith("-")]
                where = " ".join(["kubectl"] + words[:2 if len(words) > 1 and words[1] in GROUPS.get(words[0], ())
                                                    else 1])
                raise KubectlError(f"error: flag needs an argument: {_flag_repr(arg)}\n"
                                   f"See '{where} --help' for usage.\n")
            _put(flags, GLOBAL_VALUE[arg], args[i + 1])
            i += 1
        elif arg[:2] in ("-n", "-s", "-v") and len(arg) > 2:          # -nteam, -n=team
            flags[GLOBAL_VALUE[arg[:2]]] = arg[2:].removeprefix("=")
        else:
            rest.append(arg)
        i += 1
    return flags, rest


def _put(flags: dict[str, str], key: str, value: str) -> None:
    flags[key] = flags[key] + "\n" + value if key in REPEATED and key in flags else value


def _flag_repr(arg: str) -> str:
    return f"'{arg[1]}' in {arg}" if not arg.startswith("--") else arg


@command("kubectl")
def kubectl(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    from course_lib.k8s.kubectl import commands  # noqa: F401  (registers the subcommands)
    try:
        from course_lib.k8s.kubectl import help_args
        path = help_args.command_key(argv[1:]) if help_args.wanted(argv[1:]) else ""
        if path and path.split()[0] not in SUBCOMMANDS:     # `help` and `options` answer themselves
            path = ""
        if path:                                     # cobra prints a command's help before anything runs
            asked = help_args.asked(path, argv[1:])
            if asked:
                raise KubectlError(asked)
            if asked == "":
                from course_lib.k8s.kubectl.help import help_text
                return CommandResult(help_text(path), "", 0)
        flags, args = split_globals(help_args.without_help(path, argv[1:]) if path else argv[1:])
        if not args or args[0] in ("--help", "-h"):
            from course_lib.k8s.kubectl.help import help_text
            return CommandResult(help_text(""), "", 0)
        cluster = find_cluster(ctx)
        name = args[0]
        if name == "help":
            return CommandResult(*help_args.help_command(args[1:]))
        if name == "options":
            return CommandResult(*help_args.options_command(args[1:]))
        if name not in SUBCOMMANDS:
            from course_lib.k8s.kubectl.suggest import unknown_command
            raise KubectlError(unknown_command(name))
        if name == "config":                     # works on the file alone, with or without a cluster
            return SUBCOMMANDS[name](Kx(cluster, ctx, flags.get("namespace"), flags), args[1:], stdin)
        if name in ("version",) and cluster is None:
            return SUBCOMMANDS[name](Kx(None, ctx, flags.get("namespace")), args[1:], stdin)
        if cluster is None or not _has_kubeconfig(ctx, flags):
            if name == "version":
                return SUBCOMMANDS[name](Kx(None, ctx, flags.get("namespace")), args[1:], stdin)
            return CommandResult("", NO_SERVER, 1)
        refused = _api_server_refused(cluster, name, args[1:])
        if refused.startswith("Error from server"):         # up without etcd: only storage requests fail
            if name != "version":
                return CommandResult("", refused, 1)
            refused = ""
        if refused and not (name == "version" and "--client" in args):
            if name == "version":
                return CommandResult(_client_version(), refused, 1)
            return CommandResult("", _discovery_errors(cluster, ctx) + refused if name in DISCOVERY else refused, 1)
        from course_lib.k8s.kubectl.config_cmd import context_namespace
        default_ns = context_namespace(ctx, flags) or "default"
        kx = Kx(cluster, ctx, flags.get("namespace"), flags, default_ns)
        return _with_klog(cluster, ctx, lambda: SUBCOMMANDS[name](kx, args[1:], stdin))
    except KubectlError as exc:
        return CommandResult(exc.stdout, exc.text, exc.code)
    except ApiError as exc:
        return CommandResult("", api_error_text(exc), 1)


def _with_klog(cluster: Any, ctx: Any, call: Callable[[], CommandResult]) -> CommandResult:
    """Run a subcommand; the klog lines it logged come first on its stderr, errors included."""
    from course_lib.k8s.kubectl import klog
    with klog.collecting() as entries:
        try:
            result = call()
        except KubectlError as exc:
            result = CommandResult(exc.stdout, exc.text, exc.code)
        except ApiError as exc:
            result = CommandResult("", api_error_text(exc), 1)
    logged = klog.render(entries, cluster, ctx)
    if not logged:
        return result
    chunks = ((True, logged),) + result.chunks if result.chunks else ()
    return dataclasses.replace(result, stderr=logged + result.stderr, chunks=chunks)


def _api_server_refused(cluster: Any, name: str = "", args: Optional[list[str]] = None) -> str:
    """kubectl's error when nothing listens on the API server's port (its static pod is gone, or it exits
    without etcd), the API server's Timeout while it runs without etcd (discovery answers, storage does not),
    else ""."""
    from course_lib.k8s.static_pods import api_unavailable
    why = api_unavailable(cluster)
    if not why:
        return ""
    if why == "timeout":
        from course_lib.k8s.kinds import lookup_type
        words = [a for a in (args or []) if not a.startswith("-")]
        info = lookup_type(words[0].split(",")[0].split("/")[0]) if name == "get" and words else None
        what = f" (get {info.resource_group})" if info is not None else ""
        return ("Error from server (Timeout): the server was unable to return a response in the time allotted, "
                f"but may still be processing the request{what}\n")
    return (f"The connection to the server {cluster.node_ip('controlplane')}:6443 was refused - "
            "did you specify the right host or port?\n")


# the subcommands whose resource builder asks the discovery API first (client-go's memcache logs each try)
DISCOVERY = {"get", "describe", "apply", "create", "delete"}


def _discovery_errors(cluster: Any, ctx: Any) -> str:
    """kubectl 1.30's five klog lines for the refused discovery request, before its final error."""
    from course_lib.k8s.kubectl import klog
    ip = cluster.node_ip("controlplane")
    pid = klog.pid(cluster, ctx)
    lines = []
    for i in range(5):
        lines.append(f"E{klog.clock(cluster, 0.0012 + i * 0.0015)} {pid:7d} memcache.go:265] couldn't get current "
                     f'server API group list: Get "https://{ip}:6443/api?timeout=32s": dial tcp {ip}:6443: connect: '
                     "connection refused\n")
    return "".join(lines)


def _client_version() -> str:
    return SUBCOMMANDS["version"](Kx(None, None, None), ["--client"], "").stdout


def _has_kubeconfig(ctx: Any, flags: dict[str, str]) -> bool:
    from course_lib.shell.fs import get_fs
    fs = get_fs(ctx.machine)
    path = flags.get("kubeconfig") or ctx.env.get("KUBECONFIG") or "/root/.kube/config"
    return any(fs.exists(p) for p in path.split(":") if p)


from course_lib.k8s import crictl  # noqa: E402,F401  (registers the nodes' crictl)
