# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Dead-host backoff: after CONFIG_BACKOFF_AFTER failed cycles a host is
# polled every 2nd, 4th, ... cycle (at most every BACKOFF_MAX) and says
# "backoff" while skipped; one answer ends it.  Cycles are driven by SIGHUP.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SUP=
cleanup() { [ -n "$SUP" ] && kill "$SUP" 2>/dev/null; agents_cleanup; }
trap cleanup EXIT

after=$(sed -n 's/^CONFIG_BACKOFF_AFTER=//p' "$O/.config")
P1=$(free_port); P2=$(free_port)
check "agent starts" agent_start a1 127.0.0.1 "$P1"
printf 'defaults timeout=300 retries=0\noids s sysUpTime.0\nhost live 127.0.0.1:%s oids=s\nhost flaky 127.0.0.1:%s oids=s\n' \
	"$P1" "$P2" > "$T_TMP/hosts.tbl"
check "build" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"
D="$T_TMP/st"
$BIN run --state-dir "$D" --interval 3600 2>/dev/null
SUP=$(cat "$D/snmpoll.pid")
field() { $BIN status --json --state-dir "$D" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['cycle'] if sys.argv[1]=='cycle' else [h for h in d['hosts'] if h['name']=='flaky'][0][sys.argv[1]])" "$1"; }
cyc() { [ "$(field cycle)" -ge "$1" ]; }
seq_=""
for n in $(seq 1 12); do
	[ "$n" -gt 1 ] && kill -HUP "$SUP"
	wait_for 10 cyc "$n" || { fail "cycle $n did not complete"; break; }
	seq_="$seq_$(field status | cut -c1)"
done
# e = error (refused), b = backoff.  With BACKOFF_AFTER=3: three failures,
# then every 2nd cycle, then every 4th.
if [ "$after" = 3 ]; then
	check_eq "polled, skipped, polled ... (e=error, b=backoff)" "eeebebbbebbb" "$seq_"
else
	skip "backoff pattern (CONFIG_BACKOFF_AFTER=$after, pattern written for 3)"
fi
check_eq "failures counted while backed off" 5 "$(field failures)"
# The host comes back: the next poll ends the backoff.
check "agent for flaky starts" agent_start a2 127.0.0.1 "$P2"
ok=0
for n in $(seq 13 24); do
	kill -HUP "$SUP"
	wait_for 10 cyc "$n" || break
	[ "$(field status)" = ok ] && { ok=$n; break; }
done
check "one answer ends the backoff (ok at cycle $ok)" test "$ok" -gt 0 -a "$ok" -le 21
kill -HUP "$SUP"
check "next cycle" wait_for 10 cyc $((ok + 1))
check_eq "polled every cycle again" ok "$(field status)"
check_eq "failures reset" 0 "$(field failures)"
