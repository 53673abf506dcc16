"""The registry of API kinds: names kubectl accepts, schema, validation, defaults and `get` columns.

Add a kind (the services engineer adds Service/Endpoints/Ingress... this way):

    register(KindInfo(kind="Ingress", versions=("networking.k8s.io/v1",), resource="ingresses",
                      short=("ing",), namespaced=True, schema=INGRESS_SCHEMA,
                      validate=validate_ingress, default=default_ingress,
                      columns=("NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"),
                      row=ingress_row))

`row(obj, env)` returns the cells of one `kubectl get` line (without NAMESPACE/LABELS, which the
printer adds), `wide_row` the extra `-o wide` cells after them. `env` is a RowEnv: the cluster
(for lookups) and now (model seconds, for AGE). `validate(obj, store)` returns the API server's
field errors as "path: message" strings; `default(obj, cluster)` fills defaults before storing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

Obj = dict[str, Any]
Row = Callable[[Obj, Any], list[str]]


@dataclass
class KindInfo:
    kind: str
    versions: tuple[str, ...]                    # "v1", "apps/v1" -- the first is the preferred one
    resource: str                                # plural resource name: "pods"
    short: tuple[str, ...] = ()
    namespaced: bool = True
    schema: Any = None                           # known fields (see validation.py); None = anything
    validate: Optional[Callable[[Obj, Any], list[str]]] = None
    default: Optional[Callable[[Obj, Any], None]] = None
    columns: tuple[str, ...] = ("NAME", "AGE")
    row: Optional[Row] = None
    wide_columns: tuple[str, ...] = ()
    wide_row: Optional[Row] = None
    wide_full: bool = False                      # -o wide replaces the row (its extra columns sit between others)
    describe: Optional[Callable[[Obj, Any], str]] = None
    extra_names: tuple[str, ...] = ()            # other accepted spellings
    lister: Optional[Callable[[Any], list[Obj]]] = None   # objects the API server computes (not stored)
    warning: str = ""                            # the API server's Warning header on every request

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def group(self) -> str:
        version = self.versions[0]
        return version.split("/")[0] if "/" in version else ""

    @property
    def resource_group(self) -> str:
        """`deployments.apps` as the API server names the resource in its errors (`pods` for the core)."""
        return f"{self.resource}.{self.group}" if self.group else self.resource

    @property
    def qualified(self) -> str:
        """`deployment.apps` as `kubectl get -o name` prints the type."""
        return f"{self.singular}.{self.group}" if self.group else self.singular


KINDS: dict[str, KindInfo] = {}
_BY_NAME: dict[str, str] = {}


def register(info: KindInfo) -> KindInfo:
    """Add (or replace) a kind; its resource, singular and short names become kubectl type names."""
    KINDS[info.kind] = info
    names = {info.resource, info.singular, info.kind, *info.short, *info.extra_names}
    if info.group:
        names |= {f"{info.resource}.{info.group}", f"{info.singular}.{info.group}"}
    for name in names:
        _BY_NAME[name.lower() if name != info.kind else name] = info.kind
        _BY_NAME[name.lower()] = info.kind
    return info


def lookup_type(name: str) -> Optional[KindInfo]:
    """The kind a kubectl resource-type argument names (`po`, `pods`, `deploy`, `deployments.apps`...)."""
    kind = _BY_NAME.get(name) or _BY_NAME.get(name.lower())
    return KINDS.get(kind) if kind else None


def for_manifest(api_version: str, kind: str) -> Optional[KindInfo]:
    """The kind served for apiVersion+kind, or None (`no matches for kind`)."""
    info = KINDS.get(kind)
    if info is None or api_version not in info.versions:
        return None
    return info


def human_duration(seconds: float) -> str:
    """apimachinery's duration.HumanDuration, as AGE prints."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 60 * 2:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        sec = s % 60
        return f"{minutes}m" if sec == 0 else f"{minutes}m{sec}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        d = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if d == 0 else f"{hours // 24 // 365}y{d}d"
    return f"{hours // 24 // 365}y"


@dataclass
class RowEnv:
    """What a row printer may use: the cluster and the model clock."""

    cluster: Any
    now: float
    extra: dict[str, Any] = field(default_factory=dict)

    def age(self, obj: Obj) -> str:
        from course_lib.k8s.store import parse_timestamp
        created = obj["metadata"].get("creationTimestamp")
        return human_duration(self.now - parse_timestamp(created)) if created else "<unknown>"
