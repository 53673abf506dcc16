"""`kubectl get --sort-by=JSONPATH`: kubectl's RuntimeSort -- numbers by value, strings in natural order
(sortorder.NaturalLess: digit runs compared as numbers), objects without the field first."""
from __future__ import annotations

from functools import cmp_to_key
from typing import Any

from course_lib.k8s.jsonpath import JsonPathError, _steps, _walk
from course_lib.k8s.kubectl.main import KubectlError

Obj = dict[str, Any]


def natural_less(a: str, b: str) -> bool:
    """vbom.ml/util/sortorder.NaturalLess."""
    i = j = 0
    while i < len(a) and j < len(b):
        da, db = a[i].isdigit(), b[j].isdigit()
        if da != db:
            return da
        if not da:
            if a[i] != b[j]:
                return a[i] < b[j]
            i, j = i + 1, j + 1
            continue
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        nz_a, nz_b = i, j
        while i < len(a) and a[i].isdigit():
            i += 1
        while j < len(b) and b[j].isdigit():
            j += 1
        if i - nz_a != j - nz_b:
            return i - nz_a < j - nz_b
        if a[nz_a:i] != b[nz_b:j]:
            return a[nz_a:i] < b[nz_b:j]
        if nz_a != nz_b:
            return nz_a < nz_b
    return len(a) < len(b)


def _less(x: Any, y: Any) -> bool:
    if isinstance(x, bool) or isinstance(y, bool):
        return (not x) and bool(y)
    if isinstance(x, (int, float)) and isinstance(y, (int, float)):
        return x < y
    return natural_less(str(x), str(y))


def sort_objects(objs: list[Obj], field: str) -> list[Obj]:
    expr = field.strip()
    expr = expr[1:-1] if expr.startswith("{") and expr.endswith("}") else expr
    try:
        steps = _steps(expr if expr.startswith(".") or expr.startswith("$") else "." + expr)
    except JsonPathError as exc:
        raise KubectlError(f"error: {exc}\n") from None
    values = [(_walk([o], steps) or [None])[0] for o in objs]
    if objs and all(v is None for v in values):
        raise KubectlError(f'error: couldn\'t find any field with path "{{{expr}}}" in the list of objects\n')

    def cmp(a: tuple[int, Any], b: tuple[int, Any]) -> int:
        x, y = a[1], b[1]
        if x is None or y is None:
            return (x is not None) - (y is not None)
        return -1 if _less(x, y) else 1 if _less(y, x) else 0
    order = sorted(enumerate(values), key=cmp_to_key(cmp))
    return [objs[i] for i, _ in order]
