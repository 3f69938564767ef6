#!/usr/bin/env python3
"""Times several commands in turns: round 1 runs A, B, C; round 2 runs B, C, A; and so on. On a
shared virtual machine the speed drifts over minutes, so timing all of A's runs and then all of
B's (as hyperfine does) can put the drift into the comparison; in turns, each round's runs see
about the same machine, and a ratio taken inside each round (paired) cancels the drift.

    scripts/paired.py --rounds 3 [--warmup 1] [--prepare CMD] --json OUT NAME=COMMAND…

Each run's wall time and peak resident memory (from wait4, for that process alone) go to OUT as
JSON: {"names": […], "wall": [[seconds per round] per name], "peak_kib": [[…] per name]}.
PREPARE runs (in a shell) before every run and is not timed; `{index}` in it becomes the number
of the command about to run (0 for the first). A command that fails stops the
measure, with its error output. Used by scripts/bench; a benchmark, never a test.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time


def run_once(argv, prepare):
    """One timed run: (wall seconds, peak KiB)."""
    if prepare:
        subprocess.run(prepare, shell=True, check=True)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            sys.exit(f"{shlex.join(argv)} failed (exit {proc.returncode}):\n{tail}")
    return wall, usage.ru_maxrss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--prepare")
    ap.add_argument("--json", required=True)
    ap.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = ap.parse_args()
    names, argvs = [], []
    for spec in args.commands:
        name, sep, command = spec.partition("=")
        if not sep:
            sys.exit(f"expected NAME=COMMAND, got {spec!r}")
        names.append(name)
        argvs.append(shlex.split(command))
    wall = [[] for _ in names]
    peak = [[] for _ in names]
    for r in range(args.warmup + args.rounds):
        for k in range(len(names)):
            i = (r + k) % len(names)  # each round starts with the next command
            prepare = args.prepare and args.prepare.replace("{index}", str(i))
            w, p = run_once(argvs[i], prepare)
            if r >= args.warmup:
                wall[i].append(w)
                peak[i].append(p)
    with open(args.json, "w") as f:
        json.dump({"names": names, "wall": wall, "peak_kib": peak}, f)


if __name__ == "__main__":
    main()
