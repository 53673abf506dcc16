"""Finding the `)` or `}` that closes a $( or ${ in raw bash source, past quotes and nesting."""
from __future__ import annotations


def match_paren(src: str, start: int) -> int:
    """Index of the `)` closing a `(` whose inside starts at `start`, skipping quotes; -1 if none."""
    return _match_close(src, start, "(", ")")


def match_brace(src: str, start: int) -> int:
    """Index of the `}` closing a `{` whose inside starts at `start`, skipping quotes; -1 if none."""
    return _match_close(src, start, "{", "}")


def _match_close(src: str, start: int, opening: str, closing: str) -> int:
    """Index of the `closing` that ends a nesting of `opening`...`closing` from `start`; -1 if none
    (also for an unterminated '...' or "...")."""
    depth, i, n = 0, start, len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            end = src.find("'", i + 1)
            if end < 0:
                return -1
            i = end + 1
            continue
        if c == '"':
            i = _skip_dquote(src, i + 1)
            if i < 0:
                return -1
            continue
        if c == opening:
            depth += 1
        elif c == closing:
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


def _skip_dquote(src: str, i: int) -> int:
    while i < len(src):
        if src[i] == "\\":
            i += 2
        elif src[i] == '"':
            return i + 1
        elif src.startswith("$(", i):
            end = match_paren(src, i + 2)
            if end < 0:
                return -1
            i = end + 1
        else:
            i += 1
    return -1
