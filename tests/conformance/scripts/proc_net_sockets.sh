# /proc/net/tcp, tcp6, udp, udp6, sockstat and sockstat6 with nc listeners in the background (TCP on any address, on 127.0.0.1 and on :: only, UDP on any and on ::): hex address words and ports, states 0A/07, the idle timer, queue, uid, refcount and TCP rto/cwnd columns. The inode, the hashed pointer, the listeners' order (a per-netns hash) and UDP's slot number are random on the kernel: left out or sorted; so are sockstat's machine-wide alloc and mem.
ip link set lo up
cat /proc/net/tcp /proc/net/udp /proc/net/tcp6 /proc/net/udp6 /proc/net/sockstat6
cat /proc/net/sockstat | sed 's/ alloc [0-9]* mem [0-9]*//; s/UDP: inuse \([0-9]*\) mem [0-9]*/UDP: inuse \1/'
nc -l -p 8080 > /dev/null 2>&1 &
nc -l -s 127.0.0.1 -p 9000 > /dev/null 2>&1 &
nc -6 -l -p 8443 > /dev/null 2>&1 &
nc -u -l -p 5353 > /dev/null 2>&1 &
nc -6 -u -l -p 5354 > /dev/null 2>&1 &
sleep 1
head -1 /proc/net/tcp; tail -n +2 /proc/net/tcp | awk '{$1=$10=$12=""; print}' | sort | cat -A
head -1 /proc/net/tcp6; tail -n +2 /proc/net/tcp6 | awk '{$1=$10=$12=""; print}' | sort
head -1 /proc/net/udp; tail -n +2 /proc/net/udp | awk '{$1=$10=$12=""; print}' | sort
head -1 /proc/net/udp6; tail -n +2 /proc/net/udp6 | awk '{$1=$10=$12=""; print}' | sort
cat /proc/net/sockstat6
cat /proc/net/sockstat | sed 's/ alloc [0-9]* mem [0-9]*//; s/UDP: inuse \([0-9]*\) mem [0-9]*/UDP: inuse \1/'
wc -L /proc/net/tcp /proc/net/udp
wc -l /proc/net/tcp /proc/net/udp /proc/sys/net/ipv4/ip_forward
