"""ipset and the -m set match held against the real ipset 7.17 and iptables 1.8.9 in `unshare --net`, step by step.

Hash sets list their members in hash-bucket order (random initval): members are compared sorted, the
initval masked.
"""
from __future__ import annotations

import re
import shutil

import pytest

from tests.shell.iptables_conformance import real_available, run_model, run_real

pytestmark = pytest.mark.real
INITVAL = re.compile(r"initval 0x[0-9a-f]{8}")

STEPS = [
    "ipset create KUBE-CLUSTER-IP hash:ip,port",
    "ipset create KUBE-CLUSTER-IP hash:ip,port",
    "ipset create KUBE-CLUSTER-IP hash:ip,port -exist",
    "ipset add KUBE-CLUSTER-IP 10.96.0.1,tcp:443",
    "ipset add KUBE-CLUSTER-IP 10.96.0.10,udp:53",
    "ipset add KUBE-CLUSTER-IP 10.96.0.10,udp:53",
    "ipset add KUBE-CLUSTER-IP 10.96.0.10,udp:53 -exist",
    "ipset add KUBE-CLUSTER-IP 10.96.0.10",
    "ipset add KUBE-CLUSTER-IP 10.96.0.300,tcp:80",
    "ipset add KUBE-CLUSTER-IP 10.96.0.10,tcp:99999",
    "ipset add KUBE-CLUSTER-IP 10.96.0.10,foo:80",
    "ipset add KUBE-CLUSTER-IP 10.96.0.10,tcp:80,1.2.3.4",
    "ipset create KUBE-LOOP-BACK hash:ip,port,ip",
    "ipset add KUBE-LOOP-BACK 10.244.1.2,tcp:80,10.244.1.2",
    "ipset add KUBE-LOOP-BACK 10.244.1.2,tcp:80",
    "ipset create KUBE-NODE-PORT-TCP bitmap:port range 0-65535",
    "ipset add KUBE-NODE-PORT-TCP 30080",
    "ipset add KUBE-NODE-PORT-TCP 70000",
    "ipset create KUBE-LOAD-BALANCER-SOURCE-CIDR hash:ip,port,net",
    "ipset add KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,10.0.0.0/8",
    "ipset create KUBE-IPVS-IPS hash:ip",
    "ipset add KUBE-IPVS-IPS 10.96.0.1",
    "ipset create N hash:net",
    "ipset add N 10.0.0.0/8",
    "ipset add N 10.1.0.0/16",
    "ipset add N 10.2.3.4",
    "ipset test N 10.9.9.9",
    "ipset test N 11.9.9.9",
    "ipset create C bitmap:port",
    "ipset create X hash:foo",
    "ipset list",
    "ipset list KUBE-CLUSTER-IP",
    "ipset -L KUBE-NODE-PORT-TCP",
    "ipset list -n",
    "ipset list -t KUBE-LOOP-BACK",
    "ipset save",
    "ipset list NOPE",
    "ipset del KUBE-CLUSTER-IP 10.96.0.99,tcp:1",
    "ipset del KUBE-CLUSTER-IP 10.96.0.10,udp:53",
    "ipset test KUBE-CLUSTER-IP 10.96.0.1,tcp:443",
    "ipset test KUBE-CLUSTER-IP 10.96.0.1,tcp:444",
    "iptables -t nat -N KUBE-SERVICES",
    "iptables -t nat -A KUBE-SERVICES -m comment --comment \"Kubernetes service cluster ip + port for masquerade purpose\" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j MASQUERADE",
    "iptables -t nat -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT",
    "iptables -t nat -A KUBE-SERVICES -m set ! --match-set KUBE-LOOP-BACK dst,dst,src -j ACCEPT",
    "iptables -t nat -A KUBE-SERVICES -p tcp -m set --match-set KUBE-NODE-PORT-TCP dst -j ACCEPT",
    "iptables -t nat -A KUBE-SERVICES -m set -j ACCEPT",
    "iptables -t nat -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP foo -j ACCEPT",
    "iptables -t nat -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst,dst,dst,dst,dst,dst -j ACCEPT",
    "iptables -t nat -S",
    "iptables -t nat -L -n",
    "iptables -t nat -L KUBE-SERVICES -n -v",
    "iptables-save -t nat",
    "ipset list KUBE-CLUSTER-IP",
    "ipset destroy KUBE-CLUSTER-IP",
    "ipset flush KUBE-CLUSTER-IP",
    "ipset list KUBE-CLUSTER-IP",
    "ipset destroy N",
    "ipset list -n",
    "ipset",
    "ipset bogus",
]


def _normal(text: str) -> str:
    """initval masked; the member lines of each listed set (after `Members:`) sorted."""
    out: list[str] = []
    block: list[str] = []
    members = False
    for line in INITVAL.sub("initval 0xX", text).split("\n"):
        if line.startswith("Members:"):
            members = True
            out.append(line)
            continue
        if members and (not line or line.startswith("Name: ")):
            out += sorted(block)
            block, members = [], False
        (block if members else out).append(line)
    return "\n".join(out + sorted(block))


def test_ipset_and_match_set_same_as_real() -> None:
    reason = real_available() or (None if shutil.which("ipset") else "ipset not installed")
    if reason:
        pytest.skip(reason)
    problems = []
    for step, r, m in zip(STEPS, run_real(STEPS), run_model(STEPS)):
        if step.startswith("ipset save"):
            continue                    # several hash sets: member order is the kernel's hash order
        if (_normal(r[0]), r[1]) != (_normal(m[0]), m[1]):
            problems.append(f"$ {step}\n--- real (rc {r[1]})\n{r[0]}--- model (rc {m[1]})\n{m[0]}")
    assert not problems, "\n".join(problems[:6]) + f"\n({len(problems)} differences)"
