# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Fuzz harnesses in make check: they build; every regression input in
# tests/fuzz/crashes/<harness>/ and every seed passes; a short fuzz run
# (FUZZ_CHECK_SECONDS, default 20 s per harness) finds nothing.  The
# screen's harness runs twice, with a 64-bit and a 32-bit long
# (fuzz_screen32 shares fuzz_screen's inputs).
. "$SRC/tests/lib.sh"
FZ_PIDS=
trap '[ -n "$FZ_PIDS" ] && kill $FZ_PIDS 2>/dev/null' EXIT
if ! command -v clang >/dev/null; then
	skip "clang not installed"
	exit 0
fi
. "$SRC/tests/fuzz/build.sh"
D=$T_TMP/fz
check "harnesses build" fz_build "$D"
[ -x "$D/fuzz_pdu" ] && [ -x "$D/fuzz_shm" ] && [ -x "$D/fuzz_table" ] && [ -x "$D/fuzz_screen" ] || exit 0
echo "# fuzz_pdu links $FZ_NETSNMP"
HARNESSES="pdu shm table screen"
if [ -n "$FZ_SCREEN32" ]; then
	HARNESSES="$HARNESSES screen32"
	pass "fuzz_screen32 (32-bit long) builds and runs${FZ_RUN32:+ under $FZ_RUN32}"
else
	skip "fuzz_screen32: clang -m32 cannot build or run here (gcc-multilib, qemu-i386-static)"
fi
# inputs HARNESS: the name of its corpus and regression dirs.
inputs() { echo "${1%32}"; }

# replay HARNESS FILE...: run the inputs, 0 if none crashed.
replay() {
	h=$1; shift
	[ $# -gt 0 ] || return 0
	fz_run "$D/fuzz_$h" -timeout=10 -rss_limit_mb=2048 "$@" > "$T_TMP/replay.out" 2>&1 ||
		{ grep -E 'ERROR|SUMMARY|runtime error|fuzz_table:|accepted|invalid JSON|screen passed|Running' "$T_TMP/replay.out" | tail -8; return 1; }
}
for h in $HARNESSES; do
	set --
	for f in "$SRC/tests/fuzz/crashes/$(inputs $h)"/*; do
		[ -f "$f" ] || continue
		# netsnmp-*: bugs of Debian's net-snmp that engine.c screens out.
		set -- "$@" "$f"
	done
	check "fuzz_$h: $# regression inputs pass" replay "$h" "$@"
	check "fuzz_$h: seed corpus passes" replay "$h" "$SRC/tests/fuzz/corpus/$(inputs $h)"/*
done

# Short runs, all harnesses at once; not fuzz_screen32 under qemu-i386,
# where libFuzzer's own corpus scheduling dies of SIGFPE now and then
# (a qemu floating-point fault, not a finding): it replays above.
secs=${FUZZ_CHECK_SECONDS:-20}
RUNS="pdu shm table screen"
[ -n "$FZ_SCREEN32" ] && [ -z "$FZ_RUN32" ] && RUNS="$RUNS screen32"
for h in $RUNS; do
	mkdir -p "$T_TMP/corpus-$h" "$T_TMP/crashes-$h"
	cp "$SRC/tests/fuzz/corpus/$(inputs $h)/"* "$T_TMP/corpus-$h/"
	fz_run "$D/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
		-print_final_stats=1 -artifact_prefix="$T_TMP/crashes-$h/" \
		"$T_TMP/corpus-$h" > "$T_TMP/fuzz_$h.out" 2>&1 &
	FZ_PIDS="$FZ_PIDS $!"
done
for p in $FZ_PIDS; do wait "$p"; done
FZ_PIDS=
for h in $RUNS; do
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T_TMP/fuzz_$h.out")
	check "fuzz_$h: ${secs} s, ${runs:-0} executions, no crash" \
		sh -c "[ '${runs:-0}' -gt 0 ] && [ -z \"\$(ls '$T_TMP/crashes-$h')\" ]"
	if [ -n "$(ls "$T_TMP/crashes-$h")" ]; then
		grep -E 'ERROR|SUMMARY|runtime error|fuzz_table:|accepted|invalid JSON|screen passed' "$T_TMP/fuzz_$h.out" | head -5 | sed 's/^/#   /'
		mkdir -p "$O/fuzz-crashes" && cp "$T_TMP/crashes-$h/"* "$O/fuzz-crashes/" &&
			echo "#   inputs kept in $O/fuzz-crashes: add them to tests/fuzz/crashes/$(inputs $h)/"
	fi
done
