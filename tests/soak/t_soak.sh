# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Soak: SOAK_CYCLES (default 2000) cycles back to back (--interval 0)
# against real agents.  After a warm-up (in which each worker also polls
# every host alone, to reach its peak working set) the resident memory of every
# process (supervisor and workers: VmRSS and smaps_rollup's Rss) does not
# grow by a single page; a reader running all the while parses every
# document, sees every host and a cycle count that never goes back; no
# worker is ever re-forked.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SUP='' READER_PID=''
cleanup() {
	[ -n "$READER_PID" ] && kill "$READER_PID" 2>/dev/null
	# shellcheck disable=SC2046 # a list of pids
	[ -n "$SUP" ] && kill -9 "$SUP" $(cat /proc/"$SUP"/task/*/children 2>/dev/null) 2>/dev/null
	agents_cleanup
}
trap cleanup EXIT

CYCLES=${SOAK_CYCLES:-2000}
WARM=$((CYCLES / 10))
P1=$(free_port); P2=$(free_port)
E=.1.3.6.1.4.1.99999.1
printf '%s\n' "$E.5 counter 4294967000" "$E.8 counter64 1000" "$E.2 string soak" > "$T_TMP/a2.values"
check "agent a1 starts" agent_start a1 127.0.0.1 "$P1"
check "agent a2 starts" agent_start a2 127.0.0.1 "$P2"
cat > "$T_TMP/hosts.tbl" <<T
defaults community=public timeout=2000 retries=1
oids sys sysDescr.0 sysObjectID.0 sysUpTime.0 sysName.0 sysLocation.0
oids ifs ifNumber.0 walk:ifDescr walk:ifInOctets
oids pass $E.5 $E.8 $E.2
host s1 127.0.0.1:$P1 oids=sys,ifs
host s2 127.0.0.1:$P1 version=1 oids=sys
host s3 127.0.0.1:$P2 oids=sys,pass
host s4 127.0.0.1:$P2 version=1 oids=pass,ifs
T
check "build" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"
D=$T_TMP/st

$BIN run -f --interval 0 --state-dir "$D" 2>"$T_TMP/daemon.log" &
SUP=$!
cycle() { $BIN status --json --state-dir "$D" 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["cycle"])' 2>/dev/null || echo 0; }
kids() { cat /proc/"$SUP"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . | sort -n | tr '\n' ' '; }
# rss TAG: "pid:VmRSS_kB:Rss_kB:Anonymous_kB" for the supervisor and each
# worker; the per-mapping Rss goes to $T_TMP/maps.TAG.PID for diagnosis.
rss() {
	for p in $SUP $(kids); do
		printf '%s:%s:%s:%s ' "$p" "$(awk '/^VmRSS:/ {print $2}' /proc/"$p"/status)" \
			"$(awk '/^Rss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null)" \
			"$(awk '/^Anonymous:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null)"
		awk '/^[0-9a-f]+-[0-9a-f]+ / {m = $1 " " $6} /^Rss:/ {print $2, m}' /proc/"$p"/smaps \
			> "$T_TMP/maps.$1.$p" 2>/dev/null
	done
}

# The reader: one process reading documents back to back until told to stop.
cat > "$T_TMP/reader.py" <<'PY'
import json, os, subprocess, sys, time
cmd, stop, want = sys.argv[1].split(), sys.argv[2], int(sys.argv[3])
reads = bad = back = 0
last = 0
end = time.time() + 170
while not os.path.exists(stop) and time.time() < end:
    out = subprocess.run(cmd, capture_output=True).stdout
    reads += 1
    try:
        d = json.loads(out)
        names = sorted(h["name"] for h in d["hosts"])
        if names != ["s1", "s2", "s3", "s4"] or any(h["status"] not in ("ok", "pending") for h in d["hosts"]):
            raise ValueError("hosts: %s" % [(h["name"], h["status"]) for h in d["hosts"]])
        if d["cycle"] < last:
            back += 1
        last = d["cycle"]
    except Exception as e:
        bad += 1
        if bad <= 3:
            print("bad document: %s" % e, file=sys.stderr)
print(reads, bad, back, last)
PY
python3 "$T_TMP/reader.py" "$T_TMP/b/snmpoll status --json --state-dir $D" "$T_TMP/stop" 4 \
	> "$T_TMP/reader.out" 2>"$T_TMP/reader.err" &
READER_PID=$!

t0=$(date +%s)
check "warm-up: $WARM cycles" wait_for 60 sh -c "[ \$($(declare -f cycle); BIN='$BIN' D='$D' cycle) -ge $WARM ]"
# A worker's arena pages grow to the peak of what it ever held at once:
# reach that peak before measuring, by letting each worker poll every host
# alone for a while (the other stopped, well under the 5 s stall limit).
for w in $(kids); do
	kill -STOP "$w"; sleep 1.5; kill -CONT "$w"	# nothing to wait on
done
c=$(cycle)
check "warm-up: cycles go on after each worker ran alone" wait_for 30 sh -c "[ \$($(declare -f cycle); BIN='$BIN' D='$D' cycle) -ge $((c + WARM)) ]"
w0=$(kids)
r0=$(rss warm)
c0=$(cycle)
check "$CYCLES more cycles within 150 s" wait_for 150 sh -c "[ \$($(declare -f cycle); BIN='$BIN' D='$D' cycle) -ge $((c0 + CYCLES)) ]"
r1=$(rss end)
c1=$(cycle)
secs=$(( $(date +%s) - t0 ))
w1=$(kids)
touch "$T_TMP/stop"
wait "$READER_PID"; READER_PID=
echo "# $((c1 - c0)) cycles measured ($c1 in all, $secs s); RSS (pid:VmRSS:Rss:Anonymous kB) at cycle $c0: $r0; at cycle $c1: $r1"
for p in $SUP $w1; do
	diff "$T_TMP/maps.warm.$p" "$T_TMP/maps.end.$p" 2>/dev/null | grep '^[<>]' | sed "s/^/#   pid $p: /"
done
check_eq "workers never re-forked" "$w0" "$w1"
check "three processes measured ($r1)" test "$(echo $r1 | wc -w)" -eq 3
check_eq "no process's RSS grew by a page after warm-up (cycles $c0 -> $c1)" "$r0" "$r1"
read -r reads bad back _ < "$T_TMP/reader.out"
sed 's/^/#   /' "$T_TMP/reader.err" | head -3
check "reader: $reads documents during the soak, all valid with every host ($bad bad)" \
	test "${reads:-0}" -ge 100 -a "${bad:-1}" -eq 0
check_eq "reader: the cycle count never went back" 0 "$back"
st=$($BIN status --json --state-dir "$D" 2>/dev/null | python3 -c '
import json,sys; d=json.load(sys.stdin); print(" ".join(h["status"] for h in d["hosts"]))')
check_eq "every host ok at the end" "ok ok ok ok" "$st"
check "the daemon logged no respawn" no_match -Ei 'killed by signal|exited with status|re-fork|cannot' "$T_TMP/daemon.log"
kill "$SUP"
check "stops on SIGTERM" wait_for 5 sh -c "! kill -0 $SUP 2>/dev/null"
SUP=
