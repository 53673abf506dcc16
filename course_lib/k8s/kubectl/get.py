"""`kubectl get`: tables, -o wide|yaml|json|name|jsonpath, -l, -A, --show-labels, `all`, TYPE/NAME."""
from __future__ import annotations

import json
import re
from typing import Any, Optional

from course_lib.k8s import printers
from course_lib.k8s.kinds import KindInfo, RowEnv, lookup_type
from course_lib.k8s.kubectl.flags import NAMESPACE_ALL, OUTPUT, parse, parse_selector, type_name_pairs
from course_lib.k8s.kubectl.rbac_eval import forbidden
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

Obj = dict[str, Any]
ALL = ("Pod", "Service", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet", "CronJob", "Job")


def resolve_type(name: str) -> KindInfo:
    info = lookup_type(name)
    if info is None:
        raise KubectlError(f'error: the server doesn\'t have a resource type "{name}"\n')
    return info


def public(obj: Obj) -> Obj:
    """The object as the API returns it."""
    return obj


def output_doc(objs: list[Obj], single: bool) -> Obj:
    return public(objs[0]) if single and len(objs) == 1 else printers.as_list([public(o) for o in objs])


def render(fmt: str, objs: list[Obj], single: bool, infos: list[KindInfo], headers: bool = True,
           strict: bool = False, raw: Optional[str] = None) -> str:
    """The objects as -o prints them; `strict`: --allow-missing-template-keys=false, `raw`: the JSON a go-template
    error shows as the raw data (a typed object's, in struct order)."""
    if fmt == "yaml":
        return printers.to_yaml(output_doc(objs, single))
    if fmt == "json":
        return printers.to_json(output_doc(objs, single))
    if fmt == "name":
        return "".join(printers.name_line(info, o) + "\n" for info, o in zip(infos, objs))
    if fmt.startswith("jsonpath=") or fmt.startswith("jsonpath-as-json="):
        from course_lib.k8s.jsonpath import JsonPathError, JsonPathExecError, render as jp, render_json
        template = fmt.split("=", 1)[1]
        doc = output_doc(objs, single)
        try:
            return render_json(template, doc, strict) if fmt.startswith("jsonpath-as-json=") else \
                jp(template, doc, strict)
        except JsonPathExecError as exc:           # JSONPathPrinter.PrintObj's debugging dump
            raise KubectlError(f'error: error executing jsonpath "{template}": Error executing template: {exc}. '
                               "Printing more information for debugging the template:\n\ttemplate was:\n\t\t"
                               f"{template}\n\tobject given to jsonpath engine was:\n\t\t{go_sharp_v(doc)}\n\n\n"
                               ) from None
        except JsonPathError as exc:
            raise KubectlError(f"error: error parsing jsonpath {template}, {exc}\n") from None
    if fmt.startswith(("go-template=", "template=")):
        return _go_template(fmt.split("=", 1)[1], output_doc(objs, single), strict, raw)
    if fmt.startswith("custom-columns="):
        from course_lib.k8s.jsonpath import JsonPathError, render as jp
        cols = [c.split(":", 1) for c in fmt.split("=", 1)[1].split(",")]
        for c in cols:                                # NewCustomColumnsPrinterFromSpec, RelaxedJSONPathExpression
            if len(c) != 2:
                raise KubectlError(f"error: unexpected custom-columns spec: {c[0]}, expected <header>:<json-path-expr>\n")
            if c[1] and not re.fullmatch(r"\{\.?[^{}]+\}|\.?[^{}]+", c[1]):
                raise KubectlError("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                                   "'{name1.name2}' or '{.name1.name2}'\n")
        rows = [[c[0] for c in cols]] if headers else []
        for o in objs:
            tmpl = lambda p: p if p.startswith("{") else "{" + (p if p.startswith(".") else "." + p) + "}"
            try:
                rows.append([jp(tmpl(c[1]), o) or "<none>" for c in cols])
            except JsonPathError as exc:
                raise KubectlError(f"error: {exc}\n") from None
        return printers.tabwrite(rows)
    from course_lib.k8s.kubectl.printflags import no_printer
    raise no_printer(fmt, ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json",
                           "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide",
                           "yaml"))


def go_sharp_v(value: Any) -> str:
    """Go's %#v of a JSON-decoded (unstructured) value: map[string]interface {}{"k":v, ...} with sorted keys,
    []interface {}{...}, quoted strings, int64/float64 numbers, interface {}(nil)."""
    if isinstance(value, dict):
        return "map[string]interface {}{" + ", ".join(f"{json.dumps(k)}:{go_sharp_v(value[k])}"
                                                      for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_sharp_v(v) for v in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def go_plus_v(value: Any) -> str:
    """Go's %+v of a JSON-decoded value: map[k:v ...] with sorted keys, [a b], <nil>."""
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_plus_v(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_plus_v(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "<nil>" if value is None else str(value)


def _go_template(template: str, doc: Obj, strict: bool = False, raw: Optional[str] = None) -> str:
    """-o go-template=...: text/template named "output" over the object as JSON decodes it (missing map keys
    print <no value>, or fail with --allow-missing-template-keys=false); parse errors as NewGoTemplatePrinter
    reports them; an execution error also writes GoTemplatePrinter's debugging dump on stdout."""
    from course_lib.docker.gotemplate import ExecError, TemplateError, render as go_render

    def named(text: str) -> str:
        return text.replace("template: :", "template: output:", 1).replace('executing ""', 'executing "output"', 1)
    try:
        return go_render(template, doc, strict=strict)
    except ExecError as exc:
        data = raw if raw is not None else printers.compact_json(doc)
        dump = (f"Error executing template: {named(str(exc))}. Printing more information for debugging the "
                f"template:\n\ttemplate was:\n\t\t{template}\n\traw data was:\n\t\t{data}\n\tobject given to "
                f"template engine was:\n\t\t{go_plus_v(doc)}\n\n")
        raise KubectlError(f'error: error executing template "{template}": {named(str(exc))}\n', dump) from None
    except TemplateError as exc:
        raise KubectlError(f"error: error parsing template {template}, {named(str(exc))}\n") from None


def select(kx: Kx, info: KindInfo, namespace: Optional[str], selector: dict[str, str]) -> list[Obj]:
    if info.lister is not None:
        from course_lib.k8s.store import labels_match
        return [o for o in info.lister(kx.cluster) if labels_match(o["metadata"].get("labels") or {}, selector)]
    store = kx.cluster.store
    return store.list(info.kind, namespace if info.namespaced else None, selector or None)


def fetch(kx: Kx, info: KindInfo, namespace: str, name: str) -> Optional[Obj]:
    """GET one object by name (computed kinds from their lister)."""
    if info.lister is not None:
        return next((o for o in info.lister(kx.cluster) if o["metadata"]["name"] == name), None)
    return kx.cluster.store.get(info.kind, namespace if info.namespaced else "", name)


@sub("get")
def get(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("get", args, {**NAMESPACE_ALL, "--show-labels": "show_labels", "--no-headers": "no_headers",
                                        "-w": "watch", "--watch": "watch"},
                          {**OUTPUT, "-l": "selector", "--selector": "selector", "-L": "label_columns",
                           "--label-columns": "label_columns", "--sort-by": "sort_by", "-f": "filename",
                           "--field-selector": "field_selector"})
    if not pos:
        raise KubectlError('You must specify the type of resource to get. Use "kubectl api-resources" for a complete '
                           "list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl "
                           'explain <resource>" for a detailed description of that resource (e.g. kubectl explain '
                           "pods).\nSee 'kubectl get -h' for help and examples\n")
    fmt = flags.get("output", "")
    all_ns = bool(flags.get("all_ns"))
    namespace = None if all_ns else kx.ns
    selector_text = flags.get("selector", "")
    label_cols = [c for v in flags.get("label_columns[]", []) for c in v.split(",")]
    # what to show: [(info, [objs], named)]
    groups: list[tuple[KindInfo, list[Obj]]] = []
    errors: list[str] = []
    named = False
    if any("/" in p for p in pos):
        named = True
        for tname, oname in type_name_pairs(pos) or []:
            info = resolve_type(tname)
            denied = forbidden(kx, "get", info, namespace, oname)
            if denied:
                errors.append(denied)
                continue
            obj = fetch(kx, info, namespace or "", oname) if not all_ns else _any_ns(kx, info, oname)
            if obj is None:
                errors.append(f'Error from server (NotFound): {info.resource_group} "{oname}" not found\n')
                continue
            _add(groups, info, obj)
    else:
        types = pos[0].split(",")
        infos = []
        for t in types:
            if t == "all":
                infos += [lookup_type(k) for k in ALL if lookup_type(k) is not None]
            else:
                infos.append(resolve_type(t))
        names = pos[1:]
        if names:
            named = True
            if len(infos) > 1:
                pass
            for info in infos:
                for oname in names:
                    denied = forbidden(kx, "get", info, namespace, oname)
                    if denied:
                        errors.append(denied)
                        continue
                    obj = fetch(kx, info, namespace or "", oname)
                    if obj is None:
                        errors.append(f'Error from server (NotFound): {info.resource_group} "{oname}" not found\n')
                    else:
                        _add(groups, info, obj)
        else:
            for info in infos:
                denied = forbidden(kx, "list", info, namespace)
                if denied:
                    raise KubectlError(denied)
                selector = parse_selector(selector_text, info, flags.get("field_selector", ""))
                objs = select(kx, info, namespace, selector)
                if flags.get("field_selector"):
                    objs = _field_select(info, objs, flags["field_selector"], flags.get("selector", ""))
                groups.append((info, objs))
    if flags.get("sort_by"):
        from course_lib.k8s.kubectl.sorting import sort_objects
        groups = [(info, sort_objects(objs, flags["sort_by"])) for info, objs in groups]
    total = sum(len(objs) for _, objs in groups)
    warnings = "".join(dict.fromkeys(i.warning for i, _ in groups if i.warning))
    err = warnings + "".join(errors)
    watching = bool(flags.get("watch"))
    if total == 0:
        if not named and not watching:            # a watch has no list to print, nor `No resources found`
            if all_ns or all(not i.namespaced for i, _ in groups):
                err += "No resources found\n"
            else:
                err += f"No resources found in {namespace} namespace.\n"
        if fmt in ("yaml", "json") and not named and not watching:
            return CommandResult(render(fmt, [], False, []), "", 0)
        return CommandResult("", err, 1 if errors else 0)
    if fmt and fmt != "wide":
        objs = [o for _, os in groups for o in os]
        infos_flat = [i for i, os in groups for _ in os]
        single = named and len(objs) == 1 and len(pos) <= 2 and "," not in pos[0]
        if watching and fmt.startswith(("yaml", "json", "go-template=", "template=", "jsonpath")):
            return CommandResult(_each(fmt, objs, infos_flat), err, 1 if errors else 0)
        return CommandResult(render(fmt, objs, single, infos_flat, not flags.get("no_headers")), err,
                             1 if errors else 0)
    env = RowEnv(kx.cluster, kx.cluster.now())
    multi = len([g for g in groups if g[1]]) > 1 or (pos and (pos[0] == "all" or "," in pos[0]))
    blocks = []
    for info, objs in groups:
        if not objs:
            continue
        prefix = info.qualified + "/" if multi else ""
        rows = printers.table_rows(info, objs, env, wide=fmt == "wide", namespaces=all_ns,
                                   show_labels=bool(flags.get("show_labels")), prefix=prefix,
                                   headers=not flags.get("no_headers"), label_columns=label_cols)
        blocks.append(printers.tabwrite(rows))
    return CommandResult("\n".join(blocks), err, 1 if errors else 0)


def _each(fmt: str, objs: list[Obj], infos: list[KindInfo]) -> str:
    """get -w: the watch prints the list's items one by one (PrintObj each), YAML documents after the first
    behind `---`, never a List."""
    texts = [render(fmt, [o], True, [i]) for o, i in zip(objs, infos)]
    return ("---\n" if fmt == "yaml" else "").join(texts)


def _field_select(info: KindInfo, objs: list[Obj], text: str, labels: str) -> list[Obj]:
    from course_lib.k8s import fieldselect
    try:
        return fieldselect.select(info, objs, text, labels)
    except ValueError as exc:
        raise KubectlError(f"error: {exc}\n") from None


def _add(groups: list[tuple[KindInfo, list[Obj]]], info: KindInfo, obj: Obj) -> None:
    for i, objs in groups:
        if i is info:
            objs.append(obj)
            return
    groups.append((info, [obj]))


def _any_ns(kx: Kx, info: KindInfo, name: str) -> Optional[Obj]:
    for obj in select(kx, info, None, {}):
        if obj["metadata"]["name"] == name:
            return obj
    return None
