"""Brace expansion as bash does it: {a,b,c}, {1..10}, {01..10..3}, {a..z..2}, nested, before any other expansion."""
from __future__ import annotations

import re
from typing import Optional

from course_lib.shell.parse_ast import Lit, Word

MAX_BRACE_WORDS = 100000


def _error(message: str) -> Exception:
    from course_lib.shell.interpreter_expand import ExpansionError
    return ExpansionError(message)


_BRACE_SEQ = re.compile(r"^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$|^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$")


def _split_top(inner: str) -> Optional[list[str]]:
    depth, start, items = 0, 0, []
    for i, c in enumerate(inner):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            items.append(inner[start:i])
            start = i + 1
    items.append(inner[start:])
    return items if len(items) > 1 else None


def brace_expand(text: str) -> list[str]:
    """Expand the first {a,b} or {1..3} of an unquoted text, recursively."""
    for open_at in [i for i, c in enumerate(text) if c == "{"]:
        depth = 0
        for close_at in range(open_at, len(text)):
            if text[close_at] == "{":
                depth += 1
            elif text[close_at] == "}":
                depth -= 1
                if depth == 0:
                    break
        else:
            continue
        inner = text[open_at + 1:close_at]
        pre, post = text[:open_at], text[close_at + 1:]
        items = _split_top(inner)
        if items is None:
            m = _BRACE_SEQ.match(inner)
            if not m:
                continue
            if m.group(1) is not None:
                a, b = int(m.group(1)), int(m.group(2))
                step = abs(int(m.group(3) or 1)) or 1
                rng = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
                if len(rng) > MAX_BRACE_WORDS:
                    raise _error(f"brace expansion: failed to allocate memory for {len(rng)} elements")
                width = max(len(m.group(1)), len(m.group(2))) if (
                    m.group(1).lstrip("-").startswith("0") or m.group(2).lstrip("-").startswith("0")) else 0
                items = [str(v).zfill(width) for v in rng]
            else:
                a, b = ord(m.group(4)), ord(m.group(5))
                step = abs(int(m.group(6) or 1)) or 1
                items = [chr(v) for v in (range(a, b + 1, step) if a <= b else range(a, b - 1, -step))]
        out: list[str] = []
        for item in items:
            out.extend(brace_expand(pre + item + post))
            if len(out) > MAX_BRACE_WORDS:
                raise _error(f"brace expansion: failed to allocate memory for {len(out)} elements")
        return out
    return [text]


def brace_words(word: Word) -> list[Word]:
    """Brace expansion of a word (only inside one unquoted literal part, which covers learners' use)."""
    for index, part in enumerate(word.parts):
        if isinstance(part, Lit) and not part.quoted and "{" in part.text and "}" in part.text:
            texts = brace_expand(part.text)
            if len(texts) > 1:
                out: list[Word] = []
                for text in texts:
                    parts = word.parts[:index] + [Lit(text)] + word.parts[index + 1:]
                    out.extend(brace_words(Word(parts, word.raw)))
                return out
    return [word]
