"""What every `kubectl create <generator>` and `kubectl run` does before it builds an object (kubectl 1.30).

In kubectl's order: pflag parses the arguments (an unknown flag, or a typed flag's bad value, is an error at the
point pflag meets it), cobra checks the flags marked required (set at all, whatever the value), then Complete
takes exactly one NAME, the dry-run strategy and the printer -o asks for (a format no printer has, a jsonpath or
go-template that does not parse). Each generator also takes the flags genericclioptions adds to all of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from course_lib.docker.cli_values import go_int
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.main import KubectlError

# PrintFlags, --save-config, --validate and --field-manager: on every generator
COMMON_VALUES = {"--dry-run": "dry_run", "-o": "output", "--output": "output", "--template": "template",
                 "--field-manager": "field_manager"}
COMMON_BOOLS = {"--save-config": "save_config", "--show-managed-fields": "show_managed_fields",
                "--allow-missing-template-keys": "allow_missing", "--validate": "validate"}


@dataclass(frozen=True)
class Generator:
    """A generator's own flags: values (spelling -> key), switches, int flags (key -> bits), required keys."""

    cmd: str                                       # "create deployment", as its errors name it
    values: dict[str, str]
    bools: dict[str, str] = field(default_factory=dict)
    ints: dict[str, int] = field(default_factory=dict)
    required: tuple[str, ...] = ()                 # flag names as cobra prints them, sorted
    shorthand: dict[str, str] = field(default_factory=dict)     # key -> its one-letter flag
    validate: bool = True                          # --validate (run has none)


def go_int_value(text: str) -> int:
    """The value of a number go_int accepted (base prefixes, a leading 0 for octal, underscores)."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").replace("_", "").lower()
    if body.startswith(("0x", "0o", "0b")):
        return sign * int(body[2:], {"x": 16, "o": 8, "b": 2}[body[1]])
    if len(body) > 1 and body.startswith("0"):
        return sign * int(body[1:], 8)
    return sign * int(body)


def _typed(gen: Generator) -> Any:
    """pflag's Set for the int flags: strconv.ParseInt(text, 0, bits), refused with pflag's message."""
    def check(key: str, text: str) -> None:
        bits = gen.ints.get(key)
        if bits is None:
            return
        why = go_int(text, bits, True)
        if why is not None:
            name = key.replace("_", "-")
            short = gen.shorthand.get(key)
            spelled = f"-{short}, --{name}" if short else f"--{name}"
            raise KubectlError(f'error: invalid argument "{text}" for "{spelled}" flag: {why}\n'
                               f"See 'kubectl {gen.cmd} --help' for usage.\n")
    return check


def front(gen: Generator, args: list[str]) -> tuple[str, dict[str, Any], list[str]]:
    """NAME, the parsed flags (int flags as ints) and the words after `--`, or kubectl's error."""
    from course_lib.k8s.kubectl import dryrun
    bools = {**COMMON_BOOLS, **gen.bools}
    if not gen.validate:
        bools.pop("--validate")
    values = {**COMMON_VALUES, **gen.values}
    flags, pos, after = parse(gen.cmd, args, bools, values, check=_typed(gen))
    missing = [f'"{name}"' for name in gen.required if name.replace("-", "_") not in flags]
    if missing:
        raise KubectlError(f"error: required flag(s) {', '.join(missing)} not set\n")
    for key in gen.ints:
        if key in flags:
            flags[key] = go_int_value(str(flags[key]))
    if len(pos) != 1:                                # NameFromCommandArgs
        raise KubectlError(f"error: exactly one NAME is required, got {len(pos)}\nSee 'kubectl {gen.cmd} -h' "
                           "for help and examples\n")
    dryrun.strategy(flags)
    complete_printer(flags)
    return pos[0], flags, after


def complete_printer(flags: dict[str, Any]) -> None:
    """Complete's ToPrinter: -o with --template folded into one format, which must have a printer."""
    from course_lib.k8s.kubectl import printflags
    if "output" in flags or flags.get("template"):
        flags["output"] = printflags.with_template(flags)
    printflags.printer(str(flags.get("output") or ""))


def last(flags: dict[str, Any], key: str, default: Optional[str] = None) -> Optional[str]:
    """A string flag's value: the last one given."""
    return flags.get(f"{key}[]", [default])[-1]
