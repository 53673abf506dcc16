"""The syntax tree of the bash subset: words and their parts, redirections, commands and lists."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union


class ShellSyntaxError(Exception):
    """A syntax error, carrying bash's own message (without the `bash: ` prefix)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---- words -------------------------------------------------------------------------------------

@dataclass
class Lit:
    """Literal text; `quoted` text is never split nor globbed."""

    text: str
    quoted: bool = False


@dataclass
class Param:
    """A parameter expansion: $X, ${X}, ${X:-word}, ${#X}, $?, $1 ..."""

    name: str
    quoted: bool = False
    op: str = ""                      # "", ":-", "-", ":=", "=", ":+", "+", "#" (length), "%", "#"...
    arg: Optional["Word"] = None
    index: Optional[str] = None       # ${X[i]}, ${X[@]}: an indexed array element / all elements


@dataclass
class CmdSub:
    """A command substitution $(...) or `...`, kept as source text and parsed when expanded."""

    script: str
    quoted: bool = False


@dataclass
class Arith:
    """An arithmetic expansion $((...)); the expression is expanded, then evaluated."""

    expr: "Word"
    quoted: bool = False


Part = Union[Lit, Param, CmdSub, Arith]


@dataclass
class Word:
    """A shell word made of parts; `raw` is its source text (for error messages)."""

    parts: list[Part] = field(default_factory=list)
    raw: str = ""

    def literal(self) -> Optional[str]:
        """The text when the word is only unquoted literal text (reserved words, names), else None."""
        if all(isinstance(p, Lit) and not p.quoted for p in self.parts):
            return "".join(p.text for p in self.parts)  # type: ignore[union-attr]
        return None

    def quoted_any(self) -> bool:
        return any(getattr(p, "quoted", False) for p in self.parts)


# ---- commands -----------------------------------------------------------------------------------

@dataclass
class ArrayValue:
    """The value of an array assignment X=(a b c)."""

    words: list["Word"]


@dataclass
class Redirect:
    """`fd op target`: op is one of < > >> >| <> >& <& &> &>> << <<- <<<."""

    fd: Optional[int]
    op: str
    target: Optional[Word] = None     # file name, fd number word, here-string word
    heredoc: Optional[Word] = None    # here-document body (already split from the script)


@dataclass
class SimpleCommand:
    """`line`: its $LINENO, bash's line_number when its first element was reduced: after that element for an
    assignment, else after the token that follows it (the parser's lookahead; `echo \\` + newline + `$LINENO` is 2)."""

    assigns: list[tuple[str, Word]] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 1


class PlainCommand(SimpleCommand):
    """A one-line simple command of plain words (no quoting, expansion, operator, assignment or reserved
    word): `argv` is what its words expand to, and the Word tree is made only if something asks for it."""

    assigns = redirects = ()              # type: ignore[assignment]

    def __init__(self, argv: list[str], line: int = 1) -> None:  # noqa: D107 - not the dataclass one
        self.argv = argv
        self.line = line

    @property  # type: ignore[override]
    def words(self) -> list[Word]:
        return [Word([Lit(text)], text) for text in self.argv]


@dataclass
class Pipeline:
    commands: list["Command"]
    negate: bool = False


@dataclass
class AndOr:
    first: Pipeline
    rest: list[tuple[str, Pipeline]] = field(default_factory=list)   # ("&&"|"||", pipeline)
    background: bool = False          # ended by `&`: an asynchronous job (course_lib.shell.jobs_run)


@dataclass
class CommandList:
    items: list[AndOr] = field(default_factory=list)


@dataclass
class Group:
    body: CommandList
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class Subshell:
    body: CommandList
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class If:
    clauses: list[tuple[CommandList, CommandList]]
    orelse: Optional[CommandList] = None
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class For:
    var: str
    words: Optional[list[Word]]       # None: "$@"
    body: CommandList
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 1                     # $LINENO while its words expand: the line of `for`


@dataclass
class While:
    cond: CommandList
    body: CommandList
    until: bool = False
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class Case:
    subject: Word
    arms: list[tuple[list[Word], CommandList]]
    redirects: list[Redirect] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)       # each arm's ;; / ;& (run the next arm) / ;;& (test on)
    line: int = 1                     # the line of `case`


@dataclass
class Conditional:
    """[[ ... ]]: words, with `&&`, `||`, `(`, `)`, `<`, `>` kept as operator words."""

    words: list[Word]
    operators: list[bool]
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 1                     # the line of its `]]`


@dataclass
class ArithCommand:
    """(( expression )): status 0 when the value is not zero."""

    expr: str
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 1                     # the line of its `))`


@dataclass
class CFor:
    """for (( init; cond; step )); do ...; done"""

    init: str
    cond: str
    step: str
    body: CommandList
    redirects: list[Redirect] = field(default_factory=list)
    line: int = 1                     # the line of `for`


@dataclass
class FunctionDef:
    name: str
    body: "Command"
    line: int = 1                     # the line of its name: $LINENO as the function starts (a DEBUG trap there)


Command = Union[SimpleCommand, Group, Subshell, If, For, While, Case, FunctionDef, Conditional,
                ArithCommand, CFor]
