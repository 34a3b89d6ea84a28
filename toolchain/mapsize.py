#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""mapsize.py MAP [N]: who the bytes of a static binary come from.

Reads a GNU ld link map (-Wl,-Map=MAP) and sums the sizes of the input
sections kept in the output's allocated sections, per object file and
archive member: bytes in the file (.text, .rodata, .data and their kin)
and bytes of .bss (memory only).  Prints the totals per origin
(snmpoll's objects, net-snmp, libc, libgcc, start files) and the N
(default 12) biggest members of net-snmp and of libc, by file bytes.
"""
import os
import re
import sys
from collections import defaultdict

ALLOC = re.compile(r"^\.(text|rodata|data|bss|sdata|sbss|tdata|tbss|init_array|fini_array"
                   r"|eh_frame|gcc_except_table|got|MIPS\.stubs|ARM\.exidx)")
BSS = re.compile(r"^\.(bss|sbss|tbss)")
LINE = re.compile(r"^ (\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")


def origin(path):
    """(group, member) for an input file of the map."""
    m = re.match(r"^(.*?)\((.*)\)$", path)
    if m:
        lib, member = os.path.basename(m.group(1)), m.group(2)
    else:
        lib, member = None, os.path.basename(path)
    if lib == "libnetsnmp.a":
        return "net-snmp", member
    if lib == "libc.a":
        return "libc", member
    if lib and lib.startswith("libgcc"):
        return "libgcc", member
    if lib:
        return lib, member
    if re.match(r"^(S?crt[1in]|crtbegin|crtend)", member):
        return "start files", member
    return "snmpoll", path


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    sizes = defaultdict(lambda: [0, 0])  # (file bytes, bss bytes)
    in_map = False
    pending = None              # a section name whose numbers are on the next line
    with open(path, errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not in_map:
                in_map = line.startswith("Linker script and memory map")
                continue
            m = LINE.match(line)
            if m and (m.group(1) or pending):
                name = m.group(1) or pending
                pending = None
                size, src = int(m.group(3), 16), m.group(4)
                if size and ALLOC.match(name) and not src.startswith("*"):
                    sizes[origin(src)][1 if BSS.match(name) else 0] += size
                continue
            pending = None
            s = line.strip()
            if line.startswith(" .") and " " not in s:
                pending = s
    groups = defaultdict(lambda: [0, 0])
    for (g, _), (fb, bss) in sizes.items():
        groups[g][0] += fb
        groups[g][1] += bss
    total = sum(v[0] for v in groups.values())
    print("  by origin (link map %s):  file bytes (text+data), bss" % path)
    for g, (fb, bss) in sorted(groups.items(), key=lambda x: -x[1][0]):
        print("    %-12s %8d %5.1f%%  %8d" % (g, fb, 100.0 * fb / total if total else 0, bss))
    for g in ("net-snmp", "libc"):
        items = sorted(((v[0], m) for (gg, m), v in sizes.items() if gg == g), reverse=True)
        if not items:
            continue
        print("  biggest from %s (file bytes):" % g)
        for n, m in items[:top]:
            print("    %-28s %8d" % (m, n))

if __name__ == "__main__":
    main()
