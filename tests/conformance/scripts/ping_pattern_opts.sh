# iputils ping -p PATTERN (the PATTERN line on stdout before the header, not with -q; odd digits; 16 bytes at most; the first non-hex character on), -M's words (do, dont, want; anything else is fatal, probe too), -t 0 (setsockopt's EINVAL after the name resolved).
ip link set lo up
ping -c 1 -p ff 127.0.0.1; echo rc=$?
ping -c 1 -q -p abc 127.0.0.1; echo rc=$?
ping -c 1 -p abc -q 127.0.0.1; echo rc=$?
ping -c 1 -p '' 127.0.0.1 | head -1; echo rc=$?
ping -c 1 -p 0123456789abcdef0123456789abcdef01 127.0.0.1 | head -1
ping -c 1 -p abcz 127.0.0.1; echo rc=$?
ping -c 1 -p zz1 127.0.0.1; echo rc=$?
ping -c 1 -M bogus 127.0.0.1; echo rc=$?
ping -c 1 -M probe 127.0.0.1; echo rc=$?
ping -c 1 -M dont 127.0.0.1; echo rc=$?
ping -c 1 -M want -s 2000 127.0.0.1; echo rc=$?
ping -c 1 -t 0 127.0.0.1; echo rc=$?
ping -c 1 -t 0 -p 01 127.0.0.1; echo rc=$?
ping -c 1 -t 1 127.0.0.1; echo rc=$?
