"""/proc/net/fib_trie: the kernel's LC-trie shapes (inflate, halve, merged local/main) pinned as measured."""
from __future__ import annotations

import ipaddress

from course_lib import Lab
from course_lib.shell.procfs.fib_trie import Alias, Trie, trie_text

# a netns with 10.0.0.2/24 on v0, lo up and a default route, measured on Linux 6.18 (Main: and Local:
# print the same merged trie)
RED_TRIE = """\
  +-- 0.0.0.0/1 2 0 2
     +-- 0.0.0.0/4 2 0 2
        |-- 0.0.0.0
           /0 universe UNICAST
        +-- 10.0.0.0/24 2 0 2
           +-- 10.0.0.0/30 2 0 2
              |-- 10.0.0.0
                 /24 link UNICAST
              |-- 10.0.0.2
                 /32 host LOCAL
           |-- 10.0.0.255
              /32 link BROADCAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
"""


def test_merged_tables_print_the_same_trie_twice():
    lab = Lab()
    lab.run("ip netns add red; ip link add v0 type veth peer name v1; ip link set v0 netns red")
    assert lab.run("ip netns exec red cat /proc/net/fib_trie").stdout == ""       # no table made yet
    lab.run("ip -n red addr add 10.0.0.2/24 dev v0; ip -n red link set v0 up; ip -n red link set lo up;"
            "ip -n red route add default via 10.0.0.1")
    assert lab.run("ip netns exec red cat /proc/net/fib_trie").stdout == "Main:\n" + RED_TRIE + "Local:\n" + RED_TRIE


# measured on Linux 6.18: four /24s in table 100 (the trie's root node inflates to 3 bits), three removed
# again, tables 300 and 100 get a /16 each, then a rule unmerges local from main (main is left empty)
UNMERGED = """\
Id 300:
  |-- 10.13.0.0
     /16 universe UNICAST
Id 100:
  +-- 10.0.0.0/12 2 0 2
     |-- 10.0.3.0
        /24 link UNICAST
     |-- 10.14.0.0
        /16 universe UNICAST
Local:
  +-- 127.0.0.0/8 2 0 2
     +-- 127.0.0.0/31 1 0 0
        |-- 127.0.0.0
           /8 host LOCAL
        |-- 127.0.0.1
           /32 host LOCAL
     |-- 127.255.255.255
        /32 link BROADCAST
"""


def test_tables_in_hash_order_and_a_rule_unmerges_local():
    lab = Lab()
    lab.run("for i in 0 1 2 3; do ip route add 10.0.$i.0/24 dev lo table 100; done")
    assert lab.run("cat /proc/net/fib_trie").stdout.splitlines()[:2] == ["Id 100:", "  +-- 10.0.0.0/22 3 0 4"]
    lab.run("for i in 0 1 2; do ip route del 10.0.$i.0/24 dev lo table 100; done")
    lab.run("ip route add 10.13.0.0/16 via 127.0.0.1 table 300; ip route add 10.14.0.0/16 via 127.0.0.1 table 100")
    lab.run("ip rule add from 10.1.1.1 table 100")
    assert lab.run("cat /proc/net/fib_trie").stdout == UNMERGED


def _keys(trie: Trie) -> list[str]:
    return [str(ipaddress.IPv4Address(n.key)) for n in trie.leaves()]


def test_trie_inflates_a_full_node_and_collapses_on_removal():
    trie = Trie()
    for i in range(4):
        trie.insert(int(ipaddress.IPv4Address(f"10.0.{i}.0")), Alias(24, "link", "unicast", 254))
    # four /24 keys differing in two bits: the root node inflates past them to 3 bits, 4 children empty
    assert trie_text(trie, "Main:\n").splitlines()[1] == "  +-- 10.0.0.0/22 3 0 4"
    assert _keys(trie) == ["10.0.0.0", "10.0.1.0", "10.0.2.0", "10.0.3.0"]
    for i in range(3):
        key = int(ipaddress.IPv4Address(f"10.0.{i}.0"))
        trie.remove(key, (key, 24, 254, "unicast", 0, 0))
    assert trie_text(trie, "Main:\n") == "Main:\n  |-- 10.0.3.0\n     /24 link UNICAST\n"


def test_triestat_counts_the_trie():
    lab = Lab()
    lab.run("for i in $(seq 0 199); do ip route add 10.$((i/100)).$((i%100)).0/24 dev lo table 100;"
            "ip route add 10.$((i/100)).$((i%100)).0/25 dev lo table 100; done")
    text = lab.run("cat /proc/net/fib_triestat").stdout
    # measured on Linux 6.18: the root node inflates to one 9-bit node holding all 200 leaves
    assert text.split("Main:")[0] == (
        "Basic info: size of leaf: 48 bytes, size of tnode: 40 bytes.\nId 100:\n\tAver depth:     1.00\n"
        "\tMax depth:      1\n\tLeaves:         200\n\tPrefixes:       400\n\tInternal nodes: 1\n\t  9: 1\n"
        "\tPointers: 512\nNull ptrs: 312\nTotal size: 36  kB\n")


def test_an_ipv6_rule_leaves_local_merged():
    lab = Lab()
    lab.run("ip -6 rule add from 2001:db8::1 table 100")
    text = lab.run("cat /proc/net/fib_trie").stdout
    assert text.count("/8 host LOCAL") == 2                  # Main: and Local: print the merged trie
    lab.run("ip rule add from 10.1.1.1 table 100; ip rule del from 10.1.1.1 table 100")
    assert lab.run("cat /proc/net/fib_trie").stdout.count("/8 host LOCAL") == 1     # split for good
