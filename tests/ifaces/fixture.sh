# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# The interface fixture of the interface-view tests: a real snmpd whose
# own IF-MIB is left out, serving ifTable and ifXTable through
# tests/pass.py from $T_TMP/NAME.ift and $T_TMP/NAME.ifx.  Sourced after
# lib.sh and agent.sh.
#
#   ifx_write NAME [OPER3]   (re)write the tables; OPER3: port3's ifOperStatus
#   ifx_start NAME ADDR PORT start the agent
#
# Interfaces: 1 eth0 (64-bit, 1 Gb/s by ifHighSpeed, ramps of 125000 and
# 12500 octets/s), 2 wan0 (32-bit only, ifHighSpeed 0 and ifSpeed 0, in
# octets ramp 1.5e9/s: the Counter32 wraps every 2.9 s, errors 1000/s),
# 3 port3 (static counters, the 64-bit in one at 2^64-1, OPER3),
# 5 hostile names, 9 extra (past MAX_IFACES=4 in the test build).

IFT=.1.3.6.1.2.1.2.2.1
IFX=.1.3.6.1.2.1.31.1.1.1

ifx_write() {
	cat >"$T_TMP/$1.ift.new" <<V
$IFT.2.1 string eth0
$IFT.2.2 string wan0
$IFT.2.3 string port3
$IFT.2.5 string x"q'<b>
$IFT.2.9 string extra
$IFT.5.1 gauge 4294967295
$IFT.5.2 gauge 0
$IFT.5.3 gauge 100000000
$IFT.5.5 gauge 10000000
$IFT.5.9 gauge 0
$IFT.8.1 integer 1
$IFT.8.2 integer 1
$IFT.8.3 integer ${2:-1}
$IFT.8.5 integer 7
$IFT.8.9 integer 2
$IFT.10.1 counter ramp 0 125000
$IFT.10.2 counter ramp 7 1500000000
$IFT.10.3 counter 5
$IFT.10.5 counter 0
$IFT.10.9 counter 0
$IFT.14.1 counter 3
$IFT.14.2 counter ramp 0 1000
$IFT.14.3 counter 0
$IFT.14.5 counter 0
$IFT.16.1 counter ramp 0 12500
$IFT.16.2 counter ramp 0 1000
$IFT.16.3 counter 6
$IFT.16.5 counter 0
$IFT.20.1 counter 0
$IFT.20.2 counter 0
$IFT.20.3 counter 0
$IFT.20.5 counter 0
V
	cat >"$T_TMP/$1.ifx.new" <<V
$IFX.1.1 string eth0
$IFX.1.2 string wan0
$IFX.1.3 string port3
$IFX.1.5 string </script><img src=x onerror=alert(1)>
$IFX.1.9 string extra
$IFX.6.1 counter64 ramp 1000 125000
$IFX.6.3 counter64 ${3:-18446744073709551615}
$IFX.10.1 counter64 ramp 0 12500
$IFX.10.3 counter64 42
$IFX.15.1 gauge 1000
$IFX.15.2 gauge 0
$IFX.15.3 gauge 100
$IFX.15.5 gauge 0
$IFX.15.9 gauge 0
$IFX.18.1 string uplink
$IFX.18.5 octet ff fe 41
V
	mv "$T_TMP/$1.ift.new" "$T_TMP/$1.ift"
	mv "$T_TMP/$1.ifx.new" "$T_TMP/$1.ifx"
}

ifx_start() {
	[ -f "$T_TMP/$1.ift" ] || ifx_write "$1"
	AGENT_NOMODS=ifTable,ifXTable,interfaces agent_start "$1" "$2" "$3" "pass_persist .1.3.6.1.2.1.2.2 /usr/bin/python3 $SRC/tests/pass.py $T_TMP/$1.ift
pass_persist .1.3.6.1.2.1.31.1.1 /usr/bin/python3 $SRC/tests/pass.py $T_TMP/$1.ifx"
}

# ifx_build DIR TABLE [SYM=VALUE...]: snmpoll for TABLE with Kconfig
# overrides, same toolchain as $O.
ifx_build() {
	local d=$1 t=$2 kv
	shift 2
	mkdir -p "$d" && cp "$O/.config" "$d/.config" || return 1
	for kv in "$@"; do
		(cd "$SRC" && /usr/bin/python3 toolchain/kconfig.py "$d/.config" set "${kv%%=*}" "${kv#*=}") >/dev/null || return 1
	done
	[ -f "$O/toolchain.mk" ] && cp "$O/toolchain.mk" "$d/toolchain.mk"
	make -s -C "$SRC" O="$d" HOSTS_TABLE="$t" >"$d/build.log" 2>&1 && [ -x "$d/snmpoll" ] ||
		{ tail -20 "$d/build.log"; return 1; }
}
