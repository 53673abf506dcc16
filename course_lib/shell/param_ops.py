"""bash 5.2's parameter expansions beyond the POSIX ones: case modification, substrings, @-transformations.

    ${s^^} ${s^} ${s,,} ${s,} ${s~~} ${s~}   upper/lower/toggle case, all or the first character (a pattern
                                             argument limits it to matching characters: ${s^^[ab]})
    ${s:off} ${s:off:len}                    substring (arithmetic; negative off counts from the end, negative
                                             len is an end offset); arrays and $@ give a slice of elements
    ${s@U} ${s@L} ${s@u} ${s@Q} ${s@E}       transformations
"""
from __future__ import annotations

from typing import Callable, Optional

from course_lib.shell.bash_pattern import fnmatch

CASE_OPS = ("^^", "^", ",,", ",", "~~", "~")


def case_modify(value: str, op: str, pattern: str) -> str:
    convert: Callable[[str], str] = str.upper if op[0] == "^" else str.lower if op[0] == "," else str.swapcase
    pattern = pattern or "?"
    chars = list(value)
    for index, char in enumerate(chars):
        if fnmatch(char, pattern):
            chars[index] = convert(char)
        if len(op) == 1:
            break
    return "".join(chars)


def split_offsets(raw: str) -> tuple[str, Optional[str]]:
    """`off:len` -> (off, len) as source text (len None when absent)."""
    depth = 0
    for index, char in enumerate(raw):
        depth += 1 if char in "([{" else -1 if char in ")]}" else 0
        if char == ":" and depth == 0 and "?" not in raw[:index]:
            return raw[:index], raw[index + 1:]
    return raw, None


def substring(value: str, offset: int, length: Optional[int], what: str) -> str:
    """${s:offset:length}; `what` names the expression for bash's `substring expression < 0` error."""
    size = len(value)
    if offset < 0:
        offset = max(size + offset, 0) if size + offset >= 0 else size + 1
    if offset > size:
        return ""
    if length is None:
        return value[offset:]
    if length < 0:
        end = size + length
        if end < offset:
            raise ValueError(f"{what}: substring expression < 0")
        return value[offset:end]
    return value[offset:offset + length]


def slice_items(items: list[str], offset: int, length: Optional[int]) -> list[str]:
    """${a[@]:off:len} / ${@:off:len}: elements (for $@, offset 0 is $0: the caller puts it first)."""
    size = len(items)
    if offset < 0:
        offset = size + offset
        if offset < 0:
            return []
    if length is None:
        return items[offset:]
    if length < 0:
        raise ValueError(f"{length}: substring expression < 0")
    return items[offset:offset + length]


def transform(value: Optional[str], op: str) -> Optional[str]:
    """${s@OP}; None for an operator bash does not know (bad substitution); an unset s gives ''."""
    if value is None:
        return ""
    if op == "U":
        return (value or "").upper()
    if op == "L":
        return (value or "").lower()
    if op == "u":
        return case_modify(value or "", "^", "")
    if op in ("Q", "K", "k"):
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            from course_lib.shell.coreutils_builtin import ansi_quote
            return ansi_quote(value)
        return "'" + value.replace("'", "'\\''") + "'"
    if op == "E":
        from course_lib.shell.parse_word import ansi_c_string
        return ansi_c_string((value or "") + "'", 0)[0]
    if op in ("P", "A", "a"):
        return value
    return None
