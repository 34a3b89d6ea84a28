#!/bin/bash
# SPDX-License-Identifier: MIT
# The integration scripts around the exporters: the rpcd exec plugin and its
# ACL, the busybox/sysv init script (against the real daemon), the procd
# script's syntax.
. "$SRC/tests/lib.sh"
. "$SRC/tests/export/build.sh"

PY=/usr/bin/python3
RPCD=$SRC/src/rpcd/snmpoll
SYSV=$SRC/src/init/snmpoll.sysv
PROCD=$SRC/src/init/snmpoll.procd
B=$T_TMP/b
ST=$T_TMP/state
PIDS=()
stop_all() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; }
trap stop_all EXIT
mkdir -p "$B" "$ST"

# --- syntax -----------------------------------------------------------
for s in "$RPCD" "$SYSV" "$PROCD"; do
	check "$(basename "$s"): busybox sh -n" busybox sh -n "$s"
done
if command -v shellcheck >/dev/null; then
	check "shellcheck: rpcd plugin, sysv script" shellcheck -s sh "$RPCD" "$SYSV"
else
	skip "shellcheck not installed"
fi
check "rpcd ACL is JSON granting read of snmpoll.status only" $PY -c '
import json, sys
acl = json.load(open(sys.argv[1]))
assert list(acl) == ["snmpoll"], acl
g = acl["snmpoll"]
assert "write" not in g and g["read"] == {"ubus": {"snmpoll": ["status"]}}, g
' "$SRC/src/rpcd/snmpoll.json"
check "procd script: START=95, USE_PROCD, run -f, respawn" bash -c "
grep -qx 'START=95' '$PROCD' && grep -qx 'USE_PROCD=1' '$PROCD' &&
grep -q 'procd_set_param command \"\$PROG\" run -f' '$PROCD' &&
grep -q 'procd_set_param respawn' '$PROCD' && grep -qx 'PROG=/usr/sbin/snmpoll' '$PROCD'"

# --- rpcd plugin --------------------------------------------------------
check_eq "rpcd list" '{"status":{}}' "$(busybox sh "$RPCD" list)"
ex_table "$B" && ex_mkshm "$B" && "$B/mkshm" "$ST" && ex_asan "$B"
check "exporters built for the test table" test -x "$B/exmain"
SNMPOLL_BIN=$B/exmain SNMPOLL_STATE_DIR=$ST busybox sh "$RPCD" call status >"$T_TMP/rpcd.json"
check "rpcd call status: the status document" $PY "$SRC/tests/export/check.py" same \
	"$T_TMP/rpcd.json" <("$B/exmain" status --json --state-dir "$ST")
SNMPOLL_BIN=$B/exmain SNMPOLL_STATE_DIR=$T_TMP/none busybox sh "$RPCD" call status >"$T_TMP/rpcd.err"
check "rpcd call status without a daemon: a JSON error" $PY -c '
import json, sys; d = json.load(open(sys.argv[1])); assert "no daemon state" in d["error"], d
' "$T_TMP/rpcd.err"

# --- sysv init script, against the real daemon ----------------------------
# gone PID: no such process, or only its zombie (its parent, init here,
# may be slow to reap it).
gone() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null)
	[ -z "$st" ] || [ "${st#Z}" != "$st" ]
}

sysv() {
	SNMPOLL_BIN=$SNMPOLL SNMPOLL_STATE_DIR=$T_TMP/run busybox sh "$SYSV" "$@"
}
if [ ! -x "$O/snmpoll" ]; then
	skip "sysv script (no $O/snmpoll)"
	exit 0
fi
SNMPOLL=$O/snmpoll
mkdir -p "$T_TMP/run"
sysv status >/dev/null
check_eq "sysv status before start: 3" 3 $?
check "sysv start" sysv start
check "sysv start leaves a live pid in snmpoll.pid" bash -c "kill -0 \$(cat '$T_TMP/run/snmpoll.pid')"
PIDS+=("$(cat "$T_TMP/run/snmpoll.pid" 2>/dev/null)")
sysv status >/dev/null
check_eq "sysv status while running: 0" 0 $?
check "sysv start again: already running, success" sysv start
old=$(cat "$T_TMP/run/snmpoll.pid" 2>/dev/null)
check "sysv restart" sysv restart
new=$(cat "$T_TMP/run/snmpoll.pid" 2>/dev/null)
PIDS+=("$new")
check "restart made a new daemon" test -n "$new" -a "$new" != "$old"
check "the old one is gone" gone "$old"
# The script itself fails when the daemon is not gone within its 5 s.
check "sysv stop" sysv stop
check "the daemon is gone" gone "$new"
sysv status >/dev/null
check_eq "sysv status after stop: 3" 3 $?
check "sysv stop when stopped: success" sysv stop
# A pidfile naming some other live process is stale, not "running".
sleep 30 &
PIDS+=("$!")
echo $! >"$T_TMP/run/snmpoll.pid"
sysv status >/dev/null
check_eq "sysv status with a recycled pid: 1 (dead, pidfile left)" 1 $?
sysv bogus 2>/dev/null
check_eq "sysv unknown action: 2" 2 $?
