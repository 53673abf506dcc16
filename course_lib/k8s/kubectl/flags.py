"""pflag-style parsing for kubectl subcommands: flags anywhere, --f=v, -fv, -f v, repeated flags, `--`."""
from __future__ import annotations

from typing import Any, Callable, Optional

from course_lib.k8s.kubectl.main import KubectlError


def parse(cmd: str, args: list[str], bools: dict[str, str], values: dict[str, str],
          stop_at_dashdash: bool = True, check: Optional[Callable[[str, str], None]] = None
          ) -> tuple[dict[str, Any], list[str], list[str]]:
    """Returns (flags, positionals, after `--`). Value flags repeat into lists under key+'[]'. `check(key, value)`
    sees each value as pflag sets it (a typed flag's error comes before anything later on the line)."""
    flags: dict[str, Any] = {}
    pos: list[str] = []
    after: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--" and stop_at_dashdash:
            after = args[i + 1:]
            break
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg.partition("=")
            if name in bools:
                flags[bools[name]] = _parse_bool(cmd, name, value) if eq else True
            elif name in values:
                if not eq and name == "--dry-run":      # pflag NoOptDefVal: never takes the next argument
                    value = "unchanged"
                elif not eq:
                    if i + 1 >= len(args):
                        raise KubectlError(f"error: flag needs an argument: {name}\n"
                                           f"See 'kubectl {cmd} --help' for usage.\n")
                    value = args[i + 1]
                    i += 1
                if check is not None:
                    check(values[name], value)
                _put(flags, values[name], value)
            else:
                raise KubectlError(f"error: unknown flag: {name}\nSee 'kubectl {cmd} --help' for usage.\n")
        elif arg.startswith("-") and len(arg) > 1 and not _is_number(arg):
            j = 1
            while j < len(arg):
                short = "-" + arg[j]
                if short in bools:
                    if arg[j + 1:j + 2] == "=":                 # -w=false (pflag's bool shorthand with a value)
                        flags[bools[short]] = arg[j + 2:].lower() != "false"
                        break
                    flags[bools[short]] = True
                    j += 1
                    continue
                if short in values:
                    value = arg[j + 1:].lstrip("=") if j + 1 < len(arg) else None
                    if value is None:
                        if i + 1 >= len(args):
                            raise KubectlError(f"error: flag needs an argument: '{arg[j]}' in {short}\n"
                                               f"See 'kubectl {cmd} --help' for usage.\n")
                        value = args[i + 1]
                        i += 1
                    if check is not None:
                        check(values[short], value)
                    _put(flags, values[short], value)
                    break
                raise KubectlError(f"error: unknown shorthand flag: '{arg[j]}' in -{arg[j:]}\n"
                                   f"See 'kubectl {cmd} --help' for usage.\n")
        else:
            pos.append(arg)
        i += 1
    return flags, pos, after


def _parse_bool(cmd: str, name: str, text: str) -> bool:
    """pflag's bool value: strconv.ParseBool, or kubectl's invalid-argument error (--validate is a string flag
    taking strict/warn/ignore too, kept as a switch here)."""
    if name == "--validate":
        return text.lower() not in ("false", "ignore")
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise KubectlError(f'error: invalid argument "{text}" for "{name}" flag: strconv.ParseBool: parsing "{text}": '
                       f"invalid syntax\nSee 'kubectl {cmd} --help' for usage.\n")


def _put(flags: dict[str, Any], key: str, value: str) -> None:
    flags[key] = value
    flags.setdefault(key + "[]", []).append(value)


def _is_number(text: str) -> bool:
    return text[1:].isdigit()


def parse_selector(text: str, info: Any = None, field_selector: str = "") -> Any:
    """-l/--selector as the API server parses a list's labelSelector (course_lib.k8s.labelselect); a selector it
    refuses is its BadRequest for the list request of `info` (pods when not given)."""
    from course_lib.k8s.labelselect import SelectorError, parse as parse_labels
    try:
        return parse_labels(text or "")
    except SelectorError as exc:
        gvr = f"{info.versions[0]}, Resource={info.resource}" if info is not None and info.group else \
            f"/v1, Resource={info.resource if info is not None else 'pods'}"
        raise KubectlError(f'Error from server (BadRequest): Unable to find "{gvr}" that match label selector '
                           f'"{text}", field selector "{field_selector}": {exc}\n') from None


def equality_selector(text: str) -> dict[str, str]:
    """`expose --selector a=b,c=d`: kubectl's own ParseLabels (equality-based requirements only)."""
    out = {}
    for part in filter(None, text.split(",")):
        key, _, value = part.replace("==", "=").partition("=")
        out[key.strip()] = value.strip()
    return out


OUTPUT = {"-o": "output", "--output": "output"}
NAMESPACE_ALL = {"-A": "all_ns", "--all-namespaces": "all_ns"}


# resource.Builder's hasCombinedTypeArgs: some arguments TYPE/NAME, some not
MIXED_FORMS = ("error: there is no need to specify a resource type as a separate argument when passing arguments in "
               "resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource "
               "resource/<resource_name>'\n")


def type_name_pairs(args: list[str]) -> Optional[list[tuple[str, str]]]:
    """ResourceTypeOrNameArgs: [(TYPE, NAME)] when every argument is TYPE/NAME, None when none is; a mix of both
    forms is the builder's error."""
    slashed = sum("/" in a for a in args)
    if not slashed:
        return None
    if slashed != len(args):
        raise KubectlError(MIXED_FORMS)
    pairs = []
    for arg in args:                              # splitResourceTypeName
        parts = arg.split("/")
        if len(parts) != 2:
            raise KubectlError("error: arguments in resource/name form may not have more than one slash\n")
        if not parts[0] or not parts[1]:
            raise KubectlError("error: arguments in resource/name form must have a single resource and name\n")
        pairs.append((parts[0], parts[1]))
    return pairs
