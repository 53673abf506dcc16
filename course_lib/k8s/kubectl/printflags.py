"""kubectl's PrintFlags for the commands that change objects: `REF OPERATION`, or the object as -o asks.

genericclioptions.PrintFlags (cli-runtime printflags.go) behind create, run, expose, apply, label, annotate,
scale, rollout restart/pause/resume/undo and set image: no -o prints the NamePrinter's `REF OPERATION` (with the
dry-run suffix PrintFlagsWithDryRunStrategy adds), `-o name` the NamePrinter without its operation (`pod/web`),
yaml/json/jsonpath/jsonpath-as-json the object itself. Any other format (wide, custom-columns) is
NoCompatiblePrinterError with the formats sorted as AllowedFormats() sorts them.
"""
from __future__ import annotations

import json
from typing import Any

from course_lib.k8s.kubectl.main import KubectlError

Obj = dict[str, Any]

FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name",
           "template", "templatefile", "yaml")


def no_printer(fmt: str, formats: tuple[str, ...] = FORMATS) -> KubectlError:
    """NoCompatiblePrinterError: the format as Go's %q quotes it, then the formats there are."""
    quoted = json.dumps(fmt, ensure_ascii=False)
    return KubectlError(f"error: unable to match a printer suitable for the output format {quoted}, allowed "
                        "formats are: " + ",".join(formats) + "\n")


def check(fmt: str) -> None:
    """The printer a format asks for exists (PrintFlags.ToPrinter), else kubectl's NoCompatiblePrinterError."""
    if fmt and fmt.partition("=")[0] not in FORMATS:
        raise no_printer(fmt)


TEMPLATE_FORMATS = ("go-template", "go-template-file", "template", "templatefile", "jsonpath", "jsonpath-as-json",
                    "jsonpath-file")


def with_template(flags: dict[str, Any]) -> str:
    """The -o format PrintFlags.ToPrinter ends up with, given --template too: --template without -o is a
    go-template, a bare template format takes --template's text (or wants one), and a format that carries its own
    text (`-o jsonpath=...`) next to --template matches no printer."""
    fmt, template = str(flags.get("output") or ""), str(flags.get("template") or "")
    if template and "output" not in flags:
        fmt = "go-template"
    if fmt in TEMPLATE_FORMATS:
        if not template:
            raise KubectlError("error: template format specified but no template given\n")
        return f"{fmt}={template}"
    if template and fmt.partition("=")[0] in TEMPLATE_FORMATS:
        raise no_printer(fmt)
    return fmt


def printer(fmt: str) -> None:
    """PrintFlags.ToPrinter: check(), then the template a jsonpath or go-template printer parses at once."""
    check(fmt)
    kind, _, template = fmt.partition("=")
    if kind in ("jsonpath", "jsonpath-as-json"):
        from course_lib.k8s.jsonpath import JsonPathError, JsonPathExecError, render
        try:
            render(template, {})
        except JsonPathExecError:
            pass
        except JsonPathError as exc:
            raise KubectlError(f"error: error parsing jsonpath {template}, {exc}\n") from None
    elif kind in ("go-template", "template"):
        from course_lib.docker.gotemplate import TemplateError, parse
        try:
            parse(template)
        except TemplateError as exc:
            text = str(exc).replace("template: :", "template: output:", 1)
            raise KubectlError(f"error: error parsing template {template}, {text}\n") from None


def shows_object(fmt: str) -> bool:
    """True when -o prints the object itself rather than a `REF ...` line."""
    return bool(fmt) and fmt != "name"


def print_obj(fmt: str, info: Any, obj: Obj, line: str, typed: bool = False, strict: bool = False) -> str:
    """What PrintObj writes for one object: `line` (`REF OPERATION[ (dry run)]`) without -o, `REF` with -o name,
    else the object in that format (jsonpath without a newline of its own, as kubectl prints it). `typed`: the
    object is a Go type kubectl built or decoded (a generator's), whose -o json keeps the struct's field order;
    `strict`: --allow-missing-template-keys=false."""
    check(fmt)
    if not fmt:
        return line + "\n"
    if fmt == "name":
        return line.split(" ", 1)[0] + "\n"
    if fmt == "json" and typed:
        from course_lib.k8s.kubectl.typed_json import to_typed_json
        return to_typed_json(obj)
    from course_lib.k8s.kubectl.get import render
    from course_lib.k8s.kubectl.typed_json import typed_compact
    return render(fmt, [obj], True, [info], strict=strict, raw=typed_compact(obj) if typed else None)
