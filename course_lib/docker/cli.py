"""The `docker` command: dispatch to the engine of the machine it runs on, output as Docker CLI 28 prints it."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Optional

from course_lib.docker import accounts, capabilities, cli_flags, cli_info, cli_network, cli_root, lifecycle, netdriver, ps_filter
from course_lib.docker.cli_extra import rename
from course_lib.docker.cli_run import run
from course_lib.docker.cli_util import (CliError, check_tty, daemon_error, flag, parse_flags,
                                        through_tty, value)
from course_lib.docker.engine import API_VERSION, ENGINE_VERSION, Engine, engine_of
from course_lib.docker.cli_format import format_table
from course_lib.docker.formatting import command_column, human_duration, ports_column
from course_lib.docker.gotemplate import ExecError, TemplateError, parse as parse_template, render
from course_lib.docker.hostops import HostOpError, box_context
from course_lib.docker.inspect import container_doc, image_doc, network_doc
from course_lib.result import CommandResult
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


@command("docker")
def docker(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    try:
        path, rest = cli_root.resolve(argv[1:])
    except CliError as exc:
        return exc.result()
    handler = PATHS.get(path) or COMMANDS[cli_flags.canonical(path).split()[-1]]
    engine = engine_of(ctx.machine)
    try:
        netdriver.start(ctx, engine)
    except HostOpError:
        return CommandResult("", "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. "
                             "Is the docker daemon running?\n", 1)
    for container in list(engine.containers.values()):
        lifecycle.reap(ctx, engine, container)        # a main process that ended by itself (nc -l)
    token, notes = cli_flags.TYPED.set(path), []      # usage texts name the command as typed
    notes_token = cli_flags.NOTES.set(notes)
    try:
        if handler in (run, exec_, cli_network.prune):
            result = handler(ctx, engine, rest, stdin)  # type: ignore[operator]
        else:
            result = handler(ctx, engine, rest)
    except CliError as exc:
        result = exc.result()
    finally:
        cli_flags.TYPED.reset(token)
        cli_flags.NOTES.reset(notes_token)
    return CommandResult("".join(notes) + result.stdout, result.stderr, result.returncode) if notes else result


def _container(engine: Engine, ref: str) -> Any:
    found = engine.find_container(ref)
    if found is None:
        raise daemon_error(f"No such container: {ref}")
    return found


def ps(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, _ = parse_flags("ps", args, {"-a": "all", "--all": "all", "-q": "quiet", "--quiet": "quiet",
                                        "--no-trunc": "no-trunc", "-l": "latest", "--latest": "latest",
                                        "-s": "size", "--size": "size"},
                           {"-f": "filter", "--filter": "filter", "--format": "format", "-n": "last"})
    filters = ps_filter.parse(flags.get("filter", []))
    every = ps_filter.validate(filters) or flag(flags, "all")
    shown = [c for c in reversed(list(engine.containers.values()))
             if (every or c.running) and ps_filter.matches(filters, c)]
    if flag(flags, "latest"):
        shown = shown[:1]
    full = flag(flags, "no-trunc")
    if flag(flags, "quiet"):
        return CommandResult("".join((c.id if full else c.short_id) + "\n" for c in shown), "", 0)
    now = engine.now
    records = []
    for c in shown:
        if c.running:
            status = "Up " + human_duration(now - (now if c.started is None else c.started))
        elif c.status == "exited":
            status = f"Exited ({c.exit_code}) {human_duration(now - (now if c.finished is None else c.finished))} ago"
        else:
            status = "Created"
        records.append({
            "ID": c.id if full else c.short_id,
            "Image": c.image.repository if c.image.tag == "latest" else c.image.ref,
            "Command": command_column(c.argv, 10 ** 6 if full else 20), "RunningFor": human_duration(now - c.created) + " ago",
            "CreatedAt": engine.wallclock(c.created).strftime("%Y-%m-%d %H:%M:%S +0000 UTC"), "Status": status,
            "Ports": ports_column(c.image.exposed, c.ports) if c.running else "", "Names": c.name,
            "State": c.status, "Networks": ",".join(c.endpoints) if c.running else c.network_mode,
            "Size": f"0B (virtual {c.image.size})", "Labels": ",".join(f"{k}={v}" for k, v in sorted(c.labels.items())), "Mounts": "",
            "LocalVolumes": "0", "Platform": None,
        })
    fmt = value(flags, "format") or "table"
    if fmt.strip() == "table":
        fmt = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}" + \
            ("\t{{.Size}}" if flag(flags, "size") else "")
    return CommandResult(format_table(fmt, records, PS_HEADERS, labels=[c.labels for c in shown]), "", 0)


PS_HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "RunningFor": "CREATED",
              "CreatedAt": "CREATED AT", "Status": "STATUS", "Ports": "PORTS", "Names": "NAMES", "State": "STATE",
              "Networks": "NETWORKS", "Size": "SIZE", "Labels": "LABELS", "Mounts": "MOUNTS",
              "LocalVolumes": "LOCAL VOLUMES", "Platform": "PLATFORM"}


def exec_(ctx: "ExecContext", engine: Engine, args: list[str], stdin: str = "") -> CommandResult:
    flags, rest = parse_flags("exec", args, {"-i": "i", "--interactive": "i", "-t": "t", "--tty": "t",
                                             "-d": "d", "--detach": "d", "--privileged": "p"},
                              {"-e": "env", "--env": "env", "-w": "workdir", "--workdir": "workdir",
                               "-u": "user", "--user": "user"}, interspersed=False)
    from course_lib.docker.labels import file_lines
    extra_env = [line for path in flags.get("env-file", []) for line in file_lines(ctx, path, "exec")]
    extra_env += flags.get("env", [])
    c = _container(engine, rest[0])          # "No such container" comes before the TTY check, as in RunExec
    check_tty(flag(flags, "i"), flag(flags, "t"), flag(flags, "d"))
    if not c.running:
        raise daemon_error(f"Container {c.id} is not running")
    try:                                     # execSetPlatformOpt: -u resolved in the container's own files
        who = lifecycle.user_of(c, value(flags, "user")) if value(flags, "user") else c.identity
    except accounts.UserError as exc:        # ContainerExecStart's error: on the attached stream, exit code 126
        if flag(flags, "d"):
            raise daemon_error(str(exc)) from None
        return CommandResult(f"{exc}\n", "", 126)
    argv = rest[1:]
    tools = c.image.tools
    name = argv[0].rsplit("/", 1)[-1]
    if tools is not None and name not in tools:
        return CommandResult(f'OCI runtime exec failed: exec failed: unable to start container process: exec: '
                             f'"{argv[0]}": executable file not found in $PATH: unknown\n', "", 126)
    env = lifecycle._env(c, extra_env, flag(flags, "t"))
    box_ctx = box_context(ctx, c.box, env, value(flags, "workdir") or c.image.workdir or "/", who)
    granted = (c.net_admin or flag(flags, "p")) and (who is None or who.uid == 0)
    with capabilities.process(c.box, granted):    # exec --privileged: every capability; a user but root: none
        result = box_ctx.run_argv(argv, stdin if flag(flags, "i") else "")
    if flag(flags, "d"):
        return CommandResult("", "", 0)      # detached: the CLI prints nothing and does not wait for the status
    return through_tty(result) if flag(flags, "t") else result


def logs(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, rest = parse_flags("logs", args, {"-f": "follow", "--follow": "follow", "-t": "ts",
                                             "--timestamps": "ts"}, {"-n": "tail", "--tail": "tail"})
    c = engine.find_container(rest[0])
    if c is None:
        raise CliError(f"Error: No such container: {rest[0]}\n")
    lines = c.logs
    tail = value(flags, "tail")
    if tail and tail.isdigit():
        lines = lines[-int(tail):] if int(tail) else []
    if c.tty:        # the log holds what the pseudo-TTY gave: both streams, in order, as stdout with CR LF
        return CommandResult("".join(line + "\r\n" for _, line in lines), "", 0)
    out = "".join(line + "\n" for stream, line in lines if stream == "stdout")
    err = "".join(line + "\n" for stream, line in lines if stream == "stderr")
    return CommandResult(out, err, 0)


def _each(engine: Engine, refs: list[str], action: Callable[[Any], Optional[str]]) -> tuple[str, str]:
    """Apply `action` to each named container: its ref on stdout, or the daemon's error on stderr."""
    out, err = "", ""
    for ref in refs:
        c = engine.find_container(ref)
        problem = f"No such container: {ref}" if c is None else action(c)
        if problem:
            err += f"Error response from daemon: {problem}\n"
        else:
            out += ref + "\n"
    return out, err


def stop(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, rest = parse_flags("stop", args, {}, {"-t": "timeout", "--timeout": "timeout", "-s": "signal",
                                                  "--signal": "signal"})
    if flags.get("time") and flags.get("timeout"):
        raise CliError("conflicting options: cannot specify both --timeout and --time\n")

    def halt(c: Any) -> None:
        # SIGTERM: nginx, redis and mysql exit 0 on it; a shell or sleep is killed after the grace period
        lifecycle.stop(ctx, engine, c, 0 if c.image.repository in ("nginx", "redis", "mysql") else 137)
        if c.auto_remove:
            lifecycle.remove(ctx, engine, c)

    out, err = _each(engine, rest, halt)
    return CommandResult(out, err, 1 if err else 0)


def start(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, rest = parse_flags("start", args, {"-a": "attach", "--attach": "attach", "-i": "i"}, {})
    if (flag(flags, "attach") or flag(flags, "i")) and len(rest) > 1:
        raise CliError("you cannot start and attach multiple containers at once\n")

    def launch(c: Any) -> None:
        if not c.running:
            c.detach = True
            lifecycle.start(ctx, engine, c, c.network_mode)

    out, err = _each(engine, rest, launch)
    if err:
        err += "Error: failed to start containers: " + ", ".join(
            r for r in rest if engine.find_container(r) is None) + "\n"
    return CommandResult(out, err, 1 if err else 0)


def rm(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, rest = parse_flags("rm", args, {"-f": "force", "--force": "force", "-v": "volumes",
                                           "--volumes": "volumes"}, {})

    def remove(c: Any) -> Optional[str]:
        if c.running and not flag(flags, "force"):
            return (f'cannot remove container "/{c.name}": container is running: '
                    "stop the container before removing or force remove")
        lifecycle.remove(ctx, engine, c)
        return None

    if flag(flags, "force"):       # -f: a missing container is reported but is no failure
        missing = [r for r in rest if engine.find_container(r) is None]
        out, err = _each(engine, [r for r in rest if r not in missing], remove)
        err += "".join(f"Error: No such container: {r}\n" for r in missing)
        return CommandResult(out, err, 1 if err and not all(e.startswith("Error: No such") for e in
                                                             err.splitlines()) else 0)
    out, err = _each(engine, rest, remove)
    return CommandResult(out, err, 1 if err else 0)


INSPECT_TYPES = ("config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume")
NOT_FOUND = {"container": "No such container: {}", "image": "No such image: {}", "network": "network {} not found"}


def inspect(ctx: "ExecContext", engine: Engine, args: list[str], kind: Optional[str] = None) -> CommandResult:
    flags, rest = parse_flags("inspect", args, {"-s": "size", "--size": "size"},
                              {"-f": "format", "--format": "format", "--type": "type"})
    kind = kind or value(flags, "type")
    platform_check(value(flags, "platform"))
    if kind is not None and kind not in INSPECT_TYPES:
        raise CliError(f'unknown type: "{kind}": must be one of ' + ", ".join(f'"{t}"' for t in INSPECT_TYPES) + "\n")
    docs, err = [], ""
    for ref in rest:
        c = engine.find_container(ref)
        if c is not None and kind in (None, "container"):
            docs.append(container_doc(engine, c))
            continue
        image = engine.images.get(ref)
        if image is not None and kind in (None, "image"):
            docs.append(image_doc(image))
            continue
        n = engine.find_network(ref)
        if n is not None and kind in (None, "network"):
            docs.append(network_doc(engine, n))
            continue
        err += (f"Error response from daemon: {NOT_FOUND[kind].format(ref)}\n" if kind in NOT_FOUND
                else f"Error: No such object: {ref}\n")
    return format_docs(docs, value(flags, "format"), err)


def platform_check(wanted: Optional[str]) -> None:
    """--platform's value through containerd's platforms.Parse, before anything is looked up (exit 1)."""
    from course_lib.docker.cli_values import platform_problem
    problem = platform_problem(wanted) if wanted is not None else None
    if problem:
        raise CliError(problem + "\n")


def format_docs(docs: list[dict], fmt: Any, err: str) -> CommandResult:
    """The inspect commands' output: a template Go cannot parse is refused before any lookup (exit 64, the
    lookups' errors unsaid); `json` or no format is the documents' JSON array."""
    if fmt and fmt != "json":
        out = "" if docs else "\n"              # the CLI writes its empty buffer's line
        try:
            parse_template(fmt)
            for doc in docs:
                try:
                    out += render(fmt, doc, strict=True) + "\n"
                except ExecError as exc:          # this object fails; the others still print (exit 1)
                    err += f"template parsing error: {exc}\n"
        except TemplateError as exc:
            return CommandResult("", f"template parsing error: {exc}\n", 64)
        return CommandResult(out, err, 1 if err else 0)
    return CommandResult(json.dumps(docs, indent=4) + "\n", err, 1 if err else 0)


def images_(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, _ = parse_flags("images", args, {"-q": "quiet", "--quiet": "quiet", "-a": "all", "--all": "all"},
                           {"--format": "format", "-f": "filter", "--filter": "filter"})
    if flag(flags, "tree"):                    # the experimental tree view refuses these (docker/cli 28)
        for name, shown_as in (("quiet", "--quiet"), ("no-trunc", "--no-trunc"), ("digests", "--show-digest"),
                               ("format", "--format")):
            if flags.get(name) and (name == "format" or flag(flags, name)):
                raise CliError(f"{shown_as} is not yet supported with --tree\n")
    shown = list(reversed(engine.images.images))
    if flag(flags, "quiet"):
        return CommandResult("".join(i.id[7:19] + "\n" for i in shown), "", 0)
    records = [{"Repository": i.repository, "Tag": i.tag, "ID": i.id[7:19], "CreatedSince": i.created,
                "Size": i.size, "Digest": i.repo_digest} for i in shown]
    fmt = value(flags, "format") or "table"
    if fmt.strip() == "table":
        fmt = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
    headers = {"Repository": "REPOSITORY", "Tag": "TAG", "ID": "IMAGE ID", "CreatedSince": "CREATED",
               "Size": "SIZE", "Digest": "DIGEST"}
    return CommandResult(format_table(fmt, records, headers, "*formatter.imageContext"), "", 0)


def pull(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    from course_lib.docker import images, reference
    flags, rest = parse_flags("pull", args, {"-q": "quiet", "--quiet": "quiet", "-a": "all"}, {"--platform": "p"})
    bad_ref = reference.problem(rest[0])
    if bad_ref:
        raise CliError(bad_ref + "\n")
    tagged = ":" in rest[0].rsplit("/", 1)[-1] or "@" in rest[0]
    if flag(flags, "all") and tagged:
        raise CliError("tag can't be used with --all-tags/-a\n")
    note = "" if tagged or flag(flags, "all") else "Using default tag: latest\n"
    found = images.lookup(rest[0])
    if found is None:
        from course_lib.docker.image_catalogue import docker_pull_error
        return daemon_error(docker_pull_error(images.normalise(rest[0]))).result(note)
    if engine.images.get(found.ref) is not None:
        return CommandResult(f"{note}{found.tag}: Pulling from {found.path_name}\nDigest: {found.repo_digest}\n"
                             f"Status: Image is up to date for {found.ref}\n{found.canonical}\n", "", 0)
    engine.images.add(found)
    return CommandResult(note + "\n".join(images.pull_lines(found)) + f"\n{found.canonical}\n", "", 0)


def port(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    _, rest = parse_flags("port", args, {}, {})
    c = _container(engine, rest[0])
    lines = []
    for host_ip, host_port, cport, proto in sorted(c.ports, key=lambda p: (p[2], p[3])) if c.running else []:
        if len(rest) == 2 and rest[1] not in (str(cport), f"{cport}/{proto}"):
            continue
        prefix = "" if len(rest) == 2 else f"{cport}/{proto} -> "
        # the CLI joins host and port as Go's net.JoinHostPort: [::]:8080 (PORTS in `docker ps` does not)
        for address in ("0.0.0.0", "::") if host_ip in ("", "0.0.0.0") else (host_ip,):
            lines.append(f"{prefix}[{address}]:{host_port}" if ":" in address else f"{prefix}{address}:{host_port}")
    if len(rest) == 2 and not lines:
        raise CliError(f"Error: No public port '{rest[1]}{'' if '/' in rest[1] else '/tcp'}' published for {rest[0]}\n")
    return CommandResult("".join(line + "\n" for line in lines), "", 0)


def rmi(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    from course_lib.docker.ids import digest
    flags, rest = parse_flags("rmi", args, {"-f": "force", "--force": "force"}, {})
    for wanted in flags.get("platform", []):
        platform_check(wanted)
    out, err = "", ""
    for ref in rest:
        image = engine.images.get(ref)
        if image is None:
            err += f"Error: No such image: {ref}\n"
            continue
        users = [c for c in engine.containers.values() if c.image is image]
        if users and not flag(flags, "force"):
            err += (f'Error response from daemon: conflict: unable to remove repository reference "{ref}" '
                    f"(must force) - container {users[0].short_id} is using its referenced image {image.id[7:19]}\n")
            continue
        engine.images.images.remove(image)
        out += f"Untagged: {image.ref}\nUntagged: {image.repository}@{image.repo_digest}\n"
        if not users:                 # still used: only the tag goes, the image stays for its containers
            out += f"Deleted: {image.id}\n" + "".join(f"Deleted: sha256:{digest(f'diff {i} {image.ref}')}\n"
                                                        for i in range(image.layers))
    return CommandResult(out, err, 1 if err else 0)


def version(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    built = "Fri May 30 12:07:14 2025"
    flags, _ = parse_flags("version", args, {}, {"-f": "format", "--format": "format"})
    fmt = value(flags, "format")
    if fmt:                                   # the CLI's versionInfo: Client and Server (ServerVersion) structs
        client = {"Platform": {"Name": "Docker Engine - Community"}, "Version": ENGINE_VERSION,
                  "APIVersion": API_VERSION, "DefaultAPIVersion": API_VERSION, "GitCommit": "e6534b4",
                  "GoVersion": "go1.24.3", "Os": "linux", "Arch": "amd64", "BuildTime": built, "Context": "default"}
        server = {"Platform": {"Name": "Docker Engine - Community"}, "Version": ENGINE_VERSION,
                  "APIVersion": API_VERSION, "MinAPIVersion": "1.24", "GitCommit": "45873be",
                  "GoVersion": "go1.24.3", "Os": "linux", "Arch": "amd64", "KernelVersion": "6.1.0-18-amd64",
                  "BuildTime": "2025-05-30T12:07:14.000000000+00:00"}
        doc = {"Client": client, "Server": server}
        try:
            return CommandResult(render(fmt.replace("\\t", "\t").replace("\\n", "\n"), doc) + "\n", "", 0)
        except TemplateError as exc:
            return CommandResult("", f"template parsing error: {exc}\n", 1 if isinstance(exc, ExecError) else 64)
    text = (f"Client: Docker Engine - Community\n Version:           {ENGINE_VERSION}\n"
            f" API version:       {API_VERSION}\n Go version:        go1.24.3\n Git commit:        e6534b4\n"
            f" Built:             {built}\n OS/Arch:           linux/amd64\n Context:           default\n\n"
            f"Server: Docker Engine - Community\n Engine:\n  Version:          {ENGINE_VERSION}\n"
            f"  API version:      {API_VERSION} (minimum version 1.24)\n  Go version:       go1.24.3\n"
            f"  Git commit:       45873be\n  Built:            {built}\n  OS/Arch:          linux/amd64\n"
            "  Experimental:     false\n containerd:\n  Version:          1.7.27\n"
            "  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da\n runc:\n  Version:          1.2.5\n"
            "  GitCommit:        v1.2.5-0-g59923ef\n docker-init:\n  Version:          0.19.0\n"
            "  GitCommit:        de40ad0\n")
    return CommandResult(text, "", 0)


COMMANDS = {"run": run, "ps": ps, "exec": exec_, "logs": logs, "stop": stop, "kill": stop, "start": start,
            "rm": rm, "inspect": inspect, "port": port, "rmi": rmi, "images": images_, "pull": pull, "version": version,
            "rename": rename, "info": cli_info.info, "top": cli_info.top, "stats": cli_info.stats}
PATHS = {"network ls": cli_network.ls, "network list": cli_network.ls, "network create": cli_network.create,
         "network inspect": cli_network.inspect, "network connect": cli_network.connect,
         "network disconnect": cli_network.disconnect, "network rm": cli_network.rm,
         "network remove": cli_network.rm, "network prune": cli_network.prune,
         "image inspect": lambda ctx, e, a: inspect(ctx, e, a, "image"), "image pull": pull,
         "container inspect": lambda ctx, e, a: inspect(ctx, e, a, "container")}
