"""`bridge fdb` (iproute2 6.1 bridge/fdb.c): show (selectors, -j), add/append/replace/del, get, flush."""
from __future__ import annotations

import re
from typing import Optional

from course_lib.result import CommandError
from course_lib.shell.ip import format as fmt
from course_lib.shell.bridge import _dev_exists, _usage
from course_lib.shell.ip.options import Args, IpOptions, duparg2, link_exists, matches, paint

_MAC = re.compile(r"^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$")
_STATES = {"permanent": "permanent", "static": "static", "dynamic": "dynamic", "reachable": "dynamic",
           "noarp": "static"}


def _state(rec) -> str:
    return "permanent" if "permanent" in rec.flags else "static" if "static" in rec.flags else "dynamic"


def do_fdb(stack, args: Args, opts: IpOptions, out: list[str]) -> None:
    word = args.take() if args.more() else "show"
    for name, how in (("add", "add"), ("append", "append"), ("replace", "replace"), ("delete", "del")):
        if matches(word, name):
            return _modify(stack, args, how)
    if matches(word, "get"):
        return _get(stack, args, opts, out)
    if matches(word, "flush"):
        return _flush(stack, args)
    if matches(word, "help"):
        raise _usage("bridge fdb")
    if not (matches(word, "show") or matches(word, "list") or matches(word, "lst")):
        raise CommandError(f'Command "{word}" is unknown, try "bridge fdb help".', 255)
    br = dev = state = None
    while args.more():
        w = args.take()
        if w in ("dev", "brport"):
            dev = args.next_arg()
        elif w == "br":
            br = args.next_arg()
        elif w == "state":
            value = args.next_arg()
            state = _STATES.get(value)
            if state is None:
                raise CommandError(f'Error: argument "{value}" is wrong: invalid state', 255)
        elif w == "dynamic":
            state = "dynamic"
        elif w == "vlan":
            args.next_arg()
        elif matches(w, "help"):                # fdb_show() skips any other word
            raise _usage("bridge fdb")
    if br is not None and not link_exists(stack, br):      # fdb_show() looks the bridge up first
        raise CommandError(f'Cannot find bridge device "{br}"', 255)
    if dev is not None:
        _dev_exists(stack, dev)
    masters = {r.name: r.master for r in stack.links()}
    chosen = [rec for rec in stack.fdb()
              if (dev is None or rec.dev == dev) and (br is None or rec.dev == br or masters.get(rec.dev) == br)
              and (state is None or _state(rec) == state)]
    if opts.json:
        out.append(fmt.dump_json([_json(rec, dev is None) for rec in chosen], opts))
        return
    for rec in chosen:
        out.append(_line(rec, show_dev=dev is None, opts=opts))


NDM_FLAGS = ("self", "sticky")        # the ndm_flags iproute2 names, in fdb_print_flags' order


def _line(rec, *, show_dev: bool, opts=None) -> str:
    line = paint(opts, "lladdr", rec.mac + " ")
    if show_dev:
        line += f"dev {paint(opts, 'ifname', rec.dev + ' ')}"
    if rec.dst:
        line += f"dst {rec.dst} "
    if rec.via:
        line += f"via {rec.via} "
    words = [f for f in rec.flags if f in NDM_FLAGS]      # fdb_print_flags, before the master and the state
    if rec.master:
        line += "".join(f + " " for f in words) + f"master {rec.master} "
        words = []
    return line + " ".join(words + [f for f in rec.flags if f not in NDM_FLAGS]) + "\n"


def _json(rec, show_dev: bool) -> dict:
    d: dict = {"mac": rec.mac}
    if show_dev:
        d["ifname"] = rec.dev
    if rec.dst:
        d["dst"] = rec.dst
    d["flags"] = [f for f in rec.flags if f in NDM_FLAGS]
    if rec.master:
        d["master"] = rec.master
    d["state"] = next((f for f in rec.flags if f in ("permanent", "static")), "")
    return d


def _get(stack, args: Args, opts: IpOptions, out: list[str]) -> None:
    """fdb_get(): one entry by address and bridge (br) or port (dev/brport)."""
    mac = br = dev = None
    while args.more():
        w = args.take()
        if w in ("dev", "brport"):
            dev = args.next_arg()
        elif w == "br":
            br = args.next_arg()
        elif w == "vlan" or w == "vni":
            args.next_arg()
        elif w in ("self", "master", "dynamic"):
            pass
        else:
            mac = args.next_arg() if w == "to" else w
    if mac is None or (br is None and dev is None):
        raise CommandError("Device or master and address are required arguments.", 255)
    if dev is not None:
        _dev_exists(stack, dev)
    if br is not None and not link_exists(stack, br):      # fdb_get() looks the bridge up after the device
        raise CommandError(f'Cannot find bridge device "{br}"', 255)
    masters = {r.name: r.master for r in stack.links()}
    for rec in stack.fdb():
        if rec.mac == mac.lower() and (dev is None or rec.dev == dev) and \
                (br is None or rec.master == br or masters.get(rec.dev) == br):
            out.append(fmt.dump_json([_json(rec, True)], opts) if opts.json else _line(rec, show_dev=True, opts=opts))
            return
    raise CommandError("Error: Fdb entry not found.", 254)


def _flush(stack, args: Args) -> None:
    """fdb_flush(): words it does not know are skipped (`help` takes a value); the kernel checks the rest."""
    dev = port = None
    master = False
    vid = -1
    state = mask = 0                    # ndm_state / NDA_NDM_STATE_MASK over NUD_PERMANENT and NUD_NOARP
    sticky: Optional[bool] = None       # NTF_STICKY in ndm_flags / NDA_NDM_FLAGS_MASK
    while args.more():
        w = args.take()
        if w in _STATE_WORDS:
            set_bits, clear_bits, mask_bits = _STATE_WORDS[w]
            state, mask = (state | set_bits) & ~clear_bits, mask | mask_bits
        elif w == "dev":
            dev = args.next_arg()
        elif w == "master":
            master = True
        elif w == "brport":
            if port is not None:
                raise duparg2("brport", "brport")
            port = args.next_arg()
        elif w == "vlan":
            if vid >= 0:
                raise duparg2("vlan", "vlan")
            value = args.next_arg()
            vid = _atoi(value)
            if vid >= 4096:
                raise CommandError(f'Invalid VLAN ID "{value}"', 255)
        elif w in ("sticky", "nosticky"):
            sticky = w == "sticky"
        elif w == "help":
            args.next_arg()
    if dev is None:
        raise CommandError("Device is a required argument.", 255)
    if not link_exists(stack, dev):
        raise CommandError(f'Cannot find bridge device "{dev}"', 255)
    if port is not None and not link_exists(stack, port):
        raise CommandError(f'Cannot find bridge port device "{port}"', 255)
    if vid == 0 or vid == 4095:                 # NDA_VLAN's policy range is 1..4094
        raise CommandError("Error: integer out of range.", 255)
    if hasattr(stack, "fdb_flush"):
        stack.fdb_flush(dev, master=master, port=port, vlan=max(vid, 0), states=(state, mask) if mask else None,
                        sticky=sticky)


PERMANENT, NOARP = 0x80, 0x40
_STATE_WORDS = {"permanent": (PERMANENT, 0, PERMANENT), "nopermanent": (0, PERMANENT, PERMANENT),
                "static": (NOARP, 0, NOARP | PERMANENT), "nostatic": (0, NOARP, NOARP),
                "dynamic": (0, NOARP, NOARP | PERMANENT), "nodynamic": (NOARP, 0, NOARP)}   # fdb_flush()'s


def _atoi(text: str) -> int:
    """C atoi(): leading blanks, a sign and digits; 0 when none."""
    m = re.match(r"\s*([+-]?\d+)", text)
    return int(m.group(1)) if m else 0


def _modify(stack, args: Args, how: str) -> None:
    mac = dev = dst = None
    master = self_ = sticky = False
    vlan = None
    state = "permanent"
    while args.more():
        w = args.take()
        if w == "dev":
            dev = args.next_arg()
        elif w in ("master",):
            master = True
        elif w == "self":
            self_ = True
        elif w == "sticky":
            sticky = True
        elif w in ("router", "use", "extern_learn", "local"):
            pass
        elif w in ("static", "dynamic", "permanent"):
            state = w
        elif w == "dst":
            dst = args.next_arg()
            _check_dst(dst)
        elif w == "vlan":
            vlan = args.next_arg()
        elif w == "via":                        # fdb_modify() looks the device up right away
            _dev_exists(stack, args.next_arg())
        elif w in ("port", "vni", "src_vni", "nhid"):
            args.next_arg()
        else:
            if mac is not None:
                raise CommandError(f'Error: either "to" is duplicate, or "{w}" is a garbage.', 255)
            mac = w
    if dev is None or mac is None:
        raise CommandError("Device and address are required arguments.", 255)
    if not _MAC.match(mac):
        raise CommandError(f"Invalid mac address {mac}", 255)
    mac = ":".join(f"{int(b, 16):02x}" for b in mac.split(":"))
    _dev_exists(stack, dev)
    if vlan is not None and master:             # no bridge VLAN filtering on this kernel
        raise CommandError("RTNETLINK answers: Invalid argument", 255)
    extra = {"dst": dst} if dst is not None else {}       # a vxlan device's remote VTEP
    # rtnl_fdb_add/del: `master` goes to the bridge of a port (refused elsewhere), `self` (the default) to the
    # device itself; with both, the bridge's part first (when dev is a port), then the device's own
    ways = [master] if not (master and self_) else \
        [True, False] if any(r.name == dev and r.master for r in stack.links()) else [False]
    for way in ways:
        if way and sticky and state == "permanent" and how != "del":
            raise CommandError("RTNETLINK answers: Invalid argument", 255)   # fdb_add_entry: no sticky local one
        if how == "del":
            stack.fdb_del(mac, dev, master=way, **extra)
        else:
            stack.fdb_add(mac, dev, master=way, state=state, how=how, sticky=sticky, **extra)


def _check_dst(text: str) -> None:
    import ipaddress
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        raise CommandError(f'Error: any valid address is expected rather than "{text}".', 1) from None
