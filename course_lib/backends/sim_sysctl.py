"""Sysctls of a simulated netns: the per-netns table plus per-interface `net.ipv4.conf.DEV.*` keys."""
from __future__ import annotations

from typing import Optional

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


def sysctl_get(netns: NetNS, key: str) -> Optional[str]:
    if key in netns.sysctls:
        return netns.sysctls[key]
    if key in MACHINE_KEYS:
        return MACHINE_KEYS[key]
    if key == "kernel.hostname":
        return netns.machine.hostname
    conf = _split_conf(key)
    if conf is None:
        return None
    family, dev, item = conf
    table = CONF_KEYS if family == "ipv4" else CONF6_KEYS
    if item not in table:
        return None
    if dev not in ("all", "default") and netns.link_by_name(dev) is None:
        return None
    default = netns.sysctls.get(f"net.{family}.conf.default.{item}", table[item])
    if item == "forwarding" and family == "ipv4":
        default = netns.sysctls.get("net.ipv4.ip_forward", "0")
    return default


def sysctl_set(netns: NetNS, key: str, value: str) -> None:
    if sysctl_get(netns, key) is None:
        path = key.translate(str.maketrans({".": "/", "/": "."}))
        raise CommandError(f"sysctl: cannot stat /proc/sys/{path}: No such file or directory", 1)
    if key == "kernel.hostname":
        netns.machine.hostname = value.strip()
        return
    if key in MACHINE_KEYS:
        raise CommandError(f'sysctl: permission denied on key "{key}"', 1)
    from course_lib.shell.fs_view import normalise_sysctl
    stored = normalise_sysctl(key, value)
    if stored is None:
        raise CommandError(f'sysctl: setting key "{key}": Invalid argument', 1)
    value = stored
    if key in ("net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding"):
        netns.sysctls["net.ipv4.ip_forward"] = value
        netns.sysctls["net.ipv4.conf.all.forwarding"] = value
        for k in list(netns.sysctls):
            if k.startswith("net.ipv4.conf.") and k.endswith(".forwarding"):
                netns.sysctls[k] = value
        return
    netns.sysctls[key] = value


def sysctl_keys(netns: NetNS) -> list[str]:
    return sorted(set(netns.sysctls) | set(_dev_keys(netns)) | {"kernel.hostname"} | set(MACHINE_KEYS))
