#!/usr/bin/env python3
"""Times several commands in turns: round 1 runs A, B, C; round 2 runs B, C, A; and so on. On a
shared virtual machine the speed drifts over minutes, so timing all of A's runs and then all of
B's (as hyperfine does) can put the drift into the comparison; in turns, each round's runs see
about the same machine, and a ratio taken inside each round (paired) cancels the drift.

    scripts/paired.py --rounds 3 [--warmup 1] [--prepare CMD] --json OUT NAME=COMMAND…

Each run's wall time, CPU time (user and system) and peak resident memory go to OUT as JSON:
{"names": […], "wall": [[seconds per round] per name], "cpu": [[…] per name], "peak_kib": [[…] per name]}.
PREPARE runs (in a shell) before every run and is not timed; `{index}` in it becomes the number
of the command about to run (0 for the first). A command that fails stops the measure, with its
error output. Used by scripts/bench; a benchmark, never a test.

The peak comes from GNU time (`/usr/bin/time`, Debian's `time`), which starts the command from a
process of its own: Linux counts a process's memory from before its exec too, so a command
started straight from Python would be charged Python's 15 MB.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def run_once(argv, prepare):
    """One timed run: (wall seconds, CPU seconds, peak KiB)."""
    if prepare:
        subprocess.run(prepare, shell=True, check=True)
    with tempfile.NamedTemporaryFile(mode="r") as usage, tempfile.TemporaryFile() as err:
        timed = [GNU_TIME, "-f", "%U %S %M", "-o", usage.name, *argv]
        start = time.perf_counter()
        code = subprocess.run(timed, stdout=subprocess.DEVNULL, stderr=err).returncode
        wall = time.perf_counter() - start
        if code != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            sys.exit(f"{shlex.join(argv)} failed (exit {code}):\n{tail}")
        user, system, kib = usage.read().split()[-3:]
        return wall, float(user) + float(system), int(kib)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--prepare")
    ap.add_argument("--json", required=True)
    ap.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = ap.parse_args()
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit(f"{GNU_TIME} not found: install GNU time (apt-get install time)")
    names, argvs = [], []
    for spec in args.commands:
        name, sep, command = spec.partition("=")
        if not sep:
            sys.exit(f"expected NAME=COMMAND, got {spec!r}")
        names.append(name)
        argvs.append(shlex.split(command))
    wall, cpu, peak = ([[] for _ in names] for _ in range(3))
    for r in range(args.warmup + args.rounds):
        for k in range(len(names)):
            i = (r + k) % len(names)  # each round starts with the next command
            prepare = args.prepare and args.prepare.replace("{index}", str(i))
            w, c, p = run_once(argvs[i], prepare)
            if r >= args.warmup:
                wall[i].append(w)
                cpu[i].append(c)
                peak[i].append(p)
    with open(args.json, "w") as f:
        json.dump({"names": names, "wall": wall, "cpu": cpu, "peak_kib": peak}, f)


if __name__ == "__main__":
    main()
