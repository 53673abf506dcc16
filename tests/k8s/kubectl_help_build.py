"""Build course_lib/k8s/kubectl_help.json.gz from the real kubectl 1.30 client's `--help` texts.

`python -m tests.k8s.kubectl_help_build` walks the command tree of the real client: each top-level command the
simulation has and every subcommand under it (found in the `Available Commands:` sections), `kubectl help`, and
what `kubectl options` prints. It splits each text into the sections of kubectl's usage template
(course_lib.k8s.kubectl.help.split) with the option blocks kept once in a shared table, checks that
help.render_entry gives back every text byte for byte, and writes the data file. The texts are the client's own
output (Kubernetes is Apache-2.0), measured in `unshare --net` with stdout not a terminal, so kubectl does not wrap
them.
"""
from __future__ import annotations

import gzip
import json
import sys
import tempfile
from pathlib import Path

from course_lib.k8s.kubectl import help as kubectl_help
from tests.k8s.real_kubectl import RealKubectl, find_kubectl_130


def top_level() -> list[str]:
    """The top-level commands the simulation dispatches, and `help`."""
    from course_lib.k8s.kubectl import commands  # noqa: F401  (registers the subcommands)
    from course_lib.k8s.kubectl.main import SUBCOMMANDS
    return sorted({*SUBCOMMANDS, "help"} - {"log"})


def walk(real: RealKubectl, names: list[str]) -> dict[str, str]:
    """Each command path's help text ("" is kubectl's own), the subcommands found in the texts; "options" is
    what `kubectl options` prints (the global options: its --help prints nothing)."""
    texts: dict[str, str] = {"options": real.run("options")[0]}
    todo = [""] + names
    while todo:
        batch, todo = todo, []
        for path, (out, err, rc) in zip(batch, real.run_many([f"{p} --help".strip() for p in batch])):
            if rc != 0 or err:
                print(f"skipped {path!r}: rc {rc} {err.strip()[:80]}", file=sys.stderr)
                continue
            texts[path] = out
            if path:
                todo += [f"{path} {name}" for name, _ in kubectl_help.split(out)["commands"]]
    return texts


def build(texts: dict[str, str]) -> dict:
    """The data file's form: {"flags": [option block...], "commands": {path: sections with flag indices}}."""
    flags: list[str] = []
    index: dict[str, int] = {}
    commands = {}
    for path, text in sorted(texts.items()):
        entry = kubectl_help.split(text)
        del entry["commands"]                   # the Available Commands body has them
        entry["flags"] = [index.setdefault(block, len(index)) for block in entry["flags"]]
        commands[path] = entry
    flags = sorted(index, key=index.__getitem__)
    return {"version": "v1.30.13", "flags": flags, "commands": commands}


def main() -> None:
    binary = find_kubectl_130()
    if binary is None:
        sys.exit("no kubectl v1.30 client")
    real = RealKubectl(binary, Path(tempfile.mkdtemp()), "")
    texts = walk(real, top_level())
    data = build(texts)
    bad = [p for p, t in texts.items() if kubectl_help.render_entry(data, p) != t]
    if bad:
        sys.exit(f"round trip differs for {bad}")
    with gzip.GzipFile(kubectl_help.DATA, "wb", mtime=0) as f:
        f.write(json.dumps(data, sort_keys=True, separators=(",", ":")).encode())
    print(f"{len(texts)} commands, {len(data['flags'])} option blocks -> {kubectl_help.DATA}")


if __name__ == "__main__":
    main()
