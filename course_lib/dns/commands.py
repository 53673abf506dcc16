"""Registers the name-resolution commands: getent, nslookup, dig, host and coredns."""
from course_lib.dns import coredns_cmd, dig, getent, host, nslookup  # noqa: F401  (each registers itself)
