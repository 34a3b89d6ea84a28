# SPDX-License-Identifier: MIT
# The state dir as an attacker on the box would leave it (SPEC §4): a
# symlink, a directory owned by someone else, one anybody may write, FIFOs
# planted at the names snmpoll opens; and one state dir, one daemon: a
# second run (daemon or --once) exits 2 naming the first and leaves it alone.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SUP=
trap daemon_cleanup EXIT

# A host nobody answers: --once exits 1 after its 200 ms timeout.
printf 'oids s sysDescr.0\nhost gone 127.0.0.1:1 timeout=200 retries=0 oids=s\n' > "$T_TMP/hosts.tbl"
check "build" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"
ROOT=$([ "$(id -u)" = 0 ] && echo 1)
# once DIR: one bounded --once run; its exit code (124: it hung).
once() { timeout 30 $BIN run --once --state-dir "$1" 2>"$T_TMP/once.err"; echo $?; }

# ---- the dir itself -----------------------------------------------------------
mkdir "$T_TMP/target"
ln -s target "$T_TMP/link"
check_eq "symlink as state dir: exit 2" 2 "$(once "$T_TMP/link")"
check "symlink: the reason is given" grep -q "symlink" "$T_TMP/once.err"
check_eq "symlink: its target keeps its owner" "$(id -u)" "$(stat -c %u "$T_TMP/target")"
check_eq "symlink: nothing written in its target" "" "$(ls -A "$T_TMP/target")"

if [ -n "$ROOT" ]; then
	mkdir -m 777 "$T_TMP/foreign" && chmod 777 "$T_TMP/foreign" && chown 4242:4242 "$T_TMP/foreign"
	check_eq "dir owned by another user: exit 2" 2 "$(once "$T_TMP/foreign")"
	check "foreign dir: the reason is given" grep -q "owned by uid 4242" "$T_TMP/once.err"
	check_eq "foreign dir: owner and mode untouched" "4242 777" "$(stat -c '%u %a' "$T_TMP/foreign")"
	check_eq "foreign dir: nothing written in it" "" "$(ls -A "$T_TMP/foreign")"
	mkdir "$T_TMP/open" && chmod 777 "$T_TMP/open"
	check_eq "root's 0777 dir: taken (exit 1: the host is down)" 1 "$(once "$T_TMP/open")"
	check_eq "root's 0777 dir: now 0755 and the run-time user's" "755 nobody" \
		"$(stat -c '%a %U' "$T_TMP/open")"
else
	skip "foreign-owned and world-writable state dirs (not root)"
fi

# ---- FIFOs planted at the names snmpoll opens -----------------------------------
mkdir "$T_TMP/fifo1" && mkfifo "$T_TMP/fifo1/.status.json.tmp"
check_eq "FIFO at the status.json temp name: the run ends (exit 1)" 1 "$(once "$T_TMP/fifo1")"
check "FIFO at the temp name: status.json written" test -s "$T_TMP/fifo1/status.json"
mkdir "$T_TMP/fifo2" && mkfifo "$T_TMP/fifo2/snmpoll.pid"
check_eq "FIFO at the pidfile: the run ends (exit 1)" 1 "$(once "$T_TMP/fifo2")"
mkdir "$T_TMP/fifo3" && mkfifo "$T_TMP/fifo3/snmpoll.shm"
timeout 30 $BIN status --state-dir "$T_TMP/fifo3" >/dev/null 2>"$T_TMP/status.err"
check_eq "FIFO as snmpoll.shm: status exits 1" 1 "$?"
echo precious > "$T_TMP/precious"
ln -s "$T_TMP/precious" "$T_TMP/fifo3/.status.json.tmp"
check_eq "symlink at the status.json temp name: exit 1" 1 "$(once "$T_TMP/fifo3")"
check "symlink at the temp name: status.json written all the same" test -s "$T_TMP/fifo3/status.json"
check_eq "symlink at the temp name: its target untouched" precious "$(cat "$T_TMP/precious")"

# ---- one state dir, one daemon --------------------------------------------------
# A stale pidfile naming a live process that is not snmpoll does not block.
mkdir "$T_TMP/stale" && echo 1 > "$T_TMP/stale/snmpoll.pid"
check_eq "stale pidfile naming pid 1: the run goes ahead (exit 1)" 1 "$(once "$T_TMP/stale")"

D="$T_TMP/st"
$BIN run --state-dir "$D" --interval 3600 2>"$T_TMP/daemon.err"
check_eq "first daemon starts" 0 "$?"
SUP=$(cat "$D/snmpoll.pid")
check "first daemon: cycle 1" wait_for 10 sh -c "[ \"\$($BIN status --json --state-dir '$D' 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"cycle\"])')\" -ge 1 ]"
ino=$(stat -c %i "$D/snmpoll.shm")
check_eq "second run --once: exit 2" 2 "$(once "$D")"
check "second run --once names the first pid ($SUP)" grep -q "already running as pid $SUP" "$T_TMP/once.err"
timeout 30 $BIN run --state-dir "$D" --interval 3600 2>"$T_TMP/second.err"
check_eq "second daemon: exit 2" 2 "$?"
check "second daemon names the first pid" grep -q "already running as pid $SUP" "$T_TMP/second.err"
# Even with the pidfile gone (a cleanup script, a hand): still one daemon.
rm -f "$D/snmpoll.pid"
check_eq "pidfile removed: a second run still exits 2" 2 "$(once "$D")"
check "first daemon untouched: alive" kill -0 "$SUP"
check_eq "first daemon untouched: same shared memory file" "$ino" "$(stat -c %i "$D/snmpoll.shm")"
kill -HUP "$SUP"
check "first daemon untouched: still polls (cycle 2 on SIGHUP)" wait_for 10 sh -c "[ \"\$($BIN status --json --state-dir '$D' 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"cycle\"])')\" -ge 2 ]"
kill "$SUP"
check "first daemon stops on SIGTERM" wait_for 5 sh -c "! kill -0 $SUP 2>/dev/null"
SUP=
check_eq "after it stopped, the dir is free again" 1 "$(once "$D")"
