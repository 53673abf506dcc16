"""resource.Quantity as kubectl describe sums and prints requests/limits: parse "250m", "70Mi", "1", "1G",
add them, and String() in the first term's format (DecimalSI for cpu, BinarySI for Mi/Gi values)."""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable

BINARY = {"Ki": 2 ** 10, "Mi": 2 ** 20, "Gi": 2 ** 30, "Ti": 2 ** 40, "Pi": 2 ** 50, "Ei": 2 ** 60}
DECIMAL = {"n": Fraction(1, 10 ** 9), "u": Fraction(1, 10 ** 6), "m": Fraction(1, 1000), "": Fraction(1),
           "k": Fraction(10 ** 3), "M": Fraction(10 ** 6), "G": Fraction(10 ** 9), "T": Fraction(10 ** 12),
           "P": Fraction(10 ** 15), "E": Fraction(10 ** 18)}


def parse(text: Any) -> tuple[Fraction, bool]:
    """(value, binary format?) of a quantity string or number; 0 for what does not parse."""
    s = str(text).strip()
    for suffix, mult in BINARY.items():
        if s.endswith(suffix):
            return Fraction(s[:-2] or "0") * mult, True
    for suffix in ("n", "u", "m", "k", "M", "G", "T", "P", "E"):
        if s.endswith(suffix):
            return Fraction(s[:-1] or "0") * DECIMAL[suffix], False
    try:
        return Fraction(s or "0"), False
    except (ValueError, ZeroDivisionError):
        return Fraction(0), False


def total(values: Iterable[Any]) -> tuple[Fraction, bool]:
    amount, binary, first = Fraction(0), False, True
    for v in values:
        q, b = parse(v)
        amount += q
        binary = b if first else binary
        first = False
    return amount, binary


def text(amount: Fraction, binary: bool) -> str:
    """Quantity.String(): the largest suffix that keeps an integer (milli-units at most for DecimalSI)."""
    if amount == 0:
        return "0"
    if binary and amount.denominator == 1:
        for suffix, mult in reversed(list(BINARY.items())):
            if amount % mult == 0:
                return f"{amount // mult}{suffix}"
        return str(amount.numerator)
    for suffix in ("E", "P", "T", "G", "M", "k", "", "m", "u", "n"):
        scaled = amount / DECIMAL[suffix]
        if scaled.denominator == 1:
            return f"{scaled.numerator}{suffix}"
    return str(float(amount))


def percent(part: Fraction, whole: Fraction) -> int:
    """int64(float64(part) / float64(whole) * 100), 0 when the whole is 0."""
    return int(float(part) / float(whole) * 100) if whole else 0
