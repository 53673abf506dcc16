"""Registers the datapath's tools with the shell: ping, traceroute, arp, route, netstat, ss."""
from course_lib.shell.nettools import arp, netstat, nstat, ping, route, ss, traceroute  # noqa: F401
from course_lib.shell.nettools import ping_extras  # noqa: F401,E402 - after ping: wraps its `ping`
