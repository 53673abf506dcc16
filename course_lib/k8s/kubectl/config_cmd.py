"""`kubectl config` 1.30: view, current-context, get-contexts/-clusters/-users, use-context, set-context
(delete-context and rename-context in config_edit, set and unset in config_set, set-cluster, set-credentials,
delete-cluster and delete-user in config_entries).

The kubeconfig is the file kubectl reads (--kubeconfig, else $KUBECONFIG's first file, else
~/.kube/config); view shortens it as clientcmdapi.ShortenConfig does (DATA+OMITTED, REDACTED) unless
--raw. Changes are written back to that file with the keys, clusters, contexts and users sorted, as clientcmd.WriteToFile
does.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any, Optional

import yaml

from course_lib.k8s import printers
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.help import help_text
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

Obj = dict[str, Any]
DATA_FIELDS = ("certificate-authority-data", "client-certificate-data", "client-key-data")
EMPTY: Obj = {"apiVersion": "v1", "clusters": None, "contexts": None, "current-context": "", "kind": "Config",
              "preferences": {}, "users": None}


def kubeconfig_path(ctx: Any, flags: dict[str, str]) -> str:
    path = flags.get("kubeconfig") or next((p for p in (ctx.env.get("KUBECONFIG") or "").split(":") if p), "")
    path = path or "/root/.kube/config"
    return path if path.startswith("/") else posixpath.join(getattr(ctx, "cwd", "/") or "/", path)


def load(ctx: Any, flags: dict[str, str]) -> Obj:
    """The kubeconfig as a dict (the empty Config when the file is missing or unreadable)."""
    from course_lib.shell.fs import get_fs
    fs = get_fs(ctx.machine)
    path = kubeconfig_path(ctx, flags)
    if not fs.exists(path):
        return dict(EMPTY)
    try:
        doc = yaml.safe_load(fs.read(path)) or {}
    except yaml.YAMLError as exc:
        raise KubectlError(f"error: error loading config file \"{path}\": {exc}\n") from None
    return {**EMPTY, **doc} if isinstance(doc, dict) else dict(EMPTY)


def by_name(doc: Obj) -> Obj:
    """clusters, contexts and users in name order: clientcmd keeps them in maps, and writes them sorted."""
    return {**doc, **{key: sorted(doc[key], key=lambda x: str(x.get("name"))) for key in ("clusters", "contexts", "users")
                      if isinstance(doc.get(key), list)}}


def save(ctx: Any, flags: dict[str, str], doc: Obj) -> None:
    """clientcmd.WriteToFile: the file (its folders made first), mode 0600."""
    from course_lib.shell.fs import write_file
    write_file(ctx, kubeconfig_path(ctx, flags), printers.to_yaml(by_name(doc)), parents=True, mode=0o600)


def context_of(doc: Obj, name: str) -> Optional[Obj]:
    return next((c.get("context") or {} for c in doc.get("contexts") or [] if c.get("name") == name), None)


def context_namespace(ctx: Any, flags: dict[str, str]) -> str:
    """The current context's namespace ('' when none is set): kubectl's default namespace."""
    from course_lib.shell.fs import get_fs
    fs = get_fs(ctx.machine)
    path = kubeconfig_path(ctx, flags)
    return _namespace_in(fs.read(path), flags.get("context") or "") if fs.exists(path) else ""


@lru_cache(maxsize=64)
def _namespace_in(text: str, context: str) -> str:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return ""
    if not isinstance(doc, dict):
        return ""
    return str((context_of(doc, context or doc.get("current-context") or "") or {}).get("namespace") or "")


def _shorten(doc: Obj) -> Obj:
    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: ("DATA+OMITTED" if k in DATA_FIELDS and v else "REDACTED" if k in ("token", "password") and v
                        else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(x) for x in node]
        return node
    return walk(doc)


def _minify(doc: Obj) -> Obj:
    current = doc.get("current-context") or ""
    context = context_of(doc, current)
    if context is None:
        raise KubectlError(f'error: cannot locate context {current}\n' if current else
                           "error: current-context must exist in order to minify\n")
    pick = lambda key, name: [x for x in doc.get(key) or [] if x.get("name") == name] or None  # noqa: E731
    for key, field, what in (("clusters", "cluster", "cluster"), ("users", "user", "user")):
        if context.get(field) and not pick(key, context.get(field)):
            raise KubectlError(f"error: cannot locate {what} {context.get(field)}\n")
    return {**doc, "clusters": pick("clusters", context.get("cluster")), "contexts": pick("contexts", current),
            "users": pick("users", context.get("user"))}


def view(kx: Kx, args: list[str]) -> CommandResult:
    flags, _, _ = parse("config view", args, {"--raw": "raw", "--minify": "minify", "--flatten": "flatten",
                                              "--merge": "merge"},
                        {"-o": "output", "--output": "output", "--template": "template"})
    if flags.get("merge") is False and not kx.flags.get("kubeconfig"):
        raise KubectlError("error: if merge==false a precise file must be specified\n")
    doc = by_name(load(kx.ctx, kx.flags))
    if flags.get("minify"):
        doc = _minify(doc)
    if not flags.get("raw") and not flags.get("flatten"):
        doc = _shorten(doc)
    from course_lib.k8s.kubectl import printflags
    fmt = printflags.with_template(flags) if flags.get("template") else flags.get("output", "yaml")
    printflags.printer(fmt)                       # PrintFlags("").WithDefaultOutput("yaml")
    if fmt == "name":                             # the NamePrinter of an object without a name
        return CommandResult("config/<unknown>\n", "", 0)
    if fmt == "json":                             # clientcmdv1.Config, in its struct order
        from course_lib.k8s.kubectl.config_edit import typed_config
        return CommandResult(printers.to_json(typed_config(doc), sort_keys=False), "", 0)
    return CommandResult(printflags.print_obj(fmt, None, doc, ""), "", 0)


def get_contexts(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("config get-contexts", args, {"--no-headers": "no_headers"},
                          {"-o": "output", "--output": "output"})
    fmt = flags.get("output") or ""
    if fmt not in ("", "name"):
        raise KubectlError(f"error: --output {fmt} is not available in kubectl config get-contexts; resetting to "
                           "default output format\n")
    doc = load(kx.ctx, kx.flags)
    current = doc.get("current-context") or ""
    contexts = sorted(doc.get("contexts") or [], key=lambda c: str(c.get("name")))
    missing = [n for n in pos if context_of(doc, n) is None]
    if pos:
        contexts = [c for c in contexts if c.get("name") in pos]
    if fmt == "name":
        out = "".join(f"{c.get('name')}\n" for c in contexts)
    else:
        rows = [] if flags.get("no_headers") else [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
        for c in contexts:
            body = c.get("context") or {}
            rows.append(["*" if c.get("name") == current else "", str(c.get("name")), str(body.get("cluster", "")),
                         str(body.get("user", "")), str(body.get("namespace", ""))])
        out = printers.tabwrite(rows) if rows else ""
    if missing:                                   # an aggregate of errors: one alone is CheckErr's `error: ...`
        errors = [f"context {name} not found" for name in missing]
        return CommandResult(out, ("error: " if len(errors) == 1 else "") + "\n".join(errors) + "\n", 1)
    return CommandResult(out, "", 0)


def _names(kx: Kx, key: str, args: list[str]) -> CommandResult:
    parse(f"config get-{key}", args, {}, {})
    doc = load(kx.ctx, kx.flags)
    return CommandResult("NAME\n" + "".join(f"{x.get('name')}\n" for x in doc.get(key) or []), "", 0)


def current_context(kx: Kx, args: list[str]) -> CommandResult:
    parse("config current-context", args, {}, {})
    current = load(kx.ctx, kx.flags).get("current-context") or ""
    if not current:
        raise KubectlError("error: current-context is not set\n")
    return CommandResult(current + "\n", "", 0)


def use_context(kx: Kx, args: list[str]) -> CommandResult:
    _, pos, _ = parse("config use-context", args, {}, {})
    if len(pos) != 1:                             # UsageErrorf after the command's usage on stdout
        from course_lib.k8s.kubectl.config_edit import usage_error
        raise usage_error("use-context", pos)
    doc = load(kx.ctx, kx.flags)
    if context_of(doc, pos[0]) is None:
        raise KubectlError(f'error: no context exists with the name: "{pos[0]}"\n')
    doc["current-context"] = pos[0]
    save(kx.ctx, kx.flags, doc)
    return CommandResult(f'Switched to context "{pos[0]}".\n', "", 0)


def set_context(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("config set-context", args, {"--current": "current"},
                          {"--namespace": "namespace", "--cluster": "cluster", "--user": "user"})
    doc = load(kx.ctx, kx.flags)
    if flags.get("current"):
        if pos:
            raise KubectlError("error: you cannot specify both a context name and --current\n")
        name = doc.get("current-context") or ""
        if not name:
            raise KubectlError("error: no current context is set\n")
    elif len(pos) != 1:
        raise KubectlError("error: you must specify a non-empty context name or --current\n")
    else:
        name = pos[0]
    contexts = doc.get("contexts") or []
    entry = next((c for c in contexts if c.get("name") == name), None)
    verb = "modified" if entry is not None else "created"
    if entry is None:
        entry = {"context": {"cluster": "", "user": ""}, "name": name}
        contexts.append(entry)
    body = entry.setdefault("context", {})
    for key in ("cluster", "user", "namespace"):
        if key in flags:
            body[key] = flags[key]
            if key == "namespace" and not flags[key]:       # omitempty, unlike cluster and user
                del body[key]
    doc["contexts"] = contexts
    save(kx.ctx, kx.flags, doc)
    return CommandResult(f'Context "{name}" {verb}.\n', "", 0)


SUBS = {"view": view, "get-contexts": get_contexts, "current-context": current_context,
        "use-context": use_context, "use": use_context, "set-context": set_context,
        "get-clusters": lambda kx, a: _names(kx, "clusters", a), "get-users": lambda kx, a: _names(kx, "users", a)}


@sub("config")
def config(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    from course_lib.k8s.kubectl import config_edit, config_entries, config_set
    subs = {**SUBS, **config_edit.SUBS, **config_entries.SUBS, **config_set.SUBS}
    if not args or args[0] not in subs:
        from course_lib.k8s.kubectl.suggest import default_subcommand_run
        return default_subcommand_run("config", [a for a in args if not a.startswith("-")], help_text("config"))
    return subs[args[0]](kx, args[1:])
