#!/usr/bin/env python3
"""Where a process's PSS is: its /proc/PID/smaps summed by kind of mapping (stdlib only).

    bench/smaps.py PID [PID...]        one table per process, kinds by PSS, largest first
    bench/smaps.py --files N PID       also the N file mappings with the most PSS

Kinds: fonts (files under a fonts folder, .ttf/.ttc/.otf), shared libraries (.so), the
executable, anonymous memory ([heap] and unnamed private mappings: malloc arenas, the JS
heap, JIT code, glyph and image caches), shared memory (memfd:, /dev/shm, SYSV: WebKit's
buffers shared with the UI process), GPU (/dev/dri), stacks, other files. bench.py uses
`breakdown` for the web process of each app with its window open.
"""

import argparse
import os
import re
import sys

KINDS = ("anonymous", "libraries", "fonts", "shared memory", "executable", "gpu", "stacks",
         "other files")


def kind_of(name, exe):
    if not name or name in ("[heap]", "[anon]") or name.startswith("[anon:"):
        return "anonymous"
    if name.startswith("[stack"):
        return "stacks"
    if name.startswith("["):  # [vdso], [vvar], [vsyscall]
        return "other files"
    if "memfd:" in name or name.startswith(("/dev/shm/", "/SYSV")):
        return "shared memory"
    if name.startswith("/dev/dri/"):
        return "gpu"
    if name == exe:
        return "executable"
    if re.search(r"/fonts?/|\.(ttf|ttc|otf|pfb)$", name, re.I):
        return "fonts"
    if re.search(r"\.so(\.[\d.]+)?$", name):
        return "libraries"
    return "other files"


def breakdown(pid):
    """({kind: PSS kB}, {file path: PSS kB}) for one process; empty if it is gone."""
    kinds, files = dict.fromkeys(KINDS, 0), {}
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
        with open(f"/proc/{pid}/smaps") as f:
            text = f.read()
    except OSError:
        return {}, {}
    name = None
    for line in text.splitlines():
        head = re.match(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$", line)
        if head:
            name = head.group(1).strip()
            continue
        if line.startswith("Pss:"):
            kb = int(line.split()[1])
            k = kind_of(name, exe)
            kinds[k] += kb
            if name and name.startswith("/"):
                files[name] = files.get(name, 0) + kb
    return kinds, files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pids", nargs="+", type=int)
    ap.add_argument("--files", type=int, default=0, help="list the N largest file mappings")
    o = ap.parse_args()
    for pid in o.pids:
        kinds, files = breakdown(pid)
        if not kinds:
            print(f"{pid}: gone", file=sys.stderr)
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                comm = f.read().strip()
        except OSError:
            comm = "?"
        print(f"{pid} {comm}: PSS {sum(kinds.values()) / 1024:.1f} MiB")
        for k, v in sorted(kinds.items(), key=lambda x: -x[1]):
            if v:
                print(f"  {k:<14} {v / 1024:7.1f} MiB")
        for path, v in sorted(files.items(), key=lambda x: -x[1])[:o.files]:
            print(f"    {v / 1024:7.1f} MiB  {path}")


if __name__ == "__main__":
    main()
