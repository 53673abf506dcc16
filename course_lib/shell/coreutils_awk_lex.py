"""The small awk's tokens, value conversions and errors."""
from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(r"""\s*(?:
    (?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?) |
    (?P<str>"(?:[^"\\]|\\.)*") |
    (?P<name>[A-Za-z_][A-Za-z0-9_]*) |
    (?P<op>\+\+|--|\+=|-=|\*=|/=|%=|==|!=|<=|>=|&&|\|\||!~|\^=|[-+*/%<>!=~$(){};,?:\n\[\]^]) )""", re.X)
_ESC = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/", "r": "\r"}


_KEYWORDS = {"in", "getline", "else", "if", "print", "printf", "next", "for", "while", "do", "delete",
             "exit", "return", "function", "BEGIN", "END"}


class AwkError(Exception):
    pass


class _Next(Exception):
    pass


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def _unsupported(what: str) -> AwkError:
    return AwkError(f"awk: this simulated awk does not support {what} (it knows patterns, print, printf, "
                    "fields, NR/NF/FS/OFS, variables, arrays, arithmetic, if/else, for, while, next, exit and "
                    "length/substr/index/split/sub/gsub/match/sprintf/tolower/toupper/int)")


def _num(v: Any) -> float:
    if isinstance(v, (int, float)):
        return v
    m = re.match(r"\s*[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+)", str(v), re.I)
    return float(m.group(0)) if m else 0.0


def _str(v: Any) -> str:
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        import math
        if v != v:
            return "-nan" if math.copysign(1.0, v) < 0 else "nan"
        return "inf" if v > 0 else "-inf"
    if isinstance(v, float):
        return str(int(v)) if v == int(v) and abs(v) < 1e16 else "%.6g" % v
    return str(v)




_REGEX_CACHE: dict[str, "re.Pattern[str]"] = {}


def awk_regex(text: str) -> "re.Pattern[str]":
    """An awk (POSIX extended) regular expression as a compiled Python one; AwkError when invalid."""
    pattern = _REGEX_CACHE.get(text)
    if pattern is None:
        import warnings
        from course_lib.shell.coreutils_grep import RegexError, translate
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pattern = re.compile(translate(text, extended=True))
        except (RegexError, re.error) as error:
            raise AwkError(f"awk: line 1: regular expression compile failed ({error})") from None
        if len(_REGEX_CACHE) < 256:
            _REGEX_CACHE[text] = pattern
    return pattern
