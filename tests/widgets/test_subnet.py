"""SubnetCalculator: the rows for a /24 and the same-subnet verdict, driven through its text boxes."""
from __future__ import annotations

from course_lib.widgets.subnet import SubnetCalculator, describe


def test_describe_a_slash_24():
    rows = dict(describe("192.168.1.10/24", "192.168.2.1"))
    assert rows["network"] == "192.168.1.0/24"
    assert rows["netmask"] == "255.255.255.0"
    assert rows["broadcast"] == "192.168.1.255"
    assert rows["host addresses"] == "192.168.1.1 - 192.168.1.254"
    assert rows["number of hosts"] == "254"
    assert rows["192.168.2.1 in 192.168.1.0/24?"].startswith("no")


def test_point_to_point_prefixes():
    assert dict(describe("10.0.0.0/31"))["number of hosts"] == "2"
    assert dict(describe("10.0.0.1/32"))["broadcast"] == "none"


def test_widget_updates_as_you_type_and_reports_bad_input():
    calc = SubnetCalculator()
    assert "192.168.1.0/24" in calc.output.value
    calc.cidr.value = "10.1.2.3/16"
    assert "10.1.0.0/16" in calc.output.value and "65534" in calc.output.value
    calc.cidr.value = "10.1.2.300/16"
    assert "does not appear to be an IPv4" in calc.output.value or "Octet" in calc.output.value
