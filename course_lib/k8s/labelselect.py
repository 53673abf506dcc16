"""Label selectors as apimachinery's labels.Parse reads them: =, ==, !=, in, notin, exists, !key, gt/lt,
with its lexer, its parser's error texts and its key/value validation (field paths `<nil>`, `values[0][key]`).

    sel = parse("app in (web,db),!canary")      # SelectorError(text) when the API server would refuse it
    sel.matches({"app": "web"}) -> True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

SPECIAL = "=!(),><"
WHITESPACE = " \t\r\n"
TOKENS = {")": "ClosedPar", ",": "Comma", "!": "DoesNotExist", "==": "DoubleEquals", "=": "Equals",
          ">": "GreaterThan", "in": "In", "<": "LessThan", "!=": "NotEquals", "notin": "NotIn", "(": "OpenPar"}
BINARY = ["in", "notin", "=", "==", "!=", "gt", "lt"]
QNAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
QNAME_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
             "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
             "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
                 "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
                 "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
             "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
             "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


class SelectorError(ValueError):
    """labels.Parse's error text."""


def go_quote(text: str) -> str:
    """Go's %q for the ASCII texts a selector holds."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def qualified_name_errors(key: str) -> list[str]:
    """validation.IsQualifiedName."""
    parts = key.split("/")
    errors: list[str] = []
    if len(parts) > 2:
        return ["a qualified name " + QNAME_MSG + " with an optional DNS subdomain prefix and '/' (e.g. "
                "'example.com/MyName')"]
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errors.append("prefix part must be non-empty")
        else:
            if len(prefix) > 253:
                errors.append("prefix part must be no more than 253 characters")
            if not DNS1123_SUBDOMAIN.match(prefix):
                errors.append("prefix part " + SUBDOMAIN_MSG)
    if not name:
        errors.append("name part must be non-empty")
    elif len(name) > 63:
        errors.append("name part must be no more than 63 characters")
    if not QNAME.match(name):
        errors.append("name part " + QNAME_MSG)
    return errors


def label_value_errors(value: str) -> list[str]:
    """validation.IsValidLabelValue."""
    errors = ["must be no more than 63 characters"] if len(value) > 63 else []
    if not LABEL_VALUE.match(value):
        errors.append(VALUE_MSG)
    return errors


def _lex(text: str) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos] in WHITESPACE:
            pos += 1
        if pos >= len(text) or text[pos] == "\0":
            items.append(("EndOfString", ""))
            return items
        if text[pos] in SPECIAL:                 # the longest operator the special characters spell
            buffer, last = "", None
            while pos < len(text) and text[pos] in SPECIAL:
                buffer += text[pos]
                if buffer in TOKENS:
                    last = (TOKENS[buffer], buffer)
                elif last is not None:
                    break
                pos += 1
            items.append(last or ("Error", f"error expected: keyword found '{buffer}'"))
            continue
        start = pos
        while pos < len(text) and text[pos] not in SPECIAL and text[pos] not in WHITESPACE and text[pos] != "\0":
            pos += 1
        word = text[start:pos]
        items.append((TOKENS[word], word) if word in ("in", "notin") else ("Identifier", word))


@dataclass(frozen=True)
class Requirement:
    key: str
    op: str                      # in notin = == != exists !  gt lt
    values: tuple[str, ...]

    def matches(self, labels: dict[str, str]) -> bool:
        has = self.key in labels
        if self.op in ("in", "=", "=="):
            return has and labels[self.key] in self.values
        if self.op in ("notin", "!="):
            return not has or labels[self.key] not in self.values
        if self.op == "exists":
            return has
        if self.op == "!":
            return not has
        if not has:
            return False
        try:
            mine, theirs = int(labels[self.key]), int(self.values[0])
        except ValueError:
            return False
        return mine > theirs if self.op == "gt" else mine < theirs


class Selector:
    """Parsed requirements (sorted by key, as labels.Parse sorts them); all must match."""

    def __init__(self, requirements: list[Requirement], text: str = "") -> None:
        self.requirements = sorted(requirements, key=lambda r: r.key)
        self.text = text

    def __bool__(self) -> bool:
        return bool(self.requirements)

    def matches(self, labels: Optional[dict[str, str]]) -> bool:
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)


class _Parser:
    def __init__(self, text: str) -> None:
        self.items = _lex(text)
        self.pos = 0

    def look(self, values: bool = True) -> tuple[str, str]:
        tok, lit = self.items[self.pos]
        return ("Identifier" if values and tok in ("In", "NotIn") else tok), lit

    def take(self, values: bool = True) -> tuple[str, str]:
        tok = self.look(values)
        self.pos += 1
        return tok

    def parse(self) -> list[Requirement]:
        out: list[Requirement] = []
        while True:
            tok, lit = self.look()
            if tok in ("Identifier", "DoesNotExist"):
                try:
                    out.append(self.requirement())
                except SelectorError as exc:
                    raise SelectorError(f"unable to parse requirement: {exc}") from None
                tok, lit = self.take()
                if tok == "EndOfString":
                    return out
                if tok != "Comma":
                    raise SelectorError(f"found '{lit}', expected: ',' or 'end of string'")
                tok2, lit2 = self.look()
                if tok2 not in ("Identifier", "DoesNotExist"):
                    raise SelectorError(f"found '{lit2}', expected: identifier after ','")
            elif tok == "EndOfString":
                return out
            else:
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")

    def requirement(self) -> Requirement:
        op = ""
        tok, key = self.take()
        if tok == "DoesNotExist":
            op = "!"
            tok, key = self.take()
        if tok != "Identifier":
            raise SelectorError(f"found '{key}', expected: identifier")
        problems = qualified_name_errors(key)
        if problems:
            raise SelectorError(f"<nil>: Invalid value: {go_quote(key)}: {'; '.join(problems)}")
        if op == "!" or self.look()[0] in ("EndOfString", "Comma"):
            return Requirement(key, op or "exists", ())
        tok, lit = self.take(values=False)
        ops = {"In": "in", "NotIn": "notin", "Equals": "=", "DoubleEquals": "==", "NotEquals": "!=",
               "GreaterThan": "gt", "LessThan": "lt"}
        if tok not in ops:
            raise SelectorError(f"found '{lit}', expected: {', '.join(BINARY)}")
        op = ops[tok]
        values = self.set_values() if op in ("in", "notin") else self.exact_value()
        return _checked(key, op, sorted(set(values)))

    def set_values(self) -> list[str]:
        tok, lit = self.take()
        if tok != "OpenPar":
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self.look()
        if tok == "ClosedPar":
            self.take()
            return [""]
        if tok not in ("Identifier", "Comma"):
            raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")
        values = self.identifiers()
        if self.take()[0] != "ClosedPar":
            raise SelectorError(f"found '{lit}', expected: ')'")
        return values

    def identifiers(self) -> list[str]:
        values: list[str] = []
        while True:
            tok, lit = self.take()
            if tok == "Identifier":
                values.append(lit)
                tok2, lit2 = self.look()
                if tok2 == "Comma":
                    continue
                if tok2 == "ClosedPar":
                    return values
                raise SelectorError(f"found '{lit2}', expected: ',' or ')'")
            if tok == "Comma":
                if not values:
                    values.append("")
                tok2 = self.look()[0]
                if tok2 == "ClosedPar":
                    return values + [""]
                if tok2 == "Comma":
                    self.take()
                    values.append("")
                continue
            raise SelectorError(f"found '{lit}', expected: ',', or identifier")

    def exact_value(self) -> list[str]:
        tok, _ = self.look()
        if tok in ("EndOfString", "Comma"):
            return [""]
        tok, lit = self.take()
        if tok == "Identifier":
            return [lit]
        raise SelectorError(f"found '{lit}', expected: identifier")


def _checked(key: str, op: str, values: list[str]) -> Requirement:
    """NewRequirement's checks that a parsed requirement can still fail (one error alone, several as [a, b])."""
    errors = []
    if op in ("gt", "lt"):
        for i, value in enumerate(values):
            try:
                int(value, 10)
            except ValueError:
                errors.append(f"values[{i}]: Invalid value: {go_quote(value)}: for 'Gt', 'Lt' operators, the value "
                              "must be an integer")
    for i, value in enumerate(values):
        problems = label_value_errors(value)
        if problems:
            errors.append(f"values[{i}][{key}]: Invalid value: {go_quote(value)}: {'; '.join(problems)}")
    errors = list(dict.fromkeys(errors))
    if errors:
        raise SelectorError(errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")
    return Requirement(key, op, tuple(values))


def parse(text: str) -> Selector:
    """labels.Parse; SelectorError with the API server's message for a selector it refuses."""
    return Selector(_Parser(text).parse(), text)
