#!/bin/bash
# SPDX-License-Identifier: MIT
# The status page under busybox httpd with the CGI, in headless Chromium:
# every host shown, the dead one down, hostile device text shown as text
# and never run, the page refreshing itself, the banner when the daemon is
# gone.  Leaves a screenshot at $O/web/screenshot.png.
. "$SRC/tests/lib.sh"
. "$SRC/tests/export/build.sh"

PY=/usr/bin/python3
PAGE=$SRC/src/www/index.html
B=$T_TMP/b
ST=$T_TMP/state
DOC=$T_TMP/www
PIDS=()

cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT

free_tcp_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# --- the page itself -----------------------------------------------------
size=$(stat -c %s "$PAGE")
check "page is at most 24 KB ($size bytes)" test "$size" -le 24576
# The SVG namespace name is an identifier, not something fetched.
sed 's#"http://www.w3.org/2000/svg"##' "$PAGE" > "$T_TMP/page.html" || rm -f "$T_TMP/page.html"
check "page loads nothing external" no_match -Eiq '<link|<iframe|<img|@import|url\(|(src|href|action)=|https?://' "$T_TMP/page.html"
check "page never parses data as HTML" no_match -Eq 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function' "$PAGE"

# --- a server: busybox httpd, the page and the CGI -----------------------
mkdir -p "$B" "$ST" "$DOC/snmpoll" "$DOC/cgi-bin"
ex_table "$B" && ex_mkshm "$B" && "$B/mkshm" "$ST"
check "state written by mkshm" test -s "$ST/snmpoll.shm"
BIN=
if [ -x "$O/snmpoll" ] && ex_real "$B"; then
	BIN=$B/tb/snmpoll
elif ex_asan "$B"; then
	BIN=$B/exmain
fi
check "a CGI binary for the test table" test -n "$BIN"
cp "$PAGE" "$DOC/snmpoll/index.html"
# The wrapper sets the state dir (read from a file, so the test can take
# the daemon away) and counts requests.
echo "$ST" >"$T_TMP/statedir"
cat >"$DOC/cgi-bin/snmpoll" <<EOF
#!/bin/sh
echo x >>'$T_TMP/requests'
SNMPOLL_STATE_DIR=\$(cat '$T_TMP/statedir') exec '$BIN' "\$@"
EOF
chmod 755 "$DOC/cgi-bin/snmpoll"

PORT=$(free_tcp_port)
URL=http://127.0.0.1:$PORT
setsid busybox httpd -f -p "127.0.0.1:$PORT" -h "$DOC" 2>"$T_TMP/httpd.log" &
PIDS+=("$!")

# http METHOD PATH -> "CODE|content-type|cache-control|bodylen|body-head"
http() {
	$PY - "$1" "$URL$2" <<'EOF'
import sys, urllib.request, urllib.error
req = urllib.request.Request(sys.argv[2], method=sys.argv[1])
try:
    r = urllib.request.urlopen(req, timeout=10)
except urllib.error.HTTPError as e:
    r = e
body = r.read()
print("%s|%s|%s|%d|%s" % (r.status, r.headers.get("Content-Type"), r.headers.get("Cache-Control"),
                         len(body), body[:15].decode("latin-1").replace("\n", " ")))
EOF
}

check "httpd answers" wait_for 10 http GET /snmpoll/index.html
check_eq "page served" "200|text/html" "$(http GET /snmpoll/index.html | cut -d'|' -f1,2)"
check_eq "CGI JSON through httpd" '200|application/json|no-store|{"snmpoll": "0.' \
	"$(http GET '/cgi-bin/snmpoll?format=json' | cut -d'|' -f1-3,5)"
check_eq "CGI Prometheus through httpd" "200|text/plain; version=0.0.4; charset=utf-8|no-store|# HELP snmpoll_" \
	"$(http GET '/cgi-bin/snmpoll?format=prom' | cut -d'|' -f1-3,5)"
check_eq "CGI HEAD through httpd: no body" "200|application/json|no-store|0" \
	"$(http HEAD '/cgi-bin/snmpoll' | cut -d'|' -f1-4)"
check_eq "CGI bad query through httpd" 400 "$(http GET '/cgi-bin/snmpoll?format=html' | cut -d'|' -f1)"
check_eq "CGI POST through httpd" 405 "$(http POST '/cgi-bin/snmpoll?format=json' | cut -d'|' -f1)"

# --- headless Chromium -----------------------------------------------------
# chrome OUT ARGS...: one headless run, in its own process group, bounded.
NPROF=0
chrome() {
	local out=$1 prof=$T_TMP/prof$((++NPROF)); shift
	mkdir -p "$prof"
	setsid timeout -k 5 90 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-dev-shm-usage \
		--user-data-dir="$prof" "$@" >"$out" 2>>"$T_TMP/chromium.log" &
	local pid=$!
	PIDS+=("$pid")
	wait $pid
}

: >"$T_TMP/requests"
chrome "$T_TMP/dom.html" --virtual-time-budget=12000 --dump-dom "$URL/snmpoll/"
check "Chromium dumped the page" grep -q '<section class="host' "$T_TMP/dom.html" ||
	tail -5 "$T_TMP/chromium.log" | sed 's/^/#   /'
check "every host shown with its status; hostile text inert" $PY "$SRC/tests/web/checkdom.py" hosts "$T_TMP/dom.html"
n=$(grep -c . "$T_TMP/requests")
check "the page refreshes itself (every 5 s: $n requests in 12 s)" test "$n" -ge 2

mkdir -p "$O/web"
rm -f "$O/web/screenshot.png"
chrome /dev/null --virtual-time-budget=5000 --window-size=1200,900 \
	--screenshot="$O/web/screenshot.png" "$URL/snmpoll/"
check "screenshot at $O/web/screenshot.png" bash -c \
	"head -c 8 '$O/web/screenshot.png' | od -An -tx1 | grep -q '89 50 4e 47' && [ \$(stat -c %s '$O/web/screenshot.png') -gt 20000 ]"

# A phone-sized viewport: the page loaded in a 390 px frame must not be
# wider than it (long device text wraps, wide tables scroll in their card).
cat >"$DOC/snmpoll/phone.html" <<'EOF'
<!DOCTYPE html><title>phone</title>
<iframe id="f" src="index.html" style="width:390px;height:800px;border:0"></iframe><pre id="out"></pre>
<script>
setTimeout(function () {
  var d = document.getElementById("f").contentDocument.documentElement;
  document.getElementById("out").textContent = "result " + d.scrollWidth + " " +
    d.clientWidth + " " + d.querySelectorAll("section.host").length;
}, 4000);
</script>
EOF
chrome "$T_TMP/phone.html" --virtual-time-budget=8000 --dump-dom "$URL/snmpoll/phone.html"
read -r _ sw cw nh <<<"$(grep -o 'result [0-9]* [0-9]* [0-9]*' "$T_TMP/phone.html")"
check "phone width: every host, no sideways scrolling (${sw:-?} <= ${cw:-?} px)" \
	test "${nh:-0}" -eq 5 -a "${sw:-9999}" -le "${cw:-0}"

# The daemon gone: the CGI answers 503 and the page says so.
mkdir -p "$T_TMP/empty"
echo "$T_TMP/empty" >"$T_TMP/statedir"
check_eq "CGI without daemon state through httpd" 503 "$(http GET '/cgi-bin/snmpoll?format=json' | cut -d'|' -f1)"
chrome "$T_TMP/down.html" --virtual-time-budget=5000 --dump-dom "$URL/snmpoll/"
check "page shows a banner when the daemon is down" $PY "$SRC/tests/web/checkdom.py" down "$T_TMP/down.html"
