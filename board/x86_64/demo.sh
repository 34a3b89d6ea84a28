#!/bin/bash
# SPDX-License-Identifier: MIT
# make demo: a real snmpd on loopback as the polled "network", snmpoll as a
# daemon on this board's table, the status page on http://127.0.0.1:8080/
# (busybox httpd + the CGI).  Prints the first cycle's table; Ctrl-C stops
# everything it started.  Env: O (the demo build dir), DEMO_PORT (8080).
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BIN="$O/snmpoll"
PORT=${DEMO_PORT:-8080}
RUN=$(mktemp -d /tmp/snmpoll-demo.XXXXXX)
chmod 755 "$RUN"
STATE="$RUN/state"
pids=()

stop() {
	trap - INT TERM EXIT
	echo
	echo "demo: stopping"
	[ -s "$STATE/snmpoll.pid" ] && kill "$(cat "$STATE/snmpoll.pid")" 2>/dev/null
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for _ in $(seq 1 50); do
		alive=0
		for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ -s "$STATE/snmpoll.pid" ] && alive=1
		[ $alive = 0 ] && break
		sleep 0.1
	done
	rm -rf "$RUN"
	exit 0
}
trap stop INT TERM EXIT

# The "network": one snmpd answering v1 and v2c on 127.0.0.1:1161.
cat > "$RUN/snmpd.conf" <<CONF
agentAddress udp:127.0.0.1:1161
rocommunity public 127.0.0.0/8
sysLocation snmpoll demo rack
sysContact ops@example.net
CONF
/usr/sbin/snmpd -f -Lf "$RUN/snmpd.log" -C -c "$RUN/snmpd.conf" -I -smux -M /nonexistent -m "" \
	-p "$RUN/snmpd.pid" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
	snmpget -m "" -M /nonexistent -v2c -c public -t 0.2 -r 0 127.0.0.1:1161 1.3.6.1.2.1.1.3.0 \
		>/dev/null 2>&1 && break
	sleep 0.1
done

# The web server: the page at /, the CGI at /cgi-bin/snmpoll.
mkdir -p "$RUN/www/cgi-bin"
cp "$SRC/src/www/index.html" "$RUN/www/index.html"
printf '#!/bin/sh\nSNMPOLL_STATE_DIR=%s exec %s "$@"\n' "$STATE" "$BIN" > "$RUN/www/cgi-bin/snmpoll"
chmod 755 "$RUN/www/cgi-bin/snmpoll"
busybox httpd -f -p "127.0.0.1:$PORT" -h "$RUN/www" &
pids+=($!)

"$BIN" run --state-dir "$STATE" --interval 5 || { echo "demo: snmpoll failed to start" >&2; exit 1; }
for _ in $(seq 1 100); do
	"$BIN" status --json --state-dir "$STATE" 2>/dev/null | grep -q '"cycle": *[1-9]' && break
	sleep 0.1
done
"$BIN" status --text --state-dir "$STATE"
echo
echo "demo: status page on http://127.0.0.1:$PORT/  (JSON: /cgi-bin/snmpoll?format=json, Prometheus: ?format=prom)"
echo "demo: state in $STATE; polling every 5 s.  Ctrl-C stops everything."
while :; do
	sleep 1 &
	wait $!
done
