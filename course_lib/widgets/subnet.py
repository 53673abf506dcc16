"""SubnetCalculator: an address with its prefix in, out come its network, mask, broadcast and host range."""
from __future__ import annotations

import html
import ipaddress
from typing import Any


def describe(cidr: str, other: str = "") -> list[tuple[str, str]]:
    """Rows (name, value) for an IPv4 interface like 192.168.1.10/24; raises ValueError on bad input."""
    iface = ipaddress.IPv4Interface(cidr.strip())
    net = iface.network
    hosts = net.num_addresses - 2 if net.prefixlen < 31 else net.num_addresses
    first = net.network_address + (1 if net.prefixlen < 31 else 0)
    last = net.broadcast_address - (1 if net.prefixlen < 31 else 0)
    rows = [
        ("address", str(iface.ip)),
        ("prefix length", f"/{net.prefixlen}"),
        ("netmask", str(net.netmask)),
        ("network", str(net)),
        ("broadcast", str(net.broadcast_address) if net.prefixlen < 31 else "none"),
        ("host addresses", f"{first} - {last}"),
        ("number of hosts", str(hosts)),
        ("address in binary", ".".join(f"{o:08b}" for o in iface.ip.packed)),
        ("netmask in binary", ".".join(f"{o:08b}" for o in net.netmask.packed)),
    ]
    if other.strip():
        ip = ipaddress.IPv4Address(other.strip())
        verdict = "yes: same subnet, reached directly (ARP)" if ip in net else \
            "no: another subnet, needs a route (a gateway)"
        rows.append((f"{ip} in {net}?", verdict))
    return rows


class SubnetCalculator:
    """Two boxes (address/prefix, and another address) and a table that answers as you type."""

    def __init__(self, cidr: str = "192.168.1.10/24", other: str = "192.168.1.11") -> None:
        import ipywidgets as w

        self.cidr = w.Text(value=cidr, description="address", continuous_update=True)
        self.other = w.Text(value=other, description="other IP", continuous_update=True)
        self.output = w.HTML()
        for box in (self.cidr, self.other):
            box.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([w.HBox([self.cidr, self.other]), self.output])
        self.update()

    def update(self) -> None:
        try:
            rows = describe(self.cidr.value, self.other.value)
        except ValueError as exc:
            self.output.value = f'<span style="color:#b00">{html.escape(str(exc))}</span>'
            return
        cells = "".join(f"<tr><td>{html.escape(k)}</td><td><code>{html.escape(v)}</code></td></tr>"
                        for k, v in rows)
        self.output.value = f"<table>{cells}</table>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
