"""Scanning one bash word into its parts: quotes, backslashes, $-expansions and backquotes.

A WordScanner reads from `pos` in its source and counts the lines it passes; the lexer is one, and
here-document bodies, ${...} operands and [[ ]] operands are scanned by their own.
"""
from __future__ import annotations

import re
from typing import Optional

from course_lib.shell.parse_ast import Arith, CmdSub, Lit, Param, Part, ShellSyntaxError, Word
from course_lib.shell.parse_brackets import match_brace, match_paren

SPECIAL_PARAMS = "?$#@*!-0123456789"


def eof_error(what: str) -> ShellSyntaxError:
    return ShellSyntaxError(f"unexpected EOF while looking for matching `{what}'")


def is_name(text: str) -> bool:
    return bool(text) and (text[0].isalpha() or text[0] == "_") and all(
        c.isalnum() or c == "_" for c in text) and text.isascii()


class WordScanner:
    """Scans words of bash source from `pos`, keeping `line` up to date."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0
        self.line = 1

    def scan_word(self, stops: str) -> list[Part]:
        """Scan an unquoted-context word up to one of `stops` (or the end)."""
        src, n = self.src, len(self.src)
        parts: list[Part] = []
        buf: list[str] = []

        def flush() -> None:
            if buf:
                parts.append(Lit("".join(buf)))
                buf.clear()

        while self.pos < n:
            c = src[self.pos]
            if c in stops:
                break
            if c == "\\":
                if self.pos + 1 >= n:
                    buf.append("\\")
                    self.pos += 1
                elif src[self.pos + 1] == "\n":
                    self.pos += 2
                    self.line += 1
                else:
                    flush()
                    parts.append(Lit(src[self.pos + 1], True))
                    self.pos += 2
            elif c == "'":
                end = src.find("'", self.pos + 1)
                if end < 0:
                    raise eof_error("'")
                flush()
                text = src[self.pos + 1:end]
                self.line += text.count("\n")
                parts.append(Lit(text, True))
                self.pos = end + 1
            elif c == '"':
                flush()
                self.pos += 1
                inner = self.scan_quoted_body(heredoc=False)
                parts.extend(inner or [Lit("", True)])
            elif c == "$":
                flush()
                parts.extend(self._dollar(quoted=False))
            elif c == "`":
                flush()
                parts.append(self._backtick(quoted=False))
            else:
                if c == "\n":
                    self.line += 1
                buf.append(c)
                self.pos += 1
        flush()
        return parts

    def scan_quoted_body(self, heredoc: bool) -> list[Part]:
        """Scan the inside of "..." (up to the closing quote) or a whole here-document body."""
        src, n = self.src, len(self.src)
        parts: list[Part] = []
        buf: list[str] = []
        escapable = "$`\\\n" if heredoc else "$`\"\\\n"

        def flush() -> None:
            if buf:
                parts.append(Lit("".join(buf), True))
                buf.clear()

        while True:
            if self.pos >= n:
                if heredoc:
                    break
                raise eof_error('"')
            c = src[self.pos]
            if c == '"' and not heredoc:
                self.pos += 1
                break
            if c == "\\" and self.pos + 1 < n and src[self.pos + 1] in escapable:
                if src[self.pos + 1] != "\n":
                    buf.append(src[self.pos + 1])
                else:
                    self.line += 1
                self.pos += 2
            elif c == "$":
                flush()
                parts.extend(self._dollar(quoted=True))
            elif c == "`":
                flush()
                parts.append(self._backtick(quoted=True))
            else:
                if c == "\n":
                    self.line += 1
                buf.append(c)
                self.pos += 1
        flush()
        return parts

    def _dollar(self, quoted: bool) -> list[Part]:
        """A `$` expansion at pos, the lines it spans counted ($(...) over lines: $LINENO after it)."""
        start = self.pos
        parts = self._dollar_parts(quoted)
        self.line += self.src.count("\n", start, self.pos)
        return parts

    def _dollar_parts(self, quoted: bool) -> list[Part]:
        src, n = self.src, len(self.src)
        p = self.pos + 1
        nxt = src[p] if p < n else ""
        if src.startswith("((", p):
            end = self._match_arith(p + 2)
            if end is not None:
                body = src[p + 2:end]
                self.pos = end + 2
                return [Arith(Word(WordScanner(body).scan_quoted_body(heredoc=True), body), quoted)]
        if nxt == "[":                     # $[ EXPR ]: bash's old arithmetic expansion
            depth, end = 0, p
            while end < n and not (src[end] == "]" and depth == 1):
                depth += {"[": 1, "]": -1}.get(src[end], 0)
                end += 1
            if end < n:
                body = src[p + 1:end]
                self.pos = end + 1
                return [Arith(Word(WordScanner(body).scan_quoted_body(heredoc=True), body), quoted)]
        if nxt == "(":
            end = match_paren(src, p + 1)
            if end < 0:
                raise eof_error(")")
            self.pos = end + 1
            return [CmdSub(src[p + 1:end], quoted)]
        if nxt == "{":
            end = match_brace(src, p + 1)
            if end < 0:
                raise eof_error("}")
            self.pos = end + 1
            return [parse_braced_param(src[p + 1:end], quoted)]
        if nxt == "'" and not quoted:
            text, end = ansi_c_string(src, p + 1)
            if end < 0:
                raise eof_error("'")
            self.pos = end + 1
            return [Lit(text, True)]
        if nxt == '"' and not quoted:
            self.pos = p
            return []
        if nxt and (nxt.isalpha() or nxt == "_") and nxt.isascii():
            end = p
            while end < n and (src[end].isalnum() or src[end] == "_") and src[end].isascii():
                end += 1
            self.pos = end
            return [Param(src[p:end], quoted)]
        if nxt and nxt in SPECIAL_PARAMS:
            self.pos = p + 1
            return [Param(nxt, quoted)]
        self.pos = p
        return [Lit("$", quoted)]

    def _match_arith(self, start: int) -> Optional[int]:
        depth, i, src = 0, start, self.src
        while i < len(src):
            c = src[i]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    return i if src.startswith("))", i) else None
                depth -= 1
            i += 1
        return None

    def _backtick(self, quoted: bool) -> CmdSub:
        src, n = self.src, len(self.src)
        i = self.pos + 1
        out: list[str] = []
        while i < n and src[i] != "`":
            if src[i] == "\\" and i + 1 < n and src[i + 1] in "$`\\":
                out.append(src[i + 1])
                i += 2
            else:
                out.append(src[i])
                i += 1
        if i >= n:
            raise eof_error("`")
        self.line += src.count("\n", self.pos, i)
        self.pos = i + 1
        return CmdSub("".join(out), quoted)


def parse_braced_param(inner: str, quoted: bool) -> Param:
    """${...}: a name with an optional operator; a malformed one expands to `bad substitution`.
    ${!NAME...}: indirection (the name "!NAME"); ${!A[@]}: op "keys"; ${!PREFIX*}: op "names"."""
    if inner[:1] == "!" and len(inner) > 1:
        keys = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)(\[[@*]\]|[@*])", inner[1:])
        if keys:
            return Param(keys.group(1), quoted, op="keys" if keys.group(2)[0] == "[" else "names",
                         index=keys.group(2)[-2 if keys.group(2)[0] == "[" else 0])
        target = parse_braced_param(inner[1:], quoted)
        if target.op not in ("bad", "len") and (is_name(target.name) or target.name.isdigit()):
            target.name = "!" + target.name
            return target
        return Param(inner, quoted, op="bad")
    if inner.startswith("#") and len(inner) > 1 and (is_name(inner[1:]) or inner[1:] in SPECIAL_PARAMS):
        return Param(inner[1:], quoted, op="len")
    indexed = re.fullmatch(r"(#?)([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\](.*)", inner, re.S)
    if indexed:
        length, name, index, rest = indexed.groups()
        if length and not rest:
            return Param(name, quoted, op="len", index=index)
        if not length:
            param = parse_braced_param(name + rest, quoted)
            if param.op != "bad":
                param.index = index
                return param
        return Param(inner, quoted, op="bad")
    i = 0
    if inner[:1] and inner[0] in SPECIAL_PARAMS:
        i = 1
        while inner[:1].isdigit() and i < len(inner) and inner[i].isdigit():
            i += 1
    else:
        while i < len(inner) and (inner[i].isalnum() or inner[i] == "_"):
            i += 1
    name, rest = inner[:i], inner[i:]
    if not name or (name[0].isdigit() and not name.isdigit()):
        return Param(inner, quoted, op="bad")
    if not rest:
        return Param(name, quoted)
    for op in (":-", ":=", ":+", ":?", "##", "%%", "//", "^^", ",,", "~~", "-", "=", "+", "?", "#", "%", "/",
               "^", ",", "~", ":", "@"):
        if rest.startswith(op):
            arg_src = rest[len(op):]
            lx = WordScanner(arg_src)
            parts = lx.scan_word("") if not quoted else lx.scan_quoted_body(heredoc=True)
            return Param(name, quoted, op=op, arg=Word(parts, arg_src))
    return Param(inner, quoted, op="bad")


def ansi_c_string(src: str, i: int) -> tuple[str, int]:
    """Decode $'...' from index i (just after the quote); returns (text, index of closing quote)."""
    out: list[str] = []
    simple = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b",
              "f": "\f", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}
    n = len(src)
    while i < n:
        c = src[i]
        if c == "'":
            return "".join(out), i
        if c == "\\" and i + 1 < n:
            d = src[i + 1]
            if d in simple:
                out.append(simple[d])
                i += 2
            elif d in "01234567":
                j = i + 1
                while j < n and j < i + 4 and src[j] in "01234567":
                    j += 1
                out.append(chr(int(src[i + 1:j], 8) & 0xFF))
                i = j
            elif d == "x":
                j = i + 2
                while j < n and j < i + 4 and src[j] in "0123456789abcdefABCDEF":
                    j += 1
                out.append(chr(int(src[i + 2:j], 16)) if j > i + 2 else "\\x")
                i = j
            else:
                out.append("\\" + d)
                i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out), -1

