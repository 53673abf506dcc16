# Policy routing: `ip rule` add/del/flush/show, default preferences, errors, and lookups that follow the rules.
ip rule
ip -6 rule
ip rule add from 10.9.0.0/16 table 100
ip rule
ip rule add from 10.9.0.0/16 table 100
ip rule add to 8.8.8.0/24 lookup main pref 100
ip rule add fwmark 0x1 table 200
ip rule add fwmark 0x2/0xff table 201
ip rule add iif eth7 table 5
ip rule add oif lo table 6
ip rule add not from 1.2.3.4 table 7
ip rule add tos 0x10 table 8
ip rule add ipproto tcp dport 80 table 9
ip rule add sport 1000-2000 table 9
ip rule add table 100 suppress_prefixlength 0
ip rule add from all goto 32766 pref 10
ip rule add pref 11 nop
ip rule add pref 12 blackhole
ip rule add pref 13 unreachable
ip rule add pref 14 prohibit
ip rule add pref 15 from 1.1.1.1 table local
ip rule add pref 16 goto 300
ip rule add pref 17 ipproto 200 table 5
ip rule add pref 18 protocol static table 5
ip rule add pref 19 uidrange 1-2 table 5
ip rule add pref 20 to 10.0.0.1/8 table 5
ip rule
ip -d rule
ip -4 rule show
ip rule list table 100
ip rule show pref 100
ip rule show table main
ip rule show not
ip rule show fwmark 0x1
ip rule show to 10.0.0.0/8
ip rule show iif eth7
ip rule show table nosuch
ip rule del from 10.9.0.0/16 table 100
ip rule del pref 99
ip rule del pref 99
ip rule del table 77
ip rule del from 1.2.3.0/24
ip rule add table x
ip rule add pref x table 5
ip rule add pref 4294967296 table 5
ip rule add fwmark x table 5
ip rule add fwmark 0x100000000 table 5
ip rule add tos 300 table 5
ip rule add tos 0x1 table 5
ip rule add from x table 5
ip rule add from 10.0.0.0/33 table 5
ip rule add from ::1 table 5
ip rule add iif aaaaaaaaaaaaaaaaaaaaa table 5
ip rule add bogus
ip rule add goto 5
ip rule add ipproto xyz table 5
ip rule add suppress_prefixlength x table 5
ip rule add sport x table 5
ip rule add sport 20-10 table 5
ip rule add dport 0x10 table 5
ip rule add
ip rule del
ip rule bogus
ip rule add table 300 pref 0
ip rule add table 300 pref 0
ip rule flush table 5
ip rule
ip rule flush
ip rule
ip rule add from 10.0.0.0/8
ip rule add table 0
ip rule
ip -6 rule add from 2001:db8::/32 table 5
ip -6 rule
ip link add d0 type veth peer name d1
ip -j rule
ip rule add not to 1.2.3.0/24 fwmark 0x2/0xff iif d0 oif lo tos 0x10 ipproto tcp sport 5 dport 6-7 table 5 pref 7
ip rule add pref 8 goto 10
ip rule add pref 9 prohibit
ip rule add pref 11 table 5 suppress_prefixlength 0
ip rule add pref 12 iif nosuch table 6
ip -j rule
ip -j -p rule show pref 7
ip -j -d rule show pref 8
ip rule list bogus
ip -6 rule list bogus
ip -6 rule add to 10.0.0.0/8 table 5
ip -4 rule add to ::/8 table 5
ip rule add from 10.0.0.1/8 table 5
ip rule show from 10.0.0.0/8
ip rule del from 10.0.0.0/8
ip rule add help
ip rule show table
