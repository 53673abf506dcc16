"""`kubectl cp [[NS/]POD:]PATH [[NS/]POD:]PATH`: files between the learner's machine and a container, through tar.

As kubectl 1.30 (staging/src/k8s.io/kubectl/pkg/cmd/cp/cp.go): the argument checks and their errors; from a pod,
`tar cf - PATH` runs in the container and its messages come on kubectl's stdout (GNU tar's "Removing leading
`/' from member names", BusyBox tar's lower-case one), a path the container lacks ends with tar's errors and
`command terminated with exit code N` (rc N); the archive is unpacked at the local path itself (an existing
directory there fails as os.Create does). To a pod, a destination that is a directory in the container gets the
file's name joined (`test -d`), then `tar -xmf - -C DIR` unpacks it there. A container without a shell has no
tar: the exec error of kubectl exec.
"""
from __future__ import annotations

import posixpath
from typing import Any

from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

Obj = dict[str, Any]


def _spec(arg: str) -> tuple[str, str, str]:
    """extractFileSpec: (namespace, pod, path); no pod for a local path."""
    i = arg.find(":")
    if i == 0:
        raise KubectlError("error: filespec must match the canonical format: [[namespace/]pod:]file/path\n")
    if i < 0:
        return "", "", arg
    pod, path = arg[:i], arg[i + 1:]
    pieces = pod.split("/")
    if len(pieces) > 2:
        raise KubectlError("error: filespec must match the canonical format: [[namespace/]pod:]file/path\n")
    return (pieces[0] if len(pieces) == 2 else ""), pieces[-1], path


def _container(kx: Kx, ns: str, name: str, container: Any) -> tuple[Any, Any, str]:
    """(the container's RunningContainer, its box, kubectl exec's `Defaulted container` note)."""
    from course_lib.k8s.kubectl.ops import _container as pick
    pod = kx.cluster.store.get("Pod", ns, name)
    if pod is None:
        raise KubectlError(f'Error from server (NotFound): pods "{name}" not found\n')
    cname, note = pick(pod, container)
    kubelet = kx.cluster.kubelets.get(pod["spec"].get("nodeName") or "")
    rt = kubelet.runtime(pod) if kubelet is not None else None
    rc = rt.containers.get(cname) if rt is not None else None
    if rc is None or rc.exit_code is not None or pod["status"].get("phase") != "Running":
        raise KubectlError(note + f'error: unable to upgrade connection: container not found ("{cname}")\n')
    if rc.tools is not None and "sh" not in rc.tools:          # a shell-less image has no tar either
        raise KubectlError(note + "error: Internal error occurred: Internal error occurred: error executing command "
                           "in container: failed to exec in container: failed to start exec "
                           f'"{kx.cluster.network.random().getrandbits(256):064x}": OCI runtime exec failed: exec '
                           'failed: unable to start container process: exec: "tar": executable file not found in '
                           "$PATH: unknown\n")
    return rc, rt.box, note


def _busybox(box: Any) -> bool:
    return getattr(box, "userland", "debian") == "busybox"


def _walk(view: Any, path: str) -> list[tuple[str, Any]]:
    """(relative name, text or None for a directory) of a file or a tree, as tar adds them."""
    if not view.is_dir(path):
        return [("", view.read(path))]
    out: list[tuple[str, Any]] = [("", None)]
    for name in sorted(view.listdir(path)):
        out += [(posixpath.join(name, rel) if rel else name, data)
                for rel, data in _walk(view, posixpath.join(path, name))]
    return out


@sub("cp")
def cp(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.fs_view import view
    flags, pos, _ = parse("cp", args, {"--no-preserve": "no_preserve"},
                          {"-c": "container", "--container": "container", "--retries": "retries"})
    if len(pos) != 2:
        raise KubectlError("error: source and destination are required\n")
    src, dest = _spec(pos[0]), _spec(pos[1])
    if src[1] and dest[1]:
        raise KubectlError("error: one of src or dest must be a local file specification\n")
    if not src[2] or not dest[2]:
        raise KubectlError("error: filepath can not be empty\n")
    local = view(kx.ctx)
    if src[1]:
        rc, box, note = _container(kx, src[0] or kx.ns, src[1], flags.get("container"))
        remote = view(kx.ctx.derive(machine=box, netns=box.root, cwd="/", shell_state=None))
        path = src[2]
        out = note
        if path.startswith("/"):
            out += ("tar: removing leading '/' from member names\n" if _busybox(box)
                    else "tar: Removing leading `/' from member names\n")
        if not remote.exists(path):
            if _busybox(box):
                return CommandResult(out + f"tar: {path}: No such file or directory\n",
                                     "command terminated with exit code 1\n", 1)
            return CommandResult(out + f"tar: {path}: Cannot stat: No such file or directory\ntar: Exiting with "
                                 "failure status due to previous errors\n", "command terminated with exit code 2\n", 2)
        target = dest[2]
        for rel, data in _walk(remote, path):
            where = posixpath.join(target, rel) if rel else target
            if data is None:
                local.mkdir(where, parents=True)
                continue
            if local.is_dir(where):
                return CommandResult(out, f"error: open {where}: is a directory\n", 1)
            parent = posixpath.dirname(local.abspath(where))
            if parent and not local.exists(parent):
                local.mkdir(parent, parents=True)
            local.write(where, data)
        return CommandResult(out, "", 0)
    if not dest[1]:
        raise KubectlError("error: one of src or dest must be a remote file specification\n")
    if not local.exists(src[2]):
        raise KubectlError(f"error: {src[2]} doesn't exist in local filesystem\n")
    rc, box, note = _container(kx, dest[0] or kx.ns, dest[1], flags.get("container"))
    remote = view(kx.ctx.derive(machine=box, netns=box.root, cwd="/", shell_state=None))
    target = dest[2]
    if remote.is_dir(target):
        target = posixpath.join(target, posixpath.basename(posixpath.normpath(src[2])))
    parent = posixpath.dirname(target)
    if parent and not remote.is_dir(parent):
        if _busybox(box):
            return CommandResult("", note + f"tar: can't change directory to '{parent}': No such file or directory\n"
                                 "command terminated with exit code 1\n", 1)
        return CommandResult("", note + f"tar: {parent}: Cannot open: No such file or directory\ntar: Error is not "
                             "recoverable: exiting now\ncommand terminated with exit code 2\n", 2)
    for rel, data in _walk(local, src[2]):
        where = posixpath.join(target, rel) if rel else target
        if data is None:
            remote.mkdir(where, parents=True)
        else:
            remote.write(where, data)
    return CommandResult("", note, 0)
