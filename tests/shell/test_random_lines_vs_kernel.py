"""Random and mutated command lines (the bad-input property's generator) on the kernel and on the
simulation, compared step by step: the kernel judges errors, exit codes and the state they leave."""
import difflib
import random
import re

import pytest

from ipkernel_harness import kernel_missing, normalise, run_on_kernel, run_on_sim
from test_bad_input_fuzz import SETUP, random_line


def kernel_safe_lines(seed: int, count: int) -> list[str]:
    """Lines the kernel side may run: no quotes for the wrapper script, no netns by PID (it would leave
    the sandbox), no hostname (the kernel side has no private UTS namespace), no exec, no -j."""
    rng = random.Random(seed)
    lines = list(SETUP)
    while len(lines) < count:
        line = random_line(rng)
        if any(c in line for c in "'\"\\") or re.search(r"netns\s+\d", line) or "hostname" in line \
                or " exec" in line or "-j" in line.split():
            continue
        lines.append(line)
    return lines


@pytest.mark.real
@pytest.mark.parametrize("seed", [1, 2, 5, 9, 16])
def test_random_lines_match_the_kernel(seed):
    why = kernel_missing()
    if why:
        pytest.skip(why)
    lines = kernel_safe_lines(seed, 150)
    for real, sim in zip(run_on_kernel(lines), run_on_sim(lines)):
        expected, got = normalise(real.text()), normalise(sim.text())
        assert got == expected, "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                                             "kernel", "sim"))
