#!/bin/bash
# SPDX-License-Identifier: MIT
# Memory of the interface view: 500 cycles back to back (--interval 0)
# polling the interface fixture with history on (HISTORY=60) and events
# on; the summed PSS of the supervisor and its workers after a 100-cycle
# warm-up does not grow by the end, and the history arrays stay at 60.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
. "$SRC/tests/ifaces/fixture.sh"
SUP=
trap daemon_cleanup EXIT

CYCLES=${IFSOAK_CYCLES:-500}
P=$(free_port)
check "agent with the interface fixture starts" ifx_start r1 127.0.0.1 "$P"
cat >"$T_TMP/hosts.tbl" <<T
defaults community=public timeout=2000 retries=1
oids sys sysName.0
host r1    127.0.0.1:$P oids=sys,interfaces
host r1v1  127.0.0.1:$P version=1 oids=interfaces
host r1b   127.0.0.1:$P oids=interfaces
T
B=$T_TMP/b
check "build (HISTORY=60, events to /bin/true)" ifx_build "$B" "$T_TMP/hosts.tbl" HISTORY=60 EVENT_CMD=/bin/true
[ -x "$B/snmpoll" ] || exit 1
ST=$T_TMP/st
mkdir -p "$ST" && chmod 755 "$ST"
$T_RUN "$B/snmpoll" run -f --interval 0 --state-dir "$ST" 2>"$T_TMP/run.log" &
SUP=$!
cycle() { "$B/snmpoll" status --json --state-dir "$ST" 2>/dev/null | jq .cycle 2>/dev/null || echo 0; }
cycles_past() { [ "$(cycle)" -ge "$1" ]; }
kids() { cat /proc/"$SUP"/task/*/children 2>/dev/null; }
pss() {	# summed Pss (kB) of the supervisor and its workers
	local p t=0
	for p in $SUP $(kids); do
		t=$((t + $(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup)))
	done
	echo "$t"
}
check "100 cycles (warm-up)" wait_for 120 cycles_past 100
warm=$(pss)
check "$CYCLES cycles" wait_for 600 cycles_past "$CYCLES"
end=$(pss)
check "summed PSS flat over $((CYCLES - 100)) cycles with history on (${warm} kB -> ${end} kB)" test "$end" -le "$warm"
check_eq "history arrays at HISTORY" "60 60" \
	"$("$B/snmpoll" status --json --history --state-dir "$ST" | jq -r '"\(.hosts[0].rtt_history_ms|length) \(.hosts[0].interfaces[0].history.in_bps|length)"')"
check "no worker re-forked" sh -c "! grep -q re-forking '$T_TMP/run.log'"
