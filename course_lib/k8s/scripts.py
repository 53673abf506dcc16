"""A container's `sh -c` script with sleeps, run on the model clock (the liveness-probe lesson's busybox).

`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600` runs its commands in the container as model
time passes: the commands before the first `sleep N` at the start, the next ones N seconds later, and so on,
so an exec probe sees /tmp/healthy for 30 s and then not. Only a flat list of simple commands separated by
`;`, newlines or `&&` is timed this way, and it must end in a sleep (the program exits 0 when the last one ends,
or never for `sleep infinity`); any other script with a sleep in it keeps the container running without
timing its commands.
"""
from __future__ import annotations

import re
from typing import Any, Optional

COMPOUND = re.compile(r"\b(while|until|for|if|case|function)\b|[{}()`|]|\$\(")
SLEEP = re.compile(r"^sleep\s+(\d+(?:\.\d+)?|infinity)$")


def split(script: str) -> Optional[list[str]]:
    """The script's commands (None when it is not a flat list of simple commands)."""
    if COMPOUND.search(script):
        return None
    parts, current, quote = [], "", ""
    i = 0
    while i < len(script):
        ch = script[i]
        if quote:
            quote = "" if ch == quote else quote
            current += ch
        elif ch in "'\"":
            quote = ch
            current += ch
        elif ch in ";\n" or script.startswith("&&", i):
            parts.append(current.strip())
            current = ""
            i += 1 if ch in ";\n" else 2
            continue
        else:
            current += ch
        i += 1
    parts.append(current.strip())
    return [p for p in parts if p]


def start(rc: Any, shell: str, script: str) -> bool:
    """Run the script on the model clock; False when it is not one this module times."""
    commands = split(script)
    if not commands or not SLEEP.match(commands[-1]):
        return False
    _step(rc, shell, commands)
    return True


def _alive(rc: Any) -> bool:
    kubelet = rc.cluster.kubelets.get(rc.node)
    rt = kubelet.runtime(rc.pod) if kubelet is not None else None
    return rt is not None and rt.containers.get(rc.name) is rc and rc.exit_code is None


def _step(rc: Any, shell: str, commands: list[str]) -> None:
    from course_lib.docker.hostops import box_context
    from course_lib.net.events import scheduler
    if not _alive(rc):
        return
    batch: list[str] = []
    while commands:
        command, commands = commands[0], commands[1:]
        m = SLEEP.match(command)
        if m is None:
            batch.append(command)
            continue
        if batch:
            from course_lib.k8s.kubelet import process_env
            ctx = box_context(rc.cluster.context(rc.node), rc.box, process_env(rc.pod, rc.spec, rc), "/")
            result = ctx.run_argv([shell, "-c", "; ".join(batch)], "")
            for line in (result.stdout + result.stderr).splitlines():
                rc.log(line)
        if m.group(1) != "infinity" and commands:
            scheduler(rc.cluster.network).after(float(m.group(1)), _step, rc, shell, commands)
        elif m.group(1) != "infinity":                      # the script's last sleep: then the shell exits
            from course_lib.k8s.completion import exit_later
            exit_later(rc, float(m.group(1)))
        return
