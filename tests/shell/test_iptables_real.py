"""iptables, iptables-save and iptables-restore: the model's output and exit codes against the real tool.

Each script runs in a fresh private network namespace (`unshare --net`) on the real iptables 1.8.9
(nf_tables) and on a fresh model netns; every step must print the same text with the same exit code.
"""
from __future__ import annotations

import pytest

from iptables_conformance import Step, diff, real_available

RULES = [
    "iptables -N FOO",
    "iptables -A FOO -s 10.0.0.0/8 -j ACCEPT",
    "iptables -A INPUT -p tcp --dport 80 -j FOO",
    "iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT",
    'iptables -A INPUT -m addrtype --dst-type LOCAL -m comment --comment "hello world" -j DROP',
    "iptables -A INPUT -p udp --sport 1000:2000 ! -s 1.2.3.4 -i eth+ -j REJECT",
    "iptables -A INPUT -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-host-unreachable",
    "iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset",
    "iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "iptables -A INPUT -m state --state NEW -j ACCEPT",
    "iptables -A INPUT -m mark --mark 0x4000/0x4000 -j ACCEPT",
    "iptables -A INPUT -m statistic --mode random --probability 0.33333 -j ACCEPT",
    "iptables -A INPUT -m statistic --mode nth --every 3 --packet 0 -j ACCEPT",
    "iptables -A INPUT -p 47 -j ACCEPT",
    "iptables -A INPUT -p sctp -j ACCEPT",
    'iptables -A INPUT -j LOG --log-prefix "x: "',
    "iptables -A INPUT -j MARK --set-xmark 0x4000/0x4000",
    "iptables -A INPUT -j MARK --or-mark 0x4000",
    "iptables -A INPUT -j MARK --set-mark 5",
    "iptables -A INPUT -d 192.168.1.0/255.255.255.0 -j RETURN",
    "iptables -A INPUT -g FOO",
    "iptables -A INPUT -s 127.0.0.1 -d 10.1.1.1/32 -p icmp --icmp-type echo-reply -j ACCEPT",
    "iptables -A INPUT -p icmp --icmp-type 3/3 -j ACCEPT",
    "iptables -A INPUT -p icmp ! --icmp-type any -j ACCEPT",
    "iptables -A INPUT -p tcp --syn -j ACCEPT",
    "iptables -A INPUT -p tcp --tcp-flags SYN,ACK SYN -j ACCEPT",
    "iptables -A INPUT -p tcp -m multiport ! --dports 80,443:500 -j ACCEPT",
    "iptables -A INPUT -m statistic --mode nth --every 3 --packet 1 -j ACCEPT",
    "iptables -A INPUT -j LOG --log-level debug",
    "iptables -A INPUT -j MARK --and-mark 0xff",
    "iptables -A INPUT -j MARK --xor-mark 0xff",
    "iptables -A INPUT -j MARK --set-mark 0x10/0xff",
    "iptables -A INPUT -p udp --dport 53",
    "iptables -A INPUT -p tcp ! --dport 22 ! --sport 1:1023 -j ACCEPT",
    "iptables -A INPUT ! -p tcp ! -d 10.0.0.0/255.0.255.0 -j ACCEPT",
    "iptables -A INPUT ! -i lo -j ACCEPT",
    "iptables -A OUTPUT -o veth+ -m physdev --physdev-is-bridged -j ACCEPT",
    "iptables -A FORWARD -m physdev --physdev-in veth1 --physdev-out eth+ -j ACCEPT",
    "iptables -A FORWARD -m conntrack ! --ctstate SNAT,NEW -j ACCEPT",
    "iptables -A FORWARD -m mark ! --mark 0x4000/0x4000 -j RETURN",
    "iptables -A FORWARD -p tcp --dport 8000: -j ACCEPT",
]
LISTINGS = [
    "iptables -S", "iptables -S INPUT", "iptables -S FOO", "iptables -S INPUT 2", "iptables -S INPUT 99",
    "iptables -v -S FORWARD", "iptables -L", "iptables -L -n", "iptables -L -n -v", "iptables -L -v",
    "iptables -nvL --line-numbers", "iptables -L INPUT 3", "iptables -L FOO -n --line-numbers",
    "iptables -L -n -v -x", "iptables-save", "iptables-save -c", "iptables-save -t filter",
]

NAT_RULES = [
    "iptables -t nat -N KUBE-SERVICES",
    "iptables -t nat -N KUBE-SVC-X",
    "iptables -t nat -N KUBE-MARK-MASQ",
    "iptables -t nat -N KUBE-POSTROUTING",
    "iptables -t nat -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
    'iptables -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    'iptables -t nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    'iptables -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    "iptables -t nat -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
    "iptables -t nat -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
    'iptables -t nat -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" '
    "-j MASQUERADE --random-fully",
    'iptables -t nat -A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https '
    'cluster IP" -m tcp --dport 443 -j KUBE-SVC-X',
    'iptables -t nat -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be '
    'the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    "iptables -t nat -N KUBE-NODEPORTS",
    'iptables -t nat -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be '
    'the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    "iptables -t nat -A KUBE-SVC-X -m statistic --mode random --probability 0.50000000000 -j KUBE-MARK-MASQ",
    "iptables -t nat -A KUBE-SVC-X -p tcp -j DNAT --to-destination 10.0.0.1:6443",
    "iptables -t nat -A KUBE-SVC-X -p udp -j DNAT --to-destination 10.0.0.1",
    "iptables -t nat -A KUBE-SVC-X -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.5:80-90",
    "iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o eth0 -j MASQUERADE",
    "iptables -t nat -A POSTROUTING -p tcp -o eth0 -j MASQUERADE --to-ports 1000-2000",
    "iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -j SNAT --to-source 1.2.3.4",
    "iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.1.1.1:1000-2000 --persistent",
    "iptables -t nat -A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 8080",
    "iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT",
    "iptables -t nat -A PREROUTING -m addrtype --src-type LOCAL ! --dst-type UNICAST,LOCAL -j ACCEPT",
    "iptables -t nat -A OUTPUT -p tcp -d 10.0.0.1 --dport 80 -j DNAT --to-destination :8080",
    "iptables -t nat -A OUTPUT -p tcp -j DNAT --to 1.1.1.1",
    "iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:80 --random --persistent",
    "iptables -t nat -A OUTPUT -j REDIRECT",
    "iptables -t nat -A OUTPUT -p tcp -j REDIRECT --to-ports 80-90 --random",
    "iptables -t nat -A PREROUTING -p tcp -m multiport --sports 1,2:5 -j ACCEPT",
    "iptables -t nat -A PREROUTING -p udp -m multiport --ports 53 -j ACCEPT",
]
NAT_LISTINGS = ["iptables -t nat -S", "iptables -t nat -L -n -v", "iptables -t nat -L",
                "iptables -t nat -L KUBE-SVC-X -n --line-numbers", "iptables-save", "iptables -t nat -S KUBE-SVC-X"]

ERRORS = [
    "iptables -D INPUT -s 1.1.1.1 -j ACCEPT", "iptables -D INPUT 1", "iptables -A FOO -j ACCEPT",
    "iptables -N FOO", "iptables -N FOO", "iptables -A INPUT --foo", "iptables -A INPUT -s 300.1.1.1 -j ACCEPT",
    "iptables -A INPUT -j FOOO", "iptables -I INPUT 5 -j ACCEPT", "iptables -I INPUT 2 -j ACCEPT",
    "iptables -I INPUT 1 -j ACCEPT", "iptables -R INPUT 5 -j ACCEPT", "iptables -P FOO DROP",
    "iptables -P INPUT FOO", "iptables -A FOO -j ACCEPT", "iptables -A INPUT -j FOO", "iptables -X FOO",
    "iptables -F FOO", "iptables -X FOO", "iptables -D INPUT 2", "iptables -X FOO", "iptables -t foo -L",
    "iptables -t nat -A FORWARD -j ACCEPT", "iptables -L BAR", "iptables -S BAR", "iptables -X BAR",
    "iptables -F BAR", "iptables -Z BAR", "iptables -C INPUT -j ACCEPT", "iptables -C INPUT -j DROP",
    "iptables -N A", "iptables -E A B", "iptables -E B B", "iptables -N C", "iptables -E B C",
    "iptables -A INPUT -p tcp --dport 99999 -j ACCEPT", "iptables -A INPUT --dport 80 -j ACCEPT",
    "iptables -A INPUT -j DNAT --to-destination 1.1.1.1", "iptables -t nat -A PREROUTING -j DNAT",
    "iptables -A INPUT -m foo -j ACCEPT", "iptables", "iptables -A", "iptables -A INPUT -p foo",
    "iptables -Z", "iptables -V", "iptables -D INPUT 9", "iptables -A INPUT -s 1.2.3.4/33",
    "iptables -N verylongchainnamexxxxxxxxxxxxxxxxxxxxxxx", "iptables -N -foo",
    "iptables -P INPUT ACCEPT extra", "iptables -A INPUT -j ACCEPT extra",
    "iptables -A INPUT -i eth0 -i eth1 -j ACCEPT",
    "iptables -A INPUT -p tcp -m statistic --mode random --probability 2",
    "iptables -A INPUT -j REJECT --reject-with tcp-reset", "iptables -A INPUT -j REJECT --reject-with foo",
    "iptables -t nat -A POSTROUTING -j SNAT --to 1.1.1.1:1000",
    "iptables -t nat -A PREROUTING -j SNAT --to-source 1.1.1.1",
    "iptables -t nat -A POSTROUTING -j DNAT --to-destination 1.1.1.1",
    "iptables -t nat -A INPUT -j MASQUERADE", "iptables -t nat -A OUTPUT -j REDIRECT --to-ports 99",
    "iptables -t nat -A KUBE -j ACCEPT", "iptables -t nat -A OUTPUT -j REJECT", "iptables -t nat -A OUTPUT -j DROP",
    "iptables -A INPUT -m tcp --dport 80 -j ACCEPT", "iptables -A INPUT -D INPUT", "iptables -R INPUT",
    "iptables -P INPUT", "iptables -E A", "iptables -D INPUT x", "iptables -D INPUT 0",
    "iptables -I INPUT 0 -j ACCEPT", "iptables -L INPUT x", "iptables -A INPUT -s 10.0.0.1 -s 10.0.0.2",
    "iptables -A INPUT -p tcp --dport 80:70 -j ACCEPT", "iptables -A INPUT -p tcp --dport foo -j ACCEPT",
    "iptables -A INPUT -p TCP -j ACCEPT", "iptables -A INPUT -p 6 -j ACCEPT",
    "iptables -A INPUT -s 10.1.2.3/8 -d 0/0 -j ACCEPT", "iptables -A INPUT ! -s 0.0.0.0/0 -j ACCEPT",
    "iptables -A INPUT -m comment -j ACCEPT", "iptables -A INPUT -m mark --mark foo -j ACCEPT",
    "iptables -A INPUT -j MARK", "iptables -A INPUT -m conntrack --ctstate FOO -j ACCEPT",
    "iptables -A INPUT -m addrtype --dst-type FOO -j ACCEPT", "iptables -A INPUT -m multiport --dports 80 -j ACCEPT",
    "iptables -A INPUT -p icmp --icmp-type foo -j ACCEPT", "iptables -A INPUT -s 1.2.3.4 -j ACCEPT -j DROP",
    "iptables -X INPUT", "iptables -N X", "iptables -A X -j ACCEPT", "iptables -X X", "iptables -S",
    "iptables -L -n --line-numbers", "iptables -S X",
]

FRESH = ["iptables-save", "iptables -L", "iptables -nvL", "iptables-save", "iptables -t nat -L -n",
         "iptables-save", "iptables -F", "iptables -Z", "iptables -X", "iptables-save", "iptables -t nat -P OUTPUT ACCEPT",
         "iptables-save", "iptables -t raw -N A", "iptables -t mangle -N A", "iptables -t security -N A",
         "iptables -A INPUT -j ACCEPT", "iptables-save", "iptables-save -t foo", "iptables-save --foo"]

RESTORE: list[Step] = [
    ("iptables-restore", "*nat\n:KUBE-A - [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A KUBE-A -j ACCEPT\n"
     "-A POSTROUTING -j KUBE-A\nCOMMIT\n"),
    "iptables-save -t nat",
    ("iptables-restore --noflush", "*nat\n:KUBE-B - [0:0]\n-A KUBE-B -j ACCEPT\n-X KUBE-B\nCOMMIT\n"),
    ("iptables-restore", "*nat\n-A FOO -j ACCEPT\nCOMMIT\n"),
    ("iptables-restore", "*nat\n-A POSTROUTING -j ACCEPT --bad\nCOMMIT\n"),
    ("iptables-restore", "*nat\n-A POSTROUTING -j ACCEPT\n"),
    ("iptables-restore", "*foo\nCOMMIT\n"),
    ("iptables-restore", "-A POSTROUTING -j ACCEPT\n"),
    "iptables-save -t nat",
    ("iptables-restore --noflush", "*nat\n:KUBE-A - [0:0]\n:KUBE-C - [0:0]\n-A KUBE-C -j RETURN\nCOMMIT\n"
     "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n"),
    "iptables-save",
    ("iptables-restore", "*filter\n:FORWARD DROP [0:0]\nCOMMIT\n"),
    "iptables-save",
    ("iptables-restore", "*nat\n-t nat -A POSTROUTING -j ACCEPT\nCOMMIT\n"),
    ("iptables-restore", "*nat\n-A POSTROUTING -t foo -j ACCEPT\nCOMMIT\n"),
]

ERRORS_2 = [
    'iptables -A INPUT -p tcp --dport 80 --dport 81 -j ACCEPT',
    'iptables -A INPUT -p tcp --tcp-flags FOO SYN -j ACCEPT',
    'iptables -A INPUT -p tcp --tcp-flags SYN -j ACCEPT',
    'iptables -A INPUT -m state --state FOO -j ACCEPT',
    'iptables -A INPUT -m state -j ACCEPT',
    'iptables -A INPUT -m conntrack -j ACCEPT',
    'iptables -A INPUT -j LOG --log-level foo',
    'iptables -A INPUT -j LOG --log-prefix aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'iptables -A INPUT -m statistic --mode foo -j ACCEPT',
    'iptables -A INPUT -m statistic --mode nth -j ACCEPT',
    'iptables -A INPUT -m statistic --mode nth --every 2 --packet 5 -j ACCEPT',
    'iptables -A INPUT -m statistic --probability 0.5 -j ACCEPT',
    'iptables -A INPUT -m addrtype -j ACCEPT',
    'iptables -A INPUT -m physdev -j ACCEPT',
    'iptables -A INPUT -m multiport -p tcp -j ACCEPT',
    'iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j ACCEPT',
    'iptables -A INPUT -p tcp -m multiport --dports 1 --sports 2 -j ACCEPT',
    'iptables -A INPUT -p udp -m multiport --dports 53,foo -j ACCEPT',
    'iptables -A INPUT -i verylonginterfacename0 -j ACCEPT',
    'iptables -A INPUT ! -j ACCEPT',
    'iptables -A INPUT ! ! -s 1.1.1.1 -j ACCEPT',
    'iptables -A INPUT -s 1.1.1.1 !',
    'iptables -A INPUT -s',
    'iptables -A INPUT -m',
    'iptables -A INPUT -j',
    'iptables -t',
    'iptables -t nat',
    'iptables -L -t nat -n',
    'iptables -t nat -t filter -L',
    'iptables -N X',
    'iptables -A X -j ACCEPT',
    'iptables -X',
    'iptables -F',
    'iptables -X',
    'iptables -S',
    'iptables -L FORWARD 0',
    'iptables -Z INPUT 1',
    'iptables -A INPUT -j ACCEPT',
    'iptables -Z INPUT 1',
    'iptables -Z INPUT 2',
    'iptables -L INPUT 2',
    'iptables -C INPUT 1',
    'iptables -A INPUT -p udp -m udp --sport 1 -m udp --dport 2 -j ACCEPT',
    'iptables -A INPUT -p icmp --icmp-type 300 -j ACCEPT',
    'iptables -A INPUT -p icmp --icmp-type echo -j ACCEPT',
    'iptables -A INPUT -p icmp --icmp-type ping -j ACCEPT',
    'iptables -A INPUT -d 10.0.0.0/255.255.0.255 -j ACCEPT',
    'iptables -A INPUT -s 10.1 -j ACCEPT',
    'iptables -A INPUT -j MARK --set-mark 0x1 --or-mark 2',
    'iptables -A INPUT -m mark --mark 0x1/0x3 --mark 2 -j ACCEPT',
    'iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:70000',
    'iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.1.1',
    'iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:',
    'iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 80:90',
    'iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 80',
    'iptables -w -A INPUT -j ACCEPT',
    'iptables -w 5 -A INPUT -j ACCEPT',
    'iptables --append INPUT --protocol tcp --destination-port 22 --jump ACCEPT',
    'iptables -A INPUT --src 1.2.3.4 --dst 5.6.7.8 --in-interface eth0 -j ACCEPT',
    'iptables --list-rules INPUT',
    'iptables --list INPUT --numeric --verbose --line-numbers',
    'iptables -I INPUT -s 9.9.9.9 -j DROP',
    'iptables -I INPUT 3 -s 9.9.9.8 -j DROP',
    'iptables -R INPUT 1 -s 9.9.9.7 -j DROP',
    'iptables -D INPUT -s 9.9.9.8 -j DROP',
    'iptables -S INPUT',
]

KP_RESTORE_1 = """*filter
:KUBE-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -m comment --comment "default/nosvc:http has no endpoints" -m tcp -p tcp -d 10.96.0.20/32 --dport 80 -j REJECT
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
COMMIT
*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-A - [0:0]
:KUBE-SEP-1 - [0:0]
:KUBE-SEP-2 - [0:0]
:KUBE-MARK-MASQ - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10/32 --dport 80 -j KUBE-SVC-A
-A KUBE-SVC-A ! -s 10.244.0.0/16 -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10/32 --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-A -m comment --comment "default/web:http -> 10.244.1.2:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-1
-A KUBE-SVC-A -m comment --comment "default/web:http -> 10.244.2.2:8080" -j KUBE-SEP-2
-A KUBE-SEP-1 -m comment --comment default/web:http -s 10.244.1.2/32 -j KUBE-MARK-MASQ
-A KUBE-SEP-1 -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.1.2:8080
-A KUBE-SEP-2 -m comment --comment default/web:http -s 10.244.2.2/32 -j KUBE-MARK-MASQ
-A KUBE-SEP-2 -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.2:8080
COMMIT
"""
KP_RESTORE_2 = """*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-A - [0:0]
:KUBE-SEP-1 - [0:0]
:KUBE-SEP-2 - [0:0]
:INPUT ACCEPT [0:0]
-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10/32 --dport 80 -j KUBE-SVC-A
-A KUBE-SVC-A -m comment --comment "default/web:http -> 10.244.1.2:8080" -j KUBE-SEP-1
-A KUBE-SEP-1 -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.1.2:8080
-X KUBE-SEP-2
COMMIT
"""
KUBE_PROXY_RESTORE: list[Step] = [
    ("iptables-restore --noflush", KP_RESTORE_1), "iptables-save", "iptables -t nat -L -n", "iptables -L -n",
    "iptables -t nat -A INPUT -j ACCEPT",
    ("iptables-restore --noflush", KP_RESTORE_2), "iptables-save -t nat",
    ("iptables-restore -w 5 --noflush", "*nat\n:KUBE-SEP-9 - [0:0]\n-X KUBE-SEP-9\nCOMMIT\n"), "iptables-save -t nat",
    ("iptables-restore -T nat", "*filter\n:FORWARD DROP [0:0]\nCOMMIT\n*nat\n-F\nCOMMIT\n"), "iptables-save",
]

VERBOSE_AND_OPTION_CHECKS = [
    'iptables -L -j ACCEPT',
    'iptables -N X -s 1.1.1.1',
    'iptables -F INPUT -p tcp',
    'iptables -X -m comment --comment x',
    'iptables -A INPUT -c 1',
    'iptables -A INPUT -c a b -j ACCEPT',
    'iptables -L -v -Z',
    'iptables -S -n',
    'iptables -Z -L',
    'iptables -L --line-numbers -S',
    'iptables -A INPUT -n -j ACCEPT',
    'iptables -A INPUT -x -j ACCEPT',
    'iptables -A INPUT --line-numbers -j ACCEPT',
    'iptables -D INPUT 1 -s 1.1.1.1',
    'iptables -D INPUT -c 1 2 -j ACCEPT',
    'iptables -C INPUT -c 1 2 -j ACCEPT',
    'iptables -P INPUT ACCEPT -c 1 2',
    'iptables -L -c 1 2',
    'iptables -A INPUT -c 5 500 -j ACCEPT',
    'iptables -L -v -Z',
    'iptables -L -v',
    'iptables -Z INPUT -L -v',
    'iptables -N Y -v',
    'iptables -F -v',
    'iptables -A INPUT -v -j DROP',
    'iptables -N Y',
    'iptables -A Y -j ACCEPT',
    'iptables -v -F Y',
    'iptables -v -X Y',
    'iptables -v -X',
    'iptables -v -N Z',
    'iptables -v -P INPUT DROP',
    'iptables -v -I INPUT -s 1.2.3.4 -p tcp --dport 80 -i eth0 ! -o lo -j ACCEPT',
    'iptables -v -A OUTPUT -i eth0 -j ACCEPT',
    'iptables -v -t nat -A POSTROUTING -i eth0 -j ACCEPT',
    'iptables -v -D INPUT 1',
    'iptables -A INPUT -j ACCEPT',
    'iptables -v -C INPUT -j ACCEPT',
    'iptables -v -D INPUT -j ACCEPT',
    'iptables -v -R INPUT 1 -j ACCEPT',
    'iptables -v -E Z W',
    'iptables -v -t nat -A POSTROUTING -m comment --comment hi -j MASQUERADE',
    'iptables -v -A INPUT -m comment --comment x',
    'iptables -v -A INPUT ! -s 10.0.0.0/8 -p udp --dport 53 -g W',
    'iptables -Z -v Z',
    'iptables -v -Z INPUT 1',
    'iptables -v -Z INPUT',
    'iptables -Z',
    'iptables -v -L -Z W',
]

NAMES = [
    'iptables -A INPUT -s 127.0.0.0/8 -d 169.254.0.0/16',
    'iptables -A INPUT -s 0.0.0.0/1 -d 127.0.0.1',
    'iptables -A INPUT -d 127.0.0.1/8',
    'iptables -A INPUT -s 10.0.0.0/8 -d 192.168.1.1',
    'iptables -L INPUT',
    'iptables -L INPUT -v',
]

LIMIT = [
    'iptables -A INPUT -m limit --limit 5/min -j LOG',
    'iptables -A INPUT -m limit --limit 3/s --limit-burst 10 -j ACCEPT',
    'iptables -A INPUT -m limit --limit 100/hour',
    'iptables -A INPUT -m limit --limit 7/day',
    'iptables -A INPUT -m limit',
    'iptables -A INPUT -m limit --limit 1000/second',
    'iptables -A INPUT -m limit --limit 2/minute',
    'iptables -A INPUT -m limit --limit 60/min',
    'iptables -A INPUT -m limit --limit 7200/h',
    'iptables -A INPUT -m limit --limit 45/m',
    'iptables -A INPUT -m limit --limit 5',
    'iptables -A INPUT -m limit ! --limit 4/s',
    'iptables -A INPUT -m limit --limit foo',
    'iptables -A INPUT -m limit --limit 5/x',
    'iptables -A INPUT -m limit --limit-burst 99999',
    'iptables -S',
    'iptables -L -n',
    'iptables -L',
]

BIG_COUNTERS = [
    'iptables -P INPUT ACCEPT -c 123456 7890000',
    'iptables -P FORWARD DROP -c 99999 100000',
    'iptables -A INPUT -c 100001 99999999999 -j ACCEPT',
    'iptables -A INPUT -c 12345678901 1',
    'iptables -L -v',
    'iptables -L -v -x',
    'iptables -S -v',
    'iptables-save -c',
    'iptables-save',
    'iptables -Z',
    'iptables -L -v',
    'iptables -S -v INPUT',
]

EXTENSION_OPTION_CHECKS = [
    'iptables -A INPUT -m comment --comment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'iptables -A INPUT -i abcdefghijklmnopq -j ACCEPT',
    'iptables -A INPUT -p 256 -j ACCEPT',
    'iptables -A INPUT -p -1 -j ACCEPT',
    'iptables -A INPUT -m addrtype --src-type LOCAL --limit-iface-in --limit-iface-out',
    'iptables -A INPUT -m physdev --physdev-in eth0 ! --physdev-is-bridged -j ACCEPT',
    'iptables -A INPUT -m conntrack --ctstate NEW --ctstate ESTABLISHED',
    'iptables -A INPUT -m state --state SNAT',
    'iptables -A INPUT -m statistic --mode random --probability 0.1 --every 3',
    'iptables -A INPUT -m statistic --mode nth --every 3 --probability 0.1',
    'iptables -A INPUT -m statistic --mode nth --every 0',
    'iptables -A INPUT -p tcp --sport 1:2:3',
    'iptables -A INPUT -p tcp --dport :',
    'iptables -A INPUT -p udp --sport domain -j ACCEPT',
    'iptables -A INPUT -p tcp --syn --tcp-flags ALL NONE',
    'iptables -A INPUT -p tcp --tcp-flags ALL NONE',
    'iptables -A INPUT -p tcp ! --syn',
    'iptables -A INPUT -j REJECT --reject-with icmp-net-unreachable --reject-with icmp-host-unreachable',
    'iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1 --to-destination 2.2.2.2',
    'iptables -t nat -A POSTROUTING -j SNAT --to-source 1.1.1.1-1.1.1.5',
    'iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 80',
    'iptables -S',
    'iptables -L',
    'iptables -t nat -L -n',
]

ADDRESS_LISTS = [
    'iptables -A INPUT -s 10.0.0.1,10.0.0.2 -d 1.1.1.1,2.2.2.0/24 -j ACCEPT',
    'iptables -I INPUT 2 -s 9.9.9.9,8.8.8.8 -j DROP',
    'iptables -S',
    'iptables -C INPUT -s 10.0.0.1,10.0.0.2 -d 1.1.1.1 -j ACCEPT',
    'iptables -D INPUT -s 10.0.0.1,10.0.0.2 -d 1.1.1.1 -j ACCEPT',
    'iptables -R INPUT 1 -s 10.0.0.1,10.0.0.2 -j ACCEPT',
    'iptables -A INPUT ! -s 10.0.0.1,10.0.0.2 -j ACCEPT',
    'iptables -A INPUT -s 10.0.0.1,300.0.0.1 -j ACCEPT',
    'iptables -A INPUT -s 443 -j ACCEPT',
    'iptables -A INPUT -s 4294967295 -j ACCEPT',
    'iptables -A INPUT -g X -j ACCEPT',
    "iptables -A INPUT -j 'a b'",
    'iptables -A INPUT -m icmp',
    'iptables -A INPUT -p icmp -m icmp',
    'iptables -C NOPE -j ACCEPT',
    'iptables -D NOPE -j ACCEPT',
    'iptables -D NOPE 1',
    'iptables -Z NOPE 1',
    'iptables -S',
]

UDP_STATES_COUNTERS = [
    'iptables -A INPUT -p udp --dport foo -j ACCEPT',
    'iptables -A INPUT -p udp --dport 99999 -j ACCEPT',
    'iptables -A INPUT -p udp --dport 80:70 -j ACCEPT',
    'iptables -A INPUT -p udp --sport domain:99999 -j ACCEPT',
    'iptables -A INPUT -p udp --dport -5 -j ACCEPT',
    'iptables -A INPUT -p udp --dport 1:2:3 -j ACCEPT',
    'iptables -A INPUT -p udp --dport : -j ACCEPT',
    'iptables -A INPUT -p udp --dport 53 --dport 54 -j ACCEPT',
    'iptables -A INPUT -m state --state FOO,NEW -j ACCEPT',
    'iptables -A INPUT -m conntrack --ctstate NEW,FOO -j ACCEPT',
    'iptables -A INPUT -m conntrack --ctstate SYN,ACK,NEW -j ACCEPT',
    'iptables -A INPUT -c 1x 2y -j ACCEPT',
    'iptables -A INPUT -c x 2 -j ACCEPT',
    'iptables -A INPUT -c 2 x -j ACCEPT',
    'iptables -m udp -A NOPE -j ACCEPT',
    'iptables -A INPUT -p tcp --dport 80 -g ACCEPT',
    'iptables -S eth0 0x4000',
    'iptables -S INPUT 0x2',
    'iptables -S INPUT 010',
    'iptables -L -v -n',
    'iptables-save -c',
]

SCRIPTS: dict[str, list[Step]] = {
    "rules-and-listings": RULES + LISTINGS,
    "nat-and-kube-proxy": NAT_RULES + NAT_LISTINGS,
    "errors": ERRORS,
    "errors-and-long-options": ERRORS_2,
    "fresh-netns-tables": FRESH,
    "restore": RESTORE,
    "kube-proxy-restore": KUBE_PROXY_RESTORE,
    "verbose-and-option-checks": VERBOSE_AND_OPTION_CHECKS,
    "host-and-network-names": NAMES,
    "limit": LIMIT,
    "big-counters": BIG_COUNTERS,
    "extension-option-checks": EXTENSION_OPTION_CHECKS,
    "address-lists": ADDRESS_LISTS,
    "udp-states-counters": UDP_STATES_COUNTERS,
}

pytestmark = pytest.mark.real


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_same_as_real_iptables(name: str) -> None:
    reason = real_available()
    if reason:
        pytest.skip(reason)
    problems = diff(SCRIPTS[name])
    assert not problems, "\n".join(problems[:8]) + f"\n({len(problems)} differences)"
