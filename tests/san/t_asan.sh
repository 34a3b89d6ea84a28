# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sanitizers and leaks.
#
# 1. The glibc host build (toolchain/host-glibc.mk, Debian's libsnmp) with
#    ASan + UBSan, every report fatal and logged to a file, runs the engine
#    integration scripts (t_poll, t_daemon) and the hostile agents
#    (t_hostile) through a nested tests/run: their
#    summary must show no failure and the report directory must stay empty.
# 2. valgrind on the plain glibc build: a --once run over many hosts loses
#    nothing in any process, and a worker's heap in use does not grow with
#    cycles (3 cycles vs 15 in the daemon, stopped between cycles).
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SUP=
trap daemon_cleanup EXIT

GLIBC_MK="TOOLCHAIN_MK=$SRC/toolchain/host-glibc.mk"

# host_config DIR: the x86_64 board's configuration, arena off (the glibc
# build keeps glibc's malloc: the sanitizers and valgrind watch it).
host_config() {
	mkdir -p "$1" &&
	cp "$O/.config" "$1/.config" &&
	/usr/bin/python3 "$SRC/toolchain/kconfig.py" "$1/.config" set ARENA n >/dev/null
}

# ---- ASan + UBSan over the integration scripts -------------------------------
S=$T_TMP/san
SANMK="TOOLCHAIN_MK=$SRC/toolchain/host-glibc.mk HOST_SAN=1"
# shellcheck disable=SC2086
check "sanitizer build (ASan + UBSan, glibc)" sh -c "
	$(declare -f host_config); O='$O' SRC='$SRC' host_config '$S' &&
	make -s -C '$SRC' O='$S' $SANMK > '$S/build.log' 2>&1 &&
	nm '$S/snmpoll.unstripped' | grep -q __asan_init"
R=$T_TMP/reports
mkdir -p "$R" && chmod 1777 "$R"	# the daemon writes as nobody
# Leaks: LSan checks every process that exits normally (supervisor, status
# commands); workers end by signal, so valgrind below covers them.
export ASAN_OPTIONS="log_path=$R/asan:exitcode=97:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$R/ubsan:halt_on_error=1:print_stacktrace=1"
# The reports do reach $R: a leak and an overflow in a canary.
printf '%s\n' '#include <stdlib.h>' '#include <string.h>' \
	'int main(int c, char **v) { char *p = malloc(8); (void)v; p[c + 7] = 1; return 0; }' > "$T_TMP/canary.c"
gcc -fsanitize=address,undefined -g -o "$T_TMP/canary" "$T_TMP/canary.c" 2>/dev/null
"$T_TMP/canary" 2>/dev/null
check "a sanitizer report lands in the report directory (canary)" sh -c "grep -lq heap-buffer-overflow '$R'/asan.*"
rm -f "$R"/*
O="$S" T_MAKEFLAGS="$SANMK" "$SRC/tests/run" "$SRC/tests/engine/t_poll.sh" "$SRC/tests/engine/t_daemon.sh" \
	"$SRC/tests/hostile/t_hostile.sh" > "$T_TMP/nested.out" 2>&1
unset ASAN_OPTIONS UBSAN_OPTIONS
summary=$(tail -n 1 "$T_TMP/nested.out")
grep -A8 '^not ok' "$T_TMP/nested.out" | head -30 | sed 's/^/#   /'
check "t_poll, t_daemon, t_hostile under ASan/UBSan: $summary" \
	sh -c "echo '$summary' | grep -Eq '^[1-9][0-9]* passed, 0 failed'"
check "no sanitizer report ($(ls "$R" | wc -l) files)" test -z "$(ls "$R")"
for f in "$R"/*; do [ -f "$f" ] && { echo "# $f:"; head -30 "$f" | sed 's/^/#   /'; }; done

# ---- valgrind: no leak, no growth per cycle -----------------------------------
P1=$(free_port); P2=$(free_port)
check "agent a1 starts" agent_start a1 127.0.0.1 "$P1"
check "agent a2 starts" agent_start a2 127.0.0.1 "$P2"
{
	echo "defaults community=public timeout=3000 retries=1"
	echo "oids sys sysDescr.0 sysObjectID.0 sysUpTime.0 sysName.0 sysLocation.0 sysContact.0"
	echo "oids walk walk:ifDescr walk:ifInOctets walk:1.3.6.1.2.1.1"
	for i in $(seq 1 20); do
		echo "host v2-$i 127.0.0.1:$P1 oids=sys,walk"
		echo "host v1-$i 127.0.0.1:$P2 version=1 oids=sys,walk"
	done
	echo "host dead 127.0.0.1:1 timeout=200 retries=0 oids=sys"
} > "$T_TMP/many.tbl"
V=$T_TMP/vg
check "plain glibc build, 41 hosts" sh -c "
	$(declare -f host_config); O='$O' SRC='$SRC' host_config '$V' &&
	make -s -C '$SRC' O='$V' HOSTS_TABLE='$T_TMP/many.tbl' $GLIBC_MK > '$V/build.log' 2>&1"
VG="valgrind -q --vgdb=no --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
mkdir -p "$T_TMP/vg1" && chmod 1777 "$T_TMP/vg1"	# workers log as nobody
$VG --log-file="$T_TMP/vg1/%p.log" "$V/snmpoll.unstripped" run --once --state-dir "$T_TMP/vgst" \
	2>"$T_TMP/vg1.err"
rc=$?
check "valgrind --once: exit 1 (the dead host), not a valgrind error ($rc)" test "$rc" -eq 1
check "valgrind --once: 40 hosts ok" test "$(python3 -c "import json,sys; print(sum(h['status']=='ok' for h in json.load(open(sys.argv[1]))['hosts']))" "$T_TMP/vgst/status.json")" -eq 40
check "valgrind --once: no leak or memory error in any of $(ls "$T_TMP/vg1" | wc -l) processes" \
	sh -c "[ \$(ls '$T_TMP/vg1' | wc -l) -ge 3 ] && ! grep -l . '$T_TMP/vg1'/*.log"
for f in "$T_TMP/vg1"/*.log; do [ -s "$f" ] && head -30 "$f" | sed 's/^/#   /'; done

# Every process's heap in use when stopped between cycles (SIGHUP-driven,
# so no request is in flight): the same after 3 and 15 cycles.
cyc() { "$V/snmpoll" status --json --state-dir "$1" 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["cycle"])' 2>/dev/null; }
heap_after() {
	n=$1 d="$T_TMP/vgd$1" k=1 i=0
	mkdir -p "$d" && chmod 1777 "$d"
	valgrind --vgdb=no --leak-check=full --show-leak-kinds=all --log-file="$d/%p.log" \
		"$V/snmpoll.unstripped" run -f --interval 3600 --state-dir "$d/st" 2>"$d/err" &
	SUP=$!
	while [ "$i" -lt 1500 ]; do	# bounded: 75 s
		c=$(cyc "$d/st")
		[ "${c:-0}" -ge "$n" ] && break
		if [ "${c:-0}" -ge "$k" ]; then k=$((k + 1)); kill -HUP "$SUP"; fi
		i=$((i + 1)); sleep 0.05
	done
	kill -TERM "$SUP"; wait "$SUP"; SUP=
	[ "${c:-0}" -ge "$n" ] || return 1
	grep -h "in use at exit" "$d"/*.log | sed 's/.*exit: \([0-9,]*\) bytes in \([0-9,]*\) blocks/\1:\2/' |
		tr -d , | sort -n | tr '\n' ' '
}
h3=$(heap_after 3)
h15=$(heap_after 15)
check "valgrind daemon: 3 and 15 cycles ran, 3 processes each ($h3/$h15)" \
	test "$(echo $h3 | wc -w)" -eq 3 -a "$(echo $h15 | wc -w)" -eq 3
check_eq "valgrind daemon: heap in use (bytes:blocks) per process, 3 cycles vs 15" "$h3" "$h15"
check "valgrind daemon: nothing definitely lost" no_match -h 'definitely lost: [1-9]' "$T_TMP"/vgd*/*.log
