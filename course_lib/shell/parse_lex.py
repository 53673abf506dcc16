"""The bash-subset lexer: source to tokens (operators, words, newlines), here-document bodies.

Words are scanned into their parts by parse_word.WordScanner, which the lexer extends. The lexer is lazy (one token at a time) so a script runs command by command, as bash does: a syntax
error on line 5 does not stop lines 1-4 from running.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from course_lib.shell.parse_ast import CmdSub, Lit, Param, Part, Redirect, ShellSyntaxError, Word
from course_lib.shell.parse_word import WordScanner

OPERATORS = sorted(["&&", "||", ";;&", ";;", ";&", "|&", "|", ";", "&", "(", ")", "<<<", "<<-", "<<", ">>", "&>>",
                    "&>", ">&", "<&", ">|", "<>", "<", ">"], key=len, reverse=True)
REDIRECT_OPS = {"<<<", "<<-", "<<", ">>", "&>>", "&>", ">&", "<&", ">|", "<>", "<", ">"}
METACHARS = " \t\n;&|<>()"
_OPERATOR_RE = re.compile("|".join(re.escape(op) for op in OPERATORS))
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_./:=@%+,^-]+(?=[ \t\n;&|<>()]|$)")
_BLANKS = re.compile(r"[ \t]+")


@dataclass
class Token:
    kind: str                      # WORD, OP, NL, EOF
    text: str = ""
    word: Optional[Word] = None
    fd: Optional[int] = None       # IO number before a redirection operator
    line: int = 1

    def describe(self) -> str:
        """The token as bash names it in `syntax error near unexpected token ...`."""
        return "newline" if self.kind == "NL" else self.text


@dataclass
class _Heredoc:
    redirect: Redirect
    delimiter: str
    quoted: bool
    strip_tabs: bool
    line: int = 1


class Lexer(WordScanner):
    """Turns bash source into tokens, one at a time."""

    def __init__(self, src: str) -> None:
        super().__init__(src)
        self.pending: list[_Heredoc] = []
        self.warnings: list[str] = []

    # ---- tokens ---------------------------------------------------------------------------------
    def next(self) -> Token:
        src, n = self.src, len(self.src)
        while self.pos < n:
            c = src[self.pos]
            if c in " \t":
                m = _BLANKS.match(src, self.pos)
                self.pos = m.end() if m else self.pos + 1
            elif c == "\\" and src.startswith("\\\n", self.pos):
                self.pos += 2
                self.line += 1
            elif c == "#":
                end = src.find("\n", self.pos)
                self.pos = n if end < 0 else end
            else:
                break
        if self.pos >= n:
            if self.pending:
                self._read_heredocs()
            return Token("EOF", line=self.line)
        c = src[self.pos]
        line = self.line
        if c == "\n":
            self.pos += 1
            self.line += 1
            if self.pending:
                self._read_heredocs()
            return Token("NL", "\n", line=line)
        start = self.pos
        if c.isdigit():
            end = self.pos
            while end < n and src[end].isdigit():
                end += 1
            if end < n and src[end] in "<>":
                fd = int(src[self.pos:end]) if end - self.pos < 10 else 1 << 31
                self.pos = end
                op = self._operator()
                return Token("OP", op, fd=fd, line=line)
        if c == "(" and src.startswith("((", self.pos):
            end = self._match_arith(self.pos + 2)
            if end is not None:
                self.pos = end + 2
                self.line += src.count("\n", start, end)
                return Token("ARITH", src[start + 2:end], line=line)
        if c in ";&|<>()":
            m = _OPERATOR_RE.match(src, self.pos)
            if m:
                self.pos = m.end()
                return Token("OP", m.group(0), line=line)
        m = _PLAIN_WORD.match(src, start)
        if m:
            self.pos = m.end()
            text = m.group(0)
            return Token("WORD", text, word=Word([Lit(text)], text), line=line)
        parts = self.scan_word(METACHARS)
        return Token("WORD", src[start:self.pos], word=Word(parts, src[start:self.pos]), line=line)

    def _operator(self) -> str:
        for op in OPERATORS:
            if self.src.startswith(op, self.pos):
                self.pos += len(op)
                return op
        raise ShellSyntaxError("syntax error")  # not reachable: called before < or >

    def add_heredoc(self, redirect: Redirect, delim: Word, strip_tabs: bool) -> None:
        text = "".join(p.text if isinstance(p, Lit) else _part_source(p) for p in delim.parts)
        self.pending.append(_Heredoc(redirect, text, delim.quoted_any(), strip_tabs, self.line))

    def _read_heredocs(self) -> None:
        pending, self.pending = self.pending, []
        src, n = self.src, len(self.src)
        for doc in pending:
            lines: list[str] = []
            found = False
            while self.pos < n:
                end = src.find("\n", self.pos)
                raw = src[self.pos:] if end < 0 else src[self.pos:end]
                self.pos = n if end < 0 else end + 1
                self.line += 1
                text = raw.lstrip("\t") if doc.strip_tabs else raw
                if text == doc.delimiter:
                    found = True
                    break
                lines.append(text + "\n")
            if not found:
                self.warnings.append(f"warning: here-document at line {doc.line} delimited by "
                                     f"end-of-file (wanted `{doc.delimiter}')")
            body = "".join(lines)
            if doc.quoted:
                doc.redirect.heredoc = Word([Lit(body, True)], body)
            else:
                sub = WordScanner(body)
                doc.redirect.heredoc = Word(sub.scan_quoted_body(heredoc=True), body)


def _part_source(part: Part) -> str:
    if isinstance(part, Param):
        return "$" + part.name
    if isinstance(part, CmdSub):
        return "$(" + part.script + ")"
    return ""
