"""The Docker CLI 28.2.2's `--help` texts for `docker network` (captured by tests/docker/real/capture_help.py)."""
from __future__ import annotations

HELP = {
    'network ls': (
        'Usage:  docker network ls [OPTIONS]\n'
        '\n'
        'List networks\n'
        '\n'
        'Aliases:\n'
        '  docker network ls, docker network list\n'
        '\n'
        'Options:\n'
        '  -f, --filter filter   Provide filter values (e.g. "driver=bridge")\n'
        '      --format string   Format output using a custom template:\n'
        "                        'table':            Print output in table format\n"
        '                        with column headers (default)\n'
        "                        'table TEMPLATE':   Print output in table format\n"
        '                        using the given Go template\n'
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        '                        Go template.\n'
        '                        Refer to https://docs.docker.com/go/formatting/\n'
        '                        for more information about formatting output with\n'
        '                        templates\n'
        '      --no-trunc        Do not truncate the output\n'
        '  -q, --quiet           Only display network IDs\n'
    ),
    'network create': (
        'Usage:  docker network create [OPTIONS] NETWORK\n'
        '\n'
        'Create a network\n'
        '\n'
        'Options:\n'
        '      --attachable           Enable manual container attachment\n'
        '      --aux-address map      Auxiliary IPv4 or IPv6 addresses used by\n'
        '                             Network driver (default map[])\n'
        '      --config-from string   The network from which to copy the configuration\n'
        '      --config-only          Create a configuration only network\n'
        '  -d, --driver string        Driver to manage the Network (default "bridge")\n'
        '      --gateway strings      IPv4 or IPv6 Gateway for the master subnet\n'
        '      --ingress              Create swarm routing-mesh network\n'
        '      --internal             Restrict external access to the network\n'
        '      --ip-range strings     Allocate container ip from a sub-range\n'
        '      --ipam-driver string   IP Address Management Driver (default "default")\n'
        '      --ipam-opt map         Set IPAM driver specific options (default map[])\n'
        '      --ipv4                 Enable or disable IPv4 address assignment\n'
        '                             (default true)\n'
        '      --ipv6                 Enable or disable IPv6 address assignment\n'
        '      --label list           Set metadata on a network\n'
        '  -o, --opt map              Set driver specific options (default map[])\n'
        "      --scope string         Control the network's scope\n"
        '      --subnet strings       Subnet in CIDR format that represents a\n'
        '                             network segment\n'
    ),
    'network inspect': (
        'Usage:  docker network inspect [OPTIONS] NETWORK [NETWORK...]\n'
        '\n'
        'Display detailed information on one or more networks\n'
        '\n'
        'Options:\n'
        '  -f, --format string   Format output using a custom template:\n'
        "                        'json':             Print in JSON format\n"
        "                        'TEMPLATE':         Print output using the given\n"
        '                        Go template.\n'
        '                        Refer to https://docs.docker.com/go/formatting/\n'
        '                        for more information about formatting output with\n'
        '                        templates\n'
        '  -v, --verbose         Verbose output for diagnostics\n'
    ),
    'network connect': (
        'Usage:  docker network connect [OPTIONS] NETWORK CONTAINER\n'
        '\n'
        'Connect a container to a network\n'
        '\n'
        'Options:\n'
        '      --alias strings           Add network-scoped alias for the container\n'
        '      --driver-opt strings      driver options for the network\n'
        '      --gw-priority int         Highest gw-priority provides the default\n'
        '                                gateway. Accepts positive and negative values.\n'
        '      --ip string               IPv4 address (e.g., "172.30.100.104")\n'
        '      --ip6 string              IPv6 address (e.g., "2001:db8::33")\n'
        '      --link list               Add link to another container\n'
        '      --link-local-ip strings   Add a link-local address for the container\n'
    ),
    'network disconnect': (
        'Usage:  docker network disconnect [OPTIONS] NETWORK CONTAINER\n'
        '\n'
        'Disconnect a container from a network\n'
        '\n'
        'Options:\n'
        '  -f, --force   Force the container to disconnect from a network\n'
    ),
    'network rm': (
        'Usage:  docker network rm NETWORK [NETWORK...]\n'
        '\n'
        'Remove one or more networks\n'
        '\n'
        'Aliases:\n'
        '  docker network rm, docker network remove\n'
        '\n'
        'Options:\n'
        '  -f, --force   Do not error if the network does not exist\n'
    ),
    'network prune': (
        'Usage:  docker network prune [OPTIONS]\n'
        '\n'
        'Remove all unused networks\n'
        '\n'
        'Options:\n'
        '      --filter filter   Provide filter values (e.g. "until=<timestamp>")\n'
        '  -f, --force           Do not prompt for confirmation\n'
    ),
}
