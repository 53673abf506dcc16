"""Random and mutated iptables command lines (fixed seeds), run on the real tool and on the model alike."""
from __future__ import annotations

import random
import shlex

import pytest

from iptables_conformance import diff, real_available
from test_iptables_fuzz import TOKENS, VALID

pytestmark = pytest.mark.real
BUILTIN = {"INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING"}


def random_script(seed: int, count: int = 200) -> list[str]:
    rng = random.Random(seed)
    steps = ["iptables -N KUBE-SVC", "iptables -t nat -N X", "iptables -N X", "iptables -A INPUT -j X"]
    for _ in range(count):
        if rng.random() < 0.5:
            words = rng.sample(TOKENS, rng.randint(1, 7))
        else:
            words = VALID[rng.randrange(len(VALID))].split()
            for _ in range(rng.randint(1, 2)):
                k = rng.randrange(3)
                if k == 0 and words:
                    del words[rng.randrange(len(words))]
                elif k == 1:
                    words.insert(rng.randrange(len(words) + 1), rng.choice(TOKENS))
                elif words:
                    words[rng.randrange(len(words))] = rng.choice(TOKENS)
        words = [w for w in words if w != "-h"]
        if "-E" in words[:-1] and words[words.index("-E") + 1] in BUILTIN:
            continue        # nf_tables lets -E rename a built-in chain into an unusable table: not modelled
        steps.append("iptables " + " ".join(shlex.quote(w) for w in words))
    return steps + ["iptables-save -c", "iptables -L -n -v"]


@pytest.mark.parametrize("seed", range(1, 17))
def test_random_command_lines_answer_as_the_real_tool(seed: int) -> None:
    reason = real_available()
    if reason:
        pytest.skip(reason)
    problems = diff(random_script(seed))
    assert not problems, "\n".join(problems[:5]) + f"\n({len(problems)} differences)"
