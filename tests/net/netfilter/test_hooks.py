"""Extension tables and hooks through jumps (course_lib/net/netfilter/hooks.py), as iptables-nft refuses them."""
from __future__ import annotations

from course_lib import Lab

EINVAL = "iptables v1.8.9 (nf_tables):  {op} failed (Invalid argument): rule in chain {chain}\n"


def test_mac_rule_in_a_chain_reached_from_output() -> None:
    lab = Lab()
    lab.run("iptables -N MACS && iptables -A OUTPUT -j MACS")
    r = lab.run("iptables -A MACS -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT")
    assert (r.returncode, r.stderr) == (4, EINVAL.format(op="RULE_APPEND", chain="MACS"))
    lab.run("iptables -N L2 && iptables -A L2 -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT")
    r = lab.run("iptables -A MACS -j L2")                  # a jump two levels down
    assert (r.returncode, r.stderr) == (4, EINVAL.format(op="RULE_APPEND", chain="MACS"))
    r = lab.run("iptables -R OUTPUT 1 -j L2")
    assert (r.returncode, r.stderr) == (4, EINVAL.format(op="RULE_REPLACE", chain="OUTPUT"))
    assert lab.run("iptables -A INPUT -j L2").returncode == 0
    assert lab.run("iptables -S").stdout.splitlines()[-3:] == [
        "-A INPUT -j L2", "-A OUTPUT -j MACS", "-A L2 -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT"]


def test_target_tables_and_nat_hooks_in_user_chains() -> None:
    lab = Lab()
    r = lab.run("iptables -t mangle -N M && iptables -t mangle -A M -j REJECT")     # REJECT: filter only
    assert r.stderr == EINVAL.format(op="RULE_APPEND", chain="M")
    lab.run("iptables -t nat -N N && iptables -t nat -A N -j DNAT --to-destination 1.2.3.4")
    assert lab.run("iptables -t nat -A POSTROUTING -j N").stderr == EINVAL.format(op="RULE_APPEND", chain="POSTROUTING")
    assert lab.run("iptables -t nat -A OUTPUT -j N").returncode == 0
    assert lab.run("iptables -t nat -A N -j MASQUERADE").stderr == EINVAL.format(op="RULE_APPEND", chain="N")
    assert lab.run("iptables -A OUTPUT -j TOS --set-tos 1").stderr == EINVAL.format(op="RULE_APPEND", chain="OUTPUT")


def test_reject_with_takes_a_prefix_and_log_flags() -> None:
    lab = Lab()
    lab.run("iptables -A INPUT -p tcp -j REJECT --reject-with icmp-host-p; iptables -A INPUT -p tcp -j REJECT "
            "--reject-with TCP-RESET; iptables -A INPUT -j LOG --log-uid --log-tcp-options")
    assert lab.run("iptables -S INPUT").stdout.splitlines()[1:] == [
        "-A INPUT -p tcp -j REJECT --reject-with icmp-host-prohibited",
        "-A INPUT -p tcp -j REJECT --reject-with tcp-reset", "-A INPUT -j LOG --log-tcp-options --log-uid"]
    assert lab.run("iptables -L INPUT 3 -n").stdout.rstrip().endswith("LOG flags 10 level 4")
    r = lab.run("iptables -A INPUT -p tcp -j REJECT --reject-with echo")
    assert r.stderr.splitlines()[:2] == ["--reject-with echo-reply no longer supported",
                                         'iptables v1.8.9 (nf_tables): unknown reject type "echo"']


def test_checkentry_sees_only_base_chains() -> None:
    lab = Lab()
    r = lab.run("iptables -A OUTPUT -m physdev --physdev-out eth0 -j ACCEPT")
    assert r.stderr == EINVAL.format(op="RULE_APPEND", chain="OUTPUT")
    assert lab.run("iptables -A OUTPUT -m physdev --physdev-out eth0 --physdev-is-bridged -j ACCEPT").returncode == 0
    r = lab.run("iptables -A INPUT -m addrtype --src-type LOCAL --limit-iface-out -j ACCEPT")
    assert r.stderr == EINVAL.format(op="RULE_APPEND", chain="INPUT")
    lab.run("iptables -N A; iptables -A A -m addrtype --src-type LOCAL --limit-iface-in -j ACCEPT")
    assert lab.run("iptables -A OUTPUT -j A").returncode == 0         # a user chain's rules had no hook


def test_getopt_clusters_and_ipv6_flag() -> None:
    lab = Lab()
    r = lab.run("iptables -Lnv")                   # -L takes the rest of the word as its chain, as getopt does
    assert (r.returncode, r.stderr) == (1, "iptables v1.8.9 (nf_tables): chain `nv' in table `filter' is "
                                           "incompatible, use 'nft' tool.\n")
    assert lab.run("iptables -nvL").returncode == 0
    r = lab.run("iptables -6 -L")
    assert (r.returncode, r.stderr) == (2, "Try `iptables -h' or 'iptables --help' for more information.\n")


def test_help_of_loaded_extensions() -> None:
    lab = Lab()
    out = lab.run("iptables -p tcp -j REJECT -h").stdout
    assert out.index("REJECT target options:") < out.index("tcp match options:")      # target first, as 1.8.9
    assert lab.run("iptables -h -m tcp").stdout.endswith("print package version.\n")   # -h stops the parse


def test_renamed_builtin_chain_keeps_filtering() -> None:
    lab = Lab()
    lab.run("ip link set lo up; iptables -A INPUT -p icmp -j DROP")
    assert lab.run("iptables -E OUTPUT X").stderr == "iptables: No chain/target/match by that name.\n"   # not made yet
    assert lab.run("iptables -E INPUT MYIN").returncode == 0
    assert lab.run("ping -c 1 -W 1 127.0.0.1").returncode == 1            # the renamed base chain still runs
    assert lab.run("iptables -S").stdout.splitlines()[:2] == [
        "# Table `filter' contains incompatible base-chains, use 'nft' tool to list them.", "-P INPUT ACCEPT"]
    assert lab.run("iptables -X MYIN").returncode == 1
    lab.run("iptables -F")                                                # a table flush reaches it
    assert lab.run("ping -c 1 -W 1 127.0.0.1").returncode == 0
