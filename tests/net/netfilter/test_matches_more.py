"""length/ttl/pkttype/owner/string/connlimit (matches_more.py), recent (matches_recent.py), connmark (connmark.py)."""
from __future__ import annotations

from course_lib import Lab

RULES = ["-A INPUT -m length --length 100:200 -j ACCEPT", "-A INPUT -m ttl ! --ttl-eq 1 -j ACCEPT",
         "-A INPUT -m pkttype ! --pkt-type unicast -j DROP",
         "-A INPUT -p tcp -m tcp --dport 22 -m recent --update --seconds 60 --hitcount 4 --name SSH "
         "--mask 255.255.255.255 --rsource -j DROP",
         "-A INPUT -p tcp -m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-saddr -j REJECT "
         "--reject-with icmp-port-unreachable",
         '-A INPUT -m string --string "GET /" --algo bm -j ACCEPT', "-A OUTPUT -m owner ! --gid-owner 1000 -j ACCEPT"]


def test_texts_round_trip_through_save_and_restore() -> None:
    lab = Lab()
    lab.run("iptables-restore", stdin="*filter\n" + "\n".join(RULES) + "\nCOMMIT\n")
    assert lab.run("iptables -S").stdout.splitlines()[3:] == RULES
    listing = [ln.split("0.0.0.0/0")[-1].strip() for ln in lab.run("iptables -L -n").stdout.splitlines()
               if "0.0.0.0/0" in ln]
    assert listing == ["length 100:200", "TTL match TTL != 1", "PKTTYPE != unicast",
                       "tcp dpt:22 recent: UPDATE seconds: 60 hit_count: 4 name: SSH side: source mask: 255.255.255.255",
                       "#conn src/32 > 10 reject-with icmp-port-unreachable", 'STRING match  "GET /" ALGO name bm',
                       "! owner GID match 1000"]


def test_recent_cuts_a_flood_after_the_hitcount() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run("iptables -A INPUT -p icmp --icmp-type echo-request -m recent --update --seconds 60 --hitcount 3 "
            "--name P -j DROP")
    lab.run("iptables -A INPUT -p icmp --icmp-type echo-request -m recent --set --name P")
    assert "5 packets transmitted, 3 received" in lab.run("ping -c 5 -i 0.2 -W 1 127.0.0.1").stdout


def test_connmark_follows_the_flow() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run("iptables -t mangle -A OUTPUT -p icmp -j CONNMARK --set-mark 0x7")
    lab.run("iptables -t mangle -A PREROUTING -m connmark --mark 0x7 -j MARK --set-mark 0x3")
    lab.run("iptables -A INPUT -m mark --mark 0x3 -j ACCEPT")
    lab.run("ping -c 2 -i 0.2 127.0.0.1")
    assert lab.run("iptables -L INPUT -v -n -x").stdout.splitlines()[2].split()[:2] == ["4", "336"]
    assert "mark=7" in lab.run("conntrack -L").stdout


def test_errors() -> None:
    lab = Lab()
    cases = {"-m ttl --ttl-eq 1 --ttl-gt 2": 'ttl: option "--ttl-gt" cannot be used together with "--ttl-eq".',
             "-m recent": "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'",
             "-m pkttype --pkt-type foo": "Bad packet type 'foo'",
             "-m string --string x": 'string: option "--algo" must be specified'}
    for spec, msg in cases.items():
        r = lab.run(f"iptables -A INPUT {spec}")
        assert r.stderr.splitlines()[0] == "iptables v1.8.9 (nf_tables): " + msg, spec
    r = lab.run("iptables -A INPUT -m owner --uid-owner 0")
    assert (r.returncode, r.stderr) == (4, "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): "
                                           "rule in chain INPUT\n")


def test_hashlimit_ttl_tcpmss_nflog() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run("iptables -t mangle -A OUTPUT -p icmp -j TTL --ttl-set 10")
    assert "ttl=10" in lab.run("ping -c 1 127.0.0.1").stdout
    lab.run("iptables -t mangle -F")
    lab.run("iptables -A INPUT -p icmp --icmp-type echo-request -m hashlimit --hashlimit-upto 2/sec "
            "--hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-name p -j ACCEPT")
    lab.run("iptables -A INPUT -p icmp --icmp-type echo-request -j DROP")
    assert "6 packets transmitted, 3 received" in lab.run("ping -c 6 -i 0.1 -W 1 127.0.0.1").stdout
    assert lab.run("iptables -S INPUT 1").stdout == (
        "-A INPUT -p icmp -m icmp --icmp-type 8 -m hashlimit --hashlimit-upto 2/sec --hashlimit-burst 2 "
        "--hashlimit-mode srcip --hashlimit-name p -j ACCEPT\n")
    r = lab.run("iptables -t mangle -A PREROUTING -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu")
    assert r.returncode == 4                                  # clamping: FORWARD, OUTPUT, POSTROUTING only
    lab.run("iptables -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu; "
            "iptables -A INPUT -j NFLOG --nflog-group 5 --nflog-prefix in")
    assert lab.run("iptables -S FORWARD 1; iptables -S INPUT 3").stdout == (
        "-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu\n"
        "-A INPUT -j NFLOG --nflog-prefix in --nflog-group 5\n")
