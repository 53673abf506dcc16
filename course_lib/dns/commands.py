"""Registers the name-resolution commands: getent, nslookup, dig, host and coredns."""
from course_lib.dns import dig, getent, host, nslookup  # noqa: F401  (each registers itself)

try:
    from course_lib.dns import coredns_cmd  # noqa: F401
except ImportError:     # the CoreDNS command lands separately
    pass
