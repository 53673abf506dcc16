"""kubectl's PrintFlags for the commands that change objects: `REF OPERATION`, or the object as -o asks.

genericclioptions.PrintFlags (cli-runtime printflags.go) behind create, run, expose, apply, label, annotate,
scale, rollout restart/pause/resume/undo and set image: no -o prints the NamePrinter's `REF OPERATION` (with the
dry-run suffix PrintFlagsWithDryRunStrategy adds), `-o name` the NamePrinter without its operation (`pod/web`),
yaml/json/jsonpath/jsonpath-as-json the object itself. Any other format (wide, custom-columns) is
NoCompatiblePrinterError with the formats sorted as AllowedFormats() sorts them.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl.main import KubectlError

Obj = dict[str, Any]

FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name",
           "template", "templatefile", "yaml")


def check(fmt: str) -> None:
    """The printer a format asks for exists (PrintFlags.ToPrinter), else kubectl's NoCompatiblePrinterError."""
    if fmt and fmt.partition("=")[0] not in FORMATS:
        raise KubectlError(f'error: unable to match a printer suitable for the output format "{fmt}", allowed '
                           "formats are: " + ",".join(FORMATS) + "\n")


def shows_object(fmt: str) -> bool:
    """True when -o prints the object itself rather than a `REF ...` line."""
    return bool(fmt) and fmt != "name"


def print_obj(fmt: str, info: Any, obj: Obj, line: str) -> str:
    """What PrintObj writes for one object: `line` (`REF OPERATION[ (dry run)]`) without -o, `REF` with -o name,
    else the object in that format (jsonpath without a newline of its own, as kubectl prints it)."""
    check(fmt)
    if not fmt:
        return line + "\n"
    if fmt == "name":
        return line.split(" ", 1)[0] + "\n"
    from course_lib.k8s.kubectl.get import render
    return render(fmt, [obj], True, [info])
