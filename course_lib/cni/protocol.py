"""The CNI protocol as SPEC.md defines it: environment, errors with the spec's codes, results, chain names."""
from __future__ import annotations

import hashlib
import json
from typing import Any, Optional

from course_lib.result import CommandResult

SUPPORTED = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]
# Error codes of the spec (1-99 are the spec's, 100+ the plugins').
INCOMPATIBLE_VERSION, UNSUPPORTED_FIELD, UNKNOWN_CONTAINER, INVALID_ENV = 1, 2, 3, 4
IO_FAILURE, DECODE_FAILURE, INVALID_CONFIG, TRY_AGAIN_LATER = 5, 6, 7, 11
INTERNAL = 999                 # types.ErrInternal: what the plugins return for most of their own failures
ENV_ORDER = ("CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH")
REQUIRED_ENV = {"ADD": ("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"),
                "DEL": ("CNI_CONTAINERID", "CNI_IFNAME", "CNI_PATH"),
                "CHECK": ("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH")}
PLUGINS_VERSION = "v1.5.1"


class CniError(Exception):
    """A plugin failure: printed as the spec's error JSON on stdout, exit code 1."""

    def __init__(self, code: int, msg: str, details: str = "", version: str = "1.0.0") -> None:
        super().__init__(msg)
        self.code, self.msg, self.details, self.version = code, msg, details, version

    def __str__(self) -> str:
        """types.Error.Error(): the message, then `; details`."""
        return self.msg + (f"; {self.details}" if self.details else "")

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"code": self.code, "msg": self.msg}
        if self.details:
            doc["details"] = self.details
        return doc

    def result(self) -> CommandResult:
        return CommandResult(dump(self.document()), "", 1)


def dump(doc: Any) -> str:
    """JSON as the Go plugins print it: MarshalIndent with four spaces, no trailing newline."""
    return json.dumps(doc, indent=4).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def check_env(env: dict[str, str]) -> str:
    """skel's getCmdArgsFromEnv: the CNI_COMMAND, after checking the variables required for it."""
    command = env.get("CNI_COMMAND", "")
    required = REQUIRED_ENV.get(command, ())
    missing = [k for k in ENV_ORDER if not env.get(k) and (k == "CNI_COMMAND" or k in required)]
    if missing:
        raise CniError(INVALID_ENV, f"required env variables [{','.join(missing)}] missing")
    if command not in ("ADD", "DEL", "CHECK", "VERSION", "STATUS", "GC"):
        raise CniError(INVALID_ENV, f"unknown CNI_COMMAND: {command}")
    return command


def about(plugin: str) -> str:
    """What a plugin prints on stderr when run without CNI_COMMAND."""
    return f"CNI {plugin} plugin {PLUGINS_VERSION}\nCNI protocol versions supported: {', '.join(SUPPORTED)}\n"


def parse_config(stdin: str) -> dict[str, Any]:
    """skel's validateConfig and version check."""
    try:
        conf = json.loads(stdin)
    except ValueError as exc:
        raise CniError(DECODE_FAILURE, f"error unmarshall network config: {exc}") from exc
    if not isinstance(conf, dict):
        raise CniError(DECODE_FAILURE, "error unmarshall network config: json: cannot unmarshal into Go value")
    from course_lib.cni.netconf import skel_error
    bad = skel_error(conf)
    if bad is not None:
        raise CniError(DECODE_FAILURE, "".join(bad))
    if not conf.get("name"):
        raise CniError(INVALID_CONFIG, "missing network name")
    version = conf.get("cniVersion", "0.1.0")
    if version not in SUPPORTED:
        raise CniError(INCOMPATIBLE_VERSION, "incompatible CNI versions",
                       f"config is \"{version}\", plugin supports [{' '.join(json.dumps(v) for v in SUPPORTED)}]")
    return conf


def normalise(result: dict[str, Any], version: str) -> dict[str, Any]:
    """A result as types100.Result marshals it: fixed key order, empty lists left out, dns always there."""
    out: dict[str, Any] = {"cniVersion": version}
    for key in ("interfaces", "ips", "routes"):
        if result.get(key):
            out[key] = result[key]
    out["dns"] = result.get("dns") or {}
    if "ips" in out:
        out["ips"] = [{k: ip[k] for k in ("interface", "address", "gateway") if k in ip} for ip in out["ips"]]
    return out


def version_result(version: str = "1.1.0") -> dict[str, Any]:
    return {"cniVersion": version, "supportedVersions": SUPPORTED}


def chain_name(network: str, container_id: str, prefix: str = "") -> str:
    """utils.MustFormatChainNameWithPrefix: CNI-, the prefix, then sha512(name+id) hex, 28 characters."""
    return ("CNI-" + prefix + hashlib.sha512((network + container_id).encode()).hexdigest())[:28]


def comment(network: str, container_id: str) -> str:
    return f'name: "{network}" id: "{container_id}"'


def parse_args(text: str) -> dict[str, str]:
    """CNI_ARGS: `K=V;K2=V2`."""
    out = {}
    for item in filter(None, text.split(";")):
        key, _, value = item.partition("=")
        out[key] = value
    return out


def netns_of(ctx: Any, path: str) -> Optional[Any]:
    """The netns a CNI_NETNS path names: /var/run/netns/NAME (ip netns add), or a runtime's sandbox path."""
    machine = ctx.machine
    sandboxes = machine.__dict__.get("cni_sandboxes", {})
    if path in sandboxes:
        return sandboxes[path]
    for prefix in ("/var/run/netns/", "/run/netns/"):
        if path.startswith(prefix):
            return machine.netns.get(path[len(prefix):])
    return None
