"""Command line for the conformance harness: show kernel vs simulation transcripts and their diff.

    python tests/conformance/conformance_run.py                 # every scenario, diffs only
    python tests/conformance/conformance_run.py routing -v      # one scenario, both transcripts
    python tests/conformance/conformance_run.py my.sh --kernel  # a script, kernel transcript only
    python tests/conformance/conformance_run.py errors --backend real   # kernel vs Lab(backend="real")
    python tests/conformance/conformance_run.py --random 1-50   # seeded random scripts (random_scripts.py)
    python tests/conformance/conformance_run.py --random 7 --profile classic --show   # print one, run nothing
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conformance_harness import compare, run_on_kernel, script_scenario, transcript
from conformance_scenarios import all_scenarios
from random_scripts import PROFILES, random_scenario, seed_range


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="scenario names or .sh script paths")
    parser.add_argument("-v", "--verbose", action="store_true", help="print both transcripts")
    parser.add_argument("--kernel", action="store_true", help="only run the kernel side and print it")
    parser.add_argument("--backend", default="sim", help="the Lab backend to hold against the kernel")
    parser.add_argument("--random", metavar="SEED[-SEED2]", help="seeded random scripts instead of the scenarios")
    parser.add_argument("--show", action="store_true", help="with --random: print the scripts, run nothing")
    parser.add_argument("--length", type=int, default=30, help="with --random: random lines after the set-up")
    parser.add_argument("--profile", choices=PROFILES, default="wide",
                        help="with --random: the areas drawn from (classic: the first random scripts' only)")
    args = parser.parse_args()
    known = {s.name: s for s in all_scenarios()}
    chosen = [random_scenario(seed, args.length, args.profile) for seed in seed_range(args.random)] if args.random else []
    if args.show:
        for scenario in chosen:
            print(f"# {scenario.name}\n" + "".join(f"[{host}] {line}\n" for host, line in scenario.steps))
        return 0
    for name in args.names or ([] if args.random else list(known)):
        if name.endswith(".sh"):
            chosen.append(script_scenario(Path(name)))
        elif name in known:
            chosen.append(known[name])
        else:
            print(f"unknown scenario {name!r}; known: {', '.join(known)}", file=sys.stderr)
            return 2
    failed = 0
    for scenario in chosen:
        if args.kernel:
            print(transcript(run_on_kernel(scenario), scenario))
            continue
        real, other, diff = compare(scenario, args.backend)
        if args.verbose:
            print(f"===== kernel {scenario.name}\n{real}\n===== {args.backend} {scenario.name}\n{other}")
        print(f"{scenario.name}: {'same' if not diff else 'DIFFERENT'}")
        if diff:
            failed += 1
            print(diff)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
