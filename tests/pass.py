#!/usr/bin/python3
"""snmpd `pass` helper for the tests: serves the values listed in a file.

Each line of the file is "OID TYPE VALUE" (VALUE may contain spaces; the
escapes \\n, \\t, \\xHH are decoded for strings).  TYPE is one of snmpd's
pass types: integer, unsigned, counter, counter64, gauge, timeticks,
ipaddress, objectid, string, octet, opaque.
"""
import sys


def key(oid):
    return [int(x) for x in oid.strip(".").split(".")]


def load(path):
    rows = []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(" ", 2)
            rows.append((key(parts[0]), parts[1], parts[2] if len(parts) > 2 else ""))
    rows.sort()
    return rows


def main():
    path, mode, oid = sys.argv[1], sys.argv[2], sys.argv[3]
    want = key(oid)
    for k, typ, val in load(path):
        if (mode == "-g" and k == want) or (mode == "-n" and k > want):
            sys.stdout.write("." + ".".join(map(str, k)) + "\n" + typ + "\n" + val + "\n")
            return
    # nothing: snmpd reports noSuchObject / end of view


if __name__ == "__main__":
    main()
