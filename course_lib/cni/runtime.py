"""A container runtime's side of CNI (libcni): find plugins in CNI_PATH, run a conflist's chain for ADD/DEL/CHECK.

    install(machine)                                  # /opt/cni/bin/{bridge,host-local,loopback,portmap}
    result = add(ctx, "c1", "/var/run/netns/red")     # the first conflist of /etc/cni/net.d, with loopback
    delete(ctx, "c1", "/var/run/netns/red")
"""
from __future__ import annotations

import json
from typing import Any, Optional

from course_lib.cni import protocol
from course_lib.cni.plugins import PLUGINS
from course_lib.cni.protocol import CniError

BIN_DIR = "/opt/cni/bin"
CONF_DIR = "/etc/cni/net.d"


def install(machine: Any, names: Optional[list[str]] = None) -> None:
    """Put the reference plugins in /opt/cni/bin as executables (as the CNI plugins package does)."""
    from course_lib.shell.fs import get_fs
    fs = get_fs(machine)
    for name in names or list(PLUGINS):
        fs.add_executable(f"{BIN_DIR}/{name}", PLUGINS[name])
    if not fs.exists(CONF_DIR):
        fs.mkdir(CONF_DIR, parents=True)


def find_plugin(ctx: Any, name: str, cni_path: str) -> str:
    from course_lib.shell.fs import get_fs
    fs = get_fs(ctx.machine)
    dirs = [d for d in cni_path.split(":") if d]
    for d in dirs:
        path = d.rstrip("/") + "/" + name
        if fs.exists(path):
            return path
    raise CniError(protocol.INVALID_CONFIG, f'failed to find plugin "{name}" in path [{" ".join(dirs)}]')


def _go_quote(text: str) -> str:
    return json.dumps(text)


def exec_plugin(ctx: Any, name: str, env: dict[str, str], config: str) -> Optional[dict[str, Any]]:
    """Run one plugin executable with CNI_* in its environment and the config on stdin (invoke.ExecPlugin)."""
    path = find_plugin(ctx, name, env.get("CNI_PATH", BIN_DIR))
    result = ctx.derive(env={**ctx.env, **env}).run_argv([path], config)
    out = result.stdout
    if result.returncode != 0:                    # RawExec.pluginErr
        status = f"exit status {result.returncode}"
        if not out:
            if not result.stderr:
                raise CniError(0, f"netplugin failed with no error message: {status}")
            raise CniError(0, f"netplugin failed: {_go_quote(result.stderr)}: {status}")
        try:
            doc = json.loads(out)
        except ValueError as exc:
            raise CniError(0, f"netplugin failed but error parsing its diagnostic message {_go_quote(out)}: "
                           f"{exc}") from None
        raise CniError(int(doc.get("code", 0)), doc.get("msg", ""), doc.get("details", ""))
    if not out.strip():
        return None
    try:
        return json.loads(out)  # type: ignore[no-any-return]
    except ValueError as exc:
        raise CniError(protocol.DECODE_FAILURE, f"failed to unmarshal result: {exc}") from None


def load_conflist(ctx: Any, conf_dir: str = CONF_DIR, name: Optional[str] = None) -> dict[str, Any]:
    """The network configuration named `name` (libcni.LoadConfList), or the first by file name as
    kubelet/containerd pick it; a .conf holding one plugin counts as a list of one."""
    from course_lib.shell.fs import get_fs
    fs = get_fs(ctx.machine)
    files = sorted(n for n in (fs.listdir(conf_dir) if fs.exists(conf_dir) else [])
                   if n.endswith((".conflist", ".conf", ".json")))
    if not files:
        raise CniError(protocol.INVALID_CONFIG, f"no net configurations found in {conf_dir}")
    for file in files:
        try:
            doc = json.loads(fs.read(f"{conf_dir}/{file}"))
        except ValueError:
            continue
        if not isinstance(doc, dict) or (name is not None and doc.get("name") != name):
            continue
        if "plugins" not in doc:
            doc = {"cniVersion": doc.get("cniVersion", "1.0.0"), "name": doc.get("name", ""), "plugins": [doc]}
        from course_lib.cni.netconf import conflist_error
        bad = conflist_error(doc)
        if bad is not None:
            raise CniError(protocol.INVALID_CONFIG, bad)
        return doc  # type: ignore[no-any-return]
    raise CniError(protocol.INVALID_CONFIG, f'no net configuration with name "{name}" in {conf_dir}')


def _env(command: str, container_id: str, netns: str, ifname: str, args: str = "",
         cni_path: str = BIN_DIR) -> dict[str, str]:
    return {"CNI_COMMAND": command, "CNI_CONTAINERID": container_id, "CNI_NETNS": netns, "CNI_IFNAME": ifname,
            "CNI_PATH": cni_path, "CNI_ARGS": args}


def _plugin_conf(conflist: dict[str, Any], plugin: dict[str, Any], prev: Optional[dict[str, Any]],
                 runtime_config: dict[str, Any]) -> str:
    conf = dict(plugin)
    conf["name"] = conflist.get("name", "")
    conf["cniVersion"] = conflist.get("cniVersion", "1.0.0")
    caps = {k: v for k, v in runtime_config.items() if (plugin.get("capabilities") or {}).get(k)}
    if caps:
        conf["runtimeConfig"] = caps
    if prev is not None:
        conf["prevResult"] = prev
    return json.dumps(conf)


class PluginFailed(CniError):
    """libcni's wrapping of a plugin's error: `plugin type="bridge" failed (add): <msg>`."""

    def __init__(self, plugin: str, command: str, error: CniError) -> None:
        super().__init__(error.code, error.msg, error.details)
        self.plugin, self.command = plugin, command

    def __str__(self) -> str:
        text = self.msg + (f"; {self.details}" if self.details else "")
        verb = {"ADD": "add", "DEL": "delete"}[self.command]
        return f'plugin type="{self.plugin}" failed ({verb}): {text}'


def _run_plugin(ctx: Any, plugin: str, command: str, env: dict[str, str], conf: str) -> Optional[dict[str, Any]]:
    """libcni wraps ADD and DEL failures with the plugin's type; CHECK's come back as they are."""
    try:
        return exec_plugin(ctx, plugin, env, conf)
    except PluginFailed:
        raise
    except CniError as exc:
        if command not in ("ADD", "DEL"):
            raise
        raise PluginFailed(plugin, command, exc) from None


def add(ctx: Any, container_id: str, netns: str, ifname: str = "eth0",
        conflist: Optional[dict[str, Any]] = None, runtime_config: Optional[dict[str, Any]] = None,
        args: str = "", loopback: bool = True, cni_path: str = BIN_DIR) -> dict[str, Any]:
    """ADD: loopback first (as CRI runtimes do), then every plugin of the list, each fed the last result."""
    conflist = conflist or load_conflist(ctx)
    if loopback:
        lo_conf = json.dumps({"cniVersion": conflist.get("cniVersion", "1.0.0"), "name": "cni-loopback",
                              "type": "loopback"})
        _run_plugin(ctx, "loopback", "ADD", _env("ADD", container_id, netns, "lo", args, cni_path), lo_conf)
    prev: Optional[dict[str, Any]] = None
    for plugin in conflist.get("plugins", []):
        prev = _run_plugin(ctx, plugin["type"], "ADD", _env("ADD", container_id, netns, ifname, args, cni_path),
                           _plugin_conf(conflist, plugin, prev, runtime_config or {})) or prev
    return prev or {}


def delete(ctx: Any, container_id: str, netns: str, ifname: str = "eth0",
           conflist: Optional[dict[str, Any]] = None, runtime_config: Optional[dict[str, Any]] = None,
           args: str = "", cni_path: str = BIN_DIR) -> None:
    """DEL: the plugins in reverse order."""
    conflist = conflist or load_conflist(ctx)
    for plugin in reversed(conflist.get("plugins", [])):
        _run_plugin(ctx, plugin["type"], "DEL", _env("DEL", container_id, netns, ifname, args, cni_path),
                    _plugin_conf(conflist, plugin, None, runtime_config or {}))


def check(ctx: Any, container_id: str, netns: str, ifname: str = "eth0",
          conflist: Optional[dict[str, Any]] = None, prev: Optional[dict[str, Any]] = None,
          args: str = "", cni_path: str = BIN_DIR) -> None:
    conflist = conflist or load_conflist(ctx)
    for plugin in conflist.get("plugins", []):
        _run_plugin(ctx, plugin["type"], "CHECK", _env("CHECK", container_id, netns, ifname, args, cni_path),
                    _plugin_conf(conflist, plugin, prev, {}))
