# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Fault storms: workers SIGKILLed every 100 ms while a reader checks every
# record; workers SIGSTOPped (briefly, then for longer than the stall
# limit); a full state-dir filesystem; agents killed and restarted; the
# daemon run by an unprivileged user.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SUP='' READER_PID='' SEQ_PID='' SILENT_PID='' NS_PID=''
cleanup() {
	[ -n "$READER_PID" ] && kill "$READER_PID" 2>/dev/null
	# shellcheck disable=SC2046 # a list of pids
	[ -n "$SUP" ] && kill -9 "$SUP" $(cat /proc/"$SUP"/task/*/children 2>/dev/null) 2>/dev/null
	[ -n "$SEQ_PID" ] && kill "$SEQ_PID" 2>/dev/null
	[ -n "$SILENT_PID" ] && kill "$SILENT_PID" 2>/dev/null
	[ -n "$NS_PID" ] && kill "$NS_PID" 2>/dev/null
	agents_cleanup
}
trap cleanup EXIT

P1=$(free_port); P2=$(free_port); PQ=$(free_port); PS=$(free_port)
check "agent a1 starts" agent_start a1 127.0.0.1 "$P1"
check "agent a2 starts" agent_start a2 127.0.0.1 "$P2"
# seq: answers 1.3.6.1.4.1.99999.3.N with its request number, the same for
# every varbind of one answer; a record mixing two answers would show.
python3 "$SRC/tests/hostile/agent.py" --lifetime 300 --ready "$T_TMP/seq.ready" "good:$PQ" </dev/null &
SEQ_PID=$!
python3 "$SRC/tests/silent.py" 127.0.0.1 "$PS" </dev/null &
SILENT_PID=$!
check "sequence agent up" wait_for 10 test -s "$T_TMP/seq.ready"
Q=1.3.6.1.4.1.99999.3
cat > "$T_TMP/hosts.tbl" <<T
defaults community=public timeout=1500 retries=1
oids sys sysDescr.0 sysUpTime.0 sysName.0 sysLocation.0
oids seq $Q.1 $Q.2 $Q.3 $Q.4 $Q.5 $Q.6 $Q.7 $Q.8 $Q.9 $Q.10 $Q.11 $Q.12
host f1 127.0.0.1:$P1 oids=sys
host f2 127.0.0.1:$P2 version=1 oids=sys
host q1 127.0.0.1:$PQ oids=seq
host q2 127.0.0.1:$PQ oids=seq,sys
host q3 127.0.0.1:$PQ version=1 oids=seq
T
check "build" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"
HOSTS="f1 f2 q1 q2 q3"

cycle() { $BIN status --json --state-dir "$1" 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["cycle"])' 2>/dev/null || echo 0; }
wait_cycle() { wait_for "$3" sh -c "[ \$($(declare -f cycle); BIN='$BIN' cycle '$1') -ge $2 ]"; }
kids() { cat /proc/"$SUP"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . | sort -n | tr '\n' ' '; }
hstat() { $BIN status --json --state-dir "$1" 2>/dev/null | python3 -c '
import json,sys; d={h["name"]:h for h in json.load(sys.stdin)["hosts"]}
print(" ".join("%s=%s" % (n, d[n]["status"]) for n in sys.argv[1:]))' $2; }

# The reader: documents back to back until told to stop; each must parse,
# list every host with a valid status, and hold coherent records (every
# seq value of a record from one answer; names as the agents serve them).
cat > "$T_TMP/reader.py" <<'PY'
import json, os, subprocess, sys, time
cmd, stop, hosts = sys.argv[1].split(), sys.argv[2], sys.argv[3].split()
reads = bad = 0
end = time.time() + 120
def check(d):
    got = {h["name"]: h for h in d["hosts"]}
    if sorted(got) != sorted(hosts):
        return "hosts %s" % sorted(got)
    for n, h in got.items():
        if h["status"] not in ("ok", "timeout", "error", "pending", "backoff"):
            return "%s: status %r" % (n, h["status"])
        seq = {v["value"] for v in h["values"] if v["oid"].startswith("1.3.6.1.4.1.99999.3.")}
        if len(seq) > 1:
            return "%s: torn record, seq values %s" % (n, sorted(seq))
        for v in h["values"]:
            if v["oid"] == "1.3.6.1.2.1.1.5.0" and v["value"] not in ("a1", "a2", "HOSTILE-good"):
                return "%s: sysName %r" % (n, v["value"])
    return None
while not os.path.exists(stop) and time.time() < end:
    out = subprocess.run(cmd, capture_output=True).stdout
    reads += 1
    try:
        why = check(json.loads(out))
    except Exception as e:
        why = "unparsable: %s" % e
    if why:
        bad += 1
        if bad <= 3:
            print(why, file=sys.stderr)
print(reads, bad)
PY
reader_start() {
	rm -f "$T_TMP/stop"
	python3 "$T_TMP/reader.py" "$T_TMP/b/snmpoll status --json --state-dir $1" "$T_TMP/stop" "$HOSTS" \
		> "$T_TMP/reader.out" 2>"$T_TMP/reader.err" &
	READER_PID=$!
}
reader_stop() {
	touch "$T_TMP/stop"; wait "$READER_PID"; READER_PID=
	read -r reads bad < "$T_TMP/reader.out"
	sed 's/^/#   /' "$T_TMP/reader.err" | head -3
	check "$1: reader saw $reads documents, all valid and coherent (${bad:-?} bad)" \
		test "${reads:-0}" -ge "$2" -a "${bad:-1}" -eq 0
}

# ---- SIGKILL storm -----------------------------------------------------------
D=$T_TMP/st
$BIN run -f --interval 0 --state-dir "$D" 2>"$T_TMP/storm.log" &
SUP=$!
check "storm: daemon up, first cycles" wait_cycle "$D" 3 10
reader_start "$D"
c0=$(cycle "$D")
# 20 kills 100 ms apart, however long a loaded machine takes for them
# (60 s and 200 tries are only a safety net).
kills=0 end=$(( $(date +%s%N) / 1000000 + 60000 )) n=0
while [ "$kills" -lt 20 ] && [ $(( $(date +%s%N) / 1000000 )) -lt "$end" ] && [ "$n" -lt 200 ]; do
	n=$((n + 1))
	# shellcheck disable=SC2046 # a list of pids
	set -- $(kids)
	if [ $# -gt 0 ]; then
		victim=$(eval echo "\${$(( RANDOM % $# + 1 ))}")
		kill -9 "$victim" 2>/dev/null && kills=$((kills + 1))
	fi
	sleep 0.1
done
c1=$(cycle "$D")
check "storm: $kills workers killed, supervisor alive" sh -c "[ $kills -ge 20 ] && kill -0 $SUP"
check "storm: cycles kept completing during the storm ($c0 -> $c1)" test "$c1" -gt "$c0"
check "storm: two workers again" wait_for 5 sh -c "[ \$(cat /proc/$SUP/task/*/children | wc -w) -eq 2 ]"
check "storm: cycles go on after it" wait_cycle "$D" $((c1 + 5)) 15
reader_stop storm 20
landed=$(grep -c 'killed by signal 9' "$T_TMP/storm.log")
check "storm: every kill logged and re-forked ($landed of $kills)" test "$landed" -eq "$kills"
check "storm: every host polled again since" wait_for 15 sh -c "[ \"\$($(declare -f hstat); BIN='$BIN' hstat '$D' '$HOSTS')\" = 'f1=ok f2=ok q1=ok q2=ok q3=ok' ]"
hs=$($BIN status --json --state-dir "$D" | python3 -c 'import json,sys; print(" ".join(h["error"] or "-" for h in json.load(sys.stdin)["hosts"]))')
echo "# storm: final errors: $hs; died-while-polling reports in the run: $(grep -c 'worker died' "$T_TMP/storm.log" || true)"
kill "$SUP"; wait "$SUP"; SUP=

# ---- SIGSTOP ------------------------------------------------------------------
# A short stop (under the 5 s stall limit) costs nothing; a long one gets
# the workers killed and their hosts reported, never lost.  The silent
# host (3 s per cycle) makes sure a worker holds a host when stopped.
cat >> "$T_TMP/hosts.tbl" <<T
host slow 127.0.0.1:$PS timeout=1500 retries=1 oids=sys
T
HOSTS="$HOSTS slow"
check "build with a silent host" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
D=$T_TMP/st2
$BIN run -f --interval 0 --state-dir "$D" 2>"$T_TMP/stop.log" &
SUP=$!
check "stop: first cycle" wait_cycle "$D" 1 10
reader_start "$D"
# shellcheck disable=SC2046 # a list of pids
set -- $(kids)
w=$1
kill -STOP "$w"
sleep 2		# shorter than the stall limit; nothing to wait for
kill -CONT "$w"
c=$(cycle "$D")
check "stop: cycles go on after a 2 s stop" wait_cycle "$D" $((c + 2)) 12
check "stop: the briefly stopped worker was not killed" kill -0 "$w"
ws=$(kids)
t0=$(date +%s)
kill -STOP $ws
check "stop: both stopped workers killed by the supervisor (stall limit 5 s)" \
	wait_for 12 sh -c "for p in $ws; do kill -0 \$p 2>/dev/null && exit 1; done; exit 0"
kill -CONT $ws 2>/dev/null
check "stop: logged as stalled" grep -q 'stopped answering' "$T_TMP/stop.log"
check "stop: two new workers" wait_for 5 sh -c "[ \$(cat /proc/$SUP/task/*/children | wc -w) -eq 2 ]"
c=$(cycle "$D")
check "stop: cycles go on" wait_cycle "$D" $((c + 2)) 15
reader_stop stop 10
# No host lost: every host's status was set after the workers were killed.
lp=$($BIN status --json --state-dir "$D" | python3 -c '
import json,sys; t0=int(sys.argv[1])
print(" ".join("%s:%s" % (h["name"], "new" if h["last_poll"] and h["last_poll"] >= t0 else "OLD") for h in json.load(sys.stdin)["hosts"]))' "$t0")
check_eq "stop: every host has a status from after the stop" "f1:new f2:new q1:new q2:new q3:new slow:new" "$lp"
check "stop: the held host reported, not dropped" grep -q 'worker died while polling\|slow: .*-> error' "$T_TMP/stop.log"
kill "$SUP"; wait "$SUP"; SUP=

# ---- agents killed and restarted ---------------------------------------------
D=$T_TMP/st3
$BIN run -f --interval 0 --state-dir "$D" 2>"$T_TMP/agents.log" &
SUP=$!
check "agents: first cycle" wait_cycle "$D" 1 10
apid=$(cat "$T_TMP/a1.pid")
kill -9 "$apid"; wait "$apid" 2>/dev/null; rm -f "$T_TMP/a1.pid"
check "agents: f1 fails once its agent is SIGKILLed" wait_for 10 sh -c "$(declare -f hstat); BIN='$BIN' hstat '$D' f1 | grep -Eq 'f1=(timeout|error|backoff)'"
check_eq "agents: the others stay ok" "f2=ok q1=ok q2=ok q3=ok" "$(hstat "$D" 'f2 q1 q2 q3')"
check "agents: a1 restarted on its port" agent_start a1 127.0.0.1 "$P1"
check "agents: f1 ok again (after any backoff)" wait_for 15 sh -c "$(declare -f hstat); BIN='$BIN' hstat '$D' f1 | grep -q 'f1=ok'"
check "agents: supervisor alive" kill -0 "$SUP"
check "agents: no worker killed by a signal" no_match -q 'killed by signal' "$T_TMP/agents.log"
kill "$SUP"; wait "$SUP"; SUP=

# ---- full state-dir filesystem -------------------------------------------------
# In a private mount namespace: a 1 MB tmpfs as the state dir, filled up
# once the first status.json is there.
full_fs() {
	D=$T_TMP/full
	mkdir -p "$D" && mount -t tmpfs -o size=1m,mode=0755 snmpoll-test "$D" || { echo "mount failed"; return 0; }
	$BIN run -f --interval 3600 --state-dir "$D" 2>"$T_TMP/full.log" &
	SUP=$!
	echo "$SUP" > "$T_TMP/full.sup"
	check "full: first cycle writes status.json" wait_for 10 test -s "$D/status.json"
	cp "$D/status.json" "$T_TMP/before.json"
	dd if=/dev/zero of="$D/filler" bs=4k >/dev/null 2>&1
	check "full: the filesystem is full" sh -c "! echo x > '$D/probe'"
	rm -f "$D/probe"
	kill -HUP "$SUP"
	check "full: polling goes on (cycle 2 in shared memory)" wait_cycle "$D" 2 10
	kill -HUP "$SUP"
	check "full: and cycle 3" wait_cycle "$D" 3 10
	check "full: the failed write is logged" grep -q 'cannot write .*status.json' "$T_TMP/full.log"
	check "full: the previous status.json is intact" cmp -s "$D/status.json" "$T_TMP/before.json"
	check "full: no temp file left behind" sh -c "[ \$(ls -A '$D' | grep -v -e '^filler$' -e '^snmpoll' -e '^status.json$' | wc -l) -eq 0 ]"
	rm -f "$D/filler"
	kill -HUP "$SUP"
	check "full: space back, status.json written again" wait_for 10 sh -c "python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))[\"cycle\"] < 4)' '$D/status.json'"
	kill "$SUP"; wait "$SUP"
	umount "$D"
}
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	export -f full_fs check pass fail skip wait_for cycle wait_cycle
	export BIN T_TMP T_RESULTS T_NAME
	unshare -m --propagation private bash -c full_fs &
	NS_PID=$!
	wait "$NS_PID"; NS_PID=
	[ -s "$T_TMP/full.sup" ] && kill -9 "$(cat "$T_TMP/full.sup")" 2>/dev/null
else
	skip "full filesystem: needs root and mount namespaces"
fi

# ---- unprivileged user -----------------------------------------------------------
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	D=$T_TMP/st-nobody
	mkdir -p "$D" && chown nobody:nogroup "$D"
	NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all"
	$NOBODY $BIN run -f --interval 0 --state-dir "$D" 2>"$T_TMP/nobody.log" &
	SUP=$!
	check "nobody: daemon runs and cycles" wait_cycle "$D" 3 10
	users=$(for p in $SUP $(kids); do stat -c %U /proc/"$p"; done | sort -u | tr '\n' ' ')
	check_eq "nobody: supervisor and workers are nobody's" "nobody " "$users"
	check_eq "nobody: results owned by nobody" "nobody nobody" "$(stat -c %U "$D/snmpoll.shm" "$D/status.json" | tr '\n' ' ' | sed 's/ $//')"
	check "nobody: hosts ok" sh -c "[ \"\$($(declare -f hstat); BIN='$BIN' hstat '$D' 'f1 q1')\" = 'f1=ok q1=ok' ]"
	kill "$SUP"; wait "$SUP"; SUP=
	$NOBODY $BIN run --once --state-dir "$T_TMP/nowhere-writable/x" 2>"$T_TMP/nobody2.log"
	check_eq "nobody: a state dir it cannot create is a start-up error (exit 2)" 2 "$?"
else
	skip "unprivileged user: needs root and setpriv"
fi
