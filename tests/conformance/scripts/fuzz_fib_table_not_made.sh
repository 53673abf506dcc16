# Found by the random scripts (seed 209): a new netns has no IPv4 main/local table until its first address or route (or lo up): a flush of main or a dump of local or default says the FIB table does not exist (rc 2); a dump of main does not ask the kernel for the table (rc 0).
ip netns add g
ip -n g route show
ip -n g route show table main
ip -n g -4 route show table main
ip -n g route show dev lo
ip -n g route show table local
ip -n g route show table default
ip -n g route flush dev lo
ip -n g route flush table main
ip -n g -4 route flush 10.0.0.0/8
ip -n g route flush table all
ip -n g route show table all
ip -n g -6 route show table local
ip -n g link set lo up
ip -n g route show table local
ip -n g route flush dev lo
ip -n g route show table default
