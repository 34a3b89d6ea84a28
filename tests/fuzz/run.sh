#!/bin/bash
# SPDX-License-Identifier: MIT
# make fuzz: build the harnesses into $O/fuzz and run each for FUZZ_SECONDS
# (default 60) from its seed corpus (tests/fuzz/corpus/<harness>, copied:
# the repository is not touched).  New inputs collect in $O/fuzz/corpus-*;
# a crash leaves its input in $O/fuzz/crashes-<harness>/: reproduce with
# `$O/fuzz/fuzz_<harness> FILE`, fix, and add FILE to
# tests/fuzz/crashes/<harness>/ so make check replays it for ever.
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
: "${O:=$SRC/build}" "${FUZZ_SECONDS:=60}" "${FUZZ_JOBS:=1}"
mkdir -p "$O" && O=$(cd "$O" && pwd)
. "$SRC/tests/fuzz/build.sh"
D=$O/fuzz
echo "fuzz: building harnesses in $D"
fz_build "$D" || { echo "fuzz: build failed"; exit 1; }
echo "fuzz: fuzz_pdu links $FZ_NETSNMP"
rc=0
harnesses="pdu shm table screen"
[ -n "$FZ_SCREEN32" ] && harnesses="$harnesses screen32"
for h in $harnesses; do
	c=${h%32}	# fuzz_screen32 grows fuzz_screen's corpus
	mkdir -p "$D/corpus-$c" "$D/crashes-$h"
	cp -n "$SRC/tests/fuzz/corpus/$c/"* "$D/corpus-$c/" 2>/dev/null
	echo "fuzz: fuzz_$h for $FUZZ_SECONDS s"
	fz_run "$D/fuzz_$h" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
		-print_final_stats=1 -artifact_prefix="$D/crashes-$h/" \
		"$D/corpus-$c" > "$D/fuzz_$h.out" 2>&1
	r=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$D/fuzz_$h.out")
	echo "fuzz: fuzz_$h: ${runs:-?} executions, exit $r"
	if [ $r -ne 0 ]; then
		rc=1
		grep -E 'ERROR|SUMMARY|runtime error|fuzz_table:|accepted|invalid JSON|screen passed' "$D/fuzz_$h.out" | head -5
		ls "$D/crashes-$h/"
	fi
done
exit $rc
