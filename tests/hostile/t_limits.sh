# SPDX-License-Identifier: MIT
# What one hostile agent can cost, with every host on one worker holding
# two jobs at most (WORKERS=1, MAX_INFLIGHT=2, so a leaked slot or a
# drained arena shows on the good hosts at once):
# - lengths in 5-byte long form (30 85 00 00 00 NN) get no further than
#   any other length: 9000 empty varbinds are dropped unparsed (the
#   worker's arena stays whole), a wrapping OID is not the one asked for;
# - an agent answering tooBig to everything: table scalars are split,
#   then the hidden sysUpTime.0 dropped, then the host fails with "agent
#   error: tooBig"; a walk lowers max-repetitions first; either way a
#   bounded number of requests, and the next cycle polls the host again.
. "$SRC/tests/lib.sh"
PIDS= SUP=
cleanup() {
	# shellcheck disable=SC2046
	[ -n "$SUP" ] && kill -9 "$SUP" $(cat /proc/"$SUP"/task/*/children 2>/dev/null) 2>/dev/null
	[ -n "$PIDS" ] && kill $PIDS 2>/dev/null
}
trap cleanup EXIT

MODES="good lenflood wrapoid5 toobig"
for m in $MODES; do
	p=$(free_port)
	eval "P_$m=$p"
	python3 "$SRC/tests/hostile/agent.py" --lifetime 300 --stats "$T_TMP/$m.stats" \
		--ready "$T_TMP/$m.ready" "$m:$p" </dev/null 2>>"$T_TMP/agent.err" &
	PIDS="$PIDS $!"
done
check "hostile agents up" wait_for 60 sh -c "for m in $MODES; do test -s $T_TMP/\$m.ready || exit 1; done"

# shellcheck disable=SC2154
cat > "$T_TMP/hosts.tbl" <<T
defaults community=public timeout=500 retries=0
oids hs sysDescr.0 sysUpTime.0 sysName.0
oids one sysDescr.0
oids hw walk:1.3.6.1.4.1.99999.7
oids big 1.3.6.1.4.1.99999.2.1 1.3.6.1.4.1.99999.2.2 1.3.6.1.4.1.99999.2.3 1.3.6.1.4.1.99999.2.4
host flood 127.0.0.1:$P_lenflood oids=hs
host wrap5 127.0.0.1:$P_wrapoid5 oids=hs
host toobig-one 127.0.0.1:$P_toobig oids=one
host toobig-walk 127.0.0.1:$P_toobig oids=hw
host toobig-v1 127.0.0.1:$P_toobig version=1 oids=hs,hw
host good-big 127.0.0.1:$P_good timeout=2000 retries=1 oids=big
host good-sys 127.0.0.1:$P_good timeout=2000 retries=1 oids=hs,hw
T
B="$T_TMP/b"
check "build with one worker, two jobs" build_table "$T_TMP/hosts.tbl" "$B" WORKERS 1 MAX_INFLIGHT 2
check_eq "one worker, two jobs" "CONFIG_WORKERS=1 CONFIG_MAX_INFLIGHT=2" \
	"$(grep -E '^CONFIG_(WORKERS|MAX_INFLIGHT)=' "$B/.config" | tr '\n' ' ' | sed 's/ $//')"
BIN="$T_RUN $B/snmpoll"
# jget FILE EXPR: a value of the status document (d: {name: host}).
jget() { python3 -c "import json,sys; D=json.load(open(sys.argv[1])); d={h['name']:h for h in D['hosts']}
v=eval(sys.argv[2]); print(' '.join(map(str, v)) if isinstance(v, tuple) else v)" "$1" "$2" 2>&1; }
reqs() { awk '{print $2}' "$T_TMP/$1.stats" 2>/dev/null; }

# ---- one cycle -------------------------------------------------------------------
D="$T_TMP/st1"
timeout 300 $BIN run --once --state-dir "$D" 2>"$T_TMP/once.log"
check_eq "--once ends, exit 1 (hostile hosts failed)" 1 "$?"
J="$D/status.json"
check_eq "good hosts ok" "ok ok" "$(jget "$J" "d['good-big']['status'], d['good-sys']['status']")"
check_eq "good-big: its 4 long values (1.5 to 24 kB) all read" "4" \
	"$(jget "$J" "len([v for v in d['good-big']['values'] if v['type'] == 'OCTET STRING'])")"
check_eq "lenflood (5-byte lengths, 9000 varbinds): dropped unparsed (timeout)" timeout \
	"$(jget "$J" "d['flood']['status']")"
check_eq "wrapoid5 (5-byte lengths, 1.3...(N+2^64)): not taken for N" "timeout []" \
	"$(jget "$J" "d['wrap5']['status'], [v['value'] for v in d['wrap5']['values'] if v.get('value')]")"
check_eq "tooBig on one scalar + sysUpTime.0: the host fails" "error True" \
	"$(jget "$J" "d['toobig-one']['status'], d['toobig-one']['error'].startswith('agent error: (tooBig)')")"
check_eq "tooBig on a GETBULK walk: the host fails" "error True" \
	"$(jget "$J" "d['toobig-walk']['status'], d['toobig-walk']['error'].startswith('agent error: (tooBig)')")"
check_eq "tooBig on v1 GETs and GETNEXT: the host fails" "error True" \
	"$(jget "$J" "d['toobig-v1']['status'], d['toobig-v1']['error'].startswith('agent error: (tooBig)')")"
n=$(reqs toobig)
# toobig-one: {sysDescr.0, sysUpTime.0}, then sysDescr.0 alone: 2.
# toobig-walk: max-repetitions 16, 8, 4, 2, 1: 5.
# toobig-v1: {3 scalars}, {1}, {1, sysUpTime.0}... at most 2 + 3 + log2: < 10.
check "tooBig costs a handful of requests ($n for three hosts)" test "${n:-0}" -ge 7 -a "${n:-0}" -le 20
check "the cycle closed without its deadline" sh -c "! grep -q 'passed its deadline' '$T_TMP/once.log'"
check "no worker died" sh -c "! grep -Eqi 'killed by signal|exited with status' '$T_TMP/once.log'"

# ---- a daemon, cycles back to back ---------------------------------------------------
D="$T_TMP/st2"
$BIN run -f --interval 0 --state-dir "$D" 2>"$T_TMP/daemon.log" &
SUP=$!
check "daemon: 8 cycles" wait_for 120 sh -c "[ \"\$($BIN status --json --state-dir '$D' 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"cycle\"])' 2>/dev/null)\" -ge 8 ]"
$BIN status --json --state-dir "$D" > "$T_TMP/d.json"
c=$(jget "$T_TMP/d.json" "D['cycle']")
check_eq "daemon: good hosts still ok after $c cycles" "ok ok" \
	"$(jget "$T_TMP/d.json" "d['good-big']['status'], d['good-sys']['status']")"
check_eq "daemon: good-big still reads its long values" "4" \
	"$(jget "$T_TMP/d.json" "len([v for v in d['good-big']['values'] if v['type'] == 'OCTET STRING'])")"
check "daemon: the tooBig hosts are polled again each cycle (backoff aside)" \
	sh -c "[ \"\$(awk '{print \$2}' '$T_TMP/toobig.stats')\" -gt $((n + 6)) ]"
check "daemon: no cycle ran to its deadline" sh -c "! grep -q 'passed its deadline' '$T_TMP/daemon.log'"
kill "$SUP"
check "daemon stops on SIGTERM" wait_for 10 sh -c "! kill -0 $SUP 2>/dev/null"
SUP=
check "daemon: no worker died" sh -c "! grep -Eqi 'killed by signal|exited with status' '$T_TMP/daemon.log'"
