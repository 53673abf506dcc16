"""iproute2's lib/json_writer.c output: -j (compact) and -j -p (pretty) JSON, byte for byte."""
from __future__ import annotations

import json

from course_lib.shell.ip.options import IpOptions


class RawNumber(str):
    """A number written as its text (iproute2 prints bridge timers with '%.2f': 0.00)."""


class JsonWriter:
    """iproute2's lib/json_writer.c: the same separators, spaces and indentation (-j, -j -p)."""

    def __init__(self, pretty: bool) -> None:
        self.pretty = pretty
        self.out: list[str] = []
        self.depth = 0
        self.sep = ""

    def _eol(self) -> None:
        if self.pretty:
            self.out.append("\n" + "    " * self.depth)

    def _eor(self) -> None:
        if self.sep:
            self.out.append(self.sep)
        self.sep = ","

    def _begin(self, c: str) -> None:
        self._eor()
        self.out.append(c)
        self.depth += 1
        self.sep = ""

    def _end(self, c: str) -> None:
        self.depth -= 1
        if self.sep:
            self._eol()
        self.out.append(c)
        self.sep = ","

    def value(self, v) -> None:
        if isinstance(v, dict):
            self._begin("{")
            for k, item in v.items():
                self._eor()
                self._eol()
                self.sep = ""
                self.out.append(json.dumps(k) + (": " if self.pretty else ":"))
                self.value(item)
            self._end("}")
        elif isinstance(v, list):
            self._begin("[")
            if self.pretty:
                self.out.append(" ")
            for item in v:
                self.value(item)
            if self.pretty and self.sep:
                self.out.append(" ")
            self.sep = ""
            self._end("]")
        elif isinstance(v, RawNumber):
            self._eor()
            self.out.append(str(v))
        else:
            self._eor()
            self.out.append(json.dumps(v))

    def text(self) -> str:
        return "".join(self.out)


def dump_json(items: list, opts: IpOptions) -> str:
    writer = JsonWriter(opts.pretty)
    writer.value(items)
    return writer.text() + "\n"
