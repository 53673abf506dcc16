"""`kubectl get -w` and `kubectl logs -f` run as background jobs go on in model time, as on a terminal.

In the foreground they print what there is and end (a watch that never ends has no place in a notebook cell): get -w
prints the list's items one by one as get.go's watch does (an empty list prints nothing, not `No resources found`;
-o yaml/json print each object, YAML documents after the first behind `---`, never a List). As a
job (`kubectl get pods -w &`, course_lib.shell.jobs_run) kubectl goes on beside the terminal until `kill %1`, and
writes each line when it comes (course_lib.shell.jobs_stream):
- get -w prints the list as it stands (nothing when it is empty: a watch prints no `No resources found`), then a row
  for each watch event of a watched object (ADDED, MODIFIED, DELETED: the same row again when only a hidden field
  changed), the header before the first row if the list printed none; a column is as wide as its widest cell so
  far (kubectl's tabwriter remembers widths between flushes: a longer STATUS widens the rows after it). It streams
  the table formats (the default, wide) and -o name; other formats print once and end, as in the foreground.
- logs -f prints the log so far, then each line as the container writes it, and ends when the container does.
Limits: the events are the simulated API server's (its number of status updates per pod is its own).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from course_lib.k8s import printers
from course_lib.k8s.kinds import RowEnv
from course_lib.k8s.kubectl import logs_select  # noqa: F401  (its `logs`, in front of ops.py's, registered first)
from course_lib.k8s.kubectl.flags import NAMESPACE_ALL, OUTPUT, parse
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.main import SUBCOMMANDS, Kx, sub
from course_lib.k8s.store import labels_match
from course_lib.result import CommandResult
from course_lib.shell import jobs_run, jobs_stream

Obj = dict[str, Any]
_GET = SUBCOMMANDS["get"]                   # kubectl/get.py's
_LOGS = SUBCOMMANDS["logs"]                 # kubectl/logs_select.py's (in front of ops.py's)
_GET_BOOLS = {**NAMESPACE_ALL, "--show-labels": "show_labels", "--no-headers": "no_headers", "-w": "watch",
              "--watch": "watch"}
_GET_VALUES = {**OUTPUT, "-l": "selector", "--selector": "selector", "-L": "label_columns",
               "--label-columns": "label_columns", "--sort-by": "sort_by", "-f": "filename",
               "--field-selector": "field_selector"}


def _job_writer() -> Optional[jobs_stream.Writer]:
    """The writer of this kubectl when it runs as (part of) a background job, else None."""
    return jobs_stream.writer() if jobs_run.current() is not None else None


class WidthsTabwriter:
    """kubectl's tabwriter for a watch: padding 3, minimum width 6, each column as wide as its widest cell so far."""

    def __init__(self) -> None:
        self.widths: list[int] = []

    def lines(self, rows: list[list[str]]) -> str:
        for row in rows:
            for index, cell in enumerate(row[:-1]):
                if index == len(self.widths):
                    self.widths.append(0)
                self.widths[index] = max(self.widths[index], len(cell))
        return "".join("".join(cell.ljust(max(self.widths[i] + 3, 6)) for i, cell in enumerate(row[:-1]))
                       + (row[-1] if row else "") + "\n" for row in rows)


@sub("get")
def get(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    result = _GET(kx, args, stdin)
    if result.returncode or not any(a in ("-w", "--watch", "--watch=true") for a in args):
        return result
    writer = _job_writer()
    if writer is None:
        return result
    flags, pos, _ = parse("get", args, _GET_BOOLS, _GET_VALUES)
    fmt = flags.get("output", "")
    if not pos or "," in pos[0] or "/" in pos[0] or fmt not in ("", "wide", "name"):
        return result
    return _watch(kx, flags, pos, result, writer)


def _watch(kx: Kx, flags: dict[str, Any], pos: list[str], listed: CommandResult, writer: jobs_stream.Writer
           ) -> CommandResult:
    info = resolve_type(pos[0])
    all_ns = bool(flags.get("all_ns"))
    namespace = None if all_ns or not info.namespaced else kx.ns
    names = set(pos[1:])
    from course_lib.k8s.kubectl.flags import parse_selector
    selector = parse_selector(flags.get("selector", ""), info, flags.get("field_selector", ""))
    cluster = kx.cluster
    fmt = flags.get("output", "")
    headers = [not flags.get("no_headers")]
    tab = WidthsTabwriter()

    def rows(objs: list[Obj]) -> str:
        if fmt == "name":
            return "".join(printers.name_line(info, o) + "\n" for o in objs)
        table = printers.table_rows(info, objs, RowEnv(cluster, cluster.now()), wide=fmt == "wide",
                                    namespaces=all_ns, show_labels=bool(flags.get("show_labels")),
                                    headers=headers[0],
                                    label_columns=[c for v in flags.get("label_columns[]", []) for c in v.split(",")])
        headers[0] = False
        return tab.lines(table)

    def wanted(obj: Obj) -> bool:
        meta = obj["metadata"]
        return (namespace is None or meta.get("namespace", "") == namespace) and (not names or meta["name"] in names) \
            and labels_match(meta.get("labels") or {}, selector)

    current = [o for o in (cluster.store.list(info.kind, namespace) if info.lister is None else info.lister(cluster))
               if wanted(o)]
    err = listed.stderr if current else ""       # a watch says no `No resources found`
    out = jobs_stream.lines()
    if err:
        writer.write(err, True)
    if current:
        out.append(rows(current))
    pending: list[str] = []

    def on_event(event: str, obj: Obj) -> None:
        if wanted(obj):
            pending.append(rows([obj]))
    _follow(lambda: cluster.store.watch(info.kind, on_event), lambda: cluster.store.unwatch(info.kind, on_event),
            lambda: bool(pending), lambda: _flush(pending, out), lambda: False)
    return CommandResult("".join(out), err, 0)


def _flush(pending: list[str], out: list[str]) -> None:
    for text in pending:
        out.append(text)
    pending.clear()


def _follow(start: Callable[[], None], stop: Callable[[], None], ready: Callable[[], bool],
            flush: Callable[[], None], ended: Callable[[], bool]) -> None:
    """Inside the job: wait in model time for lines (a kill ends the wait with the job), write them, until ended()."""
    start()
    try:
        while not ended():
            jobs_run.hold(lambda: ready() or ended())
            flush()
    finally:
        stop()


@sub("logs")
def logs(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    result = _LOGS(kx, args, stdin)
    if result.returncode or not any(a in ("-f", "--follow", "--follow=true") for a in args):
        return result
    writer = _job_writer()
    container = _one_container(kx, args) if writer is not None else None
    if container is None:
        return result
    out = jobs_stream.lines(result.stdout)
    if result.stderr:
        writer.write(result.stderr, True)                  # type: ignore[union-attr]
    seen = [len(container.logs)]

    def flush() -> None:
        for _, line in container.logs[seen[0]:]:
            out.append(line + "\n")
        seen[0] = len(container.logs)
    _follow(lambda: None, lambda: None, lambda: len(container.logs) > seen[0], flush,
            lambda: container.exit_code is not None)
    flush()
    return CommandResult("".join(out), result.stderr, 0)


def _one_container(kx: Kx, args: list[str]) -> Any:
    """The running container `logs -f POD [-c NAME]` follows (None: a selector, a TYPE/NAME or none running)."""
    flags, pos, _ = parse("logs", args, logs_select.BOOLS, logs_select.VALUES)
    if not pos or "/" in pos[0] or flags.get("selector") or flags.get("previous"):
        return None
    pod = kx.cluster.store.get("Pod", kx.ns, pos[0])
    node = (pod or {}).get("spec", {}).get("nodeName")
    if not node:
        return None
    runtime = kx.cluster.kubelets[node].runtime(pod)
    if runtime is None:
        return None
    name = flags.get("container") or (pos[1] if len(pos) > 1 else pod["spec"]["containers"][0]["name"])
    return runtime.containers.get(name)
