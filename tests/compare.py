#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Compare snmpoll's JSON values for one host with net-snmp's own snmpget.

compare.py STATUS_JSON HOST AGENT(addr:port) VERSION
Runs `snmpget -On` for every value's OID and checks type and value.
Prints mismatches; exits 1 if any.
"""
import json
import subprocess
import sys
import time

TYPES = {"INTEGER": "INTEGER", "STRING": "OCTET STRING", "Hex-STRING": "OCTET STRING",
         "OID": "OBJECT IDENTIFIER", "IpAddress": "IpAddress", "Counter32": "Counter32",
         "Gauge32": "Gauge32", "Timeticks": "TimeTicks", "Counter64": "Counter64",
         "Opaque": "Opaque", "\"\"": "OCTET STRING"}


def snmpget(agent, version, oid):
    out = subprocess.run(["snmpget", "-m", "", "-M", "/nonexistent", "-On",
                          "-v", version, "-c", "public", agent, oid],
                         capture_output=True, text=True, errors="replace").stdout.strip()
    name, _, rest = out.partition(" = ")
    if ": " not in rest:
        return None, rest
    typ, _, val = rest.partition(": ")
    return typ, val


def expect(typ, val):
    if typ in ("STRING", "Hex-STRING"):
        return val.strip('"')
    return val


POLLED = 0


def check_value(v, agent, version):
    typ, val = snmpget(agent, version, v["oid"])
    if v["type"] in ("noSuchObject", "noSuchInstance"):
        return typ is None
    if TYPES.get(typ) != v["type"]:
        return "type %s vs snmpget %s" % (v["type"], typ)
    if typ == "Hex-STRING" or v.get("encoding") == "hex" or typ == "Opaque":
        mine = v["value"].replace(":", "").lower()
        theirs = val.replace(" ", "").replace("\n", "").lower()
        return mine == theirs or "hex %s vs %s" % (mine, theirs)
    if typ == "OID":
        return v["value"] == val.lstrip(".") or "%s vs %s" % (v["value"], val)
    if typ == "Timeticks":
        val = val.split(")")[0].lstrip("(")
        if v["oid"] == "1.3.6.1.2.1.1.3.0":   # it moves on: ours is older,
            # by no more than the time since the poll (a loaded machine
            # can take a minute to run all the snmpget calls).
            slack = (time.time() - POLLED + 5) * 100
            return 0 <= int(val) - v["value"] <= slack or "%s vs %s" % (v["value"], val)
    if typ == "Counter64":
        return v["value"] == val or "%s vs %s" % (v["value"], val)
    if typ == "STRING":
        return v["value"] == val[1:-1].replace('\\"', '"') or "%r vs %r" % (v["value"], val)
    return str(v["value"]) == val or "%s vs %s" % (v["value"], val)


def main():
    global POLLED
    doc = json.load(open(sys.argv[1]))
    host = [h for h in doc["hosts"] if h["name"] == sys.argv[2]][0]
    POLLED = host["last_poll"]
    bad = 0
    if not host["values"]:
        print("no values")
        return 1
    for v in host["values"]:
        r = check_value(v, sys.argv[3], sys.argv[4])
        if r is not True:
            print("%s (%s): %s" % (v["oid"], v["name"], r))
            bad += 1
    print("%d values compared, %d mismatches" % (len(host["values"]), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
