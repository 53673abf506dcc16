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


def exec_plugin(ctx: Any, name: str, env: dict[str, str], config: str) -> Optional[dict[str, Any]]:
    """Run one plugin executable with CNI_* in its environment and the config on stdin."""
    path = find_plugin(ctx, name, env.get("CNI_PATH", BIN_DIR))
    result = ctx.derive(env={**ctx.env, **env}).run_argv([path], config)
    text = result.stdout.strip()
    if result.returncode != 0:
        try:
            doc = json.loads(text)
            raise CniError(int(doc.get("code", 999)), doc.get("msg", ""), doc.get("details", ""))
        except ValueError:
            raise CniError(999, f"netplugin failed: {result.stderr.strip() or text!r}") from None
    if not text:
        return None
    try:
        return json.loads(text)  # type: ignore[no-any-return]
    except ValueError:
        raise CniError(protocol.DECODE_FAILURE, f"netplugin failed with no error message: {text!r}") from None


def load_conflist(ctx: Any, conf_dir: str = CONF_DIR) -> dict[str, Any]:
    """The first network configuration by file name (.conflist, .conf or .json), as kubelet/containerd pick it."""
    from course_lib.shell.fs import get_fs
    fs = get_fs(ctx.machine)
    names = sorted(n for n in (fs.listdir(conf_dir) if fs.exists(conf_dir) else [])
                   if n.endswith((".conflist", ".conf", ".json")))
    if not names:
        raise CniError(protocol.INVALID_CONFIG, f"no networks found in {conf_dir}")
    doc = json.loads(fs.read(f"{conf_dir}/{names[0]}"))
    if "plugins" not in doc:
        doc = {"cniVersion": doc.get("cniVersion", "1.0.0"), "name": doc.get("name", ""), "plugins": [doc]}
    return doc  # type: ignore[no-any-return]


def _env(command: str, container_id: str, netns: str, ifname: str, args: str = "") -> dict[str, str]:
    return {"CNI_COMMAND": command, "CNI_CONTAINERID": container_id, "CNI_NETNS": netns, "CNI_IFNAME": ifname,
            "CNI_PATH": BIN_DIR, "CNI_ARGS": args}


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


def add(ctx: Any, container_id: str, netns: str, ifname: str = "eth0",
        conflist: Optional[dict[str, Any]] = None, runtime_config: Optional[dict[str, Any]] = None,
        args: str = "") -> dict[str, Any]:
    """ADD: loopback first (as CRI runtimes do), then every plugin of the list, each fed the last result."""
    conflist = conflist or load_conflist(ctx)
    lo_conf = json.dumps({"cniVersion": conflist.get("cniVersion", "1.0.0"), "name": "cni-loopback",
                          "type": "loopback"})
    exec_plugin(ctx, "loopback", _env("ADD", container_id, netns, "lo", args), lo_conf)
    prev: Optional[dict[str, Any]] = None
    for plugin in conflist.get("plugins", []):
        prev = exec_plugin(ctx, plugin["type"], _env("ADD", container_id, netns, ifname, args),
                           _plugin_conf(conflist, plugin, prev, runtime_config or {})) or prev
    return prev or {}


def delete(ctx: Any, container_id: str, netns: str, ifname: str = "eth0",
           conflist: Optional[dict[str, Any]] = None, runtime_config: Optional[dict[str, Any]] = None) -> None:
    """DEL: the plugins in reverse order; errors of a plugin are reported, the rest still run."""
    conflist = conflist or load_conflist(ctx)
    for plugin in reversed(conflist.get("plugins", [])):
        exec_plugin(ctx, plugin["type"], _env("DEL", container_id, netns, ifname),
                    _plugin_conf(conflist, plugin, None, runtime_config or {}))


def check(ctx: Any, container_id: str, netns: str, ifname: str = "eth0",
          conflist: Optional[dict[str, Any]] = None, prev: Optional[dict[str, Any]] = None) -> None:
    conflist = conflist or load_conflist(ctx)
    for plugin in conflist.get("plugins", []):
        exec_plugin(ctx, plugin["type"], _env("CHECK", container_id, netns, ifname),
                    _plugin_conf(conflist, plugin, prev, {}))
