#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks the exporters' outputs for the records mkshm.c writes.

  check.py json FILE            the JSON document
  check.py prom FILE            Prometheus text (strict line syntax + the
                                prometheus_client parser)
  check.py text FILE            the human table
  check.py cgi FILE STATUS CTYPE BODY
                                a CGI response: status code, headers (CTYPE
                                json|prom|text), body (BODY json|prom|text|
                                err-json|short|empty)
  check.py same FILE1 FILE2     two JSON documents equal but for "time"

Exits non-zero if any assertion failed, after printing a "not ok - ..."
line for each (every "ok - ..." line too with CHECK_VERBOSE set).  Keep EXPECTED in step with mkshm.c.
"""
import json
import os
import re
import sys

T0 = 1764100000
# VALUE_LEN bytes whose last is a cut-off UTF-8 lead byte: shown without it.
VALUE_LEN = int(os.environ.get("VALUE_LEN", "128"))
CUT = "L" * (VALUE_LEN - 1)
LONG_OID = ".".join(["1.3.6.1.4.1.99999"] + ["4294967295"] * 25
                    ).split(".")[:int(os.environ.get("OID_MAX_ARCS", "32"))]
LONG_OID = ".".join(LONG_OID)
LONG_HEX = ":".join(["ab"] * VALUE_LEN)

# (oid, name, type, value, extra fields)
GOOD = [
    ("1.3.6.1.2.1.1.1.0", "sysDescr.0", "OCTET STRING",
     'Linux gw 6.6 "quoted" back\\slash\ttab\r\nnewline', {}),
    ("1.3.6.1.2.1.1.2.0", "sysObjectID.0", "OBJECT IDENTIFIER", "1.3.6.1.4.1.8072.3.2.10", {}),
    ("1.3.6.1.2.1.1.3.0", "sysUpTime.0", "TimeTicks", 123456, {}),
    ("1.3.6.1.2.1.1.5.0", "sysName.0", "OCTET STRING",
     "</script><img src=x onerror=\"document.title='pwned';"
     "document.body.appendChild(document.createElement('pwned'))\">", {}),
    ("1.3.6.1.2.1.2.2.1.2.1", "ifDescr.1", "OCTET STRING", "65:74:68:01:1b:5b:33:31:6d", {"encoding": "hex"}),
    ("1.3.6.1.2.1.2.2.1.2.2", "ifDescr.2", "OCTET STRING", "ff:fe:20:61:62:63", {"encoding": "hex"}),
    ("1.3.6.1.2.1.2.2.1.2.3", "ifDescr.3", "OCTET STRING", "c0:af", {"encoding": "hex"}),
    ("1.3.6.1.2.1.2.2.1.2.4", "ifDescr.4", "OCTET STRING", "ed:a0:80", {"encoding": "hex"}),
    ("1.3.6.1.2.1.2.2.1.2.5", "ifDescr.5", "OCTET STRING",
     "Gr\u00fc\u00dfe \u65e5\u672c \U0001f600 \u2028", {}),
    ("1.3.6.1.2.1.2.2.1.2.6", "ifDescr.6", "OCTET STRING", "61:7f:62", {"encoding": "hex"}),
    ("1.3.6.1.2.1.2.2.1.2.7", "ifDescr.7", "OCTET STRING",
     "63:31:20:c2:85:20:63:6f:6e:74:72:6f:6c", {"encoding": "hex"}),
    ("1.3.6.1.2.1.2.2.1.2.8", "ifDescr.8", "OCTET STRING", "61:62:00:63:64", {"encoding": "hex"}),
    ("1.3.6.1.2.1.2.2.1.2.9", "ifDescr.9", "OCTET STRING", "", {}),
    ("1.3.6.1.2.1.2.2.1.2.10", "ifDescr.10", "OCTET STRING",
     'x"} 1\nsnmpoll_up{host="evil"} 1\n# TYPE fake gauge\n&amp; <b>b</b>', {}),
    ("1.3.6.1.2.1.2.2.1.2.11", "ifDescr.11", "OCTET STRING", CUT, {}),
    ("1.3.6.1.2.1.2.2.1.3.1", "ifType.1", "INTEGER", 6, {}),
    ("1.3.6.1.2.1.2.2.1.3.2", "ifType.2", "INTEGER", -2147483648, {}),
    ("1.3.6.1.2.1.2.2.1.4.1", "ifMtu.1", "INTEGER", 1500, {}),
    ("1.3.6.1.2.1.2.2.1.5.1", "ifSpeed.1", "Gauge32", 4294967295, {}),
    ("1.3.6.1.2.1.2.2.1.6.1", "ifPhysAddress.1", "OCTET STRING", "00:1a:2b:3c:4d:5e", {"encoding": "hex"}),
    ("1.3.6.1.2.1.2.2.1.10.1", "ifInOctets.1", "Counter32", 4294967295, {"rate": 1250.5}),
    ("1.3.6.1.2.1.2.2.1.10.2", "ifInOctets.2", "Counter32", 5, {"rate": None}),
    ("1.3.6.1.2.1.2.2.1.16.1", "ifOutOctets.1", "Counter32", 0, {"rate": 0}),
    ("1.3.6.1.2.1.31.1.1.1.6.2", "ifHCInOctets.2", "Counter64", "18446744073709551615", {"rate": 1250.5}),
    ("1.3.6.1.2.1.31.1.1.1.10.2", "ifHCOutOctets.2", "Counter64", "0", {"rate": None}),
    ("1.3.6.1.4.1.99999.1.0", "1.3.6.1.4.1.99999.1.0", "Opaque", "9f:78:04", {"encoding": "hex"}),
    ("1.3.6.1.4.1.99999.2.0", "1.3.6.1.4.1.99999.2.0", "IpAddress", "10.0.0.1", {}),
    ("1.3.6.1.4.1.99999.3.0", "1.3.6.1.4.1.99999.3.0", "noSuchObject", None, {}),
    ("1.3.6.1.4.1.99999.4.0", "1.3.6.1.4.1.99999.4.0", "noSuchInstance", None, {}),
    ("1.3.6.1.4.1.99999.5.0", "1.3.6.1.4.1.99999.5.0", "endOfMibView", None, {}),
    (LONG_OID, LONG_OID, "Gauge32", 1, {}),
    ("1.3.6.1.4.1.99999.6.0", "1.3.6.1.4.1.99999.6.0", "Opaque", LONG_HEX, {"encoding": "hex"}),
]
OLD = [("1.3.6.1.2.1.1.1.0", "sysDescr.0", "OCTET STRING", "old box", {})]

HOST_KEYS = ["name", "address", "version", "status", "error", "rtt_ms",
             "last_poll", "last_ok", "failures", "truncated", "values"]
TOP_KEYS = ["snmpoll", "board", "time", "cycle", "interval_s", "cycle_ms",
            "workers", "hosts"]
HOSTS = {
    "good": dict(address="127.0.0.1:16101", version="2c", status="ok", error=None,
                 rtt_ms=3.2, last_poll=T0, last_ok=T0, failures=0, truncated=True),
    "dead": dict(address="127.0.0.2:161", version="2c", status="timeout", error="timeout",
                 rtt_ms=None, last_poll=T0, last_ok=None, failures=7, truncated=False,
                 values=[]),
    "busy": dict(address="127.0.0.3:161", version="2c", status="error", error="record busy",
                 rtt_ms=None, last_poll=None, last_ok=None, failures=0, truncated=False,
                 values=[]),
    "pending": dict(address="[::1]:16102", version="2c", status="pending", error=None,
                    rtt_ms=None, last_poll=None, last_ok=None, failures=0, truncated=False,
                    values=[]),
    "old": dict(address="127.0.0.4:161", version="1", status="error",
                error='bad \ufffd\x01 "x" </script>\n', rtt_ms=12.345, last_poll=T0,
                last_ok=T0 - 1000, failures=2, truncated=False),
}
ORDER = ["good", "dead", "busy", "pending", "old"]

results = []


def ok(cond, desc, detail=""):
    results.append((bool(cond), desc, detail))
    return cond


def finish():
    bad = 0
    verbose = bool(os.environ.get("CHECK_VERBOSE"))
    for good, desc, detail in results:
        if good:
            if verbose:
                print("ok - %s" % desc)
        else:
            bad += 1
            print("not ok - %s%s" % (desc, (": " + detail) if detail else ""))
    sys.exit(1 if bad else 0)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def expect_values(spec):
    out = []
    for oid, name, typ, value, extra in spec:
        v = {"oid": oid, "name": name, "type": typ, "value": value}
        v.update(extra)
        out.append(v)
    return out


def same_value(a, b):
    """Equality that tells 1 from 1.0 from True and keeps key order."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))
                                       and type(a) is not bool and type(b) is not bool):
        return False
    return a == b


def check_json(path):
    raw = read(path)
    try:
        text = raw.decode("utf-8")
        ok(True, "JSON is valid UTF-8")
    except UnicodeDecodeError as e:
        ok(False, "JSON is valid UTF-8", str(e))
        return
    try:
        doc = json.loads(text)
    except ValueError as e:
        ok(False, "JSON parses", str(e))
        return
    ok(True, "JSON parses")
    ok(re.search(r"[<>&]", text) is None, "no raw <, > or & (safe inline in <script>)")
    ok(not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text), "no raw control bytes")
    ok(list(doc) == TOP_KEYS, "top-level fields and order", repr(list(doc)))
    ok(doc.get("snmpoll") == "0.1.0" and doc.get("board") == "x86_64", "version and board")
    ok(isinstance(doc.get("time"), int) and doc["time"] > T0, "time is now")
    for k, want in (("cycle", 17), ("interval_s", 60), ("cycle_ms", 142), ("workers", 2)):
        ok(same_value(doc.get(k), want), "%s = %s" % (k, want), repr(doc.get(k)))
    hosts = doc.get("hosts", [])
    ok([h.get("name") for h in hosts] == ORDER, "every host, in table order")
    for h in hosts:
        check_host(h)


def check_host(h):
    name = h.get("name")
    if not ok(name in HOSTS, "known host %r" % name):
        return
    want = dict(HOSTS[name])
    ok(list(h) == HOST_KEYS, "%s: fields and order" % name, repr(list(h)))
    if name == "good":
        want["values"] = expect_values(GOOD)
    elif name == "old":
        want["values"] = expect_values(OLD)
    for k, v in want.items():
        if k == "values":
            continue
        ok(same_value(h.get(k), v), "%s: %s" % (name, k), "%r != %r" % (h.get(k), v))
    got = h.get("values", [])
    ok(len(got) == len(want["values"]), "%s: %d values" % (name, len(want["values"])), str(len(got)))
    for g, w in zip(got, want["values"]):
        ok(same_value(g, w), "%s: value %s" % (name, w["name"]), "%r != %r" % (g, w))
    for g in got:
        has_rate = g.get("type") in ("Counter32", "Counter64")
        ok(("rate" in g) == has_rate, "%s: rate present only on counters (%s)" % (name, g.get("name")))


SAMPLE = re.compile(
    r'^[a-zA-Z_:][a-zA-Z0-9_:]*'
    r'(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:\\[\\"n]|[^"\\\n])*"'
    r'(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:\\[\\"n]|[^"\\\n])*")*\})?'
    r' [-+]?(?:[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|NaN|[-+]Inf)$')
FAMILIES = {
    "snmpoll_up": "gauge", "snmpoll_rtt_seconds": "gauge", "snmpoll_value": None,
    "snmpoll_rate": "gauge", "snmpoll_info": "gauge",
    "snmpoll_cycle_duration_seconds": "gauge", "snmpoll_cycles_total": "counter",
}


def prom_lines(text):
    """Strict 0.0.4 line syntax; families grouped under HELP/TYPE."""
    seen, current, bad = set(), None, []
    for n, line in enumerate(text.split("\n")[:-1], 1):
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            fam = line.split(" ")[2]
            if line.startswith("# HELP "):
                if fam in seen:
                    bad.append("%d: family %s split" % (n, fam))
                seen.add(fam)
                current = fam
            continue
        if not SAMPLE.match(line):
            bad.append("%d: bad line %r" % (n, line))
            continue
        name = re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0)
        if name != current:
            bad.append("%d: %s outside its family" % (n, name))
    ok(text.endswith("\n"), "prom ends with a newline")
    ok(not bad, "prom: strict line syntax, families grouped", "; ".join(bad[:5]))
    ok(set(FAMILIES) <= seen, "prom: every family has HELP/TYPE", repr(seen))


def prom_parse(text):
    from prometheus_client.parser import text_string_to_metric_families
    fams = {}
    try:
        for f in text_string_to_metric_families(text):
            fams[f.name] = f
        ok(True, "prometheus_client parses it")
    except Exception as e:  # the parser raises plain ValueErrors
        ok(False, "prometheus_client parses it", repr(e))
    return fams


def samples(fams, name):
    out = []
    for f in fams.values():
        out += [s for s in f.samples if s.name == name]
    return out


def check_prom(path):
    raw = read(path)
    try:
        text = raw.decode("utf-8")
        ok(True, "prom is valid UTF-8")
    except UnicodeDecodeError as e:
        ok(False, "prom is valid UTF-8", str(e))
        return
    prom_lines(text)
    fams = prom_parse(text)
    for f, typ in FAMILIES.items():
        base = f[:-6] if typ == "counter" else f
        if typ:
            ok(base in fams and fams[base].type == typ, "prom: %s is a %s" % (f, typ))
    up = {s.labels["host"]: s.value for s in samples(fams, "snmpoll_up")}
    ok(up == {"good": 1, "dead": 0, "busy": 0, "pending": 0, "old": 0},
       "snmpoll_up per host (no injected host)", repr(up))
    rtt = {s.labels["host"]: s.value for s in samples(fams, "snmpoll_rtt_seconds")}
    ok(rtt == {"good": 0.0032, "old": 0.012345}, "snmpoll_rtt_seconds only for hosts that answered", repr(rtt))
    check_prom_values(fams, text)
    cyc = samples(fams, "snmpoll_cycles_total")
    ok(len(cyc) == 1 and cyc[0].value == 17, "snmpoll_cycles_total 17")
    dur = samples(fams, "snmpoll_cycle_duration_seconds")
    ok(len(dur) == 1 and dur[0].value == 0.142, "snmpoll_cycle_duration_seconds 0.142")


def check_prom_values(fams, text):
    nums = {"INTEGER", "Counter32", "Gauge32", "TimeTicks", "Counter64"}
    strs = {"OCTET STRING", "OBJECT IDENTIFIER", "IpAddress", "Opaque"}
    want_v, want_r, want_i = {}, {}, {}
    for host, spec in (("good", GOOD), ("old", OLD)):
        for oid, name, typ, value, extra in spec:
            key = (host, oid, name)
            if typ in nums:
                want_v[key + (typ,)] = float(value)
            elif typ in strs:
                want_i[key + (value,)] = 1.0
            if extra.get("rate") is not None:
                want_r[key] = float(extra["rate"])
    got_v = {(s.labels["host"], s.labels["oid"], s.labels["name"], s.labels["type"]): s.value
             for s in samples(fams, "snmpoll_value")}
    got_r = {(s.labels["host"], s.labels["oid"], s.labels["name"]): s.value
             for s in samples(fams, "snmpoll_rate")}
    got_i = {(s.labels["host"], s.labels["oid"], s.labels["name"], s.labels["value"]): s.value
             for s in samples(fams, "snmpoll_info")}
    ok(got_v == want_v, "snmpoll_value: every number, exact labels", repr(set(got_v) ^ set(want_v)))
    ok(got_r == want_r, "snmpoll_rate: only known rates", repr(got_r))
    ok(got_i == want_i, "snmpoll_info: every string, labels round-trip hostile text",
       repr(set(got_i) ^ set(want_i)))
    ok('type="Counter64"} 18446744073709551615\n' in text, "Counter64 written with all its digits")
    ok("HIDDEN-VALUE" not in text, "prom: no values of busy or never-answered records")


def check_text(path):
    raw = read(path)
    try:
        text = raw.decode("utf-8")
        ok(True, "text is valid UTF-8")
    except UnicodeDecodeError as e:
        ok(False, "text is valid UTF-8", str(e))
        return
    ok(not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", text), "text: no raw control characters")
    lines = text.split("\n")
    ok(re.match(r"snmpoll 0\.1\.0 \(x86_64\): cycle 17, .*142 ms, 2 workers", lines[0]),
       "text: header with cycle, time, workers", lines[0])
    for name in ORDER:
        st = HOSTS[name]["status"]
        ok(any(re.match(r"%s +%s +%s\b" % (re.escape(name), re.escape(HOSTS[name]["address"]), st), ln)
               for ln in lines), "text: line for host %s (%s)" % (name, st))
    ok(any("record busy" in ln and ln.startswith("busy") for ln in lines), "text: busy record shown as such")
    ok("    ifHCInOctets.2 = 18446744073709551615 (Counter64) [1250.5/s]" in lines,
       "text: value line with type and rate")
    ok('    sysDescr.0 = Linux gw 6.6 "quoted" back\\slash\\ttab\\r\\nnewline (OCTET STRING)' in lines,
       "text: tab, CR, LF shown escaped")
    ok("    ifDescr.1 = 65:74:68:01:1b:5b:33:31:6d (hex) (OCTET STRING)" in lines, "text: hex values")
    ok("    %s = 1 (Gauge32)" % LONG_OID in lines, "text: longest OID whole")
    ok("    1.3.6.1.4.1.99999.6.0 = %s (hex) (Opaque)" % LONG_HEX in lines, "text: longest hex whole")
    ok("HIDDEN-VALUE" not in text, "text: no values of busy or never-answered records")


def split_cgi(raw):
    for sep in (b"\r\n\r\n", b"\n\n"):
        i = raw.find(sep)
        if i >= 0:
            return raw[:i].decode("latin-1"), raw[i + len(sep):]
    return None, raw


def check_cgi(path, status, ctype, kind):
    raw = read(path)
    head, body = split_cgi(raw)
    if not ok(head is not None, "CGI response has a header block"):
        return
    lines = re.split(r"\r?\n", head)
    hdr = {}
    for ln in lines:
        k, _, v = ln.partition(":")
        hdr[k.strip().lower()] = v.strip()
    code = int(hdr["status"].split()[0]) if "status" in hdr else 200
    ok(code == int(status), "status %s" % status, "got %d" % code)
    if code != 200:
        ok(lines[0].startswith("Status: "), "Status is the first header (busybox httpd)")
    ok(hdr.get("cache-control") == "no-store", "Cache-Control: no-store")
    want_type = {"json": "application/json",
                 "prom": "text/plain; version=0.0.4; charset=utf-8",
                 "text": "text/plain; charset=utf-8"}[ctype]
    ok(hdr.get("content-type") == want_type, "Content-Type %s" % want_type, hdr.get("content-type"))
    if code == 405:
        ok(hdr.get("allow") == "GET, HEAD", "Allow: GET, HEAD")
    if kind == "empty":
        ok(body == b"", "no body", repr(body[:60]))
    elif kind == "json":
        d = json.loads(body.decode("utf-8"))
        ok([h["name"] for h in d["hosts"]] == ORDER, "JSON body with every host")
    elif kind == "err-json":
        d = json.loads(body.decode("utf-8"))
        ok(list(d) == ["error"] and "no daemon state" in d["error"], "JSON error body", repr(d))
    elif kind == "prom":
        ok(body.startswith(b"# HELP snmpoll_up"), "Prometheus body")
    elif kind == "text":
        ok(body.startswith(b"snmpoll 0.1.0"), "text body")
    else:
        ok(0 < len(body) < 200 and b"snmpoll" in body, "short text body", repr(body[:80]))


def check_same(a, b):
    da, db = json.loads(read(a)), json.loads(read(b))
    da.pop("time", None)
    db.pop("time", None)
    ok(same_value(da, db), "same document but for time")


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    {"json": check_json, "prom": check_prom, "text": check_text,
     "cgi": check_cgi, "same": check_same}[mode](*args)
    finish()


if __name__ == "__main__":
    main()
