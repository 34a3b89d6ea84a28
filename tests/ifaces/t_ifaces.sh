#!/bin/bash
# SPDX-License-Identifier: MIT
# The interface view against a real snmpd (tests/ifaces/fixture.sh): the
# join by ifIndex, 64/32-bit counters, rates equal to what two snmpget
# readings predict (across a Counter32 wrap), utilisation, truncation,
# JSON and Prometheus values, history shape and bounds, a 64-bit counter
# going back, an agent restart; and events: the exact ACTION sequence for
# an interface down/up and a host stop/start, none at start-up, a command
# that sleeps does not hold cycles and is killed after 10 s.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
. "$SRC/tests/ifaces/fixture.sh"
SUP=
trap daemon_cleanup EXIT

P=$(free_port)
check "agent with the interface fixture starts" ifx_start r1 127.0.0.1 "$P"
cat >"$T_TMP/hosts.tbl" <<T
defaults community=public timeout=2000 retries=1
oids sys sysName.0
host r1    127.0.0.1:$P oids=sys,interfaces
host r1v1  127.0.0.1:$P version=1 oids=interfaces
T
# The event recorder: one line per event; sleeps while $T_TMP/slow exists.
cat >"$T_TMP/rec.sh" <<REC
#!/bin/sh
if [ -f '$T_TMP/slow' ]; then echo "\$\$" >'$T_TMP/sleeper'; exec sleep 60; fi
echo "\$ACTION \$HOST \$ADDRESS \$STATUS \${IFINDEX:--} \${IFNAME:--}" >>'$T_TMP/events'
REC
chmod 755 "$T_TMP/rec.sh"
# Run as root, the daemon (and so the command) drops to nobody.
: >"$T_TMP/events"; : >"$T_TMP/sleeper"
chmod 666 "$T_TMP/events" "$T_TMP/sleeper"
B=$T_TMP/b
check "build: MAX_IFACES=4 HISTORY=4 EVENT_CMD=recorder" \
	ifx_build "$B" "$T_TMP/hosts.tbl" MAX_IFACES=4 HISTORY=4 "EVENT_CMD=$T_TMP/rec.sh"
[ -x "$B/snmpoll" ] || exit 1
BIN="$T_RUN $B/snmpoll"
ST=$T_TMP/st
mkdir -p "$ST" && chmod 755 "$ST"

$BIN run -f --interval 1 --state-dir "$ST" 2>"$T_TMP/run.log" &
SUP=$!
doc() { $BIN status --json --history --state-dir "$ST" 2>/dev/null; }
cycle() { doc | jq -r .cycle 2>/dev/null || echo 0; }
cycles_past() { [ "$(cycle)" -ge "$1" ]; }
q() { local d; d=$(doc) && [ -n "$d" ] && echo "$d" | jq -c "$1"; }	# of the current document
IF='.hosts[0].interfaces'
check "three cycles" wait_for 20 cycles_past 3
doc >"$T_TMP/d1.json"
check "status --json --history is valid JSON" jq -e .hosts "$T_TMP/d1.json"
check_eq "no event at start-up" "" "$(cat "$T_TMP/events")"
check_eq "interfaces in ifIndex order, cut at MAX_IFACES" "[1,2,3,5]" "$(jq -c "[${IF}[].index]" "$T_TMP/d1.json")"
check_eq "truncated past MAX_IFACES" true "$(jq -c '.hosts[0].truncated' "$T_TMP/d1.json")"
check_eq "names (ifName)" '["eth0","wan0","port3","</script><img src=x onerror=alert(1)>"]' \
	"$(jq -c "[${IF}[].name]" "$T_TMP/d1.json")"
check "hostile name escaped in the JSON text" grep -qF '\u003c/script\u003e\u003cimg' "$T_TMP/d1.json"
check_eq "alias, invalid UTF-8 made valid" '["uplink",null,null,"\ufffd\ufffdA"]' \
	"$(jq -c "[${IF}[].alias]" "$T_TMP/d1.json" | sed 's/\xef\xbf\xbd/\\ufffd/g')"
check_eq "oper names" '["up","up","up","lowerLayerDown"]' "$(jq -c "[${IF}[].oper]" "$T_TMP/d1.json")"
check_eq "speeds: ifHighSpeed, 0, ifHighSpeed, ifSpeed" "[1000000000,0,100000000,10000000]" \
	"$(jq -c "[${IF}[].speed_bps]" "$T_TMP/d1.json")"
check_eq "64-bit where the agent has them, else 32" "[64,32,64,32]" "$(jq -c "[${IF}[].counter_bits]" "$T_TMP/d1.json")"
check_eq "v1: always 32-bit" "[32,32,32,32]" "$(jq -c "[.hosts[1].interfaces[].counter_bits]" "$T_TMP/d1.json")"
check_eq "Counter64 octets as all their digits" '"18446744073709551615"' "$(jq -c "${IF}[2].in_octets" "$T_TMP/d1.json")"
check_eq "v1 port3 takes ifInOctets" '"5"' "$(jq -c ".hosts[1].interfaces[2].in_octets" "$T_TMP/d1.json")"
check_eq "utilisation null at speed 0" null "$(jq -c "${IF}[1].in_util" "$T_TMP/d1.json")"
check_eq "static counters: rate 0" "0 0" "$(jq -r "${IF}[2] | \"\(.in_bps) \(.out_bps)\"" "$T_TMP/d1.json")"

# Rates against two snmpget readings of the agent (wan0's Counter32 wraps
# every 4.3 s: the difference is taken modulo 2^32 as the poller must).
# A reading is timed by the middle of the snmpget run.
reading() {
	local t0 v t1
	t0=$(date +%s.%N); v=$(snmpq -v2c -c public -Oqv 127.0.0.1:"$P" "$1"); t1=$(date +%s.%N)
	echo "$t0 $t1 $v"
}
predict() {	# OID BITS: bits/s from two readings 2 s apart (under 2.9 s: one wrap at most)
	local a b
	a=$(reading "$1"); sleep 2; b=$(reading "$1")
	echo "$a $b" | awk -v m="$2" '{d=$6-$3; if (d<0) d+=2^m; printf "%.0f\n", d*8/(($4+$5)/2-($1+$2)/2)}'
}
near() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > 0 && b > 0 && a/b > 0.95 && a/b < 1.05) }'; }
check_near() { if near "$2" "$3"; then pass "$1 ($2 ~ $3)"; else fail "$1"; echo "#   $2 vs $3"; fi; }
w=$(predict $IFT.10.2 32)
check_near "wan0 in_bps across Counter32 wraps = snmpget prediction" "$(q "${IF}[1].in_bps")" "$w"
e=$(predict $IFX.6.1 64)
check_near "eth0 in_bps (Counter64) = snmpget prediction" "$(q "${IF}[0].in_bps")" "$e"
e=$(predict $IFX.10.1 64)
check_near "eth0 out_bps = snmpget prediction" "$(q "${IF}[0].out_bps")" "$e"
check_near "eth0 in_util from ifHighSpeed" "$(q "${IF}[0].in_util")" 0.001
check_near "wan0 in_errors_ps" "$(q "${IF}[1].in_errors_ps")" 1000
check_eq "eth0 in_errors_ps of a static counter" 0 "$(q "${IF}[0].in_errors_ps")"

# Prometheus
$BIN status --prom --state-dir "$ST" >"$T_TMP/p.txt"
pr() { grep -F "$1" "$T_TMP/p.txt" | head -1 | awk '{print $NF}'; }
check_eq "prom in_octets all digits" 18446744073709551615 \
	"$(pr 'snmpoll_if_in_octets_total{host="r1",ifindex="3",ifname="port3"}')"
check_eq "prom out_octets" 42 "$(pr 'snmpoll_if_out_octets_total{host="r1",ifindex="3",ifname="port3"}')"
check_eq "prom speed" 1000000000 "$(pr 'snmpoll_if_speed_bps{host="r1",ifindex="1",ifname="eth0"}')"
check_eq "prom raw oper status" 7 "$(pr 'snmpoll_if_oper_status{host="r1",ifindex="5",ifname="</script><img src=x onerror=alert(1)>"}')"
check_eq "prom in errors" 3 "$(pr 'snmpoll_if_in_errors_total{host="r1",ifindex="1",ifname="eth0"}')"
check_eq "prom out errors" 0 "$(pr 'snmpoll_if_out_errors_total{host="r1",ifindex="1",ifname="eth0"}')"
check "prom families typed" grep -qx '# TYPE snmpoll_if_in_octets_total counter' "$T_TMP/p.txt"

# History: HISTORY=4 entries once 4 cycles are done, oldest first.
check "five cycles" wait_for 20 cycles_past 5
doc >"$T_TMP/d2.json"
check_eq "history shape" '["in_bps","interval_s","out_bps"]' "$(jq -c "${IF}[0].history | keys" "$T_TMP/d2.json")"
check_eq "history interval" 1 "$(jq -c "${IF}[0].history.interval_s" "$T_TMP/d2.json")"
check_eq "history bounded by CONFIG_HISTORY" "4 4 4" \
	"$(jq -r "[(${IF}[0].history.in_bps|length), (${IF}[0].history.out_bps|length), (.hosts[0].rtt_history_ms|length)] | join(\" \")" "$T_TMP/d2.json")"
# wan0 wraps every 2.9 s: four samples a second apart span a wrap, and
# every rate equals the ramp's 12 Gb/s.
check "wan0 history across wraps: every rate 12 Gb/s" jq -e "${IF}[1].history.in_bps[1:] | length == 3 and all(. > 11.4e9 and . < 12.6e9)" "$T_TMP/d2.json"
check_eq "history newest = current rate" "$(jq -c "${IF}[2].in_bps" "$T_TMP/d2.json")" "$(jq -c "${IF}[2].history.in_bps[-1]" "$T_TMP/d2.json")"
check "RTT history all numbers while up" jq -e '.hosts[0].rtt_history_ms | all(type == "number")' "$T_TMP/d2.json"
check_eq "no history without --history" "null null" "$($BIN status --json --state-dir "$ST" | jq -r "\"\(${IF}[0].history) \(.hosts[0].rtt_history_ms)\"")"

# rpcd: history and paging, through the real binary.
echo '{"history": true, "offset": 0, "limit": 1}' |
	SNMPOLL_BIN=$B/snmpoll SNMPOLL_STATE_DIR=$ST sh "$SRC/src/rpcd/snmpoll" call status >"$T_TMP/rpc.json"
check_eq "rpcd call status {history, offset 0, limit 1}: one host of two, with history" '["r1",2,0,1,4]' \
	"$(jq -c '[.hosts[0].name, .hosts_total, .offset, (.hosts|length), (.hosts[0].rtt_history_ms|length)]' "$T_TMP/rpc.json")"
echo '{"offset": 1, "limit": 5}' |
	SNMPOLL_BIN=$B/snmpoll SNMPOLL_STATE_DIR=$ST sh "$SRC/src/rpcd/snmpoll" call status >"$T_TMP/rpc1.json"
check_eq "rpcd call status {offset 1, limit 5}: the second host" '["r1v1"]' "$(jq -c '[.hosts[].name]' "$T_TMP/rpc1.json")"
echo '{}' | SNMPOLL_BIN=$B/snmpoll SNMPOLL_STATE_DIR=$ST sh "$SRC/src/rpcd/snmpoll" call status >"$T_TMP/rpc2.json"
check_eq "rpcd call status {}: every host, no history, no paging" "2 null null" \
	"$(jq -r '"\(.hosts|length) \(.hosts[0].rtt_history_ms) \(.hosts_total)"' "$T_TMP/rpc2.json")"

# A 64-bit counter going back: null rate for that sample.
ifx_write r1 1 5
NULL_AFTER='. as $h | any(range(1; length); $h[.] == null and ($h[. - 1] | type) == "number")'
hist_null_after_number() { q "${IF}[2].history.in_bps | $NULL_AFTER" | grep -qx true; }
check "port3 counter going back: a null in its history" wait_for 10 hist_null_after_number

# Interface down and up: one event per host that polls it.
oper3() { q "${IF}[2].oper == \"$1\"" | grep -qx true; }
ifx_write r1 2
check "port3 shows down" wait_for 10 oper3 down
ifx_write r1 1
check "port3 shows up again" wait_for 10 oper3 up
lines_ge() { [ "$(wc -l <"$T_TMP/events")" -ge "$1" ]; }
check "if events recorded" wait_for 10 lines_ge 4

# The host stops and comes back; its rates restart from null (sysUpTime
# went back), its RTT history has nulls for the cycles without an answer.
host_not_ok() { q '.hosts[0].status != "ok"' | grep -qx true; }
agent_stop r1
check "host down seen" wait_for 15 host_not_ok
down_cycle=$(cycle)
check "a cycle later" wait_for 10 cycles_past $((down_cycle + 1))
# Watched from before the agent starts, so the first answered cycle is
# never missed (bounded: 300 looks).
first_ok() {
	local d
	for _ in $(seq 1 300); do
		d=$(doc) && [ "$(echo "$d" | jq -r .hosts[0].status)" = ok ] && { echo "$d" >"$T_TMP/d3.json"; return 0; }
		sleep 0.05
	done
	return 1
}
first_ok & WATCH=$!
check "agent back" ifx_start r1 127.0.0.1 "$P"
check "host up again" wait $WATCH
# The restart cycle: the host answered (an RTT) but eth0's rate is null.
# Read from the history one cycle after the first answered one: the host
# record and its interface part are published one after the other, so the
# first look may come between them (HISTORY=4 keeps the restart cycle for
# three more cycles).
up_cycle=$(jq -r .cycle "$T_TMP/d3.json")
check "a cycle after the first answer" wait_for 10 cycles_past $((up_cycle + 1))
doc >"$T_TMP/d4.json"
check "agent restart: a cycle with an RTT and a null rate" jq -e \
	"[.hosts[0].rtt_history_ms, ${IF}[0].history.in_bps] | transpose | any(.[0] != null and .[1] == null)" "$T_TMP/d4.json"
check "RTT history has nulls for the down cycles" jq -e '.hosts[0].rtt_history_ms | any(. == null)' "$T_TMP/d3.json"
check "host events recorded" wait_for 10 lines_ge 8
# The two hosts of a change may see it one cycle apart (the fixture can
# change between their polls): each pair is compared as a set.
cut -d' ' -f1,2,5,6 "$T_TMP/events" >"$T_TMP/ev.txt"
pairs() { awk '{ k = int((NR - 1) / 2); line[NR] = $0 } NR % 2 == 0 { a = line[NR-1]; b = $0; if (a > b) { t = a; a = b; b = t } print a; print b }' "$1"; }
check_eq "exact event sequence" "if-down r1 3 port3
if-down r1v1 3 port3
if-up r1 3 port3
if-up r1v1 3 port3
host-down r1 - -
host-down r1v1 - -
host-up r1 - -
host-up r1v1 - -" "$(pairs "$T_TMP/ev.txt")"
check "event environment: address and status" grep -qx "if-down r1 127.0.0.1:$P down 3 port3" "$T_TMP/events"
check "host-down carries its status" grep -Eqx "host-down r1 127.0.0.1:$P (timeout|error) - -" "$T_TMP/events"

# A command that sleeps 60 s: cycles go on, the next event waits, the
# sleeper is killed after 10 s and the queued event then runs.
: >"$T_TMP/events"
touch "$T_TMP/slow"
ifx_write r1 2
check "the slow command started" wait_for 10 test -s "$T_TMP/sleeper"
rm -f "$T_TMP/slow"
c=$(cycle)
check "cycles go on while it sleeps" wait_for 10 cycles_past $((c + 3))
check "it is still running" kill -0 "$(cat "$T_TMP/sleeper")"
ifx_write r1 1
check "it is killed after 10 s and the queued events run" wait_for 30 lines_ge 2
check "the sleeper is gone" sh -c "! kill -0 $(cat "$T_TMP/sleeper") 2>/dev/null"
check "the kill is logged" grep -q "still running after 10 s; killing it" "$T_TMP/run.log"

kill "$SUP"
check "daemon stops" wait_for 10 sh -c "! kill -0 $SUP 2>/dev/null"
SUP=
