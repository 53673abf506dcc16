"""`kubectl config set-cluster|set-credentials|delete-cluster|delete-user` (kubectl 1.30's create_cluster.go,
create_authinfo.go, delete_cluster.go, delete_user.go).

set-cluster and set-credentials merge the flags given into the named entry (created when missing): a path flag
is made absolute against the working directory, or with --embed-certs the file's bytes go in base64 into the
`-data` field; a token clears basic auth and basic auth clears a token; --exec-* change an exec plugin only once
--exec-command has made one. set-cluster's --server hides kubectl's global one (main.LOCAL_FLAGS).
"""
from __future__ import annotations

import base64
import posixpath
from typing import Any, Optional

from course_lib.k8s.kubectl.config_cmd import kubeconfig_path, load, save
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.help import help_text
from course_lib.k8s.kubectl.main import KubectlError, Kx
from course_lib.result import CommandResult

Obj = dict[str, Any]
MODES = ("IfAvailable", "Never", "Always")


def _entry(doc: Obj, key: str, body_key: str, name: str, new: Obj) -> Obj:
    """The body of the named entry of doc[key], a new one (NEW) appended when there is none."""
    entries = doc.get(key) if isinstance(doc.get(key), list) else []
    doc[key] = entries
    entry = next((e for e in entries if isinstance(e, dict) and e.get("name") == name), None)
    if entry is None:
        entry = {"name": name, body_key: new}
        entries.append(entry)
    if not isinstance(entry.get(body_key), dict):
        entry[body_key] = {}
    return entry[body_key]


def _file(kx: Kx, flag: str, path: str) -> Optional[bytes]:
    """The bytes of a file named on the command line (None when there is none: os.Stat's error)."""
    from course_lib.shell.fs import get_fs
    full = posixpath.normpath(posixpath.join(getattr(kx.ctx, "cwd", "/") or "/", path))
    fs = get_fs(kx.ctx.machine)
    if not fs.exists(full):
        raise KubectlError(f"error: could not stat {flag} file {path}: stat {path}: no such file or directory\n")
    return b"" if fs.is_dir(full) else fs.read(full).encode()


def _path_or_data(kx: Kx, body: Obj, field: str, path: str, embed: bool) -> None:
    """A certificate/key flag: the file's bytes with --embed-certs, else its absolute path (which drops the data)."""
    if embed:
        data = _file(kx, field, path) or b""
        body.pop(field + "-data", None)
        if data:
            body[field + "-data"] = base64.b64encode(data).decode()
        body.pop(field, None)
        return
    full = posixpath.normpath(posixpath.join(getattr(kx.ctx, "cwd", "/") or "/", path)) if path else ""
    body.pop(field, None)
    if full:
        body[field] = full
        body.pop(field + "-data", None)


def _check_name(pos: list[str], command: str, what: str, word: str = "Unexpected") -> str:
    if len(pos) != 1:
        from course_lib.k8s.kubectl.config_edit import usage_error
        raise usage_error(command, pos, word)
    if not pos[0]:
        raise KubectlError(f"error: you must specify a non-empty {what} name\n")
    return pos[0]


def set_cluster(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("config set-cluster", args, {"--embed-certs": "embed", "--insecure-skip-tls-verify":
                                                       "insecure"},
                          {"--certificate-authority": "ca", "--tls-server-name": "tls", "--proxy-url": "proxy",
                           "--server": "server"})
    name = _check_name(pos, "set-cluster", "cluster")
    ca = flags.get("ca", "")
    if flags.get("insecure") and ca:
        raise KubectlError("error: you cannot specify a certificate authority and insecure mode at the same time\n")
    if flags.get("embed"):
        if not ca:
            raise KubectlError("error: you must specify a --certificate-authority to embed\n")
        _file(kx, "certificate-authority", ca)
    doc = load(kx.ctx, kx.flags)
    body = _entry(doc, "clusters", "cluster", name, {"server": ""})
    for flag, field in (("server", "server"), ("tls", "tls-server-name")):
        if flag in flags:
            body[field] = flags[flag]
            if not flags[flag] and field != "server":
                del body[field]
    if "insecure" in flags:
        body.pop("insecure-skip-tls-verify", None)
        if flags["insecure"]:
            body["insecure-skip-tls-verify"] = True
            body.pop("certificate-authority", None)
            body.pop("certificate-authority-data", None)
    if "ca" in flags:
        _path_or_data(kx, body, "certificate-authority", ca, bool(flags.get("embed")))
        if ca or flags.get("embed"):
            body.pop("insecure-skip-tls-verify", None)
    if "proxy" in flags:
        body.pop("proxy-url", None)
        if flags["proxy"]:
            body["proxy-url"] = flags["proxy"]
    save(kx.ctx, kx.flags, doc)
    return CommandResult(f'Cluster "{name}" set.\n', "", 0)


def _pairs(kx: Kx, items: list[str], flag: str) -> tuple[dict[str, str], list[str]]:
    """cmdutil.ParsePairs with removal: KEY=VALUE pairs, KEY- to remove; another form prints the help first."""
    pairs, removed = {}, []
    for item in items:
        if item.endswith("-"):
            removed.append(item[:-1])
        elif "=" in item and not item.startswith("="):
            key, _, value = item.partition("=")
            pairs[key] = value
        else:
            raise KubectlError(f"error: invalid {flag} format: {item}\n", help_text("config set-credentials"))
    return pairs, removed


def set_credentials(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("config set-credentials", args,
                          {"--embed-certs": "embed", "--exec-provide-cluster-info": "provide"},
                          {f"--{f}": f for f in ("client-certificate", "client-key", "token", "username", "password",
                                                 "auth-provider", "auth-provider-arg", "exec-command",
                                                 "exec-api-version", "exec-arg", "exec-env",
                                                 "exec-interactive-mode")})
    name = _check_name(pos, "set-credentials", "user", "unexpected")
    provider_args = [a for item in flags.get("auth-provider-arg[]", []) for a in item.split(",")]
    provider_pairs, provider_removed = _pairs(kx, provider_args, "auth-provider-arg")
    env_pairs, env_removed = _pairs(kx, flags.get("exec-env[]", []), "exec-env")
    mode = flags.get("exec-interactive-mode")
    if mode is not None and mode not in MODES:
        raise KubectlError("error: invalid interactive mode type, can be only IfAvailable, Never, Always\n")
    methods = (["--token"] if flags.get("token") else []) + \
        (["--username/--password"] if flags.get("username") or flags.get("password") else [])
    if len(methods) > 1:
        raise KubectlError("error: you cannot specify more than one authentication method at the same time: "
                           + ", ".join(methods) + "\n")
    cert, key = flags.get("client-certificate", ""), flags.get("client-key", "")
    if flags.get("embed"):
        if not cert and not key:
            raise KubectlError("error: you must specify a --client-certificate or --client-key to embed\n")
        for flag, path in (("client-certificate", cert), ("client-key", key)):
            if path:
                _file(kx, flag, path)
    doc = load(kx.ctx, kx.flags)
    body = _entry(doc, "users", "user", name, {})
    for field in ("client-certificate", "client-key"):
        if field in flags:
            _path_or_data(kx, body, field, flags[field], bool(flags.get("embed")))
    for field in ("token", "username", "password"):
        if field in flags:
            body.pop(field, None)
            if flags[field]:
                body[field] = flags[field]
    _auth_provider(body, flags, provider_pairs, provider_removed)
    _exec(body, flags, env_pairs, env_removed)
    if flags.get("token") or flags.get("username") or flags.get("password"):   # one way of logging in
        for field in (("username", "password") if flags.get("token") else ("token",)):
            body.pop(field, None)
    save(kx.ctx, kx.flags, doc)
    return CommandResult(f'User "{name}" set.\n', "", 0)


def _auth_provider(body: Obj, flags: dict[str, Any], pairs: dict[str, str], removed: list[str]) -> None:
    name = flags.get("auth-provider")
    provider = body.get("auth-provider")
    if name is not None and (not isinstance(provider, dict) or provider.get("name") != name):
        provider = body["auth-provider"] = {"name": name}
    if isinstance(provider, dict):
        config = {k: v for k, v in (provider.get("config") or {}).items() if k not in removed}
        config.update(pairs)
        provider.pop("config", None)
        if config:
            provider["config"] = config


def _exec(body: Obj, flags: dict[str, Any], pairs: dict[str, str], removed: list[str]) -> None:
    exec_ = body.get("exec")
    if "exec-command" in flags:
        if isinstance(exec_, dict):
            exec_["command"], exec_["args"] = flags["exec-command"], None
        else:
            exec_ = body["exec"] = {"args": None, "command": flags["exec-command"], "env": None,
                                    "provideClusterInfo": False}
    if not isinstance(exec_, dict):
        return
    for flag, field in (("exec-api-version", "apiVersion"), ("exec-interactive-mode", "interactiveMode")):
        if flag in flags:
            exec_.pop(field, None)
            if flags[flag]:
                exec_[field] = flags[flag]
    if flags.get("exec-arg[]"):
        exec_["args"] = list(flags["exec-arg[]"])
    if "provide" in flags:
        exec_["provideClusterInfo"] = flags["provide"]
    env = [e for e in exec_.get("env") or [] if isinstance(e, dict)]
    if removed:
        env = exec_["env"] = [e for e in env if e.get("name") not in removed]
    if pairs:
        for e in env:
            if e.get("name") in pairs:
                e["value"] = pairs.pop(e["name"])
        exec_["env"] = env + [{"name": k, "value": v} for k, v in sorted(pairs.items())]


def _delete(kx: Kx, args: list[str], key: str, what: str) -> CommandResult:
    _, pos, _ = parse(f"config delete-{what}", args, {}, {})
    if len(pos) != 1:
        if what == "user":
            raise KubectlError("error: user to delete is required\nSee 'kubectl config delete-user -h' for help and "
                               "examples\n")
        return CommandResult(help_text(f"config delete-{what}"), "", 0)
    doc = load(kx.ctx, kx.flags)
    path = kubeconfig_path(kx.ctx, kx.flags)
    entries = doc.get(key) if isinstance(doc.get(key), list) else []
    if not any(isinstance(e, dict) and e.get("name") == pos[0] for e in entries):
        raise KubectlError(f"error: cannot delete {what} {pos[0]}, not in {path}\n")
    doc[key] = [e for e in entries if not (isinstance(e, dict) and e.get("name") == pos[0])]
    save(kx.ctx, kx.flags, doc)
    return CommandResult(f"deleted {what} {pos[0]} from {path}\n", "", 0)


SUBS = {"set-cluster": set_cluster, "set-credentials": set_credentials,
        "delete-cluster": lambda kx, args: _delete(kx, args, "clusters", "cluster"),
        "delete-user": lambda kx, args: _delete(kx, args, "users", "user")}
