"""Redirections: opening files for > >> < &> 2>&1 here-documents, and routing a command's output."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

from course_lib.shell.fs import FsError
from course_lib.shell.interpreter_expand import ExpansionError
from course_lib.shell.parse_ast import Redirect

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

# A target of fd 1 or 2: "out" / "err" (the enclosing streams), "null", "closed" or ("file", path).
Target = Union[str, tuple[str, str]]


def as_stream(text: str) -> str:
    from course_lib.shell.interpreter import as_stream as make
    return make(text)


def _redirect_error(message: str) -> Exception:
    from course_lib.shell.interpreter import RedirectError
    return RedirectError(message)


def _target_word(shell: "Shell", redirect: Redirect) -> str:
    try:
        fields = shell.expander.expand_word(redirect.target) if redirect.target else []
    except ExpansionError as error:
        raise _redirect_error(error.message) from None
    if len(fields) != 1:
        raise _redirect_error(f"{redirect.target.raw if redirect.target else ''}: ambiguous redirect")
    return fields[0]


def _open_file(shell: "Shell", path: str, append: bool, fds: dict[int, Target]) -> Target:
    if path == "/dev/null":
        return "null"
    if path in ("/dev/stdout", "/proc/self/fd/1"):
        return fds.get(1, "out")
    if path in ("/dev/stderr", "/proc/self/fd/2"):
        return fds.get(2, "err")
    if path == "":
        raise _redirect_error(": No such file or directory")
    try:
        shell.view().open_write(path, append=append)
    except FsError as error:
        raise _redirect_error(f"{path}: {error.strerror}") from None
    return ("file", path)


def open_redirects(shell: "Shell", redirects: list[Redirect], stdin: str) -> tuple[str, dict[int, Target]]:
    """Apply redirections left to right: the command's stdin text and where fds 1 and 2 go."""
    fds: dict[int, Target] = {1: "out", 2: "err"}
    if "exec_fds" in shell.__dict__:        # `exec 3>FILE` made fd 3 the shell's own
        fds.update(shell.__dict__["exec_fds"])
    for r in redirects:
        op = r.op
        if op in ("<<", "<<-"):
            try:
                stdin = as_stream(shell.expander.expand_text(r.heredoc))
            except ExpansionError as error:
                raise _redirect_error(error.message) from None
            continue
        if op == "<<<":
            try:
                stdin = as_stream(shell.expander.expand_text(r.target) + "\n")
            except ExpansionError as error:
                raise _redirect_error(error.message) from None
            continue
        target = _target_word(shell, r)
        if op in (">&", "<&") and (target.isdigit() or target == "-"):
            fd = r.fd if r.fd is not None else (1 if op == ">&" else 0)
            if target == "-":
                fds[fd] = "closed"
            elif int(target) == 0 and fd == 0:
                continue
            elif int(target) in fds:
                fds[fd] = fds[int(target)]
            else:
                raise _redirect_error(f"{target}: Bad file descriptor")
            continue
        if op in ("&>", "&>>") or (op == ">&" and r.fd is None):
            where = _open_file(shell, target, op == "&>>", fds)
            fds[1] = fds[2] = where
            continue
        if op == ">&":
            raise _redirect_error(f"{target}: ambiguous redirect")
        if op in (">", ">|", ">>"):
            fds[1 if r.fd is None else r.fd] = _open_file(shell, target, op == ">>", fds)
            continue
        if op in ("<", "<>"):
            fd = 0 if r.fd is None else r.fd
            view = shell.view()
            try:
                if op == "<>" and not view.exists(target):
                    view.open_write(target)
                text = view.read(target)
            except FsError as error:
                raise _redirect_error(f"{target}: {error.strerror}") from None
            if fd == 0:
                stdin = as_stream(text)
            continue
    if len(fds) > 2:                        # for `exec` without a command (interpreter_builtins.b_exec)
        shell.__dict__["redirected_fds"] = fds
    return stdin, fds


def _write(shell: "Shell", target: Target, text: str, label: str, err_target: Target) -> bool:
    if target == "out":
        shell.out(text)
    elif target == "err":
        shell.err(text)
    elif isinstance(target, tuple):
        try:
            shell.view().write(target[1], text, append=True)
        except FsError as error:
            message = f"{label}: write error: {error.strerror}\n"
            if err_target == target or not isinstance(err_target, str) or err_target in ("null", "closed"):
                if err_target in ("null", "closed"):
                    return True
                shell.err(message)
            else:
                _write(shell, err_target, message, label, "err")
            return True
    return False


# Programs whose stdout is block-buffered by stdio (BUFSIZ) when it is not a terminal, while their stderr is
# written at once: with both on one pipe or file, a short stdout comes after all of stderr. Checked in a
# private netns: `curl -sv URL 2>&1 | cat` ends with the body, after `* Closing connection 0`;
# `conntrack -L 2>&1 | cat` starts with its summary line; `ls /nope /etc/hosts 2>&1 | cat` with its error.
# (ip, ping, sysctl, cat, grep, wget and BusyBox flush or write at once: their order is the one they write in.)
BLOCK_BUFFERED = frozenset({"curl", "conntrack", "ls"})
STDIO_BUFSIZ = 4096


def _stderr_first(shell: "Shell", out: str, err: str, fds: dict[int, Any], label: str) -> bool:
    where = fds.get(1, "out")
    if not (out and err) or where != fds.get(2, "err") or label.rpartition("/")[2] not in BLOCK_BUFFERED:
        return False
    if where in ("out", "err") and shell.sinks[-1].top:          # a terminal: stdout is line-buffered
        return False
    return len(out.encode()) <= STDIO_BUFSIZ


def route(shell: "Shell", out: str, err: str, fds: dict[int, Any], label: str) -> bool:
    """Send a command's stdout/stderr where its fds point; True when a write failed (rc becomes 1)."""
    failed = False
    if _stderr_first(shell, out, err, fds, label):
        failed = _write(shell, fds.get(2, "err"), err, label, "err")
        return _write(shell, fds.get(1, "out"), out, label, fds.get(2, "err")) or failed
    if out:
        failed = _write(shell, fds.get(1, "out"), out, label, fds.get(2, "err")) or failed
    if err:
        failed = _write(shell, fds.get(2, "err"), err, label, "err") or failed
    return failed
