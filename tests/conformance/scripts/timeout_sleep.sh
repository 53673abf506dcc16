# coreutils timeout and sleep in model time: a ping cut at N seconds prints what it printed so far (TERM: no statistics, rc 124; INT: ping's statistics; --preserve-status: 143), a command that ends first keeps its status; option and duration errors (125), a command not found (127) or not runnable (126); sleep's durations and errors.
export LANG=C
ip link set lo up
timeout 2.5 ping 127.0.0.1; echo rc=$?
timeout -s INT 3.5 ping 127.0.0.1; echo rc=$?
timeout --preserve-status 1.5 ping 127.0.0.1; echo rc=$?
timeout --preserve-status -s INT 2.5 ping -c 5 127.0.0.1; echo rc=$?
timeout 5 ping -c 2 127.0.0.1; echo rc=$?
timeout 2 ping -c 5 -w 1 127.0.0.1; echo rc=$?
timeout 1 sleep 5; echo rc=$?
timeout --preserve-status 1 sleep 5; echo rc=$?
timeout -s INT --preserve-status 1 sleep 5; echo rc=$?
timeout -s HUP -k 1 1 sleep 5; echo rc=$?
timeout -v 1 sleep 3; echo rc=$?
timeout 2 sleep 0.5; echo rc=$?
timeout 0 sleep 0.2; echo rc=$?
timeout 1m true; echo rc=$?
timeout 1 false; echo rc=$?
timeout 1 timeout 5 sleep 3; echo rc=$?
timeout x sleep 1; echo rc=$?
timeout -s FOO 1 sleep 1; echo rc=$?
timeout -k x 1 sleep 0; echo rc=$?
timeout 1 nosuch; echo rc=$?
timeout 1 /etc/hosts; echo rc=$?
timeout; echo rc=$?
timeout 1; echo rc=$?
timeout -x 1 sleep 0; echo rc=$?
timeout --bogus 1 sleep 0; echo rc=$?
timeout 1 -s INT sleep 0; echo rc=$?
timeout -1 sleep 0; echo rc=$?
timeout 1e1 true; echo rc=$?
timeout 0x10 true; echo rc=$?
timeout --help | head -3
sleep 1e-1 0.1s .1; echo rc=$?
sleep 0x0.1; echo rc=$?
sleep 1x 2y; echo rc=$?
sleep -1; echo rc=$?
sleep; echo rc=$?
sleep --help | head -2
