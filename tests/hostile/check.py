#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Judge a status document polled against tests/hostile/agent.py.

    check.py STATUS_JSON LABEL MODE...

Hosts h-MODE (v2c GETs), w-MODE (v2c GETBULK walk) and v-MODE (v1 GETs and
GETNEXT walk) poll the hostile agent's MODE socket.  Prints one line per
assertion, "ok DESC" or "not ok DESC", details on "#" lines.  The good
hosts' values are checked by the caller (tests/compare.py against snmpget).
"""
import json
import re
import sys

SYS = {"1.3.6.1.2.1.1.1.0": "OCTET STRING", "1.3.6.1.2.1.1.5.0": "OCTET STRING",
       "1.3.6.1.2.1.1.3.0": "TimeTicks"}
ROWS = ["1.3.6.1.4.1.99999.7.%d" % i for i in range(1, 6)]
BASE = "1.3.6.1.4.1.99999.7."

# What each mode may leave a host in, and why.
#   strict modes: nothing valid ever reaches the host's socket, or what does
#   must be refused.
# A host failing cycle after cycle is backed off (skipped, status "backoff",
# its last error kept): as good as failed.
TIMEOUT = {"timeout", "backoff"}
FAILED = {"timeout", "error", "backoff"}
ALLOWED = {
    "good": {"ok"},
    "random": FAILED | {"ok"},	# unparseable: dropped (timeout); a valid
				# prefix + junk can parse into a well-formed
				# answer with junk values: that host's own
				# garbage, so ok with sane OIDs is accepted
    "truncated": FAILED,
    "overrun": FAILED,
    "bigoid": FAILED,		# names that match nothing asked, or refused
    "wrapoid": FAILED,		# 1.3.(2^64+5) is not 1.3.5: refused by the
				# engine's datagram screen (net-snmp wraps it)
    "manyvb": TIMEOUT,		# more varbinds than any request can get:
				# dropped unparsed (engine.c screen), since
				# parsing them would drain the worker's arena
    "wrongid": TIMEOUT,		# a reply to no request is never taken
    "wrongcomm": FAILED,	# refused (error) or ignored (timeout)
    "otherport": TIMEOUT,	# the connected socket never sees it
    "dup": {"ok"},		# harmless: the copies answer nothing pending
    "late": TIMEOUT,		# after the timeout the request is gone
    "oversize": {"ok"},		# legal 64 KB datagram: kept, value cut to
				# VALUE_LEN and flagged; only memory is at stake
    "flood": {"ok"} | TIMEOUT,	# the real answer comes last: the kernel may
				# drop it when the socket buffer overflows
    "spray": {"ok"},		# its own answer is right; copies go elsewhere
    "errstat": {"error", "backoff"},	# an agent error for every request
}
# Modes whose ok may carry junk values: only the OIDs are checked.
SANE_OK = {"random"}


def host_by_name(doc):
    return {h["name"]: h for h in doc["hosts"]}


def expect_values(kind, marker):
    """{oid: (type, value)} the good answer gives a host of this kind."""
    out = {}
    if kind in ("h", "v"):
        out.update({o: (t, marker if t == "OCTET STRING" else None) for o, t in SYS.items()})
    if kind in ("w", "v"):
        out.update({o: ("OCTET STRING", marker) for o in ROWS})
    return out


def exact(h, kind, marker):
    """'' if h holds exactly the good answer's values, else why not."""
    want = expect_values(kind, marker)
    got = {v["oid"]: v for v in h["values"]}
    if set(got) != set(want):
        return "oids %s, want %s" % (sorted(got), sorted(want))
    for o, (t, val) in want.items():
        v = got[o]
        if v["type"] != t:
            return "%s: type %s, want %s" % (o, v["type"], t)
        if val is not None and v["value"] != val:
            return "%s: value %r, want %r" % (o, v["value"], val)
        if t == "TimeTicks" and not isinstance(v["value"], int):
            return "%s: TimeTicks %r" % (o, v["value"])
    return "" if not h["truncated"] else "truncated"


def oversize_ok(h, kind, marker):
    """The 64 KB first value is kept cut: a prefix of marker + dots."""
    got = {v["oid"]: v for v in h["values"]}
    first = "1.3.6.1.2.1.1.1.0" if kind in ("h", "v") else ROWS[0]
    v = got.get(first)
    if not v or v["type"] != "OCTET STRING":
        return "no %s" % first
    s = v["value"]
    if not (16 <= len(s) < 65000 and (marker + "." * 65000).startswith(s)):
        return "first value %r..." % s[:40]
    return ""


def sane(h, kind):
    """'' if h's values are at OIDs it asked for (scalars, or rows under the
    walked base in order), else why not."""
    vals = h["values"]
    scalars = set(SYS) if kind in ("h", "v") else {"1.3.6.1.2.1.1.3.0"}
    oids = [v["oid"] for v in vals if v["oid"] not in scalars]
    if any(not o.startswith(BASE) or kind == "h" for o in oids):
        return "value outside what was asked: %s" % oids[:3]
    keys = [[int(x) for x in o.split(".")] for o in oids]
    if keys != sorted(keys) or len(set(oids)) != len(oids):
        return "rows out of order or repeated"
    if len(vals) > 64:
        return "%d values > MAX_OIDS" % len(vals)
    return ""


def judge(doc, modes):
    hosts = host_by_name(doc)
    res = []
    for mode in modes:
        marker = "HOSTILE-" + mode
        for kind in ("h", "w", "v"):
            name = "%s-%s" % (kind, mode)
            h = hosts.get(name)
            if h is None:
                res.append((False, "%s present" % name, "missing from the document"))
                continue
            allowed = ALLOWED[mode]
            st = h["status"]
            res.append((st in allowed, "%s is %s (%s)" % (name, "|".join(sorted(allowed)), st),
                        h.get("error")))
            if st != "ok":
                continue
            if mode == "oversize":
                why = oversize_ok(h, kind, marker)
            elif mode in SANE_OK:
                why = sane(h, kind)
            else:
                why = exact(h, kind, marker)
            res.append((not why, "%s ok with its own exact values" % name, why))
    # No value of one device anywhere else: a good host holds no hostile
    # marker at all, a hostile host none of another mode's.  (Its own
    # marker may come back damaged: `random` corrupts bytes of a valid
    # answer, which can still parse.)
    foreign = []
    for name, h in hosts.items():
        own = name.split("-", 1)[1] if name[:2] in ("h-", "w-", "v-") else None
        others = [re.compile("HOSTILE-" + re.escape(m) + "(?![a-z0-9])") for m in modes if m != own]
        for v in h["values"]:
            s = json.dumps(v)
            if (own is None and "HOSTILE-" in s) or any(o.search(s) for o in others) or \
               s.count("HOSTILE-") > 1:
                foreign.append("%s: %s" % (name, s[:120]))
    res.append((not foreign, "no value in another host's record (%d hosts)" % len(hosts),
                "; ".join(foreign[:3])))
    return res


def main():
    doc = json.load(open(sys.argv[1]))
    label = sys.argv[2]
    bad = 0
    for good, desc, detail in judge(doc, sys.argv[3:]):
        print("%s %s: %s" % ("ok" if good else "not-ok", label, desc))
        if not good:
            bad += 1
            if detail:
                print("#   %s" % str(detail)[:300])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
