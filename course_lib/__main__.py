"""`python -m course_lib cleanup`: remove what crashed real-backend labs left on this machine.

It reads the labs' own records (/run/course_lib/<lab_id>.jsonl), skips labs whose process still
runs (unless --all, or a lab id is given), kills processes inside those labs' netns, unmounts the
netns and removes their /etc/netns/<name> dirs. Nothing is found by a broad name pattern.
"""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_lib", description="course_lib maintenance")
    sub = parser.add_subparsers(dest="command", required=True)
    clean = sub.add_parser("cleanup", help="remove what crashed real-backend labs left behind")
    clean.add_argument("lab_id", nargs="?", help="only this lab (even if its process still runs)")
    clean.add_argument("--all", action="store_true", help="also labs whose process still runs")
    clean.add_argument("--list", action="store_true", help="only list the recorded labs")
    args = parser.parse_args(argv)
    from course_lib.backends.real import ledger
    if args.list:
        for record in ledger.records():
            state = "running" if ledger._alive(record) else "dead"
            print(f"{record.lab_id} pid {record.pid} {state}: {len(record.netns)} netns")
        return 0
    try:
        removed = ledger.cleanup(dead_only=not args.all, lab_id=args.lab_id)
    except PermissionError as exc:
        print(f"cleanup: {exc.strerror}: {exc.filename} (run it as root)", file=sys.stderr)
        return 1
    for item in removed:
        print(f"removed {item}")
    if not removed:
        print("nothing to clean up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
