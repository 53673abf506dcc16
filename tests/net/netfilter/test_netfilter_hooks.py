"""Hook traversal on a bare NetNS with crafted packets: chains, jumps, counters, index, conntrack, NAT."""
from __future__ import annotations

import ipaddress
import shlex

import pytest

from course_lib.net.link import Link
from course_lib.net.machine import Machine
from course_lib.net.netfilter import nf_hook
from course_lib.net.netns import Address
from course_lib.net.packet import Packet
from course_lib.net.trace import Trace
from course_lib.net.world import Network
from course_lib.shell.context import ExecContext
from course_lib.shell.iptables import run_iptables

IP = ipaddress.IPv4Address


class Box:
    """A netns with eth0 (10.0.0.1/24) and eth1 (192.168.1.1/24), driven by iptables command lines."""

    def __init__(self) -> None:
        self.net = Network()
        self.machine = Machine("m", self.net)
        self.ns = self.machine.root
        self.eth0 = self._link("eth0", "10.0.0.1/24")
        self.eth1 = self._link("eth1", "192.168.1.1/24")
        self.ctx = ExecContext(self.machine, self.ns)

    def _link(self, name: str, addr: str) -> Link:
        link = Link(name=name, kind="ether", ifindex=self.ns.alloc_ifindex(), mac="02:00:00:00:00:01",
                    netns=self.ns, admin_up=True)
        self.ns.links[link.ifindex] = link
        self.ns.addresses.append(Address(link=link, interface=ipaddress.IPv4Interface(addr)))
        return link

    def ipt(self, *lines: str) -> str:
        out = ""
        for line in lines:
            r = run_iptables(self.ctx, shlex.split(line))
            assert r.returncode == 0, (line, r.stderr)
            out += r.stdout
        return out


def tcp(src: str, dst: str, sport: int = 40000, dport: int = 80, flags: str = "S") -> Packet:
    return Packet(src=IP(src), dst=IP(dst), proto="tcp", sport=sport, dport=dport, tcp_flags=flags, length=60)


def forward(box: Box, pkt: Packet, inl: Link, outl: Link) -> list[str]:
    """PREROUTING, FORWARD, POSTROUTING; the actions taken."""
    out = []
    for hook, i, o in (("PREROUTING", inl, None), ("FORWARD", inl, outl), ("POSTROUTING", None, outl)):
        v = nf_hook(box.ns, hook, pkt, i, o)
        out.append(v.action)
        if not v.accepted:
            break
    return out


def test_no_tables_means_accept_and_no_conntrack() -> None:
    box = Box()
    pkt = tcp("10.0.0.5", "192.168.1.5")
    assert forward(box, pkt, box.eth0, box.eth1) == ["ACCEPT"] * 3
    assert pkt.ct is None and box.ns.conntrack is None


def test_jump_return_goto_and_counters() -> None:
    box = Box()
    box.ipt("iptables -N A", "iptables -N B",
            "iptables -A FORWARD -p tcp -j A",
            "iptables -A FORWARD -p tcp --dport 80 -j DROP",
            "iptables -A A -s 10.0.0.0/8 -g B",
            "iptables -A A -j DROP",
            "iptables -A B -p tcp --dport 22 -j ACCEPT",
            "iptables -A B -j RETURN")
    v = nf_hook(box.ns, "FORWARD", tcp("10.0.0.5", "192.168.1.5"), box.eth0, box.eth1)
    # A -> goto B -> RETURN goes back to FORWARD (the caller of A), where --dport 80 drops it
    assert v.action == "DROP" and v.rule == "-A FORWARD -p tcp -m tcp --dport 80 -j DROP"
    assert v.table == "filter" and v.chain == "FORWARD"
    v = nf_hook(box.ns, "FORWARD", tcp("10.0.0.5", "192.168.1.5", dport=22), box.eth0, box.eth1)
    assert v.accepted
    v = nf_hook(box.ns, "FORWARD", tcp("172.16.0.5", "192.168.1.5", dport=22), box.eth0, box.eth1)
    assert v.action == "DROP" and v.rule == "-A A -j DROP"
    listing = box.ipt("iptables -L -v -n -x")
    assert "       3      180 A          6" in listing
    assert "Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)" in listing
    assert "       1       60 RETURN" in listing


def test_policy_drop_verdict_names_the_policy() -> None:
    box = Box()
    box.ipt("iptables -P INPUT DROP")
    v = nf_hook(box.ns, "INPUT", tcp("10.0.0.5", "10.0.0.1"), box.eth0, None)
    assert v.action == "DROP" and v.rule == "-P INPUT DROP"


def test_interface_wildcards_negation_and_reject() -> None:
    box = Box()
    box.ipt("iptables -A FORWARD ! -i eth+ -j ACCEPT",
            "iptables -A FORWARD -i eth0 -o eth1 -p tcp -j REJECT --reject-with tcp-reset")
    v = nf_hook(box.ns, "FORWARD", tcp("10.0.0.5", "192.168.1.5"), box.eth0, box.eth1)
    assert v.action == "REJECT" and v.reject_with == "tcp-reset"


def test_index_keeps_rule_order_in_long_chains() -> None:
    box = Box()
    lines = ["iptables -t filter -N SVC"]
    for i in range(300):
        lines.append(f"iptables -A SVC -d 10.96.{i // 250}.{i % 250 + 1}/32 -p tcp --dport 80 -j ACCEPT")
        if i == 150:
            lines.append("iptables -A SVC -s 10.0.0.66 -j DROP")     # a generic rule in the middle
    lines.append("iptables -A SVC -j REJECT")
    lines.append("iptables -A FORWARD -j SVC")
    box.ipt(*lines)
    late = tcp("10.0.0.66", "10.96.0.201")          # keyed rule after the generic DROP
    assert nf_hook(box.ns, "FORWARD", late, box.eth0, box.eth1).action == "DROP"
    early = tcp("10.0.0.66", "10.96.0.10")          # keyed rule before it
    assert nf_hook(box.ns, "FORWARD", early, box.eth0, box.eth1).accepted
    other = tcp("10.0.0.7", "10.96.1.49")
    assert nf_hook(box.ns, "FORWARD", other, box.eth0, box.eth1).accepted
    assert nf_hook(box.ns, "FORWARD", tcp("10.0.0.7", "10.96.9.9"), box.eth0, box.eth1).action == "REJECT"


def test_nat_sees_only_the_first_packet_and_replies_are_un_natted() -> None:
    box = Box()
    box.ipt("iptables -t nat -A PREROUTING -d 10.0.0.1 -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.5:80",
            "iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE")
    syn = tcp("10.0.0.5", "10.0.0.1", dport=8080)
    assert forward(box, syn, box.eth0, box.eth1) == ["ACCEPT"] * 3
    assert (syn.src, syn.sport, syn.dst, syn.dport) == (IP("192.168.1.1"), 40000, IP("192.168.1.5"), 80)
    assert syn.ct_state == "NEW"
    synack = tcp("192.168.1.5", "192.168.1.1", sport=80, dport=40000, flags="SA")
    forward(box, synack, box.eth1, box.eth0)
    assert (synack.src, synack.sport, synack.dst, synack.dport) == (IP("10.0.0.1"), 8080, IP("10.0.0.5"), 40000)
    assert synack.ct_state == "ESTABLISHED"
    ack = tcp("10.0.0.5", "10.0.0.1", dport=8080, flags="A")
    forward(box, ack, box.eth0, box.eth1)
    assert ack.dst == IP("192.168.1.5") and ack.ct_state == "ESTABLISHED"
    nat = box.ipt("iptables -t nat -L -n -v")
    assert "    1    60 DNAT" in nat and "    1    60 MASQUERADE" in nat


def test_related_icmp_error_is_translated_back() -> None:
    box = Box()
    box.ipt("iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE")
    udp = Packet(src=IP("10.0.0.5"), dst=IP("192.168.1.5"), proto="udp", sport=5353, dport=53)
    forward(box, udp, box.eth0, box.eth1)
    assert udp.src == IP("192.168.1.1")
    err = Packet(src=IP("192.168.1.5"), dst=IP("192.168.1.1"), proto="icmp", icmp_type=3, icmp_code=3,
                 inner=udp.copy())
    box.ipt("iptables -A FORWARD -m conntrack --ctstate RELATED -j ACCEPT", "iptables -P FORWARD DROP")
    assert forward(box, err, box.eth1, box.eth0) == ["ACCEPT"] * 3
    assert err.ct_state == "RELATED" and err.dst == IP("10.0.0.5") and err.inner.src == IP("10.0.0.5")


def test_conntrack_entries_expire_on_the_model_clock() -> None:
    box = Box()
    box.ipt("iptables -A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT",
            "iptables -A FORWARD -i eth0 -j ACCEPT", "iptables -P FORWARD DROP")
    out = Packet(src=IP("10.0.0.5"), dst=IP("192.168.1.5"), proto="udp", sport=1000, dport=53)
    forward(box, out, box.eth0, box.eth1)
    back = Packet(src=IP("192.168.1.5"), dst=IP("10.0.0.5"), proto="udp", sport=53, dport=1000)
    assert forward(box, back, box.eth1, box.eth0) == ["ACCEPT"] * 3
    box.net.clock += 200          # past the udp timeout
    back2 = Packet(src=IP("192.168.1.5"), dst=IP("10.0.0.5"), proto="udp", sport=53, dport=1000)
    assert forward(box, back2, box.eth1, box.eth0) == ["ACCEPT", "DROP"]


def test_mark_target_and_mark_match() -> None:
    box = Box()
    box.ipt("iptables -t mangle -A PREROUTING -p tcp --dport 80 -j MARK --set-xmark 0x4000/0x4000",
            "iptables -A FORWARD -m mark --mark 0x4000/0x4000 -j DROP")
    pkt = tcp("10.0.0.5", "192.168.1.5")
    assert forward(box, pkt, box.eth0, box.eth1) == ["ACCEPT", "DROP"]
    assert pkt.mark == 0x4000


def test_statistic_nth_and_addrtype_local() -> None:
    box = Box()
    box.ipt("iptables -A INPUT -m statistic --mode nth --every 3 --packet 0 -j DROP",
            "iptables -A FORWARD -m addrtype --dst-type LOCAL -j DROP")
    actions = [nf_hook(box.ns, "INPUT", tcp("10.0.0.5", "10.0.0.1", sport=p), box.eth0, None).action
               for p in range(1, 7)]
    assert actions == ["DROP", "ACCEPT", "ACCEPT", "DROP", "ACCEPT", "ACCEPT"]    # --packet 0: the first of each 3
    assert nf_hook(box.ns, "FORWARD", tcp("10.0.0.5", "192.168.1.1"), box.eth0, box.eth1).action == "DROP"
    assert nf_hook(box.ns, "FORWARD", tcp("10.0.0.5", "192.168.1.9"), box.eth0, box.eth1).accepted


def test_bridged_follows_the_sysctl() -> None:
    box = Box()
    box.ipt("iptables -A FORWARD -j DROP")
    pkt = tcp("10.0.0.5", "10.0.0.6")
    assert nf_hook(box.ns, "FORWARD", pkt, box.eth0, box.eth0, bridged=True).action == "DROP"
    box.ns.sysctls["net.bridge.bridge-nf-call-iptables"] = "0"
    assert nf_hook(box.ns, "FORWARD", pkt, box.eth0, box.eth0, bridged=True).accepted


def test_trace_records_netfilter_and_nat_hops() -> None:
    box = Box()
    box.ipt("iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE", "iptables -A FORWARD -p tcp -j ACCEPT")
    pkt = tcp("10.0.0.5", "192.168.1.5")
    pkt.trace = Trace()
    forward(box, pkt, box.eth0, box.eth1)
    steps = [(h.step, h.detail) for h in pkt.trace.hops]
    assert ("netfilter", "filter FORWARD: -A FORWARD -p tcp -j ACCEPT -> ACCEPT") in steps
    assert ("nat", "SNAT src 10.0.0.5 -> 192.168.1.1") in steps
    assert steps[0][0] == "conntrack"


@pytest.mark.parametrize("n", [10, 1000])
def test_kube_services_traversal_touches_few_rules(n: int) -> None:
    """With n services, a packet to one service evaluates about the same number of rules."""
    box = Box()
    lines = ["iptables -t nat -N KUBE-SERVICES", "iptables -t nat -A PREROUTING -j KUBE-SERVICES"]
    for i in range(n):
        lines.append(f"iptables -t nat -N KUBE-SVC-{i}")
        lines.append(f"iptables -t nat -A KUBE-SVC-{i} -p tcp -j DNAT --to-destination 192.168.1.{i % 200 + 2}:80")
        lines.append(f"iptables -t nat -A KUBE-SERVICES -d 10.96.{i // 200}.{i % 200 + 1}/32 -p tcp "
                     f"-m tcp --dport 80 -j KUBE-SVC-{i}")
    box.ipt(*lines)
    chain = box.ns.netfilter.tables["nat"].chains["KUBE-SERVICES"]
    assert len(chain.candidates(int(IP("10.96.0.5")))) == (1 if n >= 12 else n)
    pkt = tcp("10.0.0.5", "10.96.0.5")
    nf_hook(box.ns, "PREROUTING", pkt, box.eth0, None)
    assert pkt.dst == IP("192.168.1.6") and pkt.dport == 80


def test_mark_does_not_follow_a_packet_into_another_netns() -> None:
    box = Box()
    box.ipt("iptables -t nat -A POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE")
    pkt = tcp("10.0.0.5", "192.168.1.5")
    pkt.mark = 0x4000                      # set by the previous machine's KUBE-MARK-MASQ
    forward(box, pkt, box.eth0, box.eth1)
    assert pkt.mark == 0 and pkt.src == IP("10.0.0.5")


def test_limit_is_a_token_bucket_on_the_model_clock() -> None:
    box = Box()
    box.ipt("iptables -A INPUT -p tcp -m limit --limit 1/sec --limit-burst 2 -j ACCEPT", "iptables -P INPUT DROP")
    got = [nf_hook(box.ns, "INPUT", tcp("10.0.0.5", "10.0.0.1", sport=p), box.eth0, None).action for p in range(4)]
    assert got == ["ACCEPT", "ACCEPT", "DROP", "DROP"]
    box.net.clock += 1.0
    assert nf_hook(box.ns, "INPUT", tcp("10.0.0.5", "10.0.0.1", sport=9), box.eth0, None).accepted
