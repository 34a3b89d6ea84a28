#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""snmpd `pass_persist` helper for the tests: serves the values listed in
a file, re-read on every request so a test can change them while the agent
runs (replace the file atomically with mv).

Each line of the file is "OID TYPE VALUE" (VALUE may contain spaces).  TYPE
is one of snmpd's pass types: integer, unsigned, counter, counter64, gauge,
timeticks, ipaddress, objectid, string, octet (hex bytes), opaque.

A counter or counter64 VALUE "ramp BASE RATE" is computed when asked:
BASE + RATE x (unix time in seconds), modulo 2^32 or 2^64, so a test can
predict its rate and make a Counter32 wrap every few seconds.
"""
import sys
import time


def key(oid):
    return [int(x) for x in oid.strip(".").split(".") if x]


def load(path):
    rows = []
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.split(" ", 2)
                rows.append((key(parts[0]), parts[1], parts[2] if len(parts) > 2 else ""))
    except OSError:
        pass
    rows.sort()
    return rows


def value(typ, val):
    if typ in ("counter", "counter64") and val.startswith("ramp "):
        _, base, rate = val.split()
        mod = 2 ** 64 if typ == "counter64" else 2 ** 32
        return str((int(base) + int(float(rate) * time.time())) % mod)
    return val


def answer(path, cmd, oid):
    want = key(oid)
    for k, typ, val in load(path):
        if (cmd == "get" and k == want) or (cmd == "getnext" and k > want):
            return "." + ".".join(map(str, k)) + "\n" + typ + "\n" + value(typ, val) + "\n"
    return "NONE\n"


def main():
    path = sys.argv[1]
    out = sys.stdout
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        cmd = line.strip()
        if cmd == "PING":
            out.write("PONG\n")
        elif cmd in ("get", "getnext"):
            out.write(answer(path, cmd, sys.stdin.readline().strip()))
        elif cmd == "set":
            sys.stdin.readline()
            sys.stdin.readline()
            out.write("not-writable\n")
        else:
            out.write("NONE\n")
        out.flush()


if __name__ == "__main__":
    main()
