# SPDX-License-Identifier: MIT
# Shared memory under faults (SPEC §4, §7):
# - a state dir on a full tmpfs fails the start (exit 2, a clear message),
#   never a worker later (a SIGBUS on its first write to a page);
# - a worker killed inside publish (its record's sequence odd) has the
#   record repaired, whatever its gen: readers never say "record busy"
#   for ever, the cycle does not wait for its deadline;
# - a worker killed between publishing a host and counting it: the host
#   counts once, and the cycle completes at once.
# The kills are placed with gdb breakpoints on the unstripped binary.
. "$SRC/tests/lib.sh"
PIDS= SUP= MNT= GDB=
cleanup() {
	[ -n "$GDB" ] && kill "$GDB" 2>/dev/null
	# shellcheck disable=SC2046
	[ -n "$SUP" ] && kill -9 "$SUP" $(cat /proc/"$SUP"/task/*/children 2>/dev/null) 2>/dev/null
	[ -n "$PIDS" ] && kill $PIDS 2>/dev/null
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
}
trap cleanup EXIT

P=$(free_port)
python3 "$SRC/tests/hostile/agent.py" --lifetime 300 --ready "$T_TMP/good.ready" "good:$P" \
	</dev/null 2>"$T_TMP/agent.err" &
PIDS=$!
check "agent up" wait_for 60 test -s "$T_TMP/good.ready"
cat > "$T_TMP/hosts.tbl" <<T
defaults community=public timeout=2000 retries=0
oids hs sysDescr.0 sysUpTime.0 sysName.0
oids hw walk:1.3.6.1.4.1.99999.7
host h1 127.0.0.1:$P oids=hs,hw
T
# One worker: the one gdb stops is the one holding the host.
check "build (one worker)" build_table "$T_TMP/hosts.tbl" "$T_TMP/b" WORKERS 1
BIN="$T_RUN $T_TMP/b/snmpoll"

# ---- a full tmpfs ------------------------------------------------------------------
size=$($BIN config | sed -n 's/^shared memory: \([0-9]*\) bytes.*/\1/p')
MNT="$T_TMP/tmpfs"
mkdir -p "$MNT"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=$((size / 2)) tmpfs "$MNT" 2>/dev/null; then
	timeout 60 $BIN run --once --state-dir "$MNT/st" 2>"$T_TMP/full.err"
	check_eq "tmpfs smaller than the shared memory ($size bytes): the start fails, exit 2" 2 "$?"
	check "the message says the file system is full" grep -q "file system is full" "$T_TMP/full.err"
	check "no worker was started" sh -c "! grep -Eqi 'killed by signal|re-fork' '$T_TMP/full.err'"
	check "no half-made shared memory left behind" test ! -e "$MNT/st/snmpoll.shm"
	umount "$MNT"
	MNT=
else
	skip "full tmpfs (cannot mount a tmpfs here: needs root)"
fi

# ---- workers killed at the worst moments ------------------------------------------------
if [ -n "$T_RUN" ] || ! command -v gdb >/dev/null; then
	skip "worker killed inside publish / before counting (needs gdb on a native binary)"
	exit 0
fi
D="$T_TMP/st"
$BIN run -f --interval 3600 --state-dir "$D" 2>"$T_TMP/daemon.log" &
SUP=$!
wait_cycle() { wait_for 60 sh -c "[ \"\$($BIN status --json --state-dir '$D' 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"cycle\"])')\" -ge $1 ]"; }
check "daemon: cycle 1" wait_cycle 1
kids() { cat /proc/"$SUP"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . ; }

# kill_at FUNCTION: break the worker at FUNCTION, start a cycle, SIGKILL
# the worker there.
kill_at() {
	w=$(kids)
	: > "$T_TMP/gdb.out"
	gdb -q -batch -nx -ex "set confirm off" -ex "break $1" -ex continue -ex kill \
		"$T_TMP/b/snmpoll.unstripped" -p "$w" >"$T_TMP/gdb.out" 2>&1 &
	GDB=$!
	# gdb says "Continuing." once the breakpoint is set and the worker runs.
	wait_for 20 grep -q Continuing "$T_TMP/gdb.out"
	kill -HUP "$SUP"
	wait_for 30 sh -c "! kill -0 $w 2>/dev/null"
	wait "$GDB"
	GDB=
}

kill_at shm_write_end
check "a worker was killed inside publish (record odd)" grep -q 'killed by signal 9' "$T_TMP/daemon.log"
check "cycle 2 completes" wait_cycle 2
$BIN status --json --state-dir "$D" > "$T_TMP/s2.json" 2>"$T_TMP/s2.err"
check_eq "status reads every record (no 'record busy')" 0 "$?"
check_eq "the killed worker's host: error, worker died" "error worker died while polling" \
	"$(python3 -c "import json,sys; h=json.load(open(sys.argv[1]))['hosts'][0]; print(h['status'], h['error'])" "$T_TMP/s2.json")"
check "cycle 2 did not wait for its deadline" sh -c "! grep -q 'passed its deadline' '$T_TMP/daemon.log'"

n0=$(grep -c 'killed by signal 9' "$T_TMP/daemon.log")
check "the worker was re-forked" wait_for 10 sh -c "[ \$(cat /proc/$SUP/task/*/children | wc -w) -eq 1 ]"
kill_at shm_done
check "a worker was killed between publishing and counting" test "$(grep -c 'killed by signal 9' "$T_TMP/daemon.log")" -gt "$n0"
check "cycle 3 completes" wait_cycle 3
$BIN status --json --state-dir "$D" > "$T_TMP/s3.json"
check_eq "the host is ok: published, counted once" "ok 3" \
	"$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['hosts'][0]['status'], d['cycle'])" "$T_TMP/s3.json")"
check "cycle 3 did not wait for its deadline" sh -c "! grep -q 'passed its deadline' '$T_TMP/daemon.log'"
kill "$SUP"
check "daemon stops" wait_for 10 sh -c "! kill -0 $SUP 2>/dev/null"
SUP=
