"""awk: the command line (-F, -v, program, files) around the small awk engine."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from course_lib.result import CommandResult
from course_lib.shell.coreutils_awk_engine import Awk, AwkError
from course_lib.shell.coreutils_common import read_inputs
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


@command("awk", "mawk", "gawk")
def awk(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    args = argv[1:]
    fs = None
    assigns: list[tuple[str, str]] = []
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "--":
            break
        if opt.startswith("-F"):
            value = opt[2:] or (args.pop(0) if args else "")
            fs = "\t" if value == "t" else value.replace("\\t", "\t")
        elif opt == "-v" and args:
            name, _, value = args.pop(0).partition("=")
            assigns.append((name, value))
        elif opt.startswith("-v"):
            name, _, value = opt[2:].partition("=")
            assigns.append((name, value))
        elif opt == "-f":
            return CommandResult("", "awk: this simulated awk does not support -f progfile\n", 2)
        else:
            return CommandResult("", f"awk: not an option: {opt}\n", 2)
    if not args:
        return CommandResult("", "usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n", 2)
    try:
        program = Awk(args[0], fs)
        for name, value in assigns:
            program.vars[name] = value
        texts, errors = read_inputs(ctx, args[1:], stdin, "awk", "{prog}: cannot open {name} (No such file or directory)")
        out = program.run(texts)
    except AwkError as error:
        return CommandResult("", str(error) + "\n", 2)
    except (OverflowError, ValueError, ZeroDivisionError, MemoryError) as error:
        return CommandResult("", f"awk: run time error: {error}\n", 2)
    except re.error as error:
        return CommandResult("", f"awk: line 1: regular expression compile failed ({error})\n", 2)
    except RecursionError:
        return CommandResult("", "awk: program too deeply nested\n", 2)
    return CommandResult(out, "".join(errors), 2 if errors else program.exit_code)
