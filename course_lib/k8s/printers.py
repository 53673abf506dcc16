"""kubectl's output printers: tables (tabwriter, padding 3), -o yaml|json|name|jsonpath, --show-labels."""
from __future__ import annotations

import json
import re
from typing import Any, Optional

import yaml

from course_lib.k8s.kinds import KindInfo, RowEnv
from course_lib.result import CommandResult

Obj = dict[str, Any]


def tabwrite(rows: list[list[str]]) -> str:
    """Go's text/tabwriter as kubectl sets it up (minwidth 6, padding 3): every cell but the last padded to
    its column's width + 3, and a column never narrower than 6."""
    if not rows:
        return ""
    ncols = max(len(r) for r in rows)
    widths = [0] * ncols
    for r in rows:
        for i, cell in enumerate(r[:-1]):
            widths[i] = max(widths[i], len(cell))
    out = []
    for r in rows:
        parts = [cell.ljust(max(widths[i] + 3, 6)) for i, cell in enumerate(r[:-1])]
        out.append("".join(parts) + (r[-1] if r else ""))
    return "\n".join(out) + "\n"


def labels_text(obj: Obj) -> str:
    labels = obj["metadata"].get("labels") or {}
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items())) or "<none>"


def table_rows(info: KindInfo, objs: list[Obj], env: RowEnv, wide: bool = False, namespaces: bool = False,
               show_labels: bool = False, prefix: str = "", headers: bool = True,
               label_columns: Optional[list[str]] = None) -> list[list[str]]:
    """Header and rows of one kind, as `kubectl get` prints them."""
    full = wide and info.wide_full
    header = list(info.wide_columns) if full else list(info.columns) + (list(info.wide_columns) if wide else [])
    header += [c.rsplit("/", 1)[-1].upper() for c in label_columns or []]
    if namespaces and info.namespaced:
        header.insert(0, "NAMESPACE")
    if show_labels:
        header.append("LABELS")
    rows = [header] if headers else []
    for obj in objs:
        row = info.wide_row(obj, env) if full and info.wide_row else \
            info.row(obj, env) if info.row else [obj["metadata"]["name"], env.age(obj)]
        if prefix and info.columns and info.columns[0] == "NAME":
            row[0] = prefix + row[0]
        if wide and info.wide_row and not full:
            row += info.wide_row(obj, env)
        for key in label_columns or []:
            row.append((obj["metadata"].get("labels") or {}).get(key, ""))
        if namespaces and info.namespaced:
            row.insert(0, obj["metadata"].get("namespace", ""))
        if show_labels:
            row.append(labels_text(obj))
        rows.append(row)
    return rows


def as_list(objs: list[Obj]) -> Obj:
    return {"apiVersion": "v1", "items": objs, "kind": "List", "metadata": {"resourceVersion": ""}}


def to_json(doc: Any, sort_keys: bool = True) -> str:
    """encoding/json MarshalIndent with 4 spaces, as kubectl -o json prints (the keys of an unstructured object
    sorted; sort_keys=False keeps the order given, for a typed object's struct order)."""
    text = json.dumps(doc, indent=4, sort_keys=sort_keys, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def compact_json(doc: Any, sort_keys: bool = True) -> str:
    """encoding/json Marshal: no spaces, HTML characters escaped (keys sorted as an unstructured object's are)."""
    text = json.dumps(doc, separators=(",", ":"), sort_keys=sort_keys, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


STR_TAG = "tag:yaml.org,2002:str"
GO_BOOLS = ("y", "Y", "n", "N")                          # go-yaml v2 reads these as bools, PyYAML does not
GO_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")    # go-yaml v2: 1e3 is a float
OTHER_TYPES = {f"tag:yaml.org,2002:{t}" for t in ("bool", "int", "float", "null", "timestamp", "merge")}


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> Any:
    """go-yaml's choice: a literal block for several lines; double quotes for a string that would read back
    as another type (`"2025-01-20T09:15:00Z"`, `"1126"`, `"true"`, `""`, and go-yaml v2's `"y"`, `"1e3"`); else
    plain, or single quotes when plain is not allowed."""
    if "\n" in data:
        return dumper.represent_scalar(STR_TAG, data, style="|")
    if dumper.resolve(yaml.ScalarNode, data, (True, False)) in OTHER_TYPES or data in GO_BOOLS or GO_FLOAT.match(data):
        return dumper.represent_scalar(STR_TAG, data, style='"')
    return dumper.represent_scalar(STR_TAG, data)


_Dumper.add_representer(str, _str_presenter)


def to_yaml(doc: Any) -> str:
    """sigs.k8s.io/yaml: keys sorted, 2-space indent, sequences not indented under their key."""
    return yaml.dump(doc, Dumper=_Dumper, default_flow_style=False, sort_keys=True, allow_unicode=True, width=1 << 20)


def name_line(info: KindInfo, obj: Obj) -> str:
    return f"{info.qualified}/{obj['metadata']['name']}"


def dry_run(obj: Obj, flags: dict[str, Any], ref: str, verb: str = "created",
            modes: tuple[str, ...] = ("client", "true")) -> Optional[CommandResult]:
    """What a generator command (`create`, `run`, `expose`) prints under --dry-run: the object as -o yaml/json,
    else `REF VERB (dry run)`; None when the flags ask for no dry run."""
    if flags.get("dry_run") not in modes:
        return None
    fmt = flags.get("output", "")
    if fmt == "yaml":
        return CommandResult(to_yaml(obj), "", 0)
    if fmt == "json":
        return CommandResult(to_json(obj), "", 0)
    return CommandResult(f"{ref} {verb} (dry run)\n", "", 0)
