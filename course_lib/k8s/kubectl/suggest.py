"""kubectl's answer to a first word that is no command: cobra's unknown-flag error, or its unknown-command error
with the "Did you mean this?" suggestions (SuggestionsFor: a command within Levenshtein distance 2, ignoring case,
or one the word begins, in the order kubectl 1.30 adds its commands)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course_lib.result import CommandResult

# NewKubectlCommand's AddCommand order: the command groups of `kubectl --help`, then config, plugin, version,
# api-versions, api-resources and options (alpha has no subcommands in 1.30: not an available command)
COMMANDS = ("create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale",
            "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs",
            "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "apply", "patch",
            "replace", "wait", "kustomize", "label", "annotate", "completion", "config", "plugin", "version",
            "api-versions", "api-resources", "options")


def distance(a: str, b: str) -> int:
    """Levenshtein distance, ignoring case (cobra's ld)."""
    a, b = a.lower(), b.lower()
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def suggestions(word: str) -> list[str]:
    return [name for name in COMMANDS if distance(word, name) <= 2 or name.lower().startswith(word.lower())]


def unknown_command(word: str) -> str:
    """The error text (with kubectl's `error: ` and newline) for a first word that is not a command."""
    if word.startswith("--"):
        return f"error: unknown flag: {word.split('=', 1)[0]}\nSee 'kubectl --help' for usage.\n"
    if word.startswith("-") and len(word) > 1:
        return f"error: unknown shorthand flag: '{word[1]}' in {word}\nSee 'kubectl --help' for usage.\n"
    found = suggestions(word)
    hint = "\n\nDid you mean this?\n" + "".join(f"\t{name}\n" for name in found) if found else "\n"
    return f'error: unknown command "{word}" for "kubectl"' + hint


def default_subcommand_run(path: str, words: list[str], help_text: str) -> "CommandResult":
    """cmdutil.DefaultSubCommandRun of a command that only groups subcommands (`kubectl create service`): words
    left after the flags are 'unknown command "a b"'; none, the help on stderr and exit 1."""
    from course_lib.k8s.kubectl.main import KubectlError
    from course_lib.result import CommandResult
    if words:
        raise KubectlError(f'error: unknown command "{" ".join(words)}"\nSee \'kubectl {path} -h\' for help and '
                           "examples\n")
    return CommandResult("", help_text, 1)
