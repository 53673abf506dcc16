"""Parsed scripts kept by their text, so a command line run again is not lexed and parsed again.

An entry is what the lazy parser gave for the whole script when no alias was defined: each complete
command with the lexer warnings met while parsing it and the lexer position after it, then the
warnings at the end and the syntax error that stopped the script (if any). The interpreter never
changes a syntax tree, so entries are shared between runs. A plain one-line command (words made only
of characters that need no quoting or expansion) is built directly, as a PlainCommand whose words are
its argv; only its words are kept (plain_words: a small table, emptied when full), since a lab built
from many distinct lines would otherwise fill the cache and the garbage collector's generations.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from course_lib.shell.parse import RESERVED
from course_lib.shell.parse_ast import AndOr, CommandList, Pipeline, PlainCommand

MAX_ENTRIES = 2048
MAX_SCRIPT = 4096                     # longer scripts are parsed each time (notebook cells, files)

# the characters of the lexer's plain word (parse_lex._PLAIN_WORD), and the blanks between words
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+,^-"
_PLAIN_LINE_CHARS = frozenset(_WORD_CHARS + " \t")


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


MAX_PLAIN = 1024
_UNSEEN: Any = object()
_PLAIN_WORDS: dict[str, Optional[tuple[str, ...]]] = {}


def plain_words(script: str) -> Optional[tuple[str, ...]]:
    """The words of a one-line simple command of plain words (no quoting, expansion, operator,
    assignment or reserved word), or None when the script needs the parser. A pure function of the
    text, remembered for short scripts."""
    words = _PLAIN_WORDS.get(script, _UNSEEN)      # (a KeyError raised and caught costs more than a line's lexing)
    if words is not _UNSEEN:
        return words
    words = _plain_words(script)
    if len(script) <= 256:
        if len(_PLAIN_WORDS) >= MAX_PLAIN:
            _PLAIN_WORDS.clear()
        _PLAIN_WORDS[script] = words
    return words


def _plain_words(script: str) -> Optional[tuple[str, ...]]:
    line = script[:-1] if script.endswith("\n") else script      # one line, its newline optional
    if not _PLAIN_LINE_CHARS.issuperset(line):
        return None
    texts = line.split()              # only blanks (space, tab) can be there to split at
    if not texts:
        return None
    first = texts[0]
    if first in RESERVED or "=" in first:
        return None
    return tuple(texts)


def plain_command(script: str) -> Optional[CommandList]:
    """The syntax tree of a one-line simple command of plain words (see plain_words), or None."""
    words = plain_words(script)
    if words is None:
        return None
    return CommandList([AndOr(Pipeline([PlainCommand(list(words))], False))])
