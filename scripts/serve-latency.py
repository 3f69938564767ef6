#!/usr/bin/env python3
"""Live preview as an author meets it: runs the real `kepu serve` on a site, waits for its first
build, then saves one Markdown file ROUNDS times (as an editor does: write and close) and times

  - "on disk": from the save to the page on disk holding the new text (watcher, debounce,
    rebuild and write; polled every 0.2 ms), and
  - "whole rebuild": what the server itself prints for the rebuild ("all in N ms").

    scripts/serve-latency.py KEPU SITE [ROUNDS]

Prints one line per measure (median, min, max), after the first build's time. The page edited is
restored at the end. Used by scripts/bench; a benchmark, never a test.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def pick_page(site):
    """The first article in the default language (no language suffix in its name)."""
    folder = os.path.join(site, "content", "articles")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".md") and not name.startswith("_") and name.count(".") == 1:
            return os.path.join(folder, name), name[:-3]
    sys.exit("no article in content/articles/")


def main():
    kepu, site = sys.argv[1], os.path.abspath(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    page, slug = pick_page(site)
    original = open(page, encoding="utf-8").read()
    preview = tempfile.mkdtemp(prefix="kepu-latency-")
    out_file = os.path.join(preview, "site", "articles", slug, "index.html")
    started = time.monotonic()
    server = subprocess.Popen(
        [kepu, "serve", "--root", site, "--output", os.path.join(preview, "site"), "--port", "0", "--now", "2026-11-25"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    lines = []
    built = threading.Event()
    rebuilt = threading.Condition()

    def read():
        for line in server.stdout:
            with rebuilt:
                lines.append((time.monotonic(), line.strip()))
                rebuilt.notify_all()
            if line.startswith("Built "):
                built.set()

    threading.Thread(target=read, daemon=True).start()
    if not built.wait(600):
        server.kill()
        sys.exit("kepu serve did not finish its first build in 10 minutes")
    first = lines[-1][0] - started
    on_disk, whole = [], []
    try:
        for r in range(rounds):
            time.sleep(0.3)  # let the watcher settle, as between two saves
            marker = f"Edit number {r} of the latency benchmark."
            seen = len(lines)
            with open(page, "w", encoding="utf-8") as f:
                f.write(f"{original}\n{marker}\n")
            saved = time.monotonic()
            while True:
                try:
                    if marker in open(out_file, encoding="utf-8").read():
                        break
                except OSError:
                    pass
                if time.monotonic() - saved > 30:
                    sys.exit("the page did not change on disk within 30 s")
                time.sleep(0.0002)
            on_disk.append((time.monotonic() - saved) * 1000)
            with rebuilt:
                rebuilt.wait_for(lambda: any(l.startswith("Rebuilt") for _, l in lines[seen:]), timeout=30)
            m = next((re.search(r"all in (\d+) ms", l) for _, l in lines[seen:] if l.startswith("Rebuilt")), None)
            if m:
                whole.append(float(m.group(1)))
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait(30)

    def show(name, values):
        if values:
            print(f"{name}: median {statistics.median(values):.0f} ms "
                  f"(min {min(values):.0f}, max {max(values):.0f}, {len(values)} saves)")

    print(f"first build (until the server's first 'Built' line): {first:.2f} s")
    show("save -> page on disk", on_disk)
    show("whole rebuild (the server's own figure)", whole)


if __name__ == "__main__":
    main()
