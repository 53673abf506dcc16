"""The networking tools the datapath answers: ping, traceroute (iputils/traceroute), arp, route, netstat (net-tools), ss."""
