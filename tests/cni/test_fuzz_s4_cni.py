"""Property: CNI network configs with values of the wrong JSON type (and odd numbers, unicode, deep nesting), fed on
stdin to the plugins a learner calls by hand, to a learner-written plugin that hands its config on to host-local,
and to cnitool through a conflist, never raise; a call the plugin refuses while loading its config (the spec's
decode/config/version/env errors, Go's `cannot unmarshal`) leaves the lab as it was; the terminal answers."""
from __future__ import annotations

import copy
import json
import os
import random

from hypothesis import given
from hypothesis import strategies as st

from course_lib import Lab
from course_lib.cni import runtime
from tests.fuzz_support import built, fixed, lab_state, run_session
from tests.k8s.test_fuzz_s4_kubectl import retype

BRIDGE = {"cniVersion": "1.0.0", "name": "net", "type": "bridge", "bridge": "cni0", "isGateway": True,
          "isDefaultGateway": False, "ipMasq": True, "hairpinMode": True,
          "ipam": {"type": "host-local", "subnet": "10.244.1.0/24", "rangeStart": "10.244.1.10",
                   "rangeEnd": "10.244.1.20", "gateway": "10.244.1.1", "routes": [{"dst": "0.0.0.0/0"}],
                   "dataDir": "/var/lib/cni/networks"}}
PORTMAP = {"cniVersion": "1.0.0", "name": "net", "type": "portmap", "capabilities": {"portMappings": True},
           "runtimeConfig": {"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}]},
           "prevResult": {"cniVersion": "1.0.0", "ips": [{"address": "10.244.1.10/24"}]}}
LOOPBACK = {"cniVersion": "1.0.0", "name": "lo", "type": "loopback"}
CONFS = {"bridge": BRIDGE, "host-local": BRIDGE, "portmap": PORTMAP, "loopback": LOOPBACK, "relay": BRIDGE}
# the learner's plugin: hands its config to host-local, as the seed's net-script does for its address
RELAY = """#!/bin/bash
conf=$(cat)
case $CNI_COMMAND in
ADD) echo "$conf" | /opt/cni/bin/host-local ;;
DEL) echo "$conf" | /opt/cni/bin/host-local ;;
VERSION) echo '{"cniVersion": "1.0.0", "supportedVersions": ["1.0.0"]}' ;;
esac
"""
SETUP = ["ip netns add red", "ip netns add blue", "mkdir -p /opt/cni/bin /etc/cni/net.d"]
ENVS = ["CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin",
        "CNI_COMMAND=DEL CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin",
        "CNI_COMMAND=CHECK CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin",
        "CNI_COMMAND=ADD CNI_CONTAINERID=c2 CNI_NETNS=/var/run/netns/blue CNI_IFNAME=eth1 CNI_PATH=/opt/cni/bin",
        "CNI_COMMAND=VERSION",
        "CNI_COMMAND=ADD CNI_CONTAINERID= CNI_NETNS=/nosuch CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin",
        "CNI_COMMAND=BOGUS CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin"]
# errors a plugin gives while loading its config, before it does anything (skel's checks, Go's json decoding)
REFUSED = ('"code": 1,', '"code": 2,', '"code": 4,', '"code": 6,', '"code": 7,', "cannot unmarshal",
           "failed to load netconf", "failed to parse", "error unmarshall", "missing network name",
           "required env variables", "invalid IP address", "invalid CIDR address")
# the bridge's own refusals (skel's checks, its loadNetConf), not those of the IPAM plugin it delegates to
SKEL = ("failed to load netconf", "error unmarshall", "missing network name", "decoding version from",
        "incompatible CNI versions", "required env variables", "unknown CNI_COMMAND")


def new_lab() -> Lab:
    lab = built(Lab(), SETUP)
    runtime.install(lab.network.machines["host"])
    assert lab.run("cat > /opt/cni/bin/relay && chmod +x /opt/cni/bin/relay", stdin=RELAY).ok
    return lab


def random_input(rng: random.Random) -> tuple[str, str]:
    plugin = rng.choice(sorted(CONFS))
    conf = copy.deepcopy(CONFS[plugin])
    if rng.random() < 0.9:
        retype(rng, [conf], depths=(2, 8, 60))
    text = json.dumps(conf) if rng.random() < 0.9 else json.dumps(conf)[:rng.randrange(80)]
    if rng.random() < 0.25:
        conflist = {"cniVersion": "1.0.0", "name": "net", "plugins": [conf]}
        if rng.random() < 0.5:
            retype(rng, [conflist], depths=(2, 8))
        verb = rng.choice(["add", "del", "check"])
        return (f"cat > /etc/cni/net.d/10-net.conflist; cnitool {verb} net /var/run/netns/red",
                json.dumps(conflist))
    return f"{rng.choice(ENVS)} /opt/cni/bin/{plugin}", text


def refused(line: str, result) -> bool:
    """A plugin's own call that it refused while loading its config (not cnitool's: its conflist file is new; not
    the bridge's delegated IPAM call, made after the bridge and the veth, as the real plugin does)."""
    shown = result.stdout + result.stderr
    if not line.startswith("CNI_") or result.returncode == 0 or not any(r in shown for r in REFUSED):
        return False
    return not line.endswith("/bridge") or any(words in shown for words in SKEL)


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 40)))
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_s4_cni_configs_of_wrong_types_never_raise_and_refused_ones_change_nothing(seed: int) -> None:
    rng = random.Random(seed)
    lab = new_lab()
    run_session(lab.run, 10, lambda: random_input(rng), lambda: lab_state(lab), refused)
    assert lab.run("echo alive").stdout == "alive\n"
