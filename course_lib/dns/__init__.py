"""Name resolution: the glibc resolver, hosts/resolv.conf, the BIND and glibc tools, and a CoreDNS server.

Other layers call `course_lib.dns.resolver.resolve_host(ctx, name, family=AF_INET) -> list[str]`,
which raises `course_lib.dns.resolver.ResolveError` (`.message` is glibc's gai_strerror text).
"""
