"""Parsed scripts kept by their text, so a command line run again is not lexed and parsed again.

An entry is what the lazy parser gave for the whole script when no alias was defined: each complete
command with the lexer warnings met while parsing it and the lexer position after it, then the
warnings at the end and the syntax error that stopped the script (if any). The interpreter never
changes a syntax tree, so entries are shared between runs. A plain one-line command (words made only
of characters that need no quoting or expansion) is built directly, as the parser would build it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from course_lib.shell.parse import RESERVED
from course_lib.shell.parse_ast import AndOr, CommandList, Lit, Pipeline, SimpleCommand, Word

MAX_ENTRIES = 2048
MAX_SCRIPT = 4096                     # longer scripts are parsed each time (notebook cells, files)

# the lexer's plain word (parse_lex._PLAIN_WORD), separated by blanks, on one line
_PLAIN_LINE = re.compile(r"[ \t]*([A-Za-z0-9_./:=@%+,^-]+(?:[ \t]+[A-Za-z0-9_./:=@%+,^-]+)*)[ \t]*\n?")
_BLANKS = re.compile(r"[ \t]+")


@dataclass
class ParsedScript:
    commands: list[tuple[CommandList, tuple[str, ...], int, int]]   # (node, warnings, lexer pos, line)
    end_warnings: tuple[str, ...]
    error: Optional[str]              # the syntax error's message, or None when the script parsed to EOF


PARSE_CACHE: dict[str, ParsedScript] = {}


def parse_cache_get(script: str) -> Optional[ParsedScript]:
    return PARSE_CACHE.get(script)


def parse_cache_put(script: str, entry: ParsedScript) -> None:
    if len(script) > MAX_SCRIPT:
        return
    if len(PARSE_CACHE) >= MAX_ENTRIES:
        PARSE_CACHE.clear()
    PARSE_CACHE[script] = entry


def plain_command(script: str) -> Optional[CommandList]:
    """The syntax tree of a one-line simple command of plain words (no quoting, expansion, operator,
    assignment or reserved word), or None when the script needs the parser."""
    m = _PLAIN_LINE.fullmatch(script)
    if m is None:
        return None
    texts = _BLANKS.split(m.group(1))
    first = texts[0]
    if first in RESERVED or "=" in first:
        return None
    words = [Word([Lit(text)], text) for text in texts]
    return CommandList([AndOr(Pipeline([SimpleCommand(words=words, line=1)], False))])
