"""A job's command text as bash's `jobs` prints it: the parsed command printed back (make_command_string).

    sleep   5  |  cat &            sleep 5 | cat
    sleep 5 >/dev/null 2>&1 &      sleep 5 > /dev/null 2>&1
    sleep 5 >&2 &                  sleep 5 1>&2
    { sleep 5; echo a; } &         { sleep 5; echo a; }
    (sleep 5) &                    ( sleep 5 )
    if true; then sleep 5; fi &    if true; then\\n    sleep 5;\\nfi
"""
from __future__ import annotations

from typing import Any

from course_lib.shell.parse_ast import (AndOr, ArithCommand, Case, CFor, CommandList, Conditional, For, FunctionDef,
                                        Group, If, Pipeline, Redirect, SimpleCommand, Subshell, While)


def command_text(item: AndOr) -> str:
    text = _pipeline(item.first)
    for op, pipeline in item.rest:
        text += f" {op} {_pipeline(pipeline)}"
    return text


def _pipeline(node: Pipeline) -> str:
    return " | ".join(_command(c) for c in node.commands)


def _list(node: CommandList, sep: str = "; ") -> str:
    return sep.join(command_text(i) + (" &" if i.background else "") for i in node.items)


def _body(node: CommandList) -> str:
    return "".join(f"    {command_text(i)}{' &' if i.background else ';'}\n" for i in node.items)


def _command(node: Any) -> str:
    if isinstance(node, SimpleCommand):
        words = [f"{name}={getattr(value, 'raw', '')}" for name, value in node.assigns]
        words += [w.raw for w in node.words]
        text = " ".join(words)
    elif isinstance(node, Group):
        text = "{ " + _list(node.body) + "; }"
    elif isinstance(node, Subshell):
        text = "( " + _list(node.body) + " )"
    elif isinstance(node, If):
        parts = []
        for index, (cond, body) in enumerate(node.clauses):
            parts.append(f"{'if' if index == 0 else 'elif'} {_list(cond)}; then\n{_body(body)}")
        if node.orelse is not None:
            parts.append(f"else\n{_body(node.orelse)}")
        text = "".join(parts) + "fi"
    elif isinstance(node, For):
        words = " ".join(w.raw for w in node.words) if node.words is not None else '"$@"'
        text = f"for {node.var} in {words};\ndo\n{_body(node.body)}done"
    elif isinstance(node, While):
        text = f"{'until' if node.until else 'while'} {_list(node.cond)}; do\n{_body(node.body)}done"
    elif isinstance(node, Case):
        arms = "".join(f"    {' | '.join(p.raw for p in patterns)})\n"
                       + (f"        {_list(body)}\n" if body.items else "\n") + "    ;;\n" for patterns, body in node.arms)
        text = f"case {node.subject.raw} in \n{arms}esac"
    elif isinstance(node, Conditional):
        text = "[[ " + " ".join(w.raw for w in node.words) + " ]]"
    elif isinstance(node, ArithCommand):
        text = f"(({node.expr}))"
    elif isinstance(node, CFor):
        text = f"for (({node.init}; {node.cond}; {node.step}))\ndo\n{_body(node.body)}done"
    elif isinstance(node, FunctionDef):
        text = f"{node.name} ()"
    else:
        text = ""
    redirects = getattr(node, "redirects", ()) or ()
    return " ".join([text, *(_redirect(r) for r in redirects)]) if redirects else text


def _redirect(r: Redirect) -> str:
    target = r.target.raw if r.target is not None else ""
    if r.op in (">&", "<&") and (target.isdigit() or target == "-"):
        return f"{r.fd if r.fd is not None else (1 if r.op == '>&' else 0)}{r.op}{target}"
    default = 0 if r.op.startswith("<") and r.op != "<>" else 1
    fd = "" if r.fd is None or r.fd == default else str(r.fd)
    return f"{fd}{r.op} {target}"
