"""The Go structs the CNI plugins decode their network config into, and encoding/json's error for the first value of a
JSON type the Go type cannot take (`json: cannot unmarshal string into Go struct field NetConf.isGateway of type
bool`), worded and wrapped as each plugin returns it (containernetworking/plugins v1.5: bridge's loadNetConf,
host-local's allocator.LoadIPAMConfig, portmap's parseConfig, loopback's parseNetConf; skel's own checks of `name`
and `cniVersion`). A plugin answers it before it changes anything.

A type is "string", "bool", "int", "net.IP" (a JSON string that must parse), "IPNet" (types.IPNet: a string with
a prefix), ("[]", GO, ITEM), ("map", GO, VALUE) or ("struct", NAME, GO, {json name: type}); JSON null decodes to
the zero value of any type, unknown keys are ignored, and Go matches keys without regard to case.
"""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

from course_lib.k8s.shapes import json_type

S, B, I = "string", "bool", "int"
_STRS = ("[]", "[]string", S)
NETCONF = {"cniVersion": S, "name": S, "type": S, "capabilities": ("map", "map[string]bool", B),
           "ipam": ("struct", "IPAM", "types.IPAM", {"type": S}),
           "dns": ("struct", "DNS", "types.DNS", {"nameservers": _STRS, "domain": S, "search": _STRS,
                                                  "options": _STRS}),
           "prevResult": ("map", "map[string]interface {}", None)}
_INT_PTR = "*int"
BRIDGE = ("struct", "NetConf", "main.NetConf", {
    **NETCONF, "bridge": S, "isGateway": B, "isDefaultGateway": B, "forceAddress": B, "ipMasq": B, "mtu": I,
    "hairpinMode": B, "promiscMode": B, "vlan": I, "preserveDefaultVlan": B, "macspoofchk": B, "enabledad": B,
    "vlanTrunk": ("[]", "[]*main.VlanTrunk", ("struct", "VlanTrunk", "main.VlanTrunk",
                                              {"minID": _INT_PTR, "maxID": _INT_PTR, "id": _INT_PTR})),
    "args": ("struct", "", "struct { Cni main.BridgeArgs \"json:\\\"cni,omitempty\\\"\" }",
             {"cni": ("struct", "BridgeArgs", "main.BridgeArgs", {"mac": S})}),
    "runtimeConfig": ("struct", "", "struct { Mac string \"json:\\\"mac,omitempty\\\"\" }", {"mac": S})})
_RANGE = {"rangeStart": "net.IP", "rangeEnd": "net.IP", "subnet": "IPNet", "gateway": "net.IP"}
_RANGESET = ("[]", "allocator.RangeSet", ("struct", "Range", "allocator.Range", _RANGE))
HOST_LOCAL = ("struct", "Net", "allocator.Net", {
    "name": S, "cniVersion": S,
    "ipam": ("struct", "IPAMConfig", "allocator.IPAMConfig", {
        **_RANGE, "type": S, "dataDir": S, "resolvConf": S, "ranges": ("[]", "[]allocator.RangeSet", _RANGESET),
        "routes": ("[]", "[]*types.Route", ("struct", "route", "types.route", {"dst": "IPNet", "gw": "net.IP"}))})})
PORTMAP = ("struct", "PortMapConf", "main.PortMapConf", {
    **NETCONF, "snat": "*bool", "conditionsV4": ("[]", "[]string", S), "conditionsV6": ("[]", "[]string", S),
    "masqAll": B, "markMasqBit": _INT_PTR, "externalSetMarkChain": "*string",
    "runtimeConfig": ("struct", "", "struct { PortMaps []main.PortMapEntry \"json:\\\"portMappings,omitempty\\\"\" }",
                      {"portMappings": ("[]", "[]main.PortMapEntry", ("struct", "PortMapEntry", "main.PortMapEntry",
                                        {"hostPort": I, "containerPort": I, "protocol": S, "hostIP": S}))})})
LOOPBACK = ("struct", "NetConf", "types.NetConf", NETCONF)
# version.ParsePrevResult decodes prevResult into types100.Result (its IPConfig through ipConfig's own decoding)
RESULT = ("struct", "Result", "types100.Result", {
    "cniVersion": S, "interfaces": ("[]", "[]*types100.Interface", ("struct", "Interface", "types100.Interface",
                                                                    {"name": S, "mac": S, "mtu": I, "sandbox": S})),
    "ips": ("[]", "[]*types100.IPConfig", ("struct", "ipConfig", "types100.ipConfig",
                                           {"interface": _INT_PTR, "address": "IPNet", "gateway": "net.IP"})),
    "routes": ("[]", "[]*types.Route", ("struct", "route", "types.route", {"dst": "IPNet", "gw": "net.IP"}))})
PREV = {"portmap": "failed to parse config: could not parse prevResult: ",
        "loopback": "failed to parse prevResult: "}
# plugin -> (its config's Go type, the words it puts before the decoder's error)
PLUGINS = {"bridge": (BRIDGE, "failed to load netconf: "), "host-local": (HOST_LOCAL, ""),
           "portmap": (PORTMAP, "failed to parse config: failed to parse network configuration: "),
           "loopback": (LOOPBACK, "failed to parse network config: ")}
_GO = {S: "string", B: "bool", I: "int", "net.IP": "net.IP", "*bool": "bool", "*string": "string", _INT_PTR: "int"}
_INT64 = range(-2 ** 63, 2 ** 63)


def _number(value: Any) -> str:
    return "number " + (repr(value) if isinstance(value, float) else str(value))


def _error(value: Any, spec: Any, struct: str, path: str) -> Optional[str]:
    """encoding/json's error for `value` decoded into `spec` (None when it decodes)."""
    if value is None:
        return None
    where = f"Go struct field {struct}.{path}" if path else "Go value"
    if isinstance(spec, str):
        go = _GO.get(spec, spec)
        if spec == "IPNet":                                   # types.IPNet.UnmarshalJSON: a string, then ParseCIDR
            if not isinstance(value, str):
                return f"json: cannot unmarshal {json_type(value)} into Go value of type string"
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                return f"invalid CIDR address: {value}"
            return None if "/" in value else f"invalid CIDR address: {value}"
        want = {"string": str, "bool": bool, "int": int, "net.IP": str}[go]
        if want is int and isinstance(value, (int, float)) and not isinstance(value, bool):
            ok = isinstance(value, int) and value in _INT64
            return None if ok else f"json: cannot unmarshal {_number(value)} into {where} of type {go}"
        if not isinstance(value, want) or (want is not bool and isinstance(value, bool)):
            return f"json: cannot unmarshal {json_type(value)} into {where} of type {go}"
        if go == "net.IP":
            try:
                ipaddress.ip_address(value)
            except ValueError:
                return f"invalid IP address: {value}"
        return None
    kind, name, go, inner = spec if spec[0] == "struct" else (spec[0], struct, spec[1], spec[2])
    if kind == "struct":
        if not isinstance(value, dict):
            return f"json: cannot unmarshal {json_type(value)} into {where} of type {go}"
        fields = {key.lower(): (key, sub) for key, sub in inner.items()}
        for key, item in value.items():
            known = fields.get(str(key).lower())
            if known is not None:
                err = _error(item, known[1], name, f"{path}.{known[0]}" if path else known[0])
                if err:
                    return err
        return None
    if not isinstance(value, list if kind == "[]" else dict):
        return f"json: cannot unmarshal {json_type(value)} into {where} of type {go}"
    if inner is None:
        return None
    for item in (value if kind == "[]" else value.values()):
        err = _error(item, inner, struct, path)
        if err:
            return err
    return None


def skel_error(conf: dict[str, Any]) -> Optional[tuple[str, str]]:
    """skel's validateConfig and version decoding: (which check, the decoder's error) for a name or cniVersion that
    is no string."""
    for key, words in (("name", "error unmarshall network config: "),
                       ("cniVersion", "decoding version from network config: ")):
        err = _error(conf.get(key), S, "", key)
        if err:
            return words, err
    return None


def decode_error(plugin: str, conf: dict[str, Any], command: str) -> Optional[str]:
    """The plugin's error for a config its Go struct cannot hold, as it returns it (skel makes it code 999)."""
    found = PLUGINS.get(plugin)
    if found is None:
        return None
    spec, words = found
    err = _error(conf, spec, spec[1], "")
    if err is None and plugin in PREV and isinstance(conf.get("prevResult"), dict):
        words, err = PREV[plugin], _error(conf["prevResult"], RESULT, "Result", "")
    if err is None:
        return None
    if plugin == "portmap" and command == "CHECK":
        words = words.replace("failed to parse config: ", "")
    return words + err


def _go_type(value: Any) -> str:
    """fmt's %T of a value encoding/json decoded into interface{}."""
    if value is None:
        return "<nil>"
    return {dict: "map[string]interface {}", list: "[]interface {}", str: "string", bool: "bool"}.get(
        type(value), "float64")


def conflist_error(doc: dict[str, Any]) -> Optional[str]:
    """libcni's ConfListFromBytes checks of a network configuration list: its cniVersion and plugins, then each
    plugin decoded into types.NetConf with a type."""
    if "cniVersion" in doc and not isinstance(doc["cniVersion"], str):
        return f"error parsing configuration list: invalid cniVersion type {_go_type(doc['cniVersion'])}"
    plugins = doc.get("plugins")
    if not isinstance(plugins, list):
        return f"error parsing configuration list: invalid 'plugins' type {_go_type(plugins)}"
    if not plugins:
        return "error parsing configuration list: no plugins in list"
    for index, conf in enumerate(plugins):
        err = _error(conf, LOOPBACK, "NetConf", "")
        if err is None and not (isinstance(conf, dict) and conf.get("type")):
            err = "missing 'type'"
        if err is not None:
            return f"failed to parse plugin config {index}: error parsing configuration: {err}"
    return None
