# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# SNMPv3 through hostile agents (tests/hostile/agent3.py): garbage, wrong
# msgID, another engine ID, unauthenticated Reports and Responses, replayed
# answers.  None of their FORGED values is ever taken; each host ends as
# its mode allows; a good v3 host on the same kind of agent and a v2c host
# on real snmpd keep their exact values, cycle after cycle.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
HPID="" SUP=""
cleanup() {
	[ -n "$SUP" ] && kill "$SUP" 2>/dev/null
	[ -n "$HPID" ] && kill "$HPID" 2>/dev/null
	agents_cleanup
}
trap cleanup EXIT

if ! grep -q '^#define ENABLE_SNMPV3 1' "$O/include/autoconf.h"; then
	skip "CONFIG_SNMPV3 is off"
	exit 0
fi

MODES="good garbage wrongmsgid wrongengine unauthreport unauthresp replay"
P1=$(free_port)
check "good v2c agent starts" agent_start a1 127.0.0.1 "$P1"
specs="" hosts=""
for m in $MODES; do
	p=$(free_port)
	specs="$specs $m:$p"
	hosts="$hosts
host h-$m 127.0.0.1:$p oids=hs
host w-$m 127.0.0.1:$p oids=hw"
done
python3 "$SRC/tests/hostile/agent3.py" --lifetime 300 --user hostile --pass "hostile pass" \
	--ready "$T_TMP/ready" $specs </dev/null 2>"$T_TMP/agent3.err" &
HPID=$!
check "hostile v3 agent up" wait_for 10 test -s "$T_TMP/ready"

cat > "$T_TMP/hosts.tbl" <<T
defaults version=3 user=hostile level=authNoPriv auth=SHA authpass="hostile pass" timeout=400 retries=0
oids hs sysDescr.0 sysUpTime.0 sysName.0
oids hw walk:1.3.6.1.4.1.99999.7
oids sys sysDescr.0 sysUpTime.0 sysName.0 sysLocation.0
host good-a1 127.0.0.1:$P1 version=2c community=public timeout=2000 retries=1 oids=sys
$hosts
T
check "build with the hostile v3 table" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"

# verdicts JSON: one line per host, "name status error values" (FORGED
# values stand out).
verdicts() {
	python3 -c "
import json,sys
for h in json.load(open(sys.argv[1]))['hosts']:
    vals = sorted({str(v['value']) for v in h['values'] if v['type'] == 'OCTET STRING'})
    print(h['name'], h['status'], h['error'], ','.join(vals) or '-')" "$1"
}
judge() {
	v=$(verdicts "$2")
	line() { echo "$v" | awk -v h="$1" '$1 == h'; }
	check "$1: no FORGED value anywhere" sh -c "! echo '$v' | grep -q FORGED"
	check_eq "$1: good v3 host ok, its values" "h-good ok None HOSTILE3-good" "$(line h-good)"
	check_eq "$1: good v3 walk ok" "w-good ok None HOSTILE3-good" "$(line w-good)"
	check "$1: v2c host values equal snmpget's" python3 "$SRC/tests/compare.py" "$2" good-a1 "127.0.0.1:$P1" 2c
	# A host failing cycle after cycle is backed off: its last error stays.
	for m in garbage wrongmsgid wrongengine unauthresp; do
		check_eq "$1: $m: GET times out" "h-$m timeout timeout -" "$(line h-$m | sed 's/ backoff / timeout /')"
		check_eq "$1: $m: walk times out" "w-$m timeout timeout -" "$(line w-$m | sed 's/ backoff / timeout /')"
	done
	check_eq "$1: unauthenticated Report: its error, no value" \
		"h-unauthreport error unknown user name -" "$(line h-unauthreport | sed 's/ backoff / error /')"
	check_eq "$1: replayed answer not taken" "h-replay ok None HOSTILE3-replay" "$(line h-replay)"
	check_eq "$1: replayed walk answer not taken" "w-replay ok None HOSTILE3-replay" "$(line w-replay)"
}

D="$T_TMP/st1"
$BIN run --once --state-dir "$D" 2>"$T_TMP/once.log"
check_eq "--once: exit 1, not a fatal error" 1 "$?"
judge once "$D/status.json"

D="$T_TMP/st2"
$BIN run -f --interval 0 --state-dir "$D" 2>"$T_TMP/daemon.log" &
SUP=$!
cyc() { [ "$($BIN status --json --state-dir "$D" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["cycle"])' 2>/dev/null)" -ge "$1" ] 2>/dev/null; }
check "daemon: 6 cycles" wait_for 60 cyc 6
$BIN status --json --state-dir "$D" > "$T_TMP/d.json"
judge daemon "$T_TMP/d.json"
kill "$SUP"
check "daemon: stops" wait_for 5 sh -c "! kill -0 $SUP 2>/dev/null"
SUP=
check "daemon: no worker died" sh -c "! grep -Ei 'killed by signal|exited with status|re-fork' '$T_TMP/daemon.log'"
check "hostile agent survived" kill -0 "$HPID"
