"""`kubectl apply|create|delete -f FILE|-|URL` and `delete TYPE NAME`: multi-document YAML, errors as kubectl.

Like the real kubectl (ContinueOnError visitors), each object of a multi-document file stands alone:
the valid ones are applied, every failing one is reported on stderr afterwards, the exit code is 1.
A file that is not valid YAML is rejected before anything is sent.
"""
from __future__ import annotations

import json
from typing import Any

import yaml

from course_lib.k8s.api import APPLIED, MappingError, mapping
from course_lib.k8s.kubectl import dryrun, printflags
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.main import KubectlError, Kx, MISSING_RESOURCE, api_error_text, sub
from course_lib.k8s.manifests import documents
from course_lib.k8s.store import ApiError
from course_lib.net.icmp_errno import GO_TEXT
from course_lib.result import CommandResult

Obj = dict[str, Any]


def read_source(kx: Kx, source: str, stdin: str) -> str:
    from course_lib.shell.fs import FsError, fs_of, normpath
    if source == "-":
        return stdin
    if source.startswith(("http://", "https://")):
        from course_lib.k8s.addons import manifest_for
        text = manifest_for(kx.cluster, source)
        if text is None:
            raise KubectlError(f'error: Get "{source}": {fetch_failure(kx, source)}\n')
        return text
    fs = fs_of(kx.ctx)
    path = normpath(source, kx.ctx.cwd)
    if not source or not fs.exists(path):
        matches = _glob(fs, path) if source else []
        if not matches:                      # os.Stat fails and filepath.Glob matches nothing
            raise KubectlError(f'error: the path "{source}" does not exist\n')
        return "\n---\n".join(fs.read(m) for m in matches if not fs.is_dir(m))
    if fs.is_dir(path):
        names = [n for n in sorted(fs.listdir(path)) if n.endswith((".yaml", ".yml", ".json"))]
        if not names:                        # no paths: the builder has nothing to visit
            raise KubectlError(MISSING_RESOURCE)
        return "\n---\n".join(fs.read(f"{path}/{n}") for n in names)
    try:
        return fs.read(path)
    except FsError as exc:
        raise KubectlError(f"error: {exc}\n") from None


def _glob(fs: Any, pattern: str) -> list[str]:
    """filepath.Glob of the last path element (kubectl expands `-f '*.yaml'` itself)."""
    import fnmatch
    folder, _, name = pattern.rpartition("/")
    if not any(ch in name for ch in "*?[") or not fs.is_dir(folder or "/"):
        return []
    return [f"{folder}/{n}" for n in sorted(fs.listdir(folder or "/")) if fnmatch.fnmatchcase(n, name)]


GO_ERRNO = {"refused": "connect: connection refused", "timeout": "connect: connection timed out",
            "unreachable": "connect: no route to host", "no-route": "connect: no route to host",
            "network-unreachable": "connect: network is unreachable", "not-permitted": "connect: operation not permitted",
            **GO_TEXT}


def fetch_failure(kx: Kx, url: str) -> str:
    """Why Go's http.Get fails from the controlplane: the name through the node's resolver, then a TCP connect
    on the simulated network (nothing out there serves manifests)."""
    from course_lib.dns import internet
    from course_lib.net.sockets import tcp_request
    scheme, _, rest = url.partition("://")
    hostport = rest.split("/", 1)[0]
    host, _, port = hostport.partition(":")
    port_no = int(port) if port.isdigit() else (443 if scheme == "https" else 80)
    address = host
    if not all(p.isdigit() for p in host.split(".")):
        rcode, answer, _ = internet.lookup(host, "A")
        ips = [rr.rdata for rr in answer if rr.rdtype == "A"]
        if rcode == "NXDOMAIN" or not ips:
            return f"dial tcp: lookup {host} on 127.0.0.53:53: no such host"
        address = ips[0]
    result = tcp_request(kx.ctx.netns, address, port_no, b"", 30.0)
    if result.error is None:
        return f"dial tcp {address}:{port_no}: connect: connection reset by peer"
    return f"dial tcp {address}:{port_no}: {GO_ERRNO.get(result.error, 'i/o timeout')}"


def load(kx: Kx, source: str, stdin: str) -> list[Any]:
    text = read_source(kx, source, stdin)
    try:
        return documents(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise KubectlError(f"error: error parsing {shown(source)}: error converting YAML to JSON: yaml: "
                           f"{line}{problem}\n") from None


def shown(source: str) -> str:
    """The name the resource builder gives a source: STDIN for `-f -`."""
    return "STDIN" if source == "-" else source


def meta_of(doc: Any) -> dict[str, Any]:
    """An object's metadata as unstructured's accessors read it: {} when it is not a map."""
    meta = doc.get("metadata") if isinstance(doc, dict) else None
    return meta if isinstance(meta, dict) else {}


def namespace_of(doc: Any) -> str:
    """unstructured's GetNamespace: metadata.namespace when it is a string, else "" (the default namespace then)."""
    ns = meta_of(doc).get("namespace")
    return ns if isinstance(ns, str) else ""


def _name_of(doc: Any) -> str:
    return str(meta_of(doc).get("name", ""))


class ClientSideError(Exception):
    """An object kubectl refuses before any request: `text(source)` is its message."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.message, self.where = message, where

    def text(self, source: str) -> str:
        return f'error when {self.where} "{source}": {self.message}' if self.where else self.message


def nameless_apply(info: Any, doc: Any, ns: str) -> None:
    """apply.go before info.Get(): generateName cannot be applied; an empty name fails the GET client-side
    (`resource name may not be empty`, reported with info.String() as AddSourceToErr words it)."""
    if _name_of(doc) or not isinstance(doc, dict) or not isinstance(doc.get("metadata"), dict):
        return                                    # (a metadata that is no map: left to the API's decoding error)
    generated = meta_of(doc).get("generateName")
    if generated:
        raise ClientSideError(f"from {generated}: cannot use generate name with apply")
    group, _, version = info.versions[0].rpartition("/")
    raise ClientSideError("resource name may not be empty", "retrieving current configuration of:\nResource: "
                          f'"{group}/{version}, Resource={info.resource}", GroupVersionKind: "{group}/{version}, '
                          f'Kind={info.kind}"\nName: "", Namespace: "{ns}"\nfrom server for:')


def _mapping_error(doc: Any, exc: MappingError, source: str) -> str:
    ns = namespace_of(doc) or ""
    return (f'resource mapping not found for name: "{_name_of(doc)}" namespace: "{ns}" from "{source}": '
            f"{exc}\nensure CRDs are installed first")


def _alone(error: Any, action: str, source: str) -> str:
    """cmdutil.CheckErr of one error: `error: ...`, `The Pod "x" is invalid: ...`, `Error from server (R): ...`."""
    if isinstance(error, str):
        return f"error: {error}\n"
    return api_error_text(error, action, source)


def _in_aggregate(error: Any, action: str, source: str) -> str:
    """MultipleErrors: each message as StandardErrorMessage gives it (no `error: ` prefix added)."""
    if isinstance(error, str):
        return error + "\n"
    message = error.message
    if error.reason == "Invalid":
        causes = error.causes[0] if len(error.causes) == 1 else "[" + ", ".join(error.causes) + "]"
        message = f"{message}: {causes}"
    return f'Error from server ({error.reason}): error when {action} "{source}": {message}\n'


NO_OBJECTS = {"apply": CommandResult("", "error: no objects passed to apply\n", 1),
              "create": CommandResult("", "error: no objects passed to create\n", 1),
              "delete": CommandResult("No resources found\n", "", 0)}


def _each(kx: Kx, sources: list[str], stdin: str, action: str, fn: Any, mapping_first: bool = False,
          verb: str = "") -> CommandResult:
    """Every object of every source: kubectl's ContinueOnError visit. Errors print after the successes;
    apply reports the mapping errors (found while building its object list) before the API errors.
    `fn` writes without running the controllers; they run once all objects are written, as the real ones
    see a burst of writes (kube-proxy: one sync per node for a whole manifest, its minSyncPeriod batching)."""
    out: list[str] = []
    errors: list[tuple[int, Any, str]] = []          # (phase, error, source)
    seen = 0
    try:
        for source in sources:
            for doc in load(kx, source, stdin):
                seen += 1
                try:
                    out.append(fn(doc))
                except MappingError as exc:
                    errors.append((0 if mapping_first else 1, _mapping_error(doc, exc, shown(source)),
                                   shown(source)))
                except ApiError as exc:
                    errors.append((1, exc, shown(source)))
                except ClientSideError as exc:
                    errors.append((1, exc.text(shown(source)), shown(source)))
    finally:
        kx.cluster.reconcile()
    if not seen and verb in NO_OBJECTS:
        return NO_OBJECTS[verb]
    errors.sort(key=lambda e: e[0])
    building = [e for e in errors if e[0] == 0]
    if len(building) > 1 and len(errors) > len(building):
        # apply: the builder's errors are one nested aggregate, printed as Go prints it: [m1, m2]
        nested = "[" + ", ".join(e[1] for e in building) + "]"
        errors = [(0, nested, building[0][2])] + errors[len(building):]
    if len(errors) == 1:
        err = _alone(errors[0][1], action, errors[0][2])
    else:
        err = "".join(_in_aggregate(e, action, src) for _, e, src in errors)
    return CommandResult("".join(out), err, 1 if errors else 0)


def _sources(flags: dict[str, Any], cmd: str) -> list[str]:
    files = flags.get("filename[]", [])
    if not files:
        raise KubectlError("error: must specify one of -f and -k\n" if cmd != "delete" else MISSING_RESOURCE)
    return files


FILE_FLAGS = {"-f": "filename", "--filename": "filename", "-o": "output", "--output": "output",
              "--dry-run": "dry_run", "--field-manager": "manager", "-l": "selector", "--selector": "selector"}
FILE_BOOLS = {"--save-config": "save", "-R": "recursive", "--recursive": "recursive", "--validate": "validate",
              "--force": "force", "--wait": "wait", "--now": "now", "--all": "all", "-A": "all_ns",
              "--all-namespaces": "all_ns", "--ignore-not-found": "ignore", "--server-side": "server_side"}


@sub("apply")
def apply(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    """apply.go's applyOneObject for each object, then printObjects: with -o yaml|json|jsonpath the objects are
    printed once all are applied, one alone, several as a v1 List."""
    flags, pos, _ = parse("apply", args, FILE_BOOLS, {**FILE_FLAGS, "--grace-period": "grace"})
    sources = _sources(flags, "apply")
    mode = dryrun.strategy(flags)
    fmt = str(flags.get("output") or "")
    printflags.check(fmt)
    printed: list[tuple[Any, Obj]] = []
    warnings: list[str] = []

    def one(doc: Any) -> str:
        info = mapping(doc)
        nameless_apply(info, doc, (namespace_of(doc) or kx.ns) if info.namespaced else "")
        if mode == "client":
            verb, obj = _client_apply(kx, info, doc)
        else:
            current = _stored(kx, info, doc)
            verb, obj = kx.cluster.api.apply_answer(doc, kx.namespace, reconcile=False, dry_run=mode == "server")
            if current is not None and APPLIED not in (current["metadata"].get("annotations") or {}):
                warnings.append(NO_LAST_APPLIED.format(f"{info.resource_group}/{_name_of(doc)}", APPLIED))
        if printflags.shows_object(fmt):
            printed.append((info, obj))
            return ""
        return printflags.print_obj(fmt, info, obj, f"{info.qualified}/{_name_of(doc)} {verb}{dryrun.SUFFIX[mode]}")
    result = _each(kx, sources, stdin, "creating", one, mapping_first=True, verb="apply")
    out = result.stdout
    if len(printed) == 1:
        out += printflags.print_obj(fmt, printed[0][0], printed[0][1], "")
    elif printed:
        from course_lib.k8s.kinds import KINDS
        items = [obj for _, obj in printed]
        out += printflags.print_obj(fmt, KINDS["Pod"], {"apiVersion": "v1", "items": items, "kind": "List",
                                                        "metadata": {}}, "")
    return CommandResult(out, "".join(warnings) + result.stderr, result.returncode)


# apply.go's warningNoLastAppliedConfigAnnotation (printed for an object `kubectl create`/`run` made)
NO_LAST_APPLIED = ("Warning: resource {0} is missing the {1} annotation which is required by kubectl apply. "
                   "kubectl apply should only be used on resources created declaratively by either kubectl create "
                   "--save-config or kubectl apply. The missing annotation will be patched automatically.\n")


def _client_apply(kx: Kx, info: Any, doc: Any) -> tuple[str, Any]:
    """apply --dry-run=client: only the GET goes to the server. A new object is `created` as sent (namespace
    set, last-applied annotation added, nothing validated); an existing one is `configured`, printed as the
    server has it (info.Get refreshed it; the patch is never sent)."""
    current = _stored(kx, info, doc)
    if current is not None:
        return "configured", current
    obj = json.loads(json.dumps(doc))
    meta = obj.setdefault("metadata", {}) if isinstance(obj, dict) else None
    if isinstance(meta, dict):
        if info.namespaced:
            meta["namespace"] = namespace_of(doc) or kx.ns
        last = json.dumps(obj, separators=(",", ":"), sort_keys=True) + "\n"
        annotations = meta.setdefault("annotations", {})
        if isinstance(annotations, dict):
            annotations[APPLIED] = last
    return "created", obj


def _stored(kx: Kx, info: Any, doc: Any) -> Any:
    ns = (namespace_of(doc) or kx.ns) if info.namespaced else ""
    return kx.cluster.store.get(info.kind, ns, _name_of(doc))


class _Shown:
    """-o of create -f: each object as kubectl's printer shows it (YAML documents after the first start with
    ---), else the `REF VERB` line."""

    def __init__(self, kx: Kx, flags: dict[str, Any]) -> None:
        self.kx, self.fmt, self.count = kx, str(flags.get("output") or ""), 0
        printflags.check(self.fmt)

    def __call__(self, info: Any, doc: Any, obj: Any, line: str) -> str:
        if not printflags.shows_object(self.fmt):
            return printflags.print_obj(self.fmt, info, {}, line)
        if obj is None:                       # a dry run: the object as sent, in its namespace
            obj = json.loads(json.dumps(doc))
            if info.namespaced and isinstance(obj.setdefault("metadata", {}), dict):   # SetNamespace: a map only
                obj["metadata"]["namespace"] = namespace_of(doc) or self.kx.ns
        self.count += 1
        return ("---\n" if self.count > 1 and self.fmt == "yaml" else "") + \
            printflags.print_obj(self.fmt, info, obj, line)


# `kubectl create TYPE ...` generators other modules add (service/svc, ingress/ing): fn(kx, args, stdin)
CREATE_GENERATORS: dict[str, Any] = {}


@sub("create")
def create(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    if args and args[0] in CREATE_GENERATORS:
        return CREATE_GENERATORS[args[0]](kx, args, stdin)
    if args and args[0] in ("namespace", "ns", "deployment", "deploy", "configmap", "cm", "secret",
                            "serviceaccount", "sa"):
        from course_lib.k8s.kubectl.generate import create_generated
        return create_generated(kx, args, stdin)
    flags, pos, _ = parse("create", args, FILE_BOOLS, FILE_FLAGS)
    if not flags.get("filename[]"):          # create.go writes this, then DefaultSubCommandRun's checks
        unknown = f'error: unknown command "{" ".join(pos)}"\nSee \'kubectl create -h\' for help and examples\n'
        raise KubectlError("Error: must specify one of -f and -k\n\n" + (unknown if pos else ""))
    sources = _sources(flags, "create")
    mode = dryrun.strategy(flags)

    shown = _Shown(kx, flags)

    def one(doc: Any) -> str:
        info = mapping(doc)
        obj = None
        if mode != "client":                  # a client dry run sends nothing
            obj = kx.cluster.api.create(doc, kx.namespace, reconcile=False, dry_run=mode == "server")
        return shown(info, doc, obj, f"{info.qualified}/{_name_of(doc)} created{dryrun.SUFFIX[mode]}")
    return _each(kx, sources, stdin, "creating", one, verb="create")
