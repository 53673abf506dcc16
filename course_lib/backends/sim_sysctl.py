"""Sysctls of a simulated netns: the per-netns table plus per-interface `net.ipv4.conf.DEV.*` keys."""
from __future__ import annotations

from typing import Optional

from course_lib.net import devconf, inet6_mtu
from course_lib.net.netns import NetNS
from course_lib.result import CommandError

# per-interface IPv4 keys the course reads, with a fresh device's value
CONF_KEYS = {"forwarding": "0", "rp_filter": "0", "proxy_arp": "0", "accept_redirects": "1",
             "send_redirects": "1", "arp_ignore": "0", "arp_announce": "0", "route_localnet": "0"}
CONF6_KEYS = {"disable_ipv6": "0", "forwarding": "0"}


def _dev_keys(netns: NetNS) -> list[str]:
    names = ["all", "default"] + [l.name for _, l in sorted(netns.links.items())]
    keys = []
    for n in names:
        keys += [f"net.ipv4.conf.{n}.{k}" for k in CONF_KEYS]
        keys += [f"net.ipv6.conf.{n}.{k}" for k in CONF6_KEYS]
    return keys


def _split_conf(key: str) -> Optional[tuple[str, str, str]]:
    parts = key.split(".")
    if len(parts) >= 5 and parts[0] == "net" and parts[1] in ("ipv4", "ipv6") and parts[2] == "conf":
        return parts[1], ".".join(parts[3:-1]), parts[-1]
    return None


# machine-wide keys outside net.* that a learner may meet (values of a stock Debian kernel)
MACHINE_KEYS = {"dev.tty.ldisc_autoload": "1", "dev.tty.legacy_tiocsti": "1"}


_TABLES: dict[str, dict[str, str]] = {}


def _tables() -> dict[str, dict[str, str]]:
    """GLOBAL and DEVICE of sim_sysctl_data as key -> value (DEVICE keys without the device)."""
    if not _TABLES:
        from course_lib.backends import sim_sysctl_data as data
        for name, groups in (("global", data.GLOBAL), ("device", data.DEVICE), ("lo", data.LO_OVERRIDES)):
            table = _TABLES[name] = {}
            for parent, items in groups.items():
                for item in items.split(";"):
                    leaf, _, value = item.partition("=")
                    table[f"{parent}.{leaf}"] = value.replace("\\t", "\t")
    return _TABLES


def _device_default(netns: NetNS, family: str, kind: str, dev: str, item: str) -> Optional[str]:
    """A per-interface key of an existing interface (or conf.all/default), from the fresh-netns data."""
    link = netns.link_by_name(dev) if dev not in ("all", "default") else None
    if link is None:
        return _tables()["global"].get(f"net.{family}.{kind}.{dev}.{item}")
    generic = f"net.{family}.{kind}.{item}"
    if family == "ipv6" and kind == "conf" and item == "mtu":
        return str(inet6_mtu.conf_mtu(link))
    if link.is_loopback and generic in _tables()["lo"]:
        return _tables()["lo"][generic]
    return _tables()["device"].get(generic)


# neigh keys procps leaves out of -a (its DEPRECATED list), read and written through their _ms twin:
# seconds, and USER_HZ ticks (100 a second)
DEPRECATED = {"base_reachable_time": ("base_reachable_time_ms", 1000), "retrans_time": ("retrans_time_ms", 10)}


def _device_of(key: str) -> Optional[str]:
    """The device a per-interface key (net.ipv4|ipv6.conf|neigh.DEV.ITEM) belongs to; None for other keys."""
    parts = key.split(".")
    if len(parts) >= 5 and parts[0] == "net" and parts[1] in ("ipv4", "ipv6") and parts[2] in ("conf", "neigh"):
        dev = ".".join(parts[3:-1])
        return None if dev in ("all", "default") else dev
    return None


def forget_device(netns: NetNS, name: str, new_name: Optional[str] = None) -> None:
    """A device left the netns (deleted, moved away): its written keys go; renamed: they follow it."""
    infix = f".{name}."                          # in every key _device_of gives `name` for (a quick test first)
    if infix not in "\n".join(netns.sysctls):    # (usually: no key of the device, found at C speed)
        return
    for key in [k for k in netns.sysctls if infix in k and _device_of(k) == name]:
        value = netns.sysctls.pop(key)
        if new_name is not None:
            family, kind = key.split(".")[1:3]
            netns.sysctls[f"net.{family}.{kind}.{new_name}.{key.rsplit('.', 1)[1]}"] = value


def _deprecated(key: str) -> Optional[tuple[str, int]]:
    parts = key.split(".")
    if len(parts) >= 5 and parts[2] == "neigh" and parts[-1] in DEPRECATED:
        twin, scale = DEPRECATED[parts[-1]]
        return ".".join(parts[:-1] + [twin]), scale
    return None


def _absent(netns: NetNS, key: str, dev: str) -> bool:
    """The key's device is not there, or it is an IPv6 key of a device without inet6_dev (MTU below 1280)."""
    link = netns.link_by_name(dev)
    return link is None or key.startswith("net.ipv6.") and inet6_mtu.no_inet6_dev(link)


def sysctl_get(netns: NetNS, key: str) -> Optional[str]:
    dev = _device_of(key)
    if dev is not None and _absent(netns, key, dev):
        return None
    old = _deprecated(key)
    if old is not None:
        value = sysctl_get(netns, old[0])
        return None if value is None else str(int(value) // old[1])
    if key in netns.sysctls:
        return netns.sysctls[key]
    if key in MACHINE_KEYS:
        return MACHINE_KEYS[key]
    if key == "kernel.hostname":
        return netns.machine.hostname
    conf = _split_conf(key)
    if conf is None:
        value = _tables()["global"].get(key)
        return value if value is not None else _neigh_get(netns, key)
    family, dev, item = conf
    table = CONF_KEYS if family == "ipv4" else CONF6_KEYS
    if dev not in ("all", "default") and netns.link_by_name(dev) is None:
        return None
    if family == "ipv4":
        return _ipv4_conf(netns, dev, item)
    if item not in table:
        return _device_default(netns, family, "conf", dev, item)
    return netns.sysctls.get(f"net.{family}.conf.default.{item}", table[item])


def _ipv4_conf(netns: NetNS, dev: str, item: str) -> Optional[str]:
    """An IPv4 per-interface key nobody wrote for this device: what it copied, froze or follows of conf.default
    (course_lib.net.devconf), else conf.all's own value or the fresh one."""
    if item == "forwarding" and dev == "all":
        return netns.sysctls.get("net.ipv4.ip_forward", "0")
    if dev != "all":
        value = devconf.followed(netns, dev, item)
        if value is not None:
            return value
    if item in CONF_KEYS:
        return CONF_KEYS[item]
    return _device_default(netns, "ipv4", "conf", dev, item)


def _neigh_get(netns: NetNS, key: str) -> Optional[str]:
    parts = key.split(".")
    if len(parts) >= 5 and parts[2] == "neigh" and parts[3] != "default":
        return _device_default(netns, parts[1], "neigh", ".".join(parts[3:-1]), parts[-1])
    return None


def _store(key: str, value: str, default: str) -> Optional[str]:
    """The stored form of a write: integers as the kernel parses them; several fields or a word kept as text."""
    from course_lib.shell.fs_view import normalise_sysctl
    fields = default.split("\t") if "\t" in default else default.split()
    if len(fields) > 1 and key not in ("net.ipv4.ip_local_port_range", "net.ipv4.ping_group_range"):
        words = value.split()
        if len(words) != len(fields) or not all(w.lstrip("-").isdigit() for w in words):
            return None
        return "\t".join(words)
    if default and not default.lstrip("-").isdigit() and len(fields) == 1:
        return value.strip() or None
    stored = normalise_sysctl(key, value)
    low, high = RANGES.get(key, (None, None))
    if stored is not None and low is not None and not low <= int(stored) <= high:
        return None                        # proc_dointvec_minmax: EINVAL out of range
    return stored


RANGES = {"net.ipv4.ip_default_ttl": (1, 255), "net.ipv4.icmp_echo_ignore_all": (0, 1),
          "net.ipv4.icmp_echo_ignore_broadcasts": (0, 1), "net.core.somaxconn": (0, 2 ** 31 - 1),
          "net.ipv4.icmp_ratelimit": (0, 2 ** 31 - 1), "net.ipv4.icmp_msgs_per_sec": (0, 2 ** 31 - 1),
          "net.ipv4.tcp_syn_retries": (1, 127), "net.ipv4.tcp_syn_linear_timeouts": (0, 127)}


def sysctl_set(netns: NetNS, key: str, value: str) -> None:
    current = sysctl_get(netns, key)
    if current is None:
        path = key.translate(str.maketrans({".": "/", "/": "."}))
        raise CommandError(f"sysctl: cannot stat /proc/sys/{path}: No such file or directory", 1)
    if key == "kernel.hostname":
        netns.machine.hostname = value.strip()
        return
    if key in MACHINE_KEYS:
        raise CommandError(f'sysctl: permission denied on key "{key}"', 1)
    old = _deprecated(key)
    if old is not None:
        stored = _store(key, value, current)
        if stored is None:
            raise CommandError(f'sysctl: setting key "{key}": Invalid argument', 1)
        netns.sysctls[old[0]] = str(int(stored) * old[1])
        return
    stored = _store(key, value, current)
    if stored is None:
        raise CommandError(f'sysctl: setting key "{key}": Invalid argument', 1)
    value = stored
    if key in ("net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding"):
        if value != current:               # inet_forward_change (only on a change): a router takes no
            netns.sysctls["net.ipv4.conf.all.accept_redirects"] = "0" if int(value) else "1"   # redirects,
            for k in list(netns.sysctls):                                      # default and every device follow
                if k.startswith("net.ipv4.conf.") and k.endswith(".forwarding"):
                    netns.sysctls[k] = value
            for link in netns.links.values():                                  # (unwritten: they follow ip_forward)
                link.__dict__.get(devconf.COPIED, {}).pop("forwarding", None)
        netns.sysctls["net.ipv4.ip_forward"] = value
        netns.sysctls["net.ipv4.conf.all.forwarding"] = value
        return
    if key.startswith("net.ipv4.conf.default."):
        devconf.default_written(netns, key.rsplit(".", 1)[1])
        lo = netns.links.get(1)             # lo was frozen when it came up (NETDEV_UP adds 127.0.0.1 with setall)
        if lo is not None and lo.is_loopback and lo.admin_up:
            devconf.freeze(netns, lo)
    netns.sysctls[key] = value
    if key.startswith("net.ipv6.conf.") and key.endswith(".disable_ipv6"):
        from course_lib.net.chatter import ipv6_switched
        ipv6_switched(netns, key[len("net.ipv6.conf."):-len(".disable_ipv6")])    # addresses go / come


def sysctl_keys(netns: NetNS) -> list[str]:
    """Every key `sysctl -a` lists, in /proc/sys order (names sorted within each directory)."""
    stored = {k for k in netns.sysctls if _device_of(k) is None or netns.link_by_name(_device_of(k)) is not None}
    keys = stored | set(_dev_keys(netns)) | {"kernel.hostname"} | set(MACHINE_KEYS)
    keys |= set(_tables()["global"])
    for _, link in sorted(netns.links.items()):
        for generic in _tables()["device"]:
            if generic.startswith("net.ipv6.") and inet6_mtu.no_inet6_dev(link):
                continue
            family, kind, item = generic.split(".")[1], generic.split(".")[2], generic.split(".", 3)[3]
            keys.add(f"net.{family}.{kind}.{link.name}.{item}")
    keys = {k for k in keys if _device_of(k) is None or not _absent(netns, k, _device_of(k) or "")}
    return sorted(keys, key=lambda k: k.split("."))
