# ip neigh: the states shown by default (not NOARP), what flush takes (not PERMANENT/NOARP unless asked),
# nud all, -s flush reports, -br/-j views, errors. (One entry per listing: the kernel's order is its hash's.)
ip link add n0 type veth peer name n1
ip link set n0 up
ip link set n1 up
ip addr add 10.1.0.1/24 dev n0
ip neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev n0 nud noarp
ip neigh show
ip -4 neigh show nud noarp
ip -4 neigh show nud all
ip -4 neigh show nud all
ip neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev n0 nud stale
ip neigh show
ip -s neigh flush dev n0
ip neigh show
ip -s neigh flush dev n0
ip -4 neigh show nud all
ip neigh add 10.1.0.6 lladdr 02:00:00:00:00:06 dev n0
ip neigh flush dev n0
ip neigh show
ip neigh flush dev n0 nud all
ip -4 neigh show nud all
ip neigh flush dev n0 nud noarp
ip -4 neigh show nud all
ip neigh add 10.1.0.5 lladdr 02:00:00:00:00:05 dev n0 nud reachable
ip -br neigh
ip -j neigh
ip -j -p neigh
ip neigh change 10.1.0.5 lladdr 02:00:00:00:00:55 dev n0
ip neigh show dev n0
ip neigh replace 10.1.0.5 lladdr 02:00:00:00:00:56 dev n0 nud stale
ip n s 10.1.0.5
ip neigh del 10.1.0.5 dev n0
ip neigh del 10.1.0.5 dev n0
ip neigh add 10.1.0.4 dev n0 nud none
ip neigh show nud none
ip neigh show
ip neigh flush dev n0
ip -4 neigh show nud all
ip neigh add 10.1.0.5 lladdr 02:00:00:00:00:05 dev n0 nud bogus
ip neigh add 10.1.0.5 lladdr 02:00:00:00:00:05
ip neigh add 10.1.0.300 lladdr 02:00:00:00:00:05 dev n0
ip neigh add 10.1.0.5 lladdr zz dev n0
ip neigh add 10.1.0.5 lladdr 02:00:00:00:00:05 dev nosuch
ip neigh show nud bogus
ip neigh flush
ip neigh get 10.1.0.200 dev n0
