"""`kubectl edit`: the object in a temp file, the learner's KUBE_EDITOR/EDITOR run on it, the change patched in.

As kubectl 1.30 (staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go, editor.go): the file is
`$TMPDIR/kubectl-edit-XXXXX.yaml` (five of [a-z0-9]) with the comment header; the editor is KUBE_EDITOR,
else EDITOR, else vi -- a bare word runs as is, words with spaces and no quote split on the spaces, anything
quoted goes to `$SHELL -c 'EDITOR "FILE"'`. Comments and formatting never count as a change (both sides
compared as parsed YAML). A change the API server refuses is reported and the file re-opened with the causes
in its header; an editor that then changes nothing ends the edit with the copy left behind (rc 1). A
non-interactive editor (sed -i, a script) therefore gives exactly the messages a learner would see.
"""
from __future__ import annotations

import copy
import json
from typing import Any, Optional

import yaml

from course_lib.k8s import printers, shapes
from course_lib.k8s.kubectl.flags import parse, type_name_pairs
from course_lib.k8s.kubectl.get import fetch, resolve_type, select
from course_lib.k8s.kubectl.main import MISSING_RESOURCE, KubectlError, Kx, sub
from course_lib.k8s.kubectl.patch import not_found, save_patched
from course_lib.k8s.store import ApiError
from course_lib.result import CommandResult

Obj = dict[str, Any]
HEADER = ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
          "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
          "# reopened with the relevant failures.\n#\n")
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
# kubectl re-opens a file the server refused for as long as the editor keeps changing it; a script that changes
# it every time would loop for ever, so the model stops there as a learner's Ctrl-C would (rc 130, no message)
MAX_ROUNDS = 25


class _Out:
    """What the command has printed so far, on each stream."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.err: list[str] = []

    def result(self, code: int) -> CommandResult:
        return CommandResult("".join(self.out), "".join(self.err), code)


def editor_argv(env: dict[str, str], path: str) -> tuple[list[str], list[str]]:
    """(the editor's own words, the command run): defaultEnvEditor and Editor.args."""
    editor = env.get("KUBE_EDITOR") or env.get("EDITOR") or "vi"
    if " " not in editor:
        return [editor], [editor, path]
    if not any(c in editor for c in "\"'\\"):
        words = editor.split(" ")
        return words, words + [path]
    words = [env.get("SHELL") or "/bin/bash", "-c", editor]
    return words, words[:2] + [f"{editor} {json.dumps(path)}"]


def strip_comments(text: str) -> Any:
    """cmdutil.StripComments: the YAML read as data (formatting never counts), else the text without comments."""
    try:
        return ("data", yaml.safe_load(text))
    except (yaml.YAMLError, RecursionError):
        return ("text", manual_strip(text))


def manual_strip(text: str) -> str:
    """cmdutil.ManualStrip: drop the lines that are comments (`#!` lines stay)."""
    lines = text.split("\n")
    kept = [(i, line) for i, line in enumerate(lines)
            if not (line.strip().startswith("#") and not line.strip().startswith("#!"))]
    return "".join(line + ("\n" if i < len(lines) - 1 else "") for i, line in kept)


def has_lines(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in text.split("\n"))


def _hash_breaks(text: str) -> str:
    """hashOnLineBreak: a reason's further lines stay comments."""
    return "".join("\n# " if ch == "\n" and i + 1 < len(text) and text[i + 1] != "#" else ch
                   for i, ch in enumerate(text))


def header(reasons: list[tuple[str, list[str]]]) -> str:
    text = HEADER
    for head, other in reasons:
        text += f"# {_hash_breaks(head)}{':' if other else ''}\n"
        text += "".join(f"# * {_hash_breaks(o)}\n" for o in other) + "#\n"
    return text


def _targets(kx: Kx, pos: list[str]) -> list[tuple[Any, Obj]]:
    """ResourceTypeOrNameArgs(true, ...).Latest(): the objects to edit; NotFound stops the command."""
    pairs = type_name_pairs(pos)
    if pairs is None:
        if not pos:
            raise KubectlError(MISSING_RESOURCE)
        pairs = [(pos[0], name) for name in pos[1:]]
        if not pairs:
            info = resolve_type(pos[0])
            return [(info, o) for o in select(kx, info, kx.ns, {})]
    found = []
    for kind, name in pairs:
        info = resolve_type(kind)
        obj = fetch(kx, info, kx.ns, name)
        if obj is None:
            raise not_found(info, name)
        found.append((info, obj))
    return found


def _document(objs: list[Obj], fmt: str) -> str:
    doc = objs[0] if len(objs) == 1 else {"apiVersion": "v1", "items": objs, "kind": "List", "metadata": {}}
    return printers.to_json(doc) if fmt == "json" else printers.to_yaml(doc)


@sub("edit")
def edit(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("edit", args, {"--windows-line-endings": "crlf",
                                          "--save-config": "save_config", "--allow-missing-template-keys": "amt",
                                          "--show-managed-fields": "smf", "--record": "record"},
                          {"-o": "output", "--output": "output", "--field-manager": "manager",
                           "--subresource": "subresource", "--validate": "validate", "--template": "template"})
    fmt = str(flags.get("output") or "yaml")
    if fmt not in ("yaml", "json"):
        raise KubectlError(f'error: unable to match a printer suitable for the output format "{fmt}", allowed '
                           'formats are: json,yaml\n')
    sub_res = flags.get("subresource")
    if sub_res and sub_res != "status":
        raise KubectlError(f'error: invalid subresource value: "{sub_res}". Must be one of [status]\n')
    targets = _targets(kx, pos)
    if not targets:
        raise KubectlError("error: edit cancelled, no objects found\n")
    return _Session(kx, targets, fmt).run()


class _Session:
    """editFn's loop for one list of objects."""

    def __init__(self, kx: Kx, targets: list[tuple[Any, Obj]], fmt: str) -> None:
        self.kx, self.targets, self.fmt = kx, targets, fmt
        self.io = _Out()
        self.ext = ".json" if fmt == "json" else ".yaml"

    def _temp_path(self) -> str:
        from course_lib.shell import fs
        rng = self.kx.cluster.network.random()
        tmp = (self.kx.ctx.env.get("TMPDIR") or "/tmp").rstrip("/") or ""
        while True:
            path = f"{tmp}/kubectl-edit-{''.join(rng.choice(LETTERS) for _ in range(5))}{self.ext}"
            if not fs.exists(self.kx.ctx, path):
                return path

    def _launch(self, content: str) -> tuple[Optional[str], str]:
        """LaunchTempFile: (the file's text after the editor, or None when the editor failed; the path)."""
        from course_lib.shell import fs
        from course_lib.shell.interpreter import run_argv
        path = self._temp_path()
        fs.write_file(self.kx.ctx, path, content)
        words, argv = editor_argv(self.kx.ctx.env, path)
        result = run_argv(self.kx.ctx, argv, "")
        if result.returncode == 127 and result.stderr == f"bash: {argv[0]}: command not found\n":
            raise _Stop(f'error: unable to launch the editor "{" ".join(words)}"\n', path)
        self.io.out.append(result.stdout)
        self.io.err.append(result.stderr)
        if result.returncode != 0:
            raise _Stop(f'error: there was a problem with the editor "{" ".join(words)}"\n', path)
        try:
            return fs.read_file(self.kx.ctx, path), path
        except Exception:                       # noqa: BLE001  (the editor removed the file)
            raise _Stop(f"error: open {path}: no such file or directory\n", path) from None

    def _preserved(self, message: str, path: str) -> CommandResult:
        from course_lib.shell import fs
        if path and fs.exists(self.kx.ctx, path):
            self.io.err.append(f'A copy of your changes has been stored to "{path}"\n')
        self.io.err.append(message)
        return self.io.result(1)

    def _remove(self, path: str) -> None:
        from course_lib.shell import fs
        if path and fs.exists(self.kx.ctx, path):
            fs.remove(self.kx.ctx, path)

    def run(self) -> CommandResult:
        objs = [copy.deepcopy(o) for _, o in self.targets]
        reasons: list[tuple[str, list[str]]] = []
        contains_error, edited, original, results_file = False, "", "", ""
        for _round in range(MAX_ROUNDS):
            buf = header(reasons) if self.fmt == "yaml" else ""
            if not contains_error:
                buf += _document(objs, self.fmt)
                original = buf
            else:
                buf += manual_strip(edited)
            previous = edited
            try:
                text, path = self._launch(buf)
            except _Stop as stop:
                return self._preserved(stop.message, results_file)
            edited = text or ""
            if contains_error and strip_comments(previous) == strip_comments(edited):
                return self._preserved("error: Edit cancelled, no valid changes were saved.\n", path)
            self._remove(results_file)
            if strip_comments(original) == strip_comments(edited):
                self._remove(path)
                self.io.err.append("Edit cancelled, no changes made.\n")
                return self.io.result(0)
            if not has_lines(edited):
                self._remove(path)
                self.io.err.append("Edit cancelled, saved file was empty.\n")
                return self.io.result(0)
            results_file, reasons = path, []
            try:
                docs = _parse(edited)
            except ValueError as exc:
                contains_error = True
                reasons.append((f"The edited file had a syntax error: {exc}", []))
                continue
            except _Stop as stop:
                return self._preserved(stop.message, path)
            contains_error = False
            try:
                outcome = self._patch_all(docs, reasons, path)
            except _Stop as stop:
                return self._preserved(stop.message, path)
            if outcome:
                return outcome
            if not reasons:
                self._remove(path)
                return self.io.result(0)
            contains_error = True
        return self.io.result(130)           # an editor that never stops changing a broken file: the learner's ^C

    def _patch_all(self, docs: list[Obj], reasons: list[tuple[str, list[str]]], path: str
                   ) -> Optional[CommandResult]:
        """visitToPatch for each edited object, then the retry/not-found endings."""
        retry = notfound = 0
        for doc in docs:
            self._same_namespace(doc)
            uid = _meta(doc).get("uid")
            match = next(((i, o) for i, o in self.targets if o["metadata"].get("uid") == uid), None)
            if match is None:
                raise _Stop(f"error: no original object found for {doc.get('kind')} "
                            f"\"{_meta(doc).get('name')}\"\n", "")
            info, original = match
            name = f"{info.qualified}/{original['metadata']['name']}"
            if doc == original:
                self.io.out.append(f"{name} skipped\n")
                continue
            if any(doc.get(k) != original.get(k) for k in ("apiVersion", "kind")) or \
                    _meta(doc).get("name") != original["metadata"]["name"]:
                raise _Stop("error: At least one of apiVersion, kind and name was changed\n", "")
            current = fetch(self.kx, info, original["metadata"].get("namespace", ""), original["metadata"]["name"])
            resource = info.resource_group
            try:
                if current is None:
                    raise ApiError("NotFound", "", 404)
                _changed, warnings = save_patched(self.kx, info, current, doc)
                self.io.err.append(warnings)
            except ApiError as exc:
                label = f'{resource} "{original["metadata"]["name"]}"'
                if exc.reason == "Invalid":
                    reasons.append((f"{label} was not valid", list(exc.causes)))
                    self.io.err.append(f"error: {label} is invalid\n")
                elif exc.reason == "NotFound":
                    notfound += 1
                    self.io.err.append(f"error: {label} could not be found on the server\n")
                else:
                    retry += 1
                    self.io.err.append(f"error: {label} could not be patched: {exc.message}\n")
                continue
            self.io.out.append(f"{name} edited\n")
        if retry:
            self.io.err.append(f"You can run `kubectl replace -f {path}` to try this update again.\n")
            return self.io.result(1)
        if notfound:
            self.io.err.append(f'The edits you made on deleted resources have been saved to "{path}"\n')
            return self.io.result(1)
        return None

    def _same_namespace(self, doc: Obj) -> None:
        """resource.RequireNamespace: an edited namespace must be the command's."""
        ns = _meta(doc).get("namespace")       # unstructured GetNamespace: "" unless a string
        info = resolve_type(str(doc.get("kind") or "")) if doc.get("kind") else None
        if ns and isinstance(ns, str) and info is not None and info.namespaced and ns != self.kx.ns:
            raise _Stop(f'error: the namespace from the provided object "{ns}" does not match the namespace '
                        f'"{self.kx.ns}". You must pass \'--namespace={ns}\' to perform this operation.\n', "")


def _meta(doc: Obj) -> Obj:
    """The edited object's metadata as the unstructured accessors read it: {} unless a map."""
    meta = doc.get("metadata")
    return meta if isinstance(meta, dict) else {}


class _Stop(Exception):
    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.message, self.path = message, path


def _parse(text: str) -> list[Obj]:
    """The builder's stream of the edited file: one object, or a List's items."""
    try:
        doc = yaml.safe_load(text)
    except RecursionError:
        raise ValueError("error converting YAML to JSON: yaml: exceeded max depth of 10000") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f'error converting YAML to JSON: yaml: {line}{problem}') from None
    if not isinstance(doc, dict):
        raise ValueError('error unmarshaling JSON: while decoding JSON: json: cannot unmarshal '
                         f'{"array" if isinstance(doc, list) else "string"} into Go value of type map[string]interface {{}}')
    if doc.get("kind") == "List":
        items = doc.get("items") or []
        if not isinstance(items, list):             # unstructuredJSONScheme.decodeToList
            raise _Stop("error: json: cannot unmarshal " + shapes.json_type(items) + " into Go struct field "
                        "decodeList.items of type []json.RawMessage\n", "")
        return [i for i in items if isinstance(i, dict)]
    if not doc.get("kind") or not isinstance(doc["kind"], str):    # GetKind: "" unless a string
        raise ValueError(f"Object 'Kind' is missing in '{json.dumps(doc, separators=(',', ':'), default=str)}'")
    return [doc]
