"""Command line for the random DNS cases: kernel vs simulation transcripts and their diff.

    python -m tests.dns.dns_run 1-40            # seeds 1..40, diffs only
    python -m tests.dns.dns_run 7 -v            # one seed, both transcripts
    python -m tests.dns.dns_run 7 --show        # the case's files and lines, nothing run
    python -m tests.dns.dns_run 1-40 -j 2       # two seeds at a time (each in its own namespaces)
    python -m tests.dns.dns_run 1-40 --again    # a seed that differs runs on the kernel once more

With --again, a seed that differs once and not on its second kernel run is reported as such, with the first
diff: the load of the machine (a command slowed to a second) or a timing race; a model difference shows
in both runs (the tests compare the same way: dns_harness.compare_twice).
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor

from tests.dns.dns_harness import compare, kernel_missing, run_kernel
from tests.dns.random_dns import random_case


def _seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", help="SEED or FIRST-LAST")
    parser.add_argument("-v", "--verbose", action="store_true", help="print both transcripts")
    parser.add_argument("--show", action="store_true", help="print the cases, run nothing")
    parser.add_argument("--length", type=int, default=8, help="commands per case")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="kernel runs at a time")
    parser.add_argument("--again", action="store_true", help="run a seed that differs on the kernel again")
    args = parser.parse_args()
    cases = [random_case(seed, args.length) for seed in _seeds(args.seeds)]
    if args.show:
        for case in cases:
            print(f"# {case.name}\n## resolv.conf\n{case.resolv}## hosts\n{case.hosts}## Corefile\n{case.corefile}"
                  + "".join(f"## {name}\n{text}" for name, text in case.zones.items())
                  + "".join(f"$ {line}\n" for line in case.setup + case.commands))
        return 0
    reason = kernel_missing()
    if reason:
        print(f"the kernel side cannot run: {reason}", file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        kernels = pool.map(run_kernel, cases)
        failed = 0
        for case, kernel in zip(cases, kernels):
            real, sim, diff = compare(case, kernel)
            if diff and args.again and not compare(case)[2]:
                print(f"{case.name}: same on a second kernel run (the first differed: load or a timing race)\n"
                      f"{diff}", flush=True)
                continue
            if args.verbose:
                print(f"===== kernel {case.name}\n{real}===== sim {case.name}\n{sim}")
            print(f"{case.name}: {'same' if not diff else 'DIFFERENT'} (kernel {sum(k.ms for k in kernel) / 1000:.1f} s)",
                  flush=True)
            if diff:
                failed += 1
                print(diff, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
