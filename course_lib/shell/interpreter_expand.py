"""Word expansion as bash does it: braces, tilde, parameters, $(...), $((...)), splitting, globs, quotes."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.shell import callstack, param_ops, var_attrs
from course_lib.shell.bash_pattern import fnmatch
from course_lib.shell.interpreter_brace import brace_words
from course_lib.shell.parse_ast import Arith, CmdSub, Lit, Param, Part, Word

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

GLOB_CHARS = set("*?[")
_SPECIAL_PLAIN = set("*?[~")
_NO_EXPANSION = frozenset("*?[~{")         # a plain literal without these expands to itself
Chunk = tuple[str, bool]          # (text, quoted)


def _random(shell: "Shell") -> str:
    """$RANDOM: seeded from the lab (its own stream, so MAC addresses do not depend on it)."""
    import random
    network = getattr(shell.ctx.machine, "network", None)
    if network is None:
        return "17"
    rng = network.__dict__.get("_shell_random")
    if rng is None:
        rng = network.__dict__["_shell_random"] = random.Random(f"bash-{getattr(network, 'seed', 0)}")
    return str(rng.randrange(32768))


_DYNAMIC = {
    "RANDOM": _random, "UID": lambda sh: "0", "EUID": lambda sh: "0", "PPID": lambda sh: "4241",
    "BASH_VERSION": lambda sh: "5.2.15(1)-release", "BASH": lambda sh: "/bin/bash",
    "SECONDS": lambda sh: "0", "OSTYPE": lambda sh: "linux-gnu", "HOSTTYPE": lambda sh: "x86_64",
    "IFS": lambda sh: " \t\n", "PIPESTATUS": lambda sh: str(sh.pipestatus[0]),
    "LINENO": lambda sh: str(sh.line_base + sh.lineno), "BASH_COMMAND": lambda sh: callstack.command_text(sh),
}
_STACK = frozenset({"FUNCNAME", "BASH_LINENO", "BASH_SOURCE"})     # arrays of the call stack (callstack.items)


class ExpansionError(Exception):
    """An expansion that bash refuses (`bad substitution`, `unbound variable`...): rc 1, no command."""

    def __init__(self, message: str, returncode: int = 1, fatal: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.fatal = fatal          # a non-interactive bash exits (arithmetic errors, ${X:?}, set -u)


# ---- the expander ---------------------------------------------------------------------------------

class Expander:
    """Expands words for one shell (variables, command substitution through the interpreter)."""

    def __init__(self, shell: "Shell") -> None:
        self.shell = shell

    # ---- parameters -----------------------------------------------------------------------------
    def param_value(self, name: str) -> Optional[str]:
        sh = self.shell
        if name == "?":
            return str(sh.last_rc)
        if name == "$":
            return str(sh.pid)
        if name == "#":
            return str(len(sh.positional))
        if name in ("@", "*"):              # "$*" joins with IFS's first character
            return (sh.vars.get("IFS", " ")[:1] if name == "*" else " ").join(sh.positional)
        if name == "0":
            return sh.argv0
        if name == "-":                     # in bash's order of its flags
            return ("e" if sh.errexit else "") + ("f" if sh.noglob else "") + "h" + ("u" if sh.nounset else "") + \
                ("x" if sh.xtrace else "") + "B" + ("E" if sh.__dict__.get("errtrace") else "") + \
                ("T" if sh.__dict__.get("functrace") else "") + ("c" if sh.argv0 == "bash" else "")
        if name == "!":
            from course_lib.shell.jobs import last_pid
            return last_pid(sh.ctx.machine)
        if name in _DYNAMIC:                # LINENO=N changes nothing; after `unset X` X is a plain variable
            if (name not in sh.vars or name == "LINENO") and name not in sh.__dict__.get("unset_dynamic", ()):
                return _DYNAMIC[name](sh)
        if name in _STACK and name not in sh.vars:
            found = callstack.items(sh, name)
            return found[0] if found else None
        if name.isdigit():
            index = int(name)
            return sh.positional[index - 1] if index <= len(sh.positional) else None
        if name[:1] == "!":                 # ${!NAME}: the variable NAME names (NAME may name an element)
            return self.indirect(name[1:])
        return sh.vars.get(name)

    def indirect(self, name: str) -> Optional[str]:
        target = self.param_value(name)
        if target is None:
            return None
        from course_lib.shell.parse_word import parse_braced_param
        param = parse_braced_param(target, False)
        if param.op or not target:
            raise ExpansionError(f"{target}: invalid indirect expansion" if target else
                                 f"{name}: invalid indirect expansion")
        return self.indexed_value(param) if param.index is not None else self.param_value(param.name)

    def items(self, name: str) -> list[tuple[int, str]]:
        """The elements of array `name` by index (PIPESTATUS: the last pipeline's statuses)."""
        if name == "PIPESTATUS" and name not in self.shell.vars:
            return [(i, str(rc)) for i, rc in enumerate(self.shell.pipestatus)]
        if name in _STACK and name not in self.shell.vars:        # the running functions, innermost first
            return list(enumerate(callstack.items(self.shell, name) or ()))
        if "\0" in self.shell.vars and var_attrs.is_assoc(self.shell, name):
            return list(enumerate(v for _, v in var_attrs.assoc_items(self.shell, name)))
        return self.shell.array_items(name)

    def indexed_value(self, part: Param) -> Optional[str]:
        if part.index not in ("@", "*") and "\0" in self.shell.vars and var_attrs.is_assoc(self.shell, part.name):
            return self.shell.vars.get(var_attrs.subscript_key(self.shell, part.name, part.index or ""))
        items = self.items(part.name)
        if part.index in ("@", "*"):
            return " ".join(v for _, v in items) if items else None
        from course_lib.shell.interpreter_arith import evaluate
        index = evaluate(part.index or "0", self.shell)
        if index < 0:
            index += items[-1][0] + 1 if items else 0
            if index < 0:               # bash says so and goes on with nothing (an unset array too)
                self.shell.err(f"bash: {part.name}: bad array subscript\n")
        return dict(items).get(index)

    def listed(self, part: Param) -> Optional[list[str]]:
        """The words of ${!A[@]}, ${!PREFIX@}, ${A[@]OP} and ${@OP} (an operator applied to each element);
        None for any other parameter."""
        if part.op == "keys":
            return var_attrs.keys(self.shell, part.name)
        if part.op == "names":
            from course_lib.shell.declare import variable_names
            return [n for n in variable_names(self.shell) if n.startswith(part.name)]
        if part.index not in ("@", "*") and part.name not in ("@", "*"):
            return None
        if part.op == ":" and part.quoted and "@" in (part.index, part.name):     # "${a[@]:1:2}": words
            return self.param_extra(part, None, as_list=True)
        if part.op in ("", ":-", "-", ":=", "=", ":+", "+", ":?", "?", ":", "len", "bad"):
            return None
        values = [v for _, v in self.items(part.name)] if part.index is not None else list(self.shell.positional)
        transform = part.arg.raw if part.op == "@" and part.arg is not None else ""
        if transform == "a":
            return [var_attrs.flag_letters(self.shell, part.name) if part.index is not None else ""] * len(values)
        if transform in ("A", "K", "k"):
            return self.listed_transform(part, transform, values)
        single = Param(part.name, part.quoted, part.op, part.arg)
        out = []
        for value in values:
            self.shell.vars["\0elem"] = value
            try:
                out.append(self.expand_param(Param("\0elem", part.quoted, single.op, single.arg)))
            finally:
                del self.shell.vars["\0elem"]
        return out

    def listed_transform(self, part: Param, op: str, values: list[str]) -> list[str]:
        """${A[@]@A} (A's declare -p line), ${A[@]@K} (`KEY "VALUE" ...`), ${A[@]@k} (keys and values as words);
        for $@: `set -- 'A' 'B'`, and the quoted values."""
        if part.index is None:
            quoted = [param_ops.transform(v, "Q") or "''" for v in values]
            return [" ".join(["set", "--", *quoted])] if op == "A" and values else quoted if op != "k" else values
        if op == "A":
            line = var_attrs.declare_line(self.shell, part.name)
            return [line.rstrip("\n")] if line else []
        keys = var_attrs.keys(self.shell, part.name)
        if op == "K":
            return [" ".join(f"{k} {var_attrs.quote(v)}" for k, v in zip(keys, values))] if values else []
        return [word for pair in zip(keys, values) for word in pair]

    def expand_param(self, part: Param) -> str:
        if part.op == "bad":
            raise ExpansionError(f"${{{part.name}}}: bad substitution")
        words = self.listed(part) if part.index is not None or part.op in ("keys", "names") \
            or part.name in ("@", "*") else None
        if words is not None:
            sep = self.shell.vars.get("IFS", " \t\n")[:1] if part.index == "*" and part.quoted else " "
            return sep.join(words)
        if part.index is not None:
            if part.op == "len":
                items = self.items(part.name)
                return str(len(items)) if part.index in ("@", "*") else str(len(self.indexed_value(part) or ""))
            value = self.indexed_value(part)
        else:
            value = self.param_value(part.name)
        if part.op == "len":
            return str(len(value or ""))
        if not part.op:
            if value is None and self.shell.nounset and part.name not in ("@", "*"):
                raise ExpansionError(f"{part.name}: unbound variable", 127, fatal=True)
            return value or ""
        arg = self.expand_text(part.arg) if part.arg is not None else ""
        op = part.op
        unset_or_null = value is None or (op.startswith(":") and value == "")
        if op in (":-", "-"):
            return arg if unset_or_null else value  # type: ignore[return-value]
        if op in (":=", "="):
            if unset_or_null:
                if not part.name.isidentifier():
                    raise ExpansionError(f"${part.name}: cannot assign in this way")
                self.shell.set_var(part.name, arg)
                return arg
            return value  # type: ignore[return-value]
        if op in (":+", "+"):
            return "" if unset_or_null else arg
        if op in (":?", "?"):
            if unset_or_null:
                raise ExpansionError(f"{part.name}: {arg or 'parameter null or not set'}", 127, fatal=True)
            return value  # type: ignore[return-value]
        if op in (":", "@") or op in param_ops.CASE_OPS:
            return self.param_extra(part, value)
        value = value or ""
        if op in ("#", "##"):
            ends = range(len(value) + 1) if op == "#" else range(len(value), -1, -1)
            for end in ends:
                if fnmatch(value[:end], arg):
                    return value[end:]
            return value
        if op in ("%", "%%"):
            starts = range(len(value), -1, -1) if op == "%" else range(len(value) + 1)
            for start in starts:
                if fnmatch(value[start:], arg):
                    return value[:start]
            return value
        if op in ("/", "//"):
            pattern, _, repl = (part.arg.raw if part.arg else "").partition("/")
            pattern = self.expand_text(_reparse(pattern)) if pattern else ""
            repl = self.expand_text(_reparse(repl)) if repl else ""
            return _replace(value, pattern, repl, every=(op == "//"))
        raise ExpansionError(f"${{{part.name}{op}}}: bad substitution")

    def param_extra(self, part: Param, value: Optional[str], as_list: bool = False) -> Any:
        """${s^^} ${s,} ${s~~}..., ${s:off:len} and ${s@OP} (course_lib.shell.param_ops)."""
        raw = part.arg.raw if part.arg is not None else ""
        if part.op == "@":
            if raw in ("A", "a") and part.name[:1] != "\0":
                flags = var_attrs.flag_letters(self.shell, part.name) if part.name.isidentifier() else ""
                if raw == "a":
                    return flags
                if value is None:
                    return f"declare -{flags} {part.name}" if flags else ""
                quoted = param_ops.transform(value, "Q")
                return f"declare -{flags} {part.name}={quoted}" if flags else f"{part.name}={quoted}"
            done = param_ops.transform(value, raw)
            if done is None:
                raise ExpansionError(f"${{{part.name}@{raw}}}: bad substitution")
            return done
        if part.op != ":":
            return param_ops.case_modify(value or "", part.op, self.expand_text(part.arg))
        from course_lib.shell.interpreter_arith import evaluate
        whole = part.index in ("@", "*") or part.name in ("@", "*")
        if value is None and not whole or whole and not (self.items(part.name) if part.index else True):
            return [] if as_list else ""        # unset: the offsets are not even evaluated
        off_text, len_text = param_ops.split_offsets(raw)
        try:
            offset = evaluate(self.expand_text(_reparse(off_text)), self.shell)
            length = evaluate(self.expand_text(_reparse(len_text)), self.shell) if len_text is not None else None
        except ExpansionError as error:
            error.message = f"{part.name}: {error.message}"
            raise self.discard(error) from None
        try:
            if part.index in ("@", "*"):
                pairs = self.items(part.name)
                if not var_attrs.is_assoc(self.shell, part.name):   # the offset is an index (a sparse array)
                    offset += pairs[-1][0] + 1 if offset < 0 else 0
                    if offset < 0:
                        return [] if as_list else ""
                    offset = next((pos for pos, (index, _) in enumerate(pairs) if index >= offset), len(pairs))
                words = param_ops.slice_items([v for _, v in pairs], offset, length)
                return words if as_list else " ".join(words)
            if part.name in ("@", "*"):
                words = param_ops.slice_items([self.shell.argv0, *self.shell.positional], offset, length)
                return words if as_list else " ".join(words)
            return param_ops.substring(value or "", offset, length, len_text or "")
        except ValueError as error:         # `substring expression < 0`: the rest of the line is dropped
            raise self.discard(ExpansionError(str(error), 1, fatal=True)) from None

    def discard(self, error: ExpansionError) -> Exception:
        """An arithmetic error in an expansion: bash prints it and drops the rest of the line (DiscardLine)."""
        if not error.fatal:
            return error
        from course_lib.shell.interpreter_state import DiscardLine
        self.shell.err(f"bash: {error.message}\n")
        return DiscardLine(error.returncode)

    # ---- parts to chunks ------------------------------------------------------------------------
    def part_chunks(self, part: Part) -> tuple[str, bool]:
        """The text of one part and whether it came from an unquoted expansion (split + globbed)."""
        if isinstance(part, Lit):
            return part.text, False
        if isinstance(part, Param):
            return self.expand_param(part), not part.quoted
        if isinstance(part, CmdSub):
            return self.shell.command_substitution(part.script), not part.quoted
        if isinstance(part, Arith):
            from course_lib.shell.interpreter_arith import evaluate
            try:
                return str(evaluate(self.expand_text(part.expr), self.shell)), not part.quoted
            except ExpansionError as error:
                raise self.discard(error) from None
        raise ExpansionError("bad substitution")

    def expand_text(self, word: Optional[Word]) -> str:
        """Expand without splitting or globbing (here-documents, assignments, case subjects)."""
        if word is None:
            return ""
        out = []
        for part in word.parts:
            text, _ = self.part_chunks(part)
            out.append(text)
        return "".join(out)

    def expand_words(self, words: list[Word]) -> list[str]:
        fields: list[str] = []
        for word in words:
            if len(word.parts) == 1:            # plain or quoted literal text: itself, nothing to expand
                only = word.parts[0]
                if isinstance(only, Lit) and (only.quoted or (only.text and _NO_EXPANSION.isdisjoint(only.text))):
                    fields.append(only.text)
                    continue
            for w in brace_words(word):
                fields.extend(self.expand_word(w))
        return fields

    def expand_word(self, word: Word, glob: bool = True) -> list[str]:
        if len(word.parts) == 1:
            only = word.parts[0]
            if isinstance(only, Lit) and (only.quoted or not (set(only.text) & _SPECIAL_PLAIN)):
                return [only.text] if only.text or only.quoted else []
        ifs = self.shell.vars.get("IFS", " \t\n")
        fields: list[list[Chunk]] = []
        current: list[Chunk] = []
        have = False                        # the current field exists (quoted text or any text)
        parts = list(word.parts)
        for index, part in enumerate(parts):
            array_all = isinstance(part, Param) and part.index == "@" and part.quoted and not part.op
            listed = self.listed(part) if isinstance(part, Param) and part.quoted and part.op and (
                part.index == "@" or part.name == "@") else None
            if listed is not None or array_all or (
                    isinstance(part, Param) and part.name == "@" and part.quoted and not part.op):
                items = listed if listed is not None else [v for _, v in self.items(part.name)] if array_all \
                    else list(self.shell.positional)
                if not items:
                    continue
                current.append((items[0], True))
                for item in items[1:]:
                    fields.append(current)
                    current = [(item, True)]
                have = True
                continue
            text, split = self.part_chunks(part)
            if index == 0 and isinstance(part, Lit) and not part.quoted and text.startswith("~"):
                head, sep, tail = text.partition("/")
                if head in ("~", "~root"):
                    home = self.shell.vars.get("HOME", "/root") if head == "~" else "/root"
                    current.append((home, True))
                    have = True
                    text = sep + tail
            quoted = getattr(part, "quoted", False)
            if not split:
                current.append((text, quoted))
                have = have or quoted or bool(text)
                continue
            pieces, hard = _ifs_split(text, ifs)
            for i, piece in enumerate(pieces):
                if i > 0:
                    if have or current or hard[i - 1]:
                        fields.append(current)
                    current, have = [], False
                if piece:
                    current.append((piece, False))
                    have = True
        if have or any(t for t, _ in current):
            fields.append(current)
        out: list[str] = []
        for chunks in fields:
            if glob and not self.shell.noglob and any(not q and GLOB_CHARS & set(t) for t, q in chunks):
                if "\0-shopt" in self.shell.vars:
                    out.extend(self.glob_shopt(_glob_pattern(chunks), "".join(t for t, _ in chunks)))
                    continue
                matches = self.shell.glob(_glob_pattern(chunks))
                if matches:
                    out.extend(matches)
                    continue
            out.append("".join(t for t, _ in chunks))
        return out

    def glob_shopt(self, pattern: str, text: str) -> list[str]:
        """A glob under shopt's dotglob, nocaseglob, nullglob and failglob (`no match: WORD` drops the line)."""
        from course_lib.shell import shopt
        from course_lib.shell.interpreter_glob import glob_paths
        matches = glob_paths(self.shell.view(), pattern, dotglob=shopt.enabled(self.shell, "dotglob"),
                             nocase=shopt.enabled(self.shell, "nocaseglob"))
        if matches or shopt.enabled(self.shell, "nullglob"):
            return matches
        if shopt.enabled(self.shell, "failglob"):
            raise self.discard(ExpansionError(f"no match: {text}", 1, fatal=True))
        return [text]


def _ifs_split(text: str, ifs: str) -> tuple[list[str], list[bool]]:
    """Split on IFS as POSIX says: a run of IFS blanks, or one other IFS character with the blanks around it,
    is one delimiter. Returns the pieces (a first/last empty one: the text started/ended with a delimiter) and
    per delimiter whether it was a non-blank one, which ends a field even when the field is empty (a::b)."""
    if not ifs:
        return [text], []
    white = {c for c in ifs if c in " \t\n"}
    pieces: list[str] = []
    hard: list[bool] = []
    start = i = 0
    n = len(text)
    while i < n:
        if text[i] not in ifs:
            i += 1
            continue
        j = i
        while j < n and text[j] in white:
            j += 1
        strong = j < n and text[j] in ifs and text[j] not in white
        if strong:
            j += 1
            while j < n and text[j] in white:
                j += 1
        pieces.append(text[start:i])
        hard.append(strong)
        start = i = j
    pieces.append(text[start:])
    return pieces, hard


def ifs_fields(text: str, ifs: str) -> list[str]:
    """The fields of a whole text (read -a): empty ones only between non-blank delimiters or before the first."""
    pieces, hard = _ifs_split(text, ifs)
    fields: list[str] = []
    for index, piece in enumerate(pieces):
        if index and (pieces[index - 1] or hard[index - 1]):
            fields.append(pieces[index - 1])
    if pieces[-1]:
        fields.append(pieces[-1])
    return fields


def _glob_pattern(chunks: list[Chunk]) -> str:
    out = []
    for text, quoted in chunks:
        if quoted:
            out.append("".join(f"[{c}]" if c in "*?[" else c for c in text))
        else:
            out.append(text)
    return "".join(out)


def _reparse(text: str) -> Word:
    from course_lib.shell.parse_ast import ShellSyntaxError
    from course_lib.shell.parse_word import WordScanner
    try:
        return Word(WordScanner(text).scan_word(""), text)
    except ShellSyntaxError as error:
        raise ExpansionError(error.message) from None


def _replace(value: str, pattern: str, repl: str, every: bool) -> str:
    if pattern in ("#", "%"):               # ${s/#/x} ${s/%/x}: put x at the start / the end
        return repl + value if pattern == "#" else value + repl
    if not pattern:
        return value
    anchor_start = pattern.startswith("#")
    anchor_end = pattern.startswith("%")
    if anchor_start or anchor_end:
        pattern = pattern[1:]
    out, i = [], 0
    while i <= len(value):
        match_end = -1
        for end in range(len(value), i - 1, -1):
            if fnmatch(value[i:end], pattern) and end > i:
                match_end = end
                break
        ok = match_end >= 0 and (not anchor_start or i == 0) and (not anchor_end or match_end == len(value))
        if ok:
            out.append(repl)
            i = match_end
            if not every:
                out.append(value[i:])
                return "".join(out)
            continue
        if i < len(value):
            out.append(value[i])
        i += 1
    return "".join(out)
