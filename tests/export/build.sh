# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Builds for the export and web tests; sourced by t_export.sh and t_web.sh.
#
# export_build DIR makes, from tests/export/hosts.tbl:
#   DIR/hosts.c     the table, by the build's own table compiler ($TBLC)
#   DIR/mkshm       writes known records into a state dir (mkshm.c)
#   DIR/exmain      the exporters alone behind a stand-in main, built with
#                   clang -fsanitize=address,undefined
#   DIR/tb/snmpoll  the real program for that table (make O=DIR/tb), reusing
#                   the configuration and cached toolchain of $O
# Each step logs to DIR/NAME.log; a step that fails leaves its file absent.

EX_SRC=$SRC/tests/export
EX_AC=$O/include/autoconf.h
EX_WARN=$(make -s --no-print-directory -C "$SRC" print-warnflags)
# The exporter's own sources, checked under the sanitizers.
EX_FILES="fmt json prom text status ifexport"

ex_table() {
	"$TBLC" -o "$1/hosts.c" "$EX_SRC/hosts.tbl" >"$1/hosts.log" 2>&1
}

ex_mkshm() {
	cc $EX_WARN -O1 -include "$EX_AC" -I"$SRC/src" -o "$1/mkshm" \
		"$EX_SRC/mkshm.c" "$SRC/src/shm.c" "$SRC/src/ifr.c" "$1/hosts.c" -lm >"$1/mkshm.log" 2>&1
}

ex_asan() {
	local f srcs=""
	for f in $EX_FILES shm ifr mib log; do srcs="$srcs $SRC/src/$f.c"; done
	clang $EX_WARN -g -O1 -fno-omit-frame-pointer \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		-include "$EX_AC" -I"$SRC/src" -o "$1/exmain" \
		"$EX_SRC/exmain.c" $srcs "$1/hosts.c" -lm >"$1/exmain.log" 2>&1
}

# The real snmpoll, same configuration as $O but the test table.
ex_real() {
	mkdir -p "$1/tb" || return 1
	cp "$O/.config" "$1/tb/.config" || return 1
	# Copied after .config so make sees the cached toolchain as current.
	[ -f "$O/toolchain.mk" ] && cp "$O/toolchain.mk" "$1/tb/toolchain.mk"
	make -s -C "$SRC" O="$1/tb" HOSTS_TABLE="$EX_SRC/hosts.tbl" \
		>"$1/real.log" 2>&1 && [ -x "$1/tb/snmpoll" ]
}

# Shows the tail of a failed step's log in the test output.
ex_log() {
	[ -f "$1" ] && tail -15 "$1" | sed 's/^/#   /'
	return 0
}
