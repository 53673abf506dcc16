"""`kubectl config delete-context|rename-context` (kubectl 1.30), the usage errors of the config subcommands, and
the kubeconfig in clientcmdv1.Config's struct order for `config view -o json`.

A config subcommand given the wrong number of arguments prints its usage on stdout, then `error: Unexpected args:
[a b]` (Go's %v of the slice) on stderr, rc 1; delete-context prints its usage alone, rc 0, as kubectl 1.30 does.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl.config_cmd import context_of, kubeconfig_path, load, save
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.help import help_text
from course_lib.k8s.kubectl.main import KubectlError, Kx
from course_lib.k8s.kubectl.typed_json import _fields, _in_order
from course_lib.result import CommandResult

Obj = dict[str, Any]
# clientcmd/api/v1 types.go: Config, NamedCluster, Cluster, NamedAuthInfo, AuthInfo, NamedContext, Context
CONFIG = ("kind apiVersion preferences clusters users contexts current-context extensions")
STRUCTS = {
    "clusters": ("name cluster", "server tls-server-name insecure-skip-tls-verify certificate-authority "
                 "certificate-authority-data proxy-url disable-compression extensions"),
    "users": ("name user", "client-certificate client-certificate-data client-key client-key-data token tokenFile "
              "as as-uid as-groups as-user-extra username password auth-provider exec extensions"),
    "contexts": ("name context", "cluster user namespace extensions"),
}


def usage_error(command: str, args: list[str], word: str = "Unexpected") -> KubectlError:
    """helpErrorf: the command's help on stdout, the error on stderr (set-credentials says `unexpected args`)."""
    return KubectlError(f"error: {word} args: [{' '.join(args)}]\n", help_text(f"config {command}"))


def typed_config(doc: Obj) -> Obj:
    """The kubeconfig with its keys in clientcmdv1's field order (encoding/json of the typed Config)."""
    out = _in_order(doc, _fields(CONFIG))
    for key, (named, inner) in STRUCTS.items():
        if isinstance(out.get(key), list):
            body = named.split()[1]
            out[key] = [{**_in_order(item, _fields(named)),
                         body: _in_order(item.get(body) or {}, _fields(inner))} if isinstance(item, dict) else item
                        for item in out[key]]
    return out


def delete_context(kx: Kx, args: list[str]) -> CommandResult:
    _, pos, _ = parse("config delete-context", args, {}, {})
    if len(pos) != 1:                              # kubectl 1.30: the help, and success
        return CommandResult(help_text("config delete-context"), "", 0)
    doc = load(kx.ctx, kx.flags)
    path = kubeconfig_path(kx.ctx, kx.flags)
    if context_of(doc, pos[0]) is None:
        raise KubectlError(f"error: cannot delete context {pos[0]}, not in {path}\n")
    warning = ""
    if doc.get("current-context") == pos[0]:
        warning = ('warning: this removed your active context, use "kubectl config use-context" to select a '
                   "different one\n")
    doc["contexts"] = [c for c in doc.get("contexts") or [] if c.get("name") != pos[0]]
    save(kx.ctx, kx.flags, doc)
    return CommandResult(f"deleted context {pos[0]} from {path}\n", warning, 0)


def rename_context(kx: Kx, args: list[str]) -> CommandResult:
    _, pos, _ = parse("config rename-context", args, {}, {})
    if len(pos) != 2:
        raise usage_error("rename-context", pos)
    old, new = pos
    doc = load(kx.ctx, kx.flags)
    path = kubeconfig_path(kx.ctx, kx.flags)
    if context_of(doc, old) is None:
        raise KubectlError(f'error: cannot rename the context "{old}", it\'s not in {path}\n')
    if context_of(doc, new) is not None:
        raise KubectlError(f'error: cannot rename the context "{old}", the context "{new}" already exists in '
                           f"{path}\n")
    doc["contexts"] = [{**c, "name": new} if c.get("name") == old else c for c in doc.get("contexts") or []]
    if doc.get("current-context") == old:
        doc["current-context"] = new
    save(kx.ctx, kx.flags, doc)
    return CommandResult(f'Context "{old}" renamed to "{new}".\n', "", 0)


SUBS = {"delete-context": delete_context, "rename-context": rename_context}
