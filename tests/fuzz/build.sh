# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Building the fuzz harnesses; sourced by tests/fuzz/run.sh and t_fuzz.sh.
#
# fz_build DIR builds DIR/fuzz_pdu, DIR/fuzz_shm, DIR/fuzz_table and DIR/fuzz_screen with clang,
# libFuzzer, ASan and UBSan (every UBSan report fatal), from a private
# x86_64 configuration in DIR/cfg (its autoconf.h and table compiler).
# fuzz_pdu links the instrumented net-snmp of tests/fuzz/netsnmp.sh,
# or Debian's libnetsnmp when that cannot be built (FZ_NETSNMP says which).
# fuzz_screen32 is the screen's harness again with a 32-bit long (clang
# -m32, UBSan only: ASan hangs under qemu-i386, which runs it where the
# kernel cannot run i386 code itself: fz_run says how); FZ_SCREEN32 is
# empty when it cannot be built or run.
# Logs go to DIR/*.log; returns non-zero if a harness did not build.

FZ_SRC=$SRC/tests/fuzz
FZ_CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
 $(make -s --no-print-directory -C "$SRC" print-warnflags)"

fz_config() {
	mkdir -p "$1/cfg" &&
	make -s -C "$SRC" O="$1/cfg" x86_64_defconfig >"$1/cfg.log" 2>&1 &&
	/usr/bin/python3 "$SRC/toolchain/kconfig.py" "$1/cfg/.config" set ARENA n >>"$1/cfg.log" 2>&1 &&
	/usr/bin/python3 "$SRC/toolchain/kconfig.py" "$1/cfg/.config" set SNMPV3 n >>"$1/cfg.log" 2>&1 &&
	make -s -C "$SRC" O="$1/cfg" TOOLCHAIN_MK="$SRC/toolchain/host-glibc.mk" \
		"$1/cfg/include/autoconf.h" "$1/cfg/host/tblc" >>"$1/cfg.log" 2>&1 &&
	"$1/cfg/host/tblc" -o "$1/pdu_hosts.c" "$FZ_SRC/pdu.tbl" >>"$1/cfg.log" 2>&1
}

# FZ_NETSNMP is read by the scripts that source this one.
# shellcheck disable=SC2034
fz_netsnmp() {
	local prefix
	if prefix=$("$FZ_SRC/netsnmp.sh" 2>>"$1/netsnmp.log"); then
		FZ_NETSNMP="net-snmp, instrumented ($prefix)"
		FZ_NS_INC="-isystem $prefix/include"
		FZ_NS_LIB="$prefix/lib/libnetsnmp.a"
	else
		FZ_NETSNMP="Debian's libnetsnmp (not instrumented)"
		FZ_NS_INC=
		FZ_NS_LIB=-lnetsnmp
	fi
}

fz_build() {
	local d=$1 s=$SRC/src
	mkdir -p "$d" || return 1
	fz_config "$d" || { sed 's/^/#   /' "$d/cfg.log" | tail -20; return 1; }
	fz_netsnmp "$d"
	# shellcheck disable=SC2086
	clang $FZ_CFLAGS -include "$d/cfg/include/autoconf.h" -I"$s" -I"$SRC/toolchain/tblc" -o "$d/fuzz_table" \
		"$FZ_SRC/fuzz_table.c" "$SRC/toolchain/tblc/tblparse.c" "$s/mib.c" >"$d/fuzz_table.log" 2>&1 || {
		sed 's/^/#   /' "$d/fuzz_table.log" | tail -20; return 1; }
	# shellcheck disable=SC2086
	clang $FZ_CFLAGS -include "$d/cfg/include/autoconf.h" -I"$s" -I"$FZ_SRC" $FZ_NS_INC \
		-o "$d/fuzz_pdu" "$FZ_SRC/fuzz_pdu.c" "$d/pdu_hosts.c" \
		"$s/engine.c" "$s/screen.c" "$s/usm.c" "$s/value.c" "$s/shm.c" "$s/ifr.c" "$s/ifview.c" "$s/ifexport.c" "$s/json.c" "$s/prom.c" "$s/text.c" \
		"$s/fmt.c" "$s/status.c" "$s/mib.c" "$s/log.c" $FZ_NS_LIB -lm >"$d/fuzz_pdu.log" 2>&1 || {
		sed 's/^/#   /' "$d/fuzz_pdu.log" | tail -20; return 1; }
	clang $FZ_CFLAGS -include "$d/cfg/include/autoconf.h" -I"$s" -I"$FZ_SRC" \
		-o "$d/fuzz_shm" "$FZ_SRC/fuzz_shm.c" "$d/pdu_hosts.c" \
		"$s/shm.c" "$s/ifr.c" "$s/ifview.c" "$s/ifexport.c" "$s/json.c" "$s/prom.c" "$s/text.c" \
		"$s/fmt.c" "$s/status.c" \
		"$s/mib.c" "$s/log.c" -lm >"$d/fuzz_shm.log" 2>&1 || {
		sed 's/^/#   /' "$d/fuzz_shm.log" | tail -20; return 1; }
	fz_screen "$d"
}

# The screen needs nothing but itself: no config, no net-snmp.
fz_screen() {
	local d=$1 s=$SRC/src
	# shellcheck disable=SC2086
	clang $FZ_CFLAGS -I"$s" -o "$d/fuzz_screen" "$FZ_SRC/fuzz_screen.c" "$s/screen.c" \
		>"$d/fuzz_screen.log" 2>&1 || { sed 's/^/#   /' "$d/fuzz_screen.log" | tail -20; return 1; }
	# Both are read by the scripts that source this one.
	# shellcheck disable=SC2034
	FZ_SCREEN32='' FZ_RUN32=''
	# shellcheck disable=SC2086
	clang -m32 ${FZ_CFLAGS/address,/} -I"$s" -o "$d/fuzz_screen32" "$FZ_SRC/fuzz_screen.c" "$s/screen.c" \
		>"$d/fuzz_screen32.log" 2>&1 || return 0
	# shellcheck disable=SC2034
	if "$d/fuzz_screen32" -runs=0 >/dev/null 2>&1; then
		FZ_SCREEN32=1
	elif qemu-i386-static "$d/fuzz_screen32" -runs=0 >/dev/null 2>&1; then
		FZ_SCREEN32=1 FZ_RUN32=qemu-i386-static
	fi
	return 0
}

# fz_run HARNESS ARGS...: run it.  The 32-bit one may need qemu-i386
# (the kernel here cannot run i386 code), under which libFuzzer's entropic
# schedule dies of a SIGFPE inside qemu's floating point and a corpus
# directory reads as empty: so no entropic schedule, and the seeds of a
# corpus directory (the last argument) are also given as -seed_inputs.
fz_run() {
	case $1 in
	*32) local seeds=""
	     eval "local last=\${$#}"
	     # shellcheck disable=SC2154
	     [ -d "$last" ] && seeds=$(find "$last" -type f | paste -sd, -)
	     $FZ_RUN32 "$1" -entropic=0 ${seeds:+-seed_inputs="$seeds"} "${@:2}" ;;
	*) "$@" ;;
	esac
}

# Sanitizer reports are fatal and end up in the harness's output.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
