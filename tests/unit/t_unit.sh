# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Unit tests: each tests/unit/*.c is a small C program built with the
# board's toolchain against the program's own modules and run on the host
# (under qemu-user for a cross board).  Its "ok"/"not ok"/"skip" lines count.
. "$SRC/tests/lib.sh"
eval "$(sed -n 's/^\(TC_[A-Z_]*\) := \(.*\)$/\1="\2"/p' "$O/toolchain.mk")"
CC=${TC_CC:-cc}
# The program's own CFLAGS (warnings as errors included) for the tests too.
FLAGS=$(make -s --no-print-directory -C "$SRC" O="$O" print-cflags)
SRCS="$SRC/src/shm.c $SRC/src/ifr.c $SRC/src/screen.c $O/gen/hosts.c"
for t in "$SRC"/tests/unit/*.c; do
	n=$(basename "$t" .c)
	# shellcheck disable=SC2086
	if ! $CC $FLAGS -fno-builtin -c -o "$T_TMP/arena.o" "$SRC/src/arena.c" >"$T_TMP/$n.log" 2>&1 ||
	   ! $CC $FLAGS -static -o "$T_TMP/$n" "$t" $SRCS "$T_TMP/arena.o" >"$T_TMP/$n.log" 2>&1; then
		fail "$n builds"; sed 's/^/#   /' "$T_TMP/$n.log" | tail -10; continue
	fi
	$T_RUN "$T_TMP/$n" > "$T_TMP/$n.out" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) pass "$n: ${line#ok - }" ;;
		"not ok - "*) fail "$n: ${line#not ok - }" ;;
		"skip - "*) skip "$n: ${line#skip - }" ;;
		"#"*) echo "$line" ;;
		esac
	done < "$T_TMP/$n.out"
	check_eq "$n exits 0" 0 "$rc"
done
