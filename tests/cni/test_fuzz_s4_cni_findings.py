"""Findings of tests/cni/test_fuzz_s4_cni.py: configs whose values the plugins' Go structs cannot hold are refused as
encoding/json words it, wrapped as each plugin returns it, before anything is made (they raised TypeError or
AttributeError inside the simulated plugins: an internal error)."""
from __future__ import annotations

import json

import pytest

from course_lib import Lab
from course_lib.cni import runtime
from tests.cni.test_fuzz_s4_cni import BRIDGE, PORTMAP

ENV = "CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin"


@pytest.fixture()
def lab() -> Lab:
    lab = Lab()
    runtime.install(lab.network.machines["host"])
    assert lab.run("ip netns add red").ok
    return lab


def _with(conf: dict, path: str, value) -> str:
    conf = json.loads(json.dumps(conf))
    *parents, last = path.split(".")
    node = conf
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[last] = value
    return json.dumps(conf)


@pytest.mark.parametrize("plugin, conf, path, value, code, msg", [
    ("bridge", BRIDGE, "isGateway", "yes", 999,
     "failed to load netconf: json: cannot unmarshal string into Go struct field NetConf.isGateway of type bool"),
    ("bridge", BRIDGE, "mtu", 1.5, 999,
     "failed to load netconf: json: cannot unmarshal number 1.5 into Go struct field NetConf.mtu of type int"),
    ("bridge", BRIDGE, "ipam.type", [], 999,
     "failed to load netconf: json: cannot unmarshal array into Go struct field IPAM.ipam.type of type string"),
    ("host-local", BRIDGE, "ipam.subnet", 5, 999, "json: cannot unmarshal number into Go value of type string"),
    ("host-local", BRIDGE, "ipam.subnet", "10.244.1.0", 999, "invalid CIDR address: 10.244.1.0"),
    ("host-local", BRIDGE, "ipam.gateway", "x", 999, "invalid IP address: x"),
    ("host-local", BRIDGE, "ipam.dataDir", {}, 999,
     "json: cannot unmarshal object into Go struct field IPAMConfig.ipam.dataDir of type string"),
    ("portmap", PORTMAP, "runtimeConfig.portMappings", [[1]], 999,
     "failed to parse config: failed to parse network configuration: json: cannot unmarshal array into Go struct "
     "field .runtimeConfig.portMappings of type main.PortMapEntry"),
    ("portmap", PORTMAP, "runtimeConfig.portMappings.0.hostPort", "80", 999,
     "failed to parse config: failed to parse network configuration: json: cannot unmarshal string into Go struct "
     "field PortMapEntry.runtimeConfig.portMappings.hostPort of type int"),
    ("portmap", PORTMAP, "prevResult.ips", [[1]], 999,
     "failed to parse config: could not parse prevResult: json: cannot unmarshal array into Go struct field "
     "Result.ips of type types100.ipConfig"),
    ("bridge", BRIDGE, "name", 5, 6,
     "error unmarshall network config: json: cannot unmarshal number into Go struct field .name of type string"),
    ("loopback", {"cniVersion": "1.0.0", "name": "lo", "type": "loopback"}, "cniVersion", True, 6,
     "decoding version from network config: json: cannot unmarshal bool into Go struct field .cniVersion of type "
     "string"),
])
def test_a_config_the_plugins_go_struct_cannot_hold_is_refused_before_anything_is_made(lab, plugin, conf, path,
                                                                                      value, code, msg):
    before = lab.run("ip -d link; ip -n red -d link; iptables-save -t nat | grep -v '^#'; ls -R /var/lib/cni").stdout
    result = lab.run(f"{ENV} /opt/cni/bin/{plugin}", stdin=_with(conf, path, value))
    assert result.returncode == 1 and json.loads(result.stdout) == {"code": code, "msg": msg}, result
    assert lab.run("ip -d link; ip -n red -d link; iptables-save -t nat | grep -v '^#'; "
                   "ls -R /var/lib/cni").stdout == before


@pytest.mark.parametrize("plugins, message", [
    ('"x"', "error parsing configuration list: invalid 'plugins' type string"),
    ("5", "error parsing configuration list: invalid 'plugins' type float64"),
    ("[]", "error parsing configuration list: no plugins in list"),
    ('["x"]', "failed to parse plugin config 0: error parsing configuration: json: cannot unmarshal string into "
              "Go value of type types.NetConf"),
    ('[{"type": "bridge"}, {"name": "x"}]', "failed to parse plugin config 1: error parsing configuration: "
                                            "missing 'type'"),
])
def test_cnitool_refuses_a_conflist_as_libcni_parses_it(lab, plugins, message):
    assert lab.run('mkdir -p /etc/cni/net.d; echo \'{"cniVersion": "1.0.0", "name": "net", "plugins": '
                   f"{plugins}}}' > /etc/cni/net.d/10-net.conflist").ok
    result = lab.run("cnitool add net /var/run/netns/red")
    assert (result.stdout, result.stderr, result.returncode) == ("", message + "\n", 1)


@pytest.mark.parametrize("path, value, msg", [
    ("runtimeConfig.portMappings.0.containerPort", 0, "failed to parse config: Invalid container port number: 0"),
    ("runtimeConfig.portMappings.0.hostPort", -1, "failed to parse config: Invalid host port number: -1"),
])
def test_portmap_refuses_port_numbers_below_one_before_anything_is_made(lab, path, value, msg):
    result = lab.run(f"{ENV} /opt/cni/bin/portmap", stdin=_with(PORTMAP, path, value))
    assert json.loads(result.stdout) == {"code": 999, "msg": msg}
    assert "CNI-HOSTPORT" not in lab.run("iptables-save -t nat").stdout


def test_portmap_skips_a_previous_result_ip_without_an_address(lab):
    result = lab.run(f"{ENV} /opt/cni/bin/portmap", stdin=_with(PORTMAP, "prevResult.ips", [{"gateway": "10.0.0.1"}]))
    assert result.returncode == 0 and "CNI-HOSTPORT" not in lab.run("iptables-save -t nat").stdout
