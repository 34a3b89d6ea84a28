# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Hostile agents: one host per misbehaviour of tests/hostile/agent.py
# next to good hosts on real snmpd.  After one --once cycle and after several
# daemon cycles: good hosts keep their exact values, each hostile host ends
# as its mode allows (tests/hostile/check.py says which and why), no value
# lands in another host's record, and no worker crashed.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
HOSTILE_PIDS='' SUP='' READER_PID=''
cleanup() {
	[ -n "$READER_PID" ] && kill "$READER_PID" 2>/dev/null
	# shellcheck disable=SC2046 # a list of pids
	[ -n "$SUP" ] && kill -9 "$SUP" $(cat /proc/"$SUP"/task/*/children 2>/dev/null) 2>/dev/null
	[ -n "$HOSTILE_PIDS" ] && kill $HOSTILE_PIDS 2>/dev/null
	agents_cleanup
}
trap cleanup EXIT

MODES="good random truncated overrun bigoid wrapoid manyvb wrongid wrongcomm otherport dup late oversize flood spray errstat"
H="$SRC/tests/hostile"

P1=$(free_port); P2=$(free_port)
E=.1.3.6.1.4.1.99999.1
printf '%s\n' "$E.1 integer -42" "$E.2 string good \"device\"" "$E.5 counter 4294967295" \
	"$E.8 counter64 18446744073709551615" "$E.9 octet 00 ff 0a" > "$T_TMP/a1.values"
cp "$T_TMP/a1.values" "$T_TMP/a2.values"
check "good agent a1 starts" agent_start a1 127.0.0.1 "$P1"
check "good agent a2 starts" agent_start a2 127.0.0.1 "$P2"

# One agent process per mode, so that a costly mode (flood, oversize) never
# delays another's answers past their timeout.  late answers 1000 ms after
# the request: past the 500 ms timeout.
hosts=
for m in $MODES; do
	p=$(free_port)
	[ "$m" = good ] && PG=$p
	hosts="$hosts
host h-$m 127.0.0.1:$p oids=hs
host w-$m 127.0.0.1:$p oids=hw
host v-$m 127.0.0.1:$p version=1 oids=hs,hw"
	python3 "$H/agent.py" --lifetime 300 --delay-ms 1000 --stats "$T_TMP/$m.stats" \
		--ready "$T_TMP/$m.ready" "$m:$p" </dev/null 2>>"$T_TMP/hostile.err" &
	HOSTILE_PIDS="$HOSTILE_PIDS $!"
done
check "hostile agents up" wait_for 10 sh -c "for m in $MODES; do test -s $T_TMP/\$m.ready || exit 1; done"

cat > "$T_TMP/hosts.tbl" <<T
defaults community=public timeout=500 retries=0
oids typed $E.1 $E.2 $E.5 $E.8 $E.9
oids sys sysDescr.0 sysUpTime.0 sysName.0 sysLocation.0
oids walk walk:$E
oids hs sysDescr.0 sysUpTime.0 sysName.0
oids hw walk:1.3.6.1.4.1.99999.7
oids big 1.3.6.1.4.1.99999.2.1 1.3.6.1.4.1.99999.2.2 1.3.6.1.4.1.99999.2.3 1.3.6.1.4.1.99999.2.4
# Long legal values (1.5 to 24 kB, from the agent's good mode): net-snmp
# allocates them in size classes that a hostile reply must not have drained
# from the worker's fixed arena (CONFIG_ARENA).
host good-big 127.0.0.1:$PG timeout=2000 retries=1 oids=big
host good-a1 127.0.0.1:$P1 timeout=2000 retries=1 oids=sys,typed,walk
host good-a2 127.0.0.1:$P2 version=1 timeout=2000 retries=1 oids=sys,typed,walk
$hosts
T
check "build with the hostile table" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"

# judge JSON LABEL: check.py's verdicts as assertions.
judge() {
	python3 "$H/check.py" "$1" "$2" $MODES > "$T_TMP/judge.out"
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "${line#ok }" ;;
		"not-ok "*) fail "${line#not-ok }" ;;
		*) echo "$line" ;;
		esac
	done < "$T_TMP/judge.out"
}
good_hosts() {
	check "$1: good-a1 values equal snmpget's" python3 "$SRC/tests/compare.py" "$2" good-a1 "127.0.0.1:$P1" 2c
	check "$1: good-a2 values equal snmpget's" python3 "$SRC/tests/compare.py" "$2" good-a2 "127.0.0.1:$P2" 1
	check_eq "$1: good hosts ok" "ok ok ok" "$(python3 -c "
import json,sys; d={h['name']:h for h in json.load(open(sys.argv[1]))['hosts']}
print(d['good-a1']['status'], d['good-a2']['status'], d['good-big']['status'])" "$2")"
	check_eq "$1: good-big's long values (1.5 to 24 kB) kept, cut" "4 x L*128" "$(python3 -c "
import json,sys; d={h['name']:h for h in json.load(open(sys.argv[1]))['hosts']}
v=[x['value'] for x in d['good-big']['values']]
print('%d x L*%d' % (len(v), len(v[0])) if v and len(set(v)) == 1 and set(v[0]) == {'L'} else v)" "$2")"
	check_eq "$1: good-a1 string value exact" 'good "device"' "$(python3 -c "
import json,sys; d={h['name']:h for h in json.load(open(sys.argv[1]))['hosts']}
print([v['value'] for v in d['good-a1']['values'] if v['oid']=='1.3.6.1.4.1.99999.1.2'][0])" "$2")"
}

# ---- one cycle ---------------------------------------------------------------
D="$T_TMP/st1"
$BIN run --once --state-dir "$D" 2>"$T_TMP/once.log"
check_eq "--once: exit 1 (hostile hosts failed), not a fatal error" 1 "$?"
check "--once: status.json written" test -s "$D/status.json"
judge "$D/status.json" once
good_hosts once "$D/status.json"
check "--once: no worker died" no_match -Ei 'killed by signal|exited with status|re-fork' "$T_TMP/once.log"
for m in $MODES; do
	n=$(awk -v m="$m" '$1 == m {print $2}' "$T_TMP/$m.stats")
	check "mode $m was exercised (${n:-0} requests)" test "${n:-0}" -ge 3
done

# ---- daemon, cycles back to back ----------------------------------------------
D="$T_TMP/st2"
$BIN run -f --interval 0 --state-dir "$D" 2>"$T_TMP/daemon.log" &
SUP=$!
cyc() { $BIN status --json --state-dir "$D" 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["cycle"])' 2>/dev/null; }
check "daemon: first cycle" wait_for 20 sh -c "[ \"\$($BIN status --json --state-dir $D 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"cycle\"])' 2>/dev/null)\" -ge 1 ]"
kids() { cat /proc/"$SUP"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . | sort | tr '\n' ' '; }
w0=$(kids)
check "daemon: two workers ($w0)" test "$(echo $w0 | wc -w)" -eq 2
# A reader the whole time: the good hosts are ok in every document.
(
	end=$(( $(date +%s) + 60 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		$BIN status --json --state-dir "$D" 2>/dev/null > "$T_TMP/r.json" || { echo unreadable; continue; }
		python3 -c "
import json,sys; d={h['name']:h for h in json.load(open(sys.argv[1]))['hosts']}
g=[d[n]['status'] for n in ('good-a1', 'good-a2', 'good-big')]
print('good' if g == ['ok'] * 3 else 'BAD %s' % g)" "$T_TMP/r.json" 2>&1 | head -1
		sleep 0.1
	done
) > "$T_TMP/reader.out" &
READER_PID=$!
check "daemon: 15 cycles" wait_for 60 sh -c "[ \"\$($BIN status --json --state-dir $D 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"cycle\"])' 2>/dev/null)\" -ge 15 ]"
kill "$READER_PID" 2>/dev/null; wait "$READER_PID" 2>/dev/null; READER_PID=
w1=$(kids)
check_eq "daemon: worker pids unchanged (no crash, no re-fork)" "$w0" "$w1"
check "daemon: supervisor alive" kill -0 "$SUP"
reads=$(grep -c . "$T_TMP/reader.out")
bad=$(grep -vc '^good$' "$T_TMP/reader.out")
check "daemon: good hosts ok in every one of $reads reads ($bad not)" test "$reads" -ge 1 -a "$bad" -eq 0
grep -v '^good$' "$T_TMP/reader.out" | head -3 | sed 's/^/#   /'
$BIN status --json --state-dir "$D" > "$T_TMP/d.json" 2>/dev/null
judge "$T_TMP/d.json" daemon
good_hosts daemon "$T_TMP/d.json"
# Generous on purpose (a loaded machine stretches every cycle): what it
# catches is a hostile host costing a timeout per request many times over,
# e.g. a walk of CONFIG_MAX_OIDS requests each timing out (64 x 500 ms).
check "daemon: cycles are not slowed by the hostile hosts ($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cycle_ms"])' "$T_TMP/d.json") ms < 15000)" \
	python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["cycle_ms"] >= 15000)' "$T_TMP/d.json"
kill "$SUP"
check "daemon: stops on SIGTERM" wait_for 5 sh -c "! kill -0 $SUP 2>/dev/null"
SUP=
check "daemon: no worker died" no_match -Ei 'killed by signal|exited with status|re-fork' "$T_TMP/daemon.log"
alive=0; for p in $HOSTILE_PIDS; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
check_eq "hostile agents survived too" "$(echo $MODES | wc -w)" "$alive"
