#!/bin/bash
# SPDX-License-Identifier: MIT
# The page's interface view in headless Chromium behind busybox httpd,
# fed by the real daemon polling the interface fixture: the interface
# table, sparklines with one point per sample, an up/down badge flip after
# the fixture changes, hostile interface names inert, phone width.  Keeps
# a phone-width screenshot at $O/web/ifaces.png.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
. "$SRC/tests/ifaces/fixture.sh"
PY=/usr/bin/python3
SUP=
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null; done
	daemon_cleanup
}
trap cleanup EXIT

P=$(free_port)
check "agent with the interface fixture starts" ifx_start r1 127.0.0.1 "$P"
cat >"$T_TMP/hosts.tbl" <<T
defaults community=public timeout=2000 retries=1
oids sys sysName.0
host r1    127.0.0.1:$P oids=sys,interfaces
host zz-dead 127.0.0.1:1 timeout=200 retries=0 oids=sys
T
B=$T_TMP/b
check "build (HISTORY=5)" ifx_build "$B" "$T_TMP/hosts.tbl" HISTORY=5 EVENT_CMD=
[ -x "$B/snmpoll" ] || exit 1
ST=$T_TMP/st DOC=$T_TMP/www
mkdir -p "$ST" "$DOC/snmpoll" "$DOC/cgi-bin" && chmod 755 "$ST"
$T_RUN "$B/snmpoll" run -f --interval 1 --state-dir "$ST" 2>"$T_TMP/run.log" &
SUP=$!
cycles_past() { [ "$($B/snmpoll status --json --state-dir "$ST" | jq .cycle)" -ge "$1" ]; }
check "six cycles" wait_for 30 cycles_past 6

cp "$SRC/src/www/index.html" "$DOC/snmpoll/index.html"
cat >"$DOC/cgi-bin/snmpoll" <<EOF
#!/bin/sh
SNMPOLL_STATE_DIR='$ST' exec '$B/snmpoll' "\$@"
EOF
chmod 755 "$DOC/cgi-bin/snmpoll"
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
setsid busybox httpd -f -p "127.0.0.1:$PORT" -h "$DOC" 2>"$T_TMP/httpd.log" &
PIDS+=("$!")
check "httpd serves the CGI with history=1" wait_for 10 sh -c "curl -sf '$URL/cgi-bin/snmpoll?format=json&history=1' | jq -e '.hosts[0].interfaces[0].history'"

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
# A frame of the page at a width, reporting what the test checks as text.
cat >"$DOC/snmpoll/probe.html" <<'EOF'
<!DOCTYPE html><title>probe</title>
<iframe id="f" src="index.html" style="width:390px;height:900px;border:0"></iframe><pre id="out"></pre>
<script>
setTimeout(function () {
  var d = document.getElementById("f").contentDocument, r = [];
  var hosts = d.querySelectorAll("section.host");
  r.push("order " + Array.prototype.map.call(hosts, function (h) { return h.querySelector(".name").textContent; }).join(","));
  d.querySelectorAll("table.if tbody tr").forEach(function (tr) {
    var c = tr.children, pl = tr.querySelectorAll("polyline");
    r.push("if " + JSON.stringify([c[0].textContent, c[0].title, c[1].textContent, c[2].textContent,
      c[3].textContent, pl.length ? pl[0].getAttribute("points").split(" ").filter(Boolean).length : -1]));
  });
  var r1 = Array.prototype.filter.call(hosts, function (h) { return h.querySelector(".name").textContent === "r1"; })[0];
  var rt = r1.querySelector(".rt polyline");
  r.push("rtt " + (rt ? rt.getAttribute("points").split(" ").filter(Boolean).length : -1));
  r.push("raw-open " + r1.querySelector("details").open);
  r.push("injected " + d.querySelectorAll("img,b,script").length + " " + (d.title.indexOf("pwned") >= 0));
  r.push("width " + d.documentElement.scrollWidth + " " + d.documentElement.clientWidth);
  document.getElementById("out").textContent = r.join("\n");
}, 4000);
</script>
EOF
probe() { chrome "$T_TMP/$1.html" --virtual-time-budget=8000 --dump-dom "$URL/snmpoll/probe.html"; $PY -c '
import html, re, sys
t = open(sys.argv[1], encoding="utf-8", errors="replace").read()
m = re.search(r"<pre id=\"out\">(.*?)</pre>", t, re.S)
print(html.unescape(m.group(1)) if m else "")' "$T_TMP/$1.html" >"$T_TMP/$1.txt"; }
probe p1
line() { grep "^$1 " "$T_TMP/p1.txt" | sed "s/^$1 //"; }
check_eq "down hosts first, then by name" "zz-dead,r1" "$(line order)"
check_eq "interface rows" 5 "$(grep -c '^if ' "$T_TMP/p1.txt")"
check_eq "eth0 row: name, alias on hover, badge, speed, rate in human units" '["eth0","uplink","up","1.00 Gbps","Mbps"]' \
	"$(grep '^if \["eth0"' "$T_TMP/p1.txt" | sed 's/^if //' | $PY -c 'import json,sys; r=json.load(sys.stdin)[:5]; r[4]=r[4].split()[-1]; print(json.dumps(r,separators=(",",":")))')"
n=$(grep '^if \["port3"' "$T_TMP/p1.txt" | sed 's/^if //' | jq '.[5]')
want=$(curl -s "$URL/cgi-bin/snmpoll?format=json&history=1" | jq '[.hosts[] | select(.name=="r1") | .interfaces[2].history.in_bps[] | numbers] | length')
check "port3 sparkline: one point per sample ($n ~ $want of HISTORY=5)" test "$n" -ge 3 -a "$n" -le 5
check_eq "RTT sparkline: 5 points" 5 "$(line rtt)"
check_eq "raw values collapsed" false "$(line raw-open)"
check "hostile interface name shown as text" grep -qF 'if ["</script><img src=x onerror=alert(1)>"' "$T_TMP/p1.txt"
check_eq "nothing injected (the page's one script), no script ran" "1 false" "$(line injected)"
read -r sw cw <<<"$(line width)"
check "phone width: no sideways scrolling (${sw:-?} <= ${cw:-?})" test "${sw:-9999}" -le "${cw:-0}"

ifx_write r1 2
check "fixture: port3 down seen by the daemon" wait_for 10 sh -c "$B/snmpoll status --json --state-dir '$ST' | jq -e '.hosts[] | select(.name==\"r1\") | .interfaces[2].oper == \"down\"'"
probe p2
check "badge flips to down" grep -qF 'if ["port3","","down"' "$T_TMP/p2.txt"

mkdir -p "$O/web"
rm -f "$O/web/ifaces.png"
chrome /dev/null --virtual-time-budget=5000 --window-size=390,1100 --screenshot="$O/web/ifaces.png" "$URL/snmpoll/"
check "screenshot at $O/web/ifaces.png" test -s "$O/web/ifaces.png"
