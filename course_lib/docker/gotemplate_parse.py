"""Go text/template's lexer and parser for the Docker CLI's --format/-f: actions with trim markers, pipelines,
fields, variables, parenthesised commands, if/else/with/range/end, and Go's parse error texts.

A node is a tuple whose first item names it:
    ("text", s)  ("action", pipe, pos)  ("if"|"with"|"range", pipe, body, else_body, pos)
    pipe = (decls, [cmd, ...], pos)      cmd = ([arg, ...], pos)
    arg = ("field", ".A.B", pos) | ("var", "$x.A", pos) | ("dot", pos) | ("str", s, pos) | ("num", n, pos)
          | ("bool", b, pos) | ("nil", pos) | ("func", name, pos) | ("pipe", pipe, pos) | ("chain", arg, ".F", pos)
"""
from __future__ import annotations

from typing import Any

SPACE = " \t\r\n"


class TemplateError(Exception):
    """A template Go's parser rejects (the CLI exits 64 for `inspect -f`)."""


def _err(text: str, pos: int, message: str) -> TemplateError:
    return TemplateError(f"template: :{1 + text.count(chr(10), 0, pos)}: {message}")


def _char(ch: str) -> str:
    return f"U+{ord(ch):04X} '{ch}'"


def lex(text: str) -> list[tuple[str, Any, int]]:
    """Items: ("text", s, pos), ("open", None, pos), ("close", None, pos) and the action's tokens."""
    items: list[tuple[str, Any, int]] = []
    pos = 0
    while pos < len(text):
        start = text.find("{{", pos)
        if start < 0:
            items.append(("text", text[pos:], pos))
            break
        body = start + 2
        trim_left = text.startswith("-", body) and body + 1 < len(text) and text[body + 1] in SPACE
        chunk = text[pos:start]
        if trim_left:
            chunk = chunk.rstrip(SPACE)
            body += 1
        if chunk:
            items.append(("text", chunk, pos))
        items.append(("open", None, start))
        pos = _lex_action(text, body, items)
    return items


def _lex_action(text: str, pos: int, items: list[tuple[str, Any, int]]) -> int:
    while True:
        while pos < len(text) and text[pos] in SPACE:
            if text.startswith(" -}}", pos) or text.startswith("\t-}}", pos) or text.startswith("\n-}}", pos):
                break
            pos += 1
        if pos >= len(text):
            raise _err(text, pos, "unclosed action")
        if text.startswith("}}", pos) or (text[pos] in SPACE and text.startswith("-}}", pos + 1)):
            trim = not text.startswith("}}", pos)
            end = pos + (4 if trim else 2)
            items.append(("close", None, pos))
            if trim:
                rest = end
                while rest < len(text) and text[rest] in SPACE:
                    rest += 1
                return rest
            return end
        ch = text[pos]
        start = pos
        if ch == '"':
            pos += 1
            while pos < len(text) and text[pos] != '"':
                if text[pos] == "\\":
                    pos += 1
                if pos < len(text) and text[pos] == "\n":
                    raise _err(text, pos, "unterminated quoted string")
                pos += 1
            if pos >= len(text):
                raise _err(text, pos, "unterminated quoted string")
            import json
            try:
                value = json.loads(text[start:pos + 1])
            except ValueError:
                raise _err(text, pos, f"bad syntax") from None  # noqa: F541
            items.append(("str", value, start))
            pos += 1
        elif ch == "`":
            end = text.find("`", pos + 1)
            if end < 0:
                raise _err(text, pos, "unterminated raw quoted string")
            items.append(("str", text[pos + 1:end], start))
            pos = end + 1
        elif ch in "|()":
            items.append(({"|": "pipe", "(": "lparen", ")": "rparen"}[ch], None, start))
            pos += 1
        elif ch == ":" and text.startswith(":=", pos):
            items.append(("declare", None, start))
            pos += 2
        elif ch == "=":
            items.append(("assign", None, start))
            pos += 1
        elif ch == ",":
            items.append(("comma", None, start))
            pos += 1
        elif ch in ".$" or ch.isalpha() or ch == "_":
            pos += 1
            while pos < len(text) and (text[pos].isalnum() or text[pos] in "._"):
                pos += 1
            word = text[start:pos]
            if pos < len(text) and not _terminator(text, pos):
                raise _err(text, pos, f"bad character {_char(text[pos])}")
            kind = "field" if word.startswith(".") and word != "." else "var" if word.startswith("$") else \
                "dot" if word == "." else "word"
            items.append((kind, word, start))
        elif ch.isdigit() or (ch in "+-" and pos + 1 < len(text) and text[pos + 1].isdigit()):
            pos += 1
            while pos < len(text) and (text[pos].isalnum() or text[pos] in "._+-"):
                pos += 1
            word = text[start:pos]
            try:
                number: Any = int(word, 0)
            except ValueError:
                try:
                    number = float(word)
                except ValueError:
                    raise _err(text, start, f"bad number syntax: \"{word}\"") from None
            items.append(("num", number, start))
        else:
            raise _err(text, pos, f"unrecognized character in action: {_char(ch)}")


def _terminator(text: str, pos: int) -> bool:
    ch = text[pos]
    return ch in SPACE or ch in ".,|:)(" or text.startswith("}}", pos)


class Parser:
    def __init__(self, text: str, funcs: set[str]) -> None:
        self.text, self.funcs = text, funcs
        self.items = lex(text)
        self.i = 0

    def parse(self) -> list[Any]:
        nodes, stop = self._list()
        if stop is not None:
            raise _err(self.text, stop[2], f"unexpected {{{{{stop[0]}}}}}")
        return nodes

    def _list(self, inside: bool = False) -> tuple[list[Any], Any]:
        nodes: list[Any] = []
        while self.i < len(self.items):
            kind, value, pos = self.items[self.i]
            self.i += 1
            if kind == "text":
                nodes.append(("text", value))
                continue
            first = self.items[self.i] if self.i < len(self.items) else ("close", None, pos)
            word = first[1] if first[0] == "word" else None
            if word in ("end", "else"):
                self.i += 1
                if word == "else" and self.items[self.i][0] == "word" and self.items[self.i][1] in ("if", "with"):
                    return nodes, ("else", self.items[self.i][1], pos)
                self._expect_close(word)
                return nodes, (word, None, pos)
            if word in ("if", "with", "range"):
                self.i += 1
                nodes.append(self._control(word, pos))
                continue
            if first[0] == "close":
                raise _err(self.text, pos, "missing value for command")
            nodes.append(("action", self._pipeline("command"), pos))
        if inside:
            raise _err(self.text, len(self.text), "unexpected EOF")
        return nodes, None

    def _expect_close(self, what: str) -> None:
        kind, _, pos = self.items[self.i]
        if kind != "close":
            raise _err(self.text, pos, f"unexpected {self._desc(self.items[self.i])} in {what}")
        self.i += 1

    def _desc(self, item: tuple[str, Any, int]) -> str:
        return f"<{item[1]}>" if item[1] is not None else f"<{item[0]}>"

    def _control(self, word: str, pos: int) -> tuple:
        if self.items[self.i][0] == "close":
            raise _err(self.text, pos, f"missing value for {word}")
        pipe = self._pipeline(word)
        body, stop = self._list(inside=True)
        other: list[Any] = []
        if stop[0] == "else" and stop[1] is not None:            # {{else if ...}} / {{else with ...}}
            self.i += 1
            other = [self._control(stop[1], stop[2])]
        elif stop[0] == "else":
            other, stop = self._list(inside=True)
            if stop[0] != "end":
                raise _err(self.text, stop[2], "expected end; found {{else}}")
        return (word, pipe, body, other, pipe[2])

    def _pipeline(self, context: str) -> tuple:
        decls: list[str] = []
        start = self.items[self.i][2]
        if self.items[self.i][0] == "var":
            j = self.i + 1
            names = [self.items[self.i][1]]
            if self.items[j][0] == "comma" and self.items[j + 1][0] == "var":
                names.append(self.items[j + 1][1])
                j += 2
            if self.items[j][0] in ("declare", "assign"):
                decls = names
                self.i = j + 1
        cmds: list[Any] = []
        while True:
            cmds.append(self._command())
            kind, _, pos = self.items[self.i]
            if kind == "pipe":
                self.i += 1
                if self.items[self.i][0] in ("close", "rparen"):
                    raise _err(self.text, pos, "missing command")
                continue
            if kind in ("close", "rparen"):
                if kind == "close" and context != "paren":
                    self.i += 1
                elif kind == "rparen" and context != "paren":
                    raise _err(self.text, pos, "unexpected right paren")
                break
            raise _err(self.text, pos, f"unexpected {self._desc(self.items[self.i])} in {context}")
        return (decls, cmds, start)

    def _command(self) -> tuple:
        args: list[Any] = []
        start = self.items[self.i][2]
        while self.items[self.i][0] not in ("close", "pipe", "rparen"):
            args.append(self._operand())
        if not args:
            raise _err(self.text, start, "missing value for command")
        return (args, start)

    def _operand(self) -> Any:
        kind, value, pos = self.items[self.i]
        self.i += 1
        if kind == "field":
            return ("field", value, pos)
        if kind == "var":
            return ("var", value, pos)
        if kind == "dot":
            return ("dot", pos)
        if kind == "str":
            return ("str", value, pos)
        if kind == "num":
            return ("num", value, pos)
        if kind == "word":
            name, _, rest = value.partition(".")
            if name in ("true", "false"):
                return ("bool", name == "true", pos)
            if name == "nil":
                return ("nil", pos)
            if name not in self.funcs:
                raise _err(self.text, pos, f'function "{name}" not defined')
            return ("func", name, pos)
        if kind == "lparen":
            pipe = self._pipeline("paren")
            if self.items[self.i][0] != "rparen":
                raise _err(self.text, self.items[self.i][2], "unclosed left paren")
            self.i += 1
            node: Any = ("pipe", pipe, pos)
            if self.items[self.i][0] == "field" and self.items[self.i][2] == self.items[self.i - 1][2] + 1:
                node = ("chain", node, self.items[self.i][1], pos)
                self.i += 1
            return node
        raise _err(self.text, pos, f"unexpected {self._desc((kind, value, pos))} in operand")


def node_text(arg: Any) -> str:
    """Go's String() of a node, as `executing "" at <...>` shows it."""
    kind = arg[0]
    if kind in ("field", "var", "func"):
        return arg[1]
    if kind == "dot":
        return "."
    if kind == "str":
        import json
        return json.dumps(arg[1])
    if kind == "num":
        return str(arg[1])
    if kind == "bool":
        return "true" if arg[1] else "false"
    if kind == "nil":
        return "nil"
    if kind == "pipe":
        return "(" + pipe_text(arg[1]) + ")"
    if kind == "chain":
        return node_text(arg[1]) + arg[2]
    return "?"


def pipe_text(pipe: tuple) -> str:
    decls, cmds, _ = pipe
    text = " | ".join(" ".join(node_text(a) for a in args) for args, _ in cmds)
    return (", ".join(decls) + " := " + text) if decls else text
