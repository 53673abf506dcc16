"""bash's pattern matching (course_lib/shell/bash_pattern.py): what bash 5.2's [[ TEXT == PATTERN ]] answered for
each pair (measured on this machine's /usr/bin/bash; data/bash_cases.txt compares case, ${s#p}, globs live)."""
from __future__ import annotations

import pytest

from course_lib.shell.bash_pattern import fnmatch

CASES = [
    ("Hello World", "[[:upper:]]*", True), ("hello", "[[:upper:]]*", False), ("Hello", "[^H]*", False),
    ("hello", "[^H]*", True), ("Hello", "[!H]*", False), ("a b", "*[[:space:]]*", True), ("]x", "[]]*", True),
    ("a*e", "*\\*e", True), ("abe", "*\\*e", False), ("[a-", "[a-", False),
    ("a-", "[a-", False), ("[ab", "[ab", True), ("x[", "x[", True), ("[a-z", "[a-z", True), ("abc", "[z-a]*", False),
    ("a]b", "*[[:punct:]]*", True), ("H1", "[[:alpha:][:digit:]]*", True), ("-", "[[:alpha:][:digit:]]*", False),
    ("x.y", "*[^[:alnum:]]*", True), ("xy", "*[^[:alnum:]]*", False), ("a\nb", "a?b", True), ("^", "[^]", False),
]


@pytest.mark.parametrize("text,pattern,matches", CASES)
def test_as_bash_matches(text: str, pattern: str, matches: bool) -> None:
    assert fnmatch(text, pattern) is matches


def test_nocase() -> None:
    assert fnmatch("ABC", "a[b]*", nocase=True) and not fnmatch("ABC", "a[b]*")
