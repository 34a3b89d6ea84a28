# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# The daemon: cycles, SIGHUP, rates (Counter32 wrap, Counter64, agent
# restart), an agent that goes away and comes back, a worker killed with
# SIGKILL, readers during polling, SIGTERM clean stop, privilege drop.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SUP=
trap daemon_cleanup EXIT

P1=$(free_port); P2=$(free_port)
E=.1.3.6.1.4.1.99999.1
printf '%s\n' "$E.5 counter 4294967000" "$E.8 counter64 1000" "$E.20 counter 7" "$E.21 string 7" > "$T_TMP/a1.values"
cp "$T_TMP/a1.values" "$T_TMP/a2.values"
check "agent a1 starts" agent_start a1 127.0.0.1 "$P1"
check "agent a2 starts" agent_start a2 127.0.0.1 "$P2"
cat > "$T_TMP/hosts.tbl" <<T
defaults community=public timeout=2000 retries=0
oids c 1.3.6.1.4.1.99999.1.5 1.3.6.1.4.1.99999.1.8 1.3.6.1.4.1.99999.1.20 1.3.6.1.4.1.99999.1.21 sysUpTime.0
host a1 127.0.0.1:$P1 oids=c
host a2 127.0.0.1:$P2 version=1 oids=c
oids w walk:1.3.6.1.4.1.99999.1
host a1w 127.0.0.1:$P1 oids=w
T
check "build" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"
D="$T_TMP/st"

$BIN run --state-dir "$D" --interval 3600 2>"$T_TMP/daemon.err"
check_eq "run daemonizes and the parent exits 0" 0 "$?"
check "pidfile written" test -s "$D/snmpoll.pid"
SUP=$(cat "$D/snmpoll.pid")
check "daemon alive" kill -0 "$SUP"
J() { $BIN status --json --state-dir "$D" 2>/dev/null; }
jq_() { J | python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1" 2>/dev/null; }
cycle() { jq_ "d['cycle']"; }
hstat() { jq_ "[h for h in d['hosts'] if h['name']=='$1'][0]['status']"; }
val() { jq_ "[v for v in [h for h in d['hosts'] if h['name']=='$1'][0]['values'] if v['oid']=='$2'][0].get('$3','ABSENT')"; }
wait_cycle() { wait_for 10 sh -c "[ \"\$($BIN status --json --state-dir '$D' 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"cycle\"])')\" -ge $1 ]"; }

check "first cycle completes" wait_cycle 1
check_eq "a1 ok" ok "$(hstat a1)"
check "status.json exists" test -s "$D/status.json"
if [ "$(id -u)" = 0 ]; then
	check_eq "shared memory owned by nobody" nobody "$(stat -c %U "$D/snmpoll.shm")"
	check_eq "supervisor runs as nobody" nobody "$(ps -o user= -p "$SUP" | tr -d ' ')"
	check_eq "status.json owned by nobody" nobody "$(stat -c %U "$D/status.json")"
else
	skip "privilege drop (not root)"
fi
check_eq "no rate before a second sample" None "$(val a1 1.3.6.1.4.1.99999.1.5 rate)"

# Counter32 wraps (4294967000 -> 200: +496), Counter64 grows by 5000.
sed -i -e "s/^$E.5 .*/$E.5 counter 200/" -e "s/^$E.8 .*/$E.8 counter64 6000/" "$T_TMP/a1.values"
sleep 1   # rates need time between samples; nothing to wait on
kill -HUP "$SUP"
check "SIGHUP starts a cycle" wait_cycle 2
r=$(val a1 1.3.6.1.4.1.99999.1.5 rate)
check "Counter32 rate across the wrap is positive and small ($r)" python3 -c "import sys; r=float(sys.argv[1]); sys.exit(not (0 < r <= 496))" "$r"
r64=$(val a1 1.3.6.1.4.1.99999.1.8 rate)
check "Counter64 rate ($r64)" python3 -c "import sys; r=float(sys.argv[1]); sys.exit(not (0 < r <= 5000))" "$r64"
check "walk-only host: walked Counter64 rate" python3 -c "import sys; r=float(sys.argv[1]); sys.exit(not (0 < r <= 5000))" "$(val a1w 1.3.6.1.4.1.99999.1.8 rate)"
check "v1 host: unchanged Counter32 has rate 0" python3 -c "import sys; sys.exit(float(sys.argv[1]) != 0)" "$(val a2 1.3.6.1.4.1.99999.1.5 rate)"

# Agent restart: sysUpTime goes back, so rates are null even though the
# counters went up.
agent_stop a1
sed -i -e "s/^$E.5 .*/$E.5 counter 900/" -e "s/^$E.8 .*/$E.8 counter64 9000/" "$T_TMP/a1.values"
kill -HUP "$SUP"
check "cycle with a1 down" wait_cycle 3
check "stopped agent: timeout or error" sh -c "echo $(hstat a1) | grep -qx -e timeout -e error"
check_eq "other host still ok" ok "$(hstat a2)"
check_eq "last values kept while down" 200 "$(val a1 1.3.6.1.4.1.99999.1.5 value)"
check "agent a1 restarts" agent_start a1 127.0.0.1 "$P1"
kill -HUP "$SUP"
check "cycle with a1 back" wait_cycle 4
check_eq "restarted agent: ok again" ok "$(hstat a1)"
check_eq "after an agent restart the rate is null" None "$(val a1 1.3.6.1.4.1.99999.1.8 rate)"
# A walk-only host learns sysUpTime.0 from its first GETBULK's
# non-repeater: the restart is seen there too.
check_eq "walk-only host: ok again" ok "$(hstat a1w)"
check_eq "walk-only host: rate null after the restart" None "$(val a1w 1.3.6.1.4.1.99999.1.8 rate)"

# A worker killed with SIGKILL is re-forked; polling goes on.
kids() { cat /proc/"$SUP"/task/*/children 2>/dev/null; }
w1=$(kids | awk '{print $1}')
check "two workers" test "$(kids | wc -w)" -eq 2
kill -9 "$w1"
check "killed worker re-forked" wait_for 5 sh -c "[ \$(cat /proc/$SUP/task/*/children | wc -w) -eq 2 ] && ! cat /proc/$SUP/task/*/children | grep -qw $w1"
kill -HUP "$SUP"
check "cycles go on after the kill" wait_cycle 5
check_eq "host ok after the kill" ok "$(hstat a1)"

# Foreground (-f) with cycles back to back: logs go to stderr; readers
# running all the while always get a complete document.
kill "$SUP"; wait_for 5 sh -c "! kill -0 $SUP 2>/dev/null"
$BIN run -f --state-dir "$D" --interval 0 2>"$T_TMP/fg.err" &
SUP=$!
check "foreground daemon up" wait_cycle 1
bad=0; reads=0
for _ in $(seq 1 60); do
	J > "$T_TMP/r.json" || continue
	reads=$((reads + 1))
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(len(d['hosts']) != 3 or any(h['status'] not in ('ok','timeout','error','pending','backoff') for h in d['hosts']))" "$T_TMP/r.json" || bad=$((bad + 1))
done
check "60 reads during back-to-back cycles, all complete ($reads read, $bad bad)" test "$bad" -eq 0 -a "$reads" -ge 50
c1=$(cycle); sleep 0.5; c2=$(cycle)
check "interval 0 cycles back to back ($c1 -> $c2)" test "$c2" -gt "$c1"

# SIGTERM: the workers stop on their own (the supervisor logs any it has to
# SIGKILL after its 1 s grace), nothing is left, pidfile gone.  No wall-clock
# bound here: a loaded machine may take longer (make bench times it).
ws=$(kids)
kill -TERM "$SUP"
check "SIGTERM stops the supervisor" wait_for 30 sh -c "! kill -0 $SUP 2>/dev/null"
check "workers stopped on SIGTERM, none killed" no_match 'did not stop on SIGTERM' "$T_TMP/fg.err"
left=0; for w in $ws; do kill -0 "$w" 2>/dev/null && left=$((left + 1)); done
check_eq "no worker left" 0 "$left"
check "pidfile removed" test ! -e "$D/snmpoll.pid"
SUP=
check "log: start line" grep -q "started: 3 hosts" "$T_TMP/fg.err"
check "log: stop line" grep -q "stopped after" "$T_TMP/fg.err"
check "no community in the daemon's logs" no_match -q public "$T_TMP/daemon.err" "$T_TMP/fg.err"

# A relative --state-dir still works once the daemon has left its cwd.
(cd "$T_TMP" && $BIN run --state-dir rel --interval 3600 2>/dev/null)
check "relative state dir: pidfile" wait_for 5 test -s "$T_TMP/rel/snmpoll.pid"
SUP=$(cat "$T_TMP/rel/snmpoll.pid" 2>/dev/null)
check "relative state dir: status.json after the first cycle" wait_for 10 test -s "$T_TMP/rel/status.json"
kill "$SUP" 2>/dev/null
check "relative state dir: pidfile removed at stop" wait_for 5 test ! -e "$T_TMP/rel/snmpoll.pid"
SUP=

# Started as root with the state dir inside a root-only (0700) directory:
# after dropping to nobody it still writes status.json and removes its
# pidfile (it works through a directory fd opened before the drop).
if [ "$(id -u)" = 0 ]; then
	P=$(mktemp -d "$T_TMP/private.XXXXXX"); chmod 700 "$P"
	$BIN run --state-dir "$P/st" --interval 1 2>/dev/null
	SUP=$(cat "$P/st/snmpoll.pid" 2>/dev/null)
	check "root-only parent: status.json rewritten by cycle 2" wait_for 10 sh -c \
		"$BIN status --json --state-dir '$P/st' | grep -q '\"cycle\": *[2-9]' && grep -q '\"cycle\": *[2-9]' '$P/st/status.json'"
	kill "$SUP" 2>/dev/null
	check "root-only parent: pidfile removed at stop" wait_for 5 test ! -e "$P/st/snmpoll.pid"
	SUP=
else
	skip "root-only parent dir (not root)"
fi
