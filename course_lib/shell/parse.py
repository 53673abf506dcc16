"""The bash-subset parser: complete commands, one at a time, from lexer tokens to the syntax tree.

Syntax errors carry bash's interactive messages (`syntax error near unexpected token `;'`).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Optional

from course_lib.shell.parse_ast import (AndOr, ArithCommand, ArrayValue, Case, CFor, Command, CommandList,
                                        Conditional, For, FunctionDef, Group, If, Lit, Pipeline, Redirect,
                                        ShellSyntaxError, SimpleCommand, Subshell, While, Word)
from course_lib.shell.parse_lex import REDIRECT_OPS, Lexer, Token
from course_lib.shell.parse_word import WordScanner, is_name

RESERVED = {"if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
            "{", "}", "!", "in", "function", "[["}
_ARM_ENDS = (";;", ";&", ";;&")                                      # how a case arm ends
DECLARE = {"declare", "local", "typeset", "readonly", "export"}    # their name=(...) arguments are arrays
LIST_ENDS = {"then", "else", "elif", "fi", "do", "done", "esac", "}"}


def unexpected(tok: Token) -> ShellSyntaxError:
    if tok.kind == "EOF":
        return ShellSyntaxError("syntax error: unexpected end of file")
    return ShellSyntaxError(f"syntax error near unexpected token `{tok.describe()}'")


def reserved(tok: Token) -> Optional[str]:
    if tok.kind == "WORD" and tok.word is not None:
        lit = tok.word.literal()
        if lit in RESERVED:
            return lit
    return None


def assignment(tok: Token) -> Optional[tuple[str, Word]]:
    """`NAME=value` as (name, value word), when the token is an assignment word."""
    word = tok.word
    if word is None or not word.parts:
        return None
    first = word.parts[0]
    if getattr(first, "quoted", True) or not hasattr(first, "text"):
        return None
    text = first.text  # type: ignore[union-attr]
    eq = text.find("=")
    target = text[:eq - 1] if text[eq - 1:eq] == "+" else text[:eq]       # NAME+=value: the name keeps its `+`
    if eq <= 0 or not (is_name(target) or re.fullmatch(r"[A-Za-z_]\w*\[[^\]]*\]", target)):
        return None
    from course_lib.shell.parse_ast import Lit
    rest = text[eq + 1:]
    parts = ([Lit(rest)] if rest else []) + list(word.parts[1:])
    return text[:eq], Word(parts, word.raw[eq + 1:])


class Parser:
    """Parses a script into complete commands; `next_command()` gives them one by one."""

    def __init__(self, src: str, aliases: Optional[dict[str, str]] = None) -> None:
        self.lexer = Lexer(src)
        self._tok: Optional[Token] = None
        self._queue: list[Token] = []          # tokens of an expanded alias, served first
        self.aliases = aliases if aliases is not None else {}

    # ---- token access ---------------------------------------------------------------------------
    def peek(self) -> Token:
        if self._tok is None:
            self._tok = self._queue.pop(0) if self._queue else self.lexer.next()
        return self._tok

    def expand_alias(self, seen: Optional[set[str]] = None) -> None:
        """At a command's first word: replace an alias by the tokens of its text (as bash does)."""
        seen = seen or set()
        tok = self.peek()
        name = tok.word.literal() if tok.kind == "WORD" and tok.word is not None else None
        if not name or name not in self.aliases or name in seen:
            return
        lexer = Lexer(self.aliases[name])
        tokens = []
        while (t := lexer.next()).kind != "EOF":
            tokens.append(t)
        self._tok = None
        self._queue = tokens + self._queue
        seen.add(name)
        if tokens:
            self.expand_alias(seen)

    def take(self) -> Token:
        tok = self.peek()
        self._tok = None
        return tok

    def is_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "OP" and tok.fd is None and tok.text in ops

    def skip_newlines(self) -> None:
        while self.peek().kind == "NL":
            self.take()

    def expect_reserved(self, word: str) -> None:
        tok = self.peek()
        if reserved(tok) != word:
            raise unexpected(tok)
        self.take()

    # ---- lists ----------------------------------------------------------------------------------
    def next_command(self) -> Optional[CommandList]:
        """The next complete command (up to a newline), or None at the end of the script."""
        try:
            return self._next_command()
        except RecursionError:       # nested deeper than the parser's stack: bash's parser says the same
            raise unexpected(self.peek()) from None

    def _next_command(self) -> Optional[CommandList]:
        self.skip_newlines()
        if self.peek().kind == "EOF":
            return None
        result = CommandList()
        while True:
            result.items.append(self.and_or())
            tok = self.peek()
            if tok.kind == "OP" and tok.fd is None and tok.text in (";", "&"):
                result.items[-1].background = self.take().text == "&"
                tok = self.peek()
                if tok.kind in ("NL", "EOF"):
                    break
                continue
            break
        tok = self.peek()
        if tok.kind == "NL":
            self.take()
        elif tok.kind != "EOF":
            raise unexpected(tok)
        return result

    def compound_list(self, ends: set[str]) -> CommandList:
        """A list inside a compound command, up to one of `ends` (reserved words or `)` / `;;`)."""
        result = CommandList()
        self.skip_newlines()
        while True:
            tok = self.peek()
            if reserved(tok) in ends or (tok.kind == "OP" and tok.text in ends and tok.fd is None):
                if not result.items:
                    raise unexpected(tok)
                return result
            if tok.kind == "EOF":
                raise unexpected(tok)
            result.items.append(self.and_or())
            tok = self.peek()
            if tok.kind == "OP" and tok.fd is None and tok.text in (";", "&"):
                result.items[-1].background = self.take().text == "&"
            elif tok.kind == "NL":
                pass
            elif not (reserved(tok) in ends or (tok.kind == "OP" and tok.text in ends)):
                raise unexpected(tok)
            self.skip_newlines()

    def and_or(self) -> AndOr:
        node = AndOr(self.pipeline())
        while self.is_op("&&", "||"):
            op = self.take().text
            self.skip_newlines()
            node.rest.append((op, self.pipeline()))
        return node

    def pipeline(self) -> Pipeline:
        negate = False
        while reserved(self.peek()) == "!":
            self.take()
            negate = not negate
        commands = [self.command()]
        while self.is_op("|", "|&"):
            op = self.take().text
            if op == "|&":
                prev = commands[-1]
                if hasattr(prev, "redirects"):
                    prev.redirects.append(Redirect(2, ">&", Word([_lit("1")], "1")))
            self.skip_newlines()
            commands.append(self.command())
        return Pipeline(commands, negate)

    # ---- commands -------------------------------------------------------------------------------
    def command(self) -> Command:
        if self.aliases:
            self.expand_alias()
        tok = self.peek()
        word = reserved(tok)
        node: Command
        if word == "{":
            self.take()
            node = Group(self.compound_list({"}"}))
            self.expect_reserved("}")
        elif word == "if":
            node = self.if_clause()
        elif word in ("while", "until"):
            self.take()
            cond = self.compound_list({"do"})
            self.expect_reserved("do")
            body = self.compound_list({"done"})
            self.expect_reserved("done")
            node = While(cond, body, until=(word == "until"))
        elif word == "for":
            node = self.for_clause()
        elif word == "case":
            node = self.case_clause()
        elif word == "[[":
            node = self.conditional()
        elif tok.kind == "ARITH":
            self.take()
            node = ArithCommand(tok.text, line=self.lexer.line)
        elif word == "function":
            self.take()
            name = self.take()
            if name.kind != "WORD":
                raise unexpected(name)
            if self.is_op("("):
                self.take()
                if not self.is_op(")"):
                    raise unexpected(self.peek())
                self.take()
            self.skip_newlines()
            return FunctionDef(name.text, self.command(), line=name.line)
        elif word is not None and word != "!":
            raise unexpected(tok)
        elif tok.kind == "OP" and tok.text == "(" and tok.fd is None:
            self.take()
            node = Subshell(self.compound_list({")"}))
            if not self.is_op(")"):
                raise unexpected(self.peek())
            self.take()
        else:
            return self.simple_command()
        while self.peek().kind == "OP" and self.peek().text in REDIRECT_OPS:
            node.redirects.append(self.redirect())  # type: ignore[union-attr]
        return node

    def if_clause(self) -> If:
        self.take()
        clauses = []
        cond = self.compound_list({"then"})
        self.expect_reserved("then")
        body = self.compound_list({"elif", "else", "fi"})
        clauses.append((cond, body))
        orelse = None
        while True:
            word = reserved(self.peek())
            self.take()
            if word == "elif":
                cond = self.compound_list({"then"})
                self.expect_reserved("then")
                clauses.append((cond, self.compound_list({"elif", "else", "fi"})))
            elif word == "else":
                orelse = self.compound_list({"fi"})
                self.expect_reserved("fi")
                break
            else:
                break
        return If(clauses, orelse)

    def conditional(self) -> Conditional:
        self.take()
        words: list[Word] = []
        operators: list[bool] = []
        while True:
            tok = self.take()
            if tok.kind == "WORD" and tok.word is not None and tok.word.literal() == "]]":
                break
            if tok.kind == "WORD" and tok.word is not None:
                words.append(tok.word)
                operators.append(False)
                if tok.word.literal() == "=~" and self._tok is None and not self._queue:
                    regex = self.regex_word()
                    if regex is not None:
                        words.append(regex)
                        operators.append(False)
            elif tok.kind == "OP" and tok.text in ("&&", "||", "(", ")", "<", ">") and tok.fd is None:
                words.append(Word([Lit(tok.text)], tok.text))
                operators.append(True)
                if tok.text in ("&&", "||"):        # a newline may follow them
                    self.skip_newlines()
            elif tok.kind == "ARITH":
                words.append(Word([Lit("(")], "("))
                operators.append(True)
                words.append(Word([Lit(tok.text)], tok.text))
                operators.append(False)
                words.append(Word([Lit(")")], ")"))
                operators.append(True)
            else:
                raise unexpected(tok) if tok.kind != "NL" else ShellSyntaxError(
                    "syntax error in conditional expression: unexpected token `newline'")
        if not words:
            raise ShellSyntaxError("syntax error near `]]'")
        return Conditional(words, operators, line=self.lexer.line)

    def regex_word(self) -> Optional[Word]:
        """The operand of `=~`: one word up to a blank outside parentheses (`(`, `)` and `|` are part of
        the regular expression there, as in bash's lexer), quotes and expansions as in any word."""
        lexer, src = self.lexer, self.lexer.src
        pos = lexer.pos
        while pos < len(src) and src[pos] in " \t":
            pos += 1
        start, depth = pos, 0
        while pos < len(src):
            c = src[pos]
            if c in " \t\n" and depth == 0:
                break
            if c == "\\":
                pos += 2
                continue
            if c in "'\"":
                end = src.find(c, pos + 1)
                pos = len(src) if end < 0 else end + 1
                continue
            depth += 1 if c == "(" else -1 if c == ")" and depth else 0
            pos += 1
        raw = src[start:pos]
        if not raw or raw == "]]":
            return None
        lexer.pos = pos
        return Word(WordScanner(raw).scan_word(""), raw)

    def for_clause(self) -> Command:  # type: ignore[override]
        line = self.take().line
        if self.peek().kind == "ARITH":
            parts = self.take().text.split(";")
            if len(parts) != 3:
                raise ShellSyntaxError("syntax error: arithmetic expression required")
            if self.is_op(";"):
                self.take()
            self.skip_newlines()
            self.expect_reserved("do")
            body = self.compound_list({"done"})
            self.expect_reserved("done")
            return CFor(parts[0], parts[1], parts[2], body, line=line)
        name = self.take()
        if name.kind != "WORD":
            raise unexpected(name)
        if not is_name(name.text):
            raise ShellSyntaxError(f"`{name.text}': not a valid identifier")
        words: Optional[list[Word]] = None
        if self.is_op(";"):
            self.take()
        else:
            self.skip_newlines()
            if reserved(self.peek()) == "in":
                self.take()
                words = []
                while self.peek().kind == "WORD":
                    words.append(self.take().word)  # type: ignore[arg-type]
                tok = self.peek()
                if tok.kind == "NL" or (tok.kind == "OP" and tok.text == ";"):
                    self.take()
                else:
                    raise unexpected(tok)
        self.skip_newlines()
        self.expect_reserved("do")
        body = self.compound_list({"done"})
        self.expect_reserved("done")
        return For(name.text, words, body, line=line)

    def case_clause(self) -> Case:
        line = self.take().line
        subject = self.take()
        if subject.kind != "WORD":
            raise unexpected(subject)
        self.skip_newlines()
        self.expect_reserved("in")
        arms: list[tuple[list[Word], CommandList]] = []
        ends: list[str] = []
        while True:
            self.skip_newlines()
            if reserved(self.peek()) == "esac":
                self.take()
                break
            if self.is_op("("):
                self.take()
            patterns = []
            while True:
                tok = self.take()
                if tok.kind != "WORD":
                    raise unexpected(tok)
                patterns.append(tok.word)
                if self.is_op("|"):
                    self.take()
                    continue
                if self.is_op(")"):
                    self.take()
                    break
                raise unexpected(self.peek())
            self.skip_newlines()
            tok = self.peek()
            if any(self.is_op(end) for end in _ARM_ENDS) or reserved(tok) == "esac":
                body = CommandList()
            else:
                body = self.compound_list({*_ARM_ENDS, "esac"})
            arms.append((patterns, body))  # type: ignore[arg-type]
            ends.append(next((end for end in _ARM_ENDS if self.is_op(end)), ";;"))
            if any(self.is_op(end) for end in _ARM_ENDS):
                self.take()
        return Case(subject.word, arms, ends=ends, line=line)  # type: ignore[arg-type]

    def simple_command(self) -> Command:
        node = SimpleCommand(line=self.peek().line)
        first = True
        while True:
            tok = self.peek()
            if tok.kind == "OP" and tok.text in REDIRECT_OPS:
                node.redirects.append(self.redirect())
                if first:
                    node.line, first = self._lookahead_line(), False
            elif tok.kind == "WORD":
                declared = bool(node.words) and node.words[0].literal() in DECLARE
                assign = assignment(tok) if not node.words or declared else None
                self.take()
                if first:
                    node.line, first = self.lexer.line if assign else self._lookahead_line(), False
                if assign and not assign[1].parts and tok.text.endswith("=") and self.is_op("("):
                    self.take()
                    words = []
                    while True:
                        self.skip_newlines()
                        item = self.take()
                        if item.kind == "OP" and item.text == ")":
                            break
                        if item.kind != "WORD":
                            raise unexpected(item)
                        words.append(item.word)
                    if declared:        # local -a a=(1 $x): `a=\0(1\0` $x `\0)` for the builtin (declare.py)
                        parts = [Lit(f"{assign[0]}=\0(", True)]
                        for index, word in enumerate(words):
                            parts += ([Lit("\0", True)] if index else []) + [
                                dataclasses.replace(p, quoted=True) if isinstance(p, Lit) else p for p in word.parts]
                        node.words.append(Word(parts + [Lit("\0)", True)], tok.text + "(...)"))
                        continue
                    node.assigns.append((assign[0], ArrayValue(words)))  # type: ignore[arg-type]
                elif assign and declared:       # export X=$v: expanded as an assignment (no splitting, no globs)
                    node.words.append(Word([dataclasses.replace(p, quoted=True) for p in tok.word.parts],
                                           tok.word.raw))  # type: ignore[union-attr]
                elif assign:
                    node.assigns.append(assign)
                else:
                    node.words.append(tok.word)  # type: ignore[arg-type]
                    if len(node.words) == 1 and not node.assigns and self.is_op("(") \
                            and is_name(tok.text.replace("-", "_")):
                        return self.function_def(tok.text, tok.line)
            else:
                break
        if not (node.words or node.assigns or node.redirects):
            raise unexpected(self.peek())
        return node

    def _lookahead_line(self) -> int:
        """The line bash's parser is at once it has read the next token (a newline's own line)."""
        tok = self.peek()
        return tok.line if tok.kind == "NL" else self.lexer.line

    def function_def(self, name: str, line: int = 1) -> FunctionDef:
        self.take()
        if not self.is_op(")"):
            raise unexpected(self.peek())
        self.take()
        self.skip_newlines()
        body = self.command()
        return FunctionDef(name, body, line=line)

    def redirect(self) -> Redirect:
        tok = self.take()
        target = self.take()
        if target.kind != "WORD":
            raise unexpected(target)
        redirect = Redirect(tok.fd, tok.text, target.word)
        if tok.text in ("<<", "<<-"):
            self.lexer.add_heredoc(redirect, target.word, strip_tabs=(tok.text == "<<-"))  # type: ignore
        return redirect


def _lit(text: str):  # noqa: ANN202 - tiny helper
    from course_lib.shell.parse_ast import Lit
    return Lit(text)


def parse_all(src: str) -> list[CommandList]:
    """Every complete command of a script (raises ShellSyntaxError at the first error)."""
    parser = Parser(src)
    out = []
    while (cmd := parser.next_command()) is not None:
        out.append(cmd)
    return out
