# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Test helpers, sourced by every tests/*/t_*.sh script.
#
# A script asserts with `check DESC CMD...` (passes if CMD exits 0), or
# `pass DESC` / `fail DESC` / `skip DESC`.  Each assertion prints one line
# and is tallied in $T_RESULTS, which tests/run sums up.
#
# Environment from tests/run: SRC (source tree), O (absolute build dir of the
# x86_64 board, binary at $O/snmpoll), TBLC ($O/host/tblc), T_RESULTS,
# T_TMP (a scratch dir for this script, removed afterwards).

: "${T_RESULTS:=/dev/null}"
T_NAME=${T_NAME:-$(basename "$0" .sh)}

pass() { echo "ok - $T_NAME: $*"; echo pass >> "$T_RESULTS"; }
fail() { echo "not ok - $T_NAME: $*"; echo fail >> "$T_RESULTS"; }
skip() { echo "skip - $T_NAME: $*"; echo skip >> "$T_RESULTS"; }

check() {
	desc=$1; shift
	if "$@" >"$T_TMP/check.out" 2>&1; then
		pass "$desc"
	else
		fail "$desc"
		sed 's/^/#   /' "$T_TMP/check.out" | tail -20
	fi
}

# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		printf '#   expected: %s\n#   actual:   %s\n' "$2" "$3"
	fi
}

# wait_for SECONDS CMD... : poll CMD every 50 ms until it succeeds (bounded).
wait_for() {
	_wf_end=$(( $(date +%s%N) / 1000000 + $1 * 1000 )); shift
	while ! "$@" >/dev/null 2>&1; do
		[ $(( $(date +%s%N) / 1000000 )) -ge $_wf_end ] && return 1
		sleep 0.05
	done
	return 0
}

# free_port: an unused UDP port on loopback.
free_port() {
	python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# build_table TABLE DIR [SYM VALUE]...: build snmpoll with TABLE compiled
# in, into DIR (same configuration as $O but for the Kconfig symbols given,
# e.g. WORKERS 1; T_MAKEFLAGS passes e.g. a sanitizer toolchain).
build_table() {
	_bt_table=$1 _bt_dir=$2
	shift 2
	mkdir -p "$_bt_dir"
	cp "$O/.config" "$_bt_dir/.config"
	while [ $# -ge 2 ]; do
		(cd "$SRC" && /usr/bin/python3 toolchain/kconfig.py "$_bt_dir/.config" set "$1" "$2") >/dev/null || return 1
		shift 2
	done
	set -- "$_bt_table" "$_bt_dir"
	# shellcheck disable=SC2086
	if ! make -s -C "$SRC" O="$2" HOSTS_TABLE="$1" ${T_MAKEFLAGS:-} >"$2/build.log" 2>&1; then
		sed 's/^/#   /' "$2/build.log" | tail -20
		return 1
	fi
}

# $T_RUN prefixes every run of a built binary (qemu-user for cross boards).
T_RUN=${T_RUN:-}
