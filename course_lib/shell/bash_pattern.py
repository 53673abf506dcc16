"""bash's pattern matching (case, [[ == ]], ${s#p} ${s%p} ${s/p/r}, ${s^^p}, pathname globs) as one regex each.

Python's fnmatch is close but not bash's: it knows no POSIX classes (`[[:upper:]]*` was a set of `[:uper` then a
literal `]`), takes `[^a]` as `^` or `a`, and a backslash as itself. Here, as bash's strmatch:
    *  ?  [abc]  [a-z]  [!a] [^a]  [[:alpha:]] (alnum alpha blank cntrl digit graph lower print punct space
    upper word xdigit)  \\x (x itself)  a `]` first in a set is a member; a `[` with no closing `]` is itself
    (but a range left open, `[a-`, matches nothing); a reversed range matches nothing.
"""
from __future__ import annotations

import functools
import re

CLASSES = {
    "alnum": "A-Za-z0-9", "alpha": "A-Za-z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f", "digit": "0-9",
    "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z", "word": "A-Za-z0-9_", "xdigit": "0-9A-Fa-f",
}
_NEVER = re.compile(r"(?!)")


def fnmatch(text: str, pattern: str, nocase: bool = False) -> bool:
    """Whether `pattern` matches all of `text`."""
    return _compiled(pattern, nocase).match(text) is not None


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str, nocase: bool) -> "re.Pattern[str]":
    try:
        return re.compile(translate(pattern), re.IGNORECASE if nocase else 0)
    except re.error:                # a reversed range: bash matches nothing
        return _NEVER


def translate(pattern: str) -> str:
    """The regular expression of a bash pattern (anchored at both ends)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            if not out or out[-1] != ".*":
                out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "\\" and i < n:
            out.append(re.escape(pattern[i]))
            i += 1
        elif c == "[":
            found = _bracket(pattern, i)
            if found is None:
                out.append("\\[")
            else:
                text, i = found
                out.append(text)
        else:
            out.append(re.escape(c))
    return "(?s:" + "".join(out) + r")\Z"


def _bracket(pattern: str, i: int) -> "tuple[str, int] | None":
    """The set that starts after the `[` at i-1: (its regex, the index after its `]`), None when it never closes."""
    n = len(pattern)
    negate = i < n and pattern[i] in "!^"
    j = i + 1 if negate else i
    members: list[str] = []
    if j < n and pattern[j] == "]":
        members.append("\\]")
        j += 1
    while j < n and pattern[j] != "]":
        if pattern.startswith("[:", j):
            end = pattern.find(":]", j + 2)
            name = pattern[j + 2:end] if end >= 0 else ""
            if name in CLASSES:
                members.append(CLASSES[name])
                j = end + 2
                continue
        ch = pattern[j]
        if ch == "\\" and j + 1 < n:
            ch = pattern[j + 1]
            j += 1
        if j + 2 < n and pattern[j + 1] == "-" and pattern[j + 2] != "]":
            high = pattern[j + 2]
            if high == "\\" and j + 3 < n:
                high = pattern[j + 3]
                j += 1
            members.append(f"{re.escape(ch)}-{re.escape(high)}")
            j += 3
            continue
        members.append(re.escape(ch))
        j += 1
    if j >= n:                      # never closed: a literal `[`, unless a range was left open (`[a-`: no match)
        return ("(?!)", n) if pattern.endswith("-") and n - i >= 2 else None
    return "[" + ("^" if negate else "") + "".join(members) + "]", j + 1
