"""The Docker CLI formatter (cli/command/formatter): --format `table ...`, `json`, `raw` or a Go template over
the CLI's typed records, as Docker CLI 27 prints them.

The template is first run on an empty record (its errors are reported even with nothing to list; Go's
column counts in the format as typed), then on the header record for `table` and on each row.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from course_lib.docker.cli_util import CliError
from course_lib.docker.formatting import table
from course_lib.docker.gotemplate import Context, ExecError, TemplateError, go_json, render

RAW = {"*formatter.ContainerContext": "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\n"
                                      "created_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\n"
                                      "status: {{- pad .Status 1 0}}\nnames: {{.Names}}\n"
                                      "labels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n"}


def _label_header(name: str) -> str:
    return re.sub(r"[-_]", " ", name.split(".")[-1])


def _context(type_name: str, fields: dict[str, Any], labels: Optional[dict[str, str]], header: bool) -> Context:
    def label(name: Any) -> str:
        if header:
            return _label_header(str(name))
        return (labels or {}).get(str(name), "")
    return Context(type_name, fields, {"Label": label})


def _column_map(fmt: str, pos: int, cut: int) -> int:
    """The column Go reports, counted in the format as typed (before `table ` and `\\t` were rewritten)."""
    raw = cut
    done = 0
    while done < pos and raw < len(fmt):
        raw += 2 if fmt.startswith(("\\t", "\\n"), raw) else 1
        done += 1
    return raw


def _run(template: str, ctx: Context, fmt: str, cut: int) -> str:
    try:
        return render(template, ctx)
    except ExecError as exc:
        text = str(exc)
        m = re.match(r"template: :1:(\d+): ", text)
        if m:
            text = f"template: :1:{_column_map(fmt, int(m.group(1)), cut)}: " + text[m.end():]
        raise CliError(f"template parsing error: {text}\n", 1) from None
    except TemplateError as exc:
        raise CliError(f"template parsing error: {exc}\n", 1) from None


def format_table(fmt: str, records: list[dict[str, str]], headers: dict[str, str],
                 type_name: str = "*formatter.ContainerContext", labels: Optional[list[dict[str, str]]] = None
                 ) -> str:
    """`docker ps|images|network ls --format FMT` over records (the context's fields, all strings)."""
    labels = labels or [{} for _ in records]
    if fmt == "json":
        return "".join(go_json({k: r[k] for k in sorted(r)}) + "\n" for r in records)
    body, cut = fmt, 0
    if fmt == "raw" and type_name in RAW:
        body, cut = RAW[type_name], 0
    is_table = body.startswith("table")
    if is_table:
        cut = len("table")
        body = body[cut:]
        stripped = body.lstrip(" ")
        cut += len(body) - len(stripped)
        body = stripped
    body = body.rstrip(" ").replace("\\t", "\t").replace("\\n", "\n")
    _run(body, _context(type_name, {k: "" for k in headers}, {}, False), fmt, cut)      # the empty record
    rows = [_run(body, _context(type_name, r, lab, False), fmt, cut) for r, lab in zip(records, labels)]
    if not is_table:
        return "".join(row + "\n" for row in rows)
    header = _run(body, _context(type_name, dict(headers), {}, True), fmt, cut)
    if body == "":
        return ""
    return table([header.split("\t")] + [row.split("\t") for row in rows])
