"""A listening nc (BusyBox `nc -l -p PORT`, netcat-openbsd `nc -l PORT`): a process whose socket takes what clients send.

The listener is a process of the machine (`ps`, and `netstat -lnp`/`ss -lnp` show its socket as `nc`).
A client's connection is one exchange in the simulation: the client's data goes to the listener's
output, the listener answers with its own stdin (to its first peer only), and the connection closes.
Without -k the listener then exits (nc's one connection); with -k it stays (BusyBox: -k with -e only).
With -e PROG the program answers each peer: its stdin is what the peer sent, its stdout goes back. A UDP listener takes its
first sender as its peer: nc connect()s to it (`ss` shows the socket ESTAB to that peer, its local address the one
the datagram came to), sends it its stdin, and the kernel drops datagrams from anyone else. netcat-openbsd's
`-u -k` never connects: it prints what every sender sends and sends nobody anything (checked against nc.openbsd
1.219 in a private netns; Debian's busybox nc has no -u, the busybox image's nc connects like openbsd's).

Started from a shell, the command returns at once and the listener stays behind, as with `&` (the
simulated shell cannot block on it); what it receives is kept in `output`. A container whose main
process is nc adopts the listener (docker/lifecycle.py): the output goes to `docker logs`, and the
container exits with the listener.

    listener = start(ctx, "tcp", "::", 8080, keep=False, reply="", verbose=connect_line)
    listener.adopt(write=lambda text, stream: ..., on_exit=lambda code: ...)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from course_lib.result import CommandResult
from course_lib.shell.nettools.nc_common import wire_text

Writer = Callable[[str, str], None]            # (text, "stdout" | "stderr")
Greeter = Callable[[Any, int, Any], str]       # (peer ip, peer port, local ip) -> the -v line ("" for none)


@dataclass(eq=False)
class NcListener:
    """One `nc -l` process and its socket."""

    netns: Any
    proto: str                                  # "tcp" or "udp"
    keep: bool
    reply: str                                  # the listener's stdin: what its first peer receives
    greet: Optional[Greeter] = None
    program: Optional[Callable[[str], str]] = None      # -e PROG: its stdin is the peer's data, its stdout the answer
    output: list[tuple[str, str]] = field(default_factory=list)     # (stream, text) until adopted
    socket: Any = None
    peer: Optional[tuple[Any, int]] = None
    pid: int = 0
    cmdline: str = "nc"
    name: str = "nc"
    write: Optional[Writer] = None
    on_exit: Optional[Callable[[int], None]] = None
    adopted: bool = False
    running: bool = True
    udp_connect: bool = True                    # a UDP listener connect()s to its first sender
    owner: Any = None                           # the machine whose process it is (a container's box, a host)

    def emit(self, text: str, stream: str = "stdout") -> None:
        if not text:
            return
        if self.write is not None:
            self.write(text, stream)
        else:
            self.output.append((stream, text))

    def handle(self, payload: Any, src_ip: Any, src_port: int, dst_ip: Any) -> Any:
        """A client's data (None: it connected and closed, as `nc -z` does)."""
        if not self.running:
            return None
        if self.proto == "udp" and not self.udp_connect:
            self.emit(wire_text(payload))       # every sender is read; with no peer, stdin goes nowhere
            return None
        first = self.peer is None
        if self.proto == "udp" and not first and self.peer != (src_ip, src_port):
            return None                         # connect()ed to its first peer: others are not read
        self.peer = self.peer or (src_ip, src_port)
        if self.proto == "udp" and first and self.socket is not None:
            self.socket.peer, self.socket.local = (src_ip, src_port), dst_ip
        if self.greet is not None and (first or self.proto == "tcp"):
            self.emit(self.greet(src_ip, src_port, dst_ip), "stderr")
        if self.program is not None:
            reply = self.program(wire_text(payload))
        else:
            self.emit(wire_text(payload))
            reply, self.reply = (self.reply, "") if first else ("", self.reply)
        if self.proto == "tcp" and not self.keep:
            self.stop(0)
        return reply or None

    def adopt(self, write: Writer, on_exit: Callable[[int], None], pid: int) -> None:
        """A container's main process: output so far and from now on to `write`, its exit to `on_exit`."""
        self.write, self.on_exit, self.adopted = write, on_exit, True
        for stream, text in self.output:
            write(text, stream)
        self.output.clear()
        if self.socket is not None:
            self.socket.pid = pid
        self._forget()

    def stop(self, code: int = 0) -> None:
        """The process ends: its socket closes."""
        if not self.running:
            return
        self.running = False
        if self.socket is not None:
            self.socket.close()
        self._forget()
        if self.on_exit is not None:
            self.on_exit(code)

    def give_up(self) -> None:
        """-w SEC passed with no peer: BusyBox's `nc: timeout`, exit 1."""
        if self.running and self.peer is None:
            self.emit("nc: timeout\n", "stderr")
            self.stop(1)

    def _forget(self) -> None:
        procs = getattr(self.owner, "processes", [])
        if self in procs:
            procs.remove(self)


def start(ctx: Any, proto: str, address: str, port: int, keep: bool, reply: str, cmdline: str,
          greet: Optional[Greeter] = None, v6only: Optional[bool] = None,
          program: Optional[list[str]] = None, wait: Optional[float] = None, udp_connect: bool = True
          ) -> NcListener:
    """Bind and listen in ctx's netns; raises sockets.SocketError (Address already in use...).
    `program` (-e PROG ARGS) runs in ctx for each peer, with the peer's data as its stdin; `wait`
    (BusyBox -w) gives up after that many model seconds without a peer."""
    from course_lib.net.sockets import tcp_listen, udp_bind
    run = None
    if program:
        def run(text: str) -> str:
            return ctx.run_argv(program, text).stdout
    listener = NcListener(ctx.netns, proto, keep, reply, greet, run, cmdline=cmdline, udp_connect=udp_connect)
    bind = tcp_listen if proto == "tcp" else udp_bind
    listener.socket = bind(ctx.netns, address, port, listener.handle, process_name="nc", v6only=v6only,
                           **({"backlog": 1} if proto == "tcp" else {}))     # both ncs: listen(fd, 1)
    listener.pid = listener.socket.pid
    listener.owner = ctx.machine
    ctx.machine.processes.append(listener)
    from course_lib.shell import jobs
    jobs.add(ctx.machine, listener, cmdline)           # the shell's job, as `nc -l ... &`
    if wait:
        from course_lib.net.events import scheduler
        scheduler(ctx.netns.machine.network).after(wait, listener.give_up)
    return listener


def result(listener: NcListener, said: str) -> CommandResult:
    """What the nc command returns: at once from a command line (the listener stays behind), or, inside a
    background job (`nc -l 8080 > got &`, course_lib.shell.jobs_run), what it received once it ends."""
    from course_lib.shell import jobs_run
    task = jobs_run.current()
    if task is None:
        return CommandResult("", said, 0)
    if task.single:                     # `nc -l 8080 > got &`: the job's process is this nc (one pid, $!)
        listener._forget()
        listener.pid = task.pid
        if listener.socket is not None:
            listener.socket.pid = task.pid
    codes: list[int] = []
    listener.on_exit = codes.append
    try:
        jobs_run.hold(lambda: not listener.running)
    finally:
        listener.stop(128 + (task.signo or 15))         # killed while it listened: the socket closes
    out = "".join(text for stream, text in listener.output if stream == "stdout")
    err = "".join(text for stream, text in listener.output if stream != "stdout")
    return CommandResult(out, said + err, codes[0] if codes else 0)


def started(machine: Any) -> Optional[NcListener]:
    """The newest running listener of `machine` nobody adopted (the one a main process just started)."""
    for proc in reversed(getattr(machine, "processes", [])):
        if isinstance(proc, NcListener) and proc.running and not proc.adopted:
            return proc
    return None


def adopt_started(machine: Any, write: Writer, on_exit: Callable[[int], None], pid: int) -> Optional[NcListener]:
    """A main process (a container's, a pod's) that was `nc -l`: the listener it left, now that process."""
    listener = started(machine)
    if listener is not None:
        listener.adopt(write, on_exit, pid)
    return listener


def stop_all(machine: Any) -> None:
    """The container stops: every nc it runs ends with it (no exit report: the container's own stop says it)."""
    for proc in [p for p in getattr(machine, "processes", []) if isinstance(p, NcListener)]:
        proc.on_exit = None
        proc.stop(137)


def bind_error(prog: str, exc: Exception) -> CommandResult:
    """bind()'s failure as nc reports it."""
    return CommandResult("", f"{prog}: bind: {exc}\n", 1)
