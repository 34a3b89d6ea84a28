# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# The smallest and the largest configurations both build and poll: every
# optional feature off and the capacities at their minimum, then every
# feature on and the capacities large.  Also make size and savedefconfig.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
LONG_PID=
trap 'agents_cleanup; [ -n "$LONG_PID" ] && kill $LONG_PID 2>/dev/null' EXIT
K="/usr/bin/python3 $SRC/toolchain/kconfig.py"

P1=$(free_port)
check "agent starts" agent_start a1 127.0.0.1 "$P1"
printf 'oids s sysName.0\nhost a1 127.0.0.1:%s oids=s\n' "$P1" > "$T_TMP/hosts.tbl"
# The maximal build also polls an OID of 40 arcs: longer than the 32-arc
# name buffer inside net-snmp's varbind (toolchain/sysroot.sh), so the
# library allocates the name; the value must come back whole.
P2=$(free_port)
python3 "$SRC/tests/hostile/agent.py" --lifetime 300 --ready "$T_TMP/long.ready" "good:$P2" \
	</dev/null 2>>"$T_TMP/long.err" &
LONG_PID=$!
LONG_OID=1.3.6.1.4.1.99999.9$(seq -s . 1 32 | sed 's/^/./')
check "agent for the 40-arc OID starts" wait_for 10 test -s "$T_TMP/long.ready"
{ cat "$T_TMP/hosts.tbl"; printf 'oids l %s\nhost long 127.0.0.1:%s oids=l\n' "$LONG_OID" "$P2"; } > "$T_TMP/hosts-max.tbl"

build_cfg() {  # NAME SYMBOL=VALUE...
	d="$T_TMP/$1"; shift
	mkdir -p "$d"
	make -s -C "$SRC" O="$d" x86_64_defconfig >/dev/null || return 1
	for kv in "$@"; do
		(cd "$SRC" && $K "$d/.config" set "${kv%%=*}" "${kv#*=}") || return 1
	done
	make -s -C "$SRC" O="$d" HOSTS_TABLE="${TBL:-$T_TMP/hosts.tbl}" >"$d/build.log" 2>&1 || { tail -20 "$d/build.log"; return 1; }
}

check "minimal config builds" build_cfg min PROMETHEUS=n CGI=n IPV6=n ARENA=n WORKERS=1 \
	MAX_INFLIGHT=1 MAX_OIDS=1 VALUE_LEN=16 OID_MAX_ARCS=16 PDU_VARBINDS=1 MAX_HOSTS=1 USER=
TBL=$T_TMP/hosts-max.tbl check "maximal config builds" build_cfg max PROMETHEUS=y CGI=y IPV6=y ARENA=y WORKERS=16 \
	MAX_INFLIGHT=1000 MAX_OIDS=1024 VALUE_LEN=1024 OID_MAX_ARCS=128 PDU_VARBINDS=64 MAX_HOSTS=10000 ARENA_KB=131072
for c in min max; do
	$T_RUN "$T_TMP/$c/snmpoll" run --once --state-dir "$T_TMP/st-$c" 2>/dev/null
	check_eq "$c: polls the agent" 0 "$?"
	check "$c: value read" sh -c "$T_RUN '$T_TMP/$c/snmpoll' status --json --state-dir '$T_TMP/st-$c' | grep -q '\"value\": \"a1\"'"
done
check "max: a 40-arc OID's value read whole" sh -c "$T_RUN '$T_TMP/max/snmpoll' status --json --state-dir '$T_TMP/st-max' |
	grep -q '\"oid\": \"$LONG_OID\",.*\"value\": \"HOSTILE-good\"'"
"$T_TMP/min/snmpoll" status --prom --state-dir "$T_TMP/st-min" >/dev/null 2>&1
check_eq "min: --prom is refused when Prometheus is off" 2 "$?"
GATEWAY_INTERFACE=CGI/1.1 "$T_TMP/min/snmpoll" status --state-dir "$T_TMP/st-min" | grep -q '^a1 '
check_eq "min: CGI off: GATEWAY_INTERFACE is ignored" 0 "$?"
smin=$(stat -c %s "$T_TMP/min/snmpoll"); smax=$(stat -c %s "$T_TMP/max/snmpoll")
check "min binary ($smin) smaller than max ($smax)" test "$smin" -lt "$smax"
make -s -C "$SRC" O="$T_TMP/max" size > "$T_TMP/size.out" 2>&1
check "make size prints per-object sizes" grep -q 'engine.o' "$T_TMP/size.out"
check "make size names net-snmp's and libc's biggest members" sh -c "
	grep -A1 '^  biggest from net-snmp' '$T_TMP/size.out' | grep -q 'snmp_api.o' &&
	grep -A1 '^  biggest from libc' '$T_TMP/size.out' | grep -Eq '\.l?o '"
check "make savedefconfig" sh -c "make -s -C '$SRC' O='$T_TMP/min' savedefconfig && grep -q 'CONFIG_WORKERS=1' '$T_TMP/min/defconfig'"
