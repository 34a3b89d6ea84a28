# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# End to end with real parts: a real snmpd serves hostile device strings,
# the real daemon polls it (and a dead host), busybox httpd runs the real
# CGI, python's json and prometheus_client parse what comes out, and
# headless Chromium renders the page: every host shown, the dead one down,
# the hostile strings shown as text and never run.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
PY=/usr/bin/python3
SUP=
HTTPD=
cleanup() { [ -n "$HTTPD" ] && kill "$HTTPD" 2>/dev/null; daemon_cleanup; }
trap cleanup EXIT

hex() { printf '%s' "$1" | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }
# A literal string (the quotes are the point).
# shellcheck disable=SC2089,SC2090
XSS="</script><img src=x onerror=\"document.title='pwned';document.body.appendChild(document.createElement('pwned'))\">"
QUOTE=$(printf 'say "hi" back\\slash\ttab\nnewline')
E=.1.3.6.1.4.1.99999.1
{
	echo "$E.1 octet $(hex "$XSS")"
	echo "$E.2 octet $(hex "$QUOTE")"
	echo "$E.3 octet ff fe 41 00 1b"
	echo "$E.4 counter 1000"
} > "$T_TMP/a1.values"
P1=$(free_port)
check "agent with hostile strings starts" agent_start a1 127.0.0.1 "$P1"
printf 'oids h walk:1.3.6.1.4.1.99999.1 sysName.0\nhost evil 127.0.0.1:%s timeout=500 retries=0 oids=h\nhost dead 127.0.0.1:1 timeout=300 retries=0 oids=h\n' "$P1" > "$T_TMP/hosts.tbl"
check "build" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_TMP/b/snmpoll"
ST="$T_TMP/st"
$BIN run --state-dir "$ST" --interval 2 2>/dev/null
SUP=$(cat "$ST/snmpoll.pid" 2>/dev/null)
check "first cycle" wait_for 10 sh -c "$BIN status --json --state-dir '$ST' | grep -q '\"cycle\": *[1-9]'"

DOC="$T_TMP/www"
mkdir -p "$DOC/snmpoll" "$DOC/cgi-bin"
cp "$SRC/src/www/index.html" "$DOC/snmpoll/index.html"
printf '#!/bin/sh\nSNMPOLL_STATE_DIR=%s exec %s "$@"\n' "$ST" "$BIN" > "$DOC/cgi-bin/snmpoll"
chmod 755 "$DOC/cgi-bin/snmpoll"
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
busybox httpd -f -p "127.0.0.1:$PORT" -h "$DOC" &
HTTPD=$!
URL="http://127.0.0.1:$PORT"
check "httpd up" wait_for 5 curl -sf "$URL/snmpoll/index.html" -o /dev/null

curl -s "$URL/cgi-bin/snmpoll?format=json" > "$T_TMP/s.json"
curl -s "$URL/cgi-bin/snmpoll?format=prom" > "$T_TMP/s.prom"
# shellcheck disable=SC2090
export XSS QUOTE
check "JSON from the CGI: hostile strings exact, invalid UTF-8 as hex" $PY - "$T_TMP/s.json" <<'PYEOF'
import json, os, sys
d = json.load(open(sys.argv[1]))
h = {x["name"]: x for x in d["hosts"]}
v = {x["oid"]: x for x in h["evil"]["values"]}
assert h["evil"]["status"] == "ok", h["evil"]
assert h["dead"]["status"] in ("error", "timeout"), h["dead"]
assert v["1.3.6.1.4.1.99999.1.1"]["value"] == os.environ["XSS"]
assert v["1.3.6.1.4.1.99999.1.2"]["value"] == os.environ["QUOTE"]
x = v["1.3.6.1.4.1.99999.1.3"]
assert x["value"] == "ff:fe:41:00:1b" and x["encoding"] == "hex", x
raw = open(sys.argv[1], "rb").read()
assert b"</script>" not in raw, "'</script>' must be escaped for inline use"
PYEOF
check "Prometheus from the CGI parses strictly; labels round-trip" $PY - "$T_TMP/s.prom" <<'PYEOF'
import os, sys
from prometheus_client.parser import text_string_to_metric_families
vals = set()
for fam in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in fam.samples:
        if s.name == "snmpoll_info":
            vals.add(s.labels["value"])
assert os.environ["XSS"] in vals, vals
assert os.environ["QUOTE"] in vals, vals
assert "ff:fe:41:00:1b" in vals, vals
PYEOF

prof="$T_TMP/prof"; mkdir -p "$prof"
setsid timeout -k 5 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic \
	--no-first-run --disable-background-networking --disable-component-update --disable-sync \
	--disable-dev-shm-usage --user-data-dir="$prof" --virtual-time-budget=6000 --dump-dom \
	"$URL/snmpoll/" > "$T_TMP/dom.html" 2>"$T_TMP/chromium.log"
check "Chromium rendered the page" grep -q 'evil' "$T_TMP/dom.html"
check "page: both hosts, dead one down, hostile text as text, nothing injected" $PY - "$T_TMP/dom.html" <<'PYEOF'
import os, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True); s.text = []; s.tags = []; s.title = ""; s.t = False
    def handle_starttag(s, tag, a):
        s.tags.append((tag, dict(a))); s.t = tag == "title"
    def handle_endtag(s, tag): s.t = False
    def handle_data(s, d):
        s.text.append(d)
        if s.t: s.title += d
p = P(); p.feed(open(sys.argv[1]).read())
text = "".join(p.text)
assert "evil" in text and "dead" in text, "hosts missing"
assert os.environ["XSS"] in text, "hostile string not shown as text"
assert "pwned" not in p.title, "a script ran: title changed"
assert not any(t == "pwned" for t, a in p.tags), "a script ran: element injected"
assert not any(t == "img" for t, a in p.tags), "device text became an <img>"
low = text.lower()
assert "timeout" in low or "error" in low or "refused" in low, "dead host not shown down"
PYEOF
kill "$SUP"; wait_for 5 sh -c "! kill -0 $SUP 2>/dev/null"; SUP=
