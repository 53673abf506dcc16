# traceroute's packetlen argument: (int) strtoul base 0 (hex, octal, +), 'too big packetlen' above 65000 after the option checks, the default when it wraps negative, 28 at least; extra arguments.
ip link set lo up
traceroute -n -m 1 -q 1 127.0.0.1 65000 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 65001
traceroute -n -m 1 -q 1 127.0.0.1 99999
traceroute -n -m 1 -q 1 -I 127.0.0.1 99999
traceroute -n -m 1 -q 1 -T 127.0.0.1 65001
traceroute -n -m 0 127.0.0.1 99999
traceroute -n -m 0 127.0.0.1 1e3
traceroute -n -q 11 127.0.0.1 65001
traceroute -n -N 0 127.0.0.1 65001
traceroute -n -m 1 -q 1 127.0.0.1 4294967295 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 4294967296 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 4294967336 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 2147483648 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 2147483647
traceroute -n -m 1 -q 1 127.0.0.1 18446744073709551616 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 0x100 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 0100 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 +100 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 0 | head -1
traceroute -n -m 1 -q 1 127.0.0.1 10 x
traceroute -n 127.0.0.1 -1
traceroute -n nosuch 10 x
traceroute -n -m 0 127.0.0.1 10 x y
traceroute -n 127.0.0.1 1e3 x
