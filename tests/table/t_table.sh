#!/bin/bash
# SPDX-License-Identifier: MIT
# Host-table compiler (toolchain/tblc/) and built-in names
# (src/mib.c).
#
# bad/*.tbl: line 1 is "# expect: LINE: message"; tblc must print exactly
#   "PATH:LINE: message", exit 1 and write no output file.
# good/*.tbl: must compile, and the generated C must compile; where a
#   NAME.expect exists, tests/table/dump.c run on the table must print it.
# Either may carry "# needs: CONFIG_X VALUE" lines: skipped unless the
# build's autoconf.h has that value.
. "$SRC/tests/lib.sh"

D=tests/table
AUTOCONF=$O/include/autoconf.h
CC=${CC:-cc}
CFLAGS="$(make -s --no-print-directory -C "$SRC" print-warnflags) -Os"
cd "$SRC" || exit 1	# tables are named relative to the source tree

conf() { sed -n "s/^#define $1 //p" "$AUTOCONF"; }

# needs FILE: true when every "# needs: NAME VALUE" of FILE holds.
needs() {
	sed -n 's/^# needs: //p' "$1" | while read -r name value; do
		[ "$(conf "$name")" = "$value" ] || { echo "$name != $value"; exit 1; }
	done
}

# gen_c TABLE OUT.c: compile TABLE, then check the C compiles.
gen_c() {
	"$TBLC" -o "$2" "$1" && $CC $CFLAGS -I"$SRC/src" -include "$AUTOCONF" \
		-c -o "${2%.c}.o" "$2"
}

# dump TABLE: what dump.c prints for the compiled TABLE.
dump() {
	gen_c "$1" "$T_TMP/d.c" >&2 &&
	$CC $CFLAGS -I"$SRC/src" -include "$AUTOCONF" -o "$T_TMP/dump" \
		"$D/dump.c" "$T_TMP/d.c" src/mib.c >&2 && "$T_TMP/dump"
}

# bad TABLE [TBLC]: "exit-status output-state stderr" for a failing run.
bad() {
	rm -f "$T_TMP/bad.c"
	got=$("${2:-$TBLC}" -o "$T_TMP/bad.c" "$1" 2>&1 >/dev/null)
	rc=$?
	state=none
	ls "$T_TMP"/bad.c* >/dev/null 2>&1 && state=written
	echo "$rc $state $got"
}

if [ ! -x "$TBLC" ] || [ ! -f "$AUTOCONF" ]; then
	fail "no $TBLC or $AUTOCONF: build first"
	exit 0
fi

# ---- built-in names -------------------------------------------------------
check "mib_test builds" $CC $CFLAGS -Isrc -o "$T_TMP/mib_test" \
	"$D/mib_test.c" src/mib.c
check "mib_format_name / mib_lookup" "$T_TMP/mib_test"

# ---- bad tables -------------------------------------------------------------
for f in "$D"/bad/*.tbl; do
	why=$(needs "$f") || { skip "$f: $why"; continue; }
	want=$(sed -n '1s/^# expect: //p' "$f")
	check_eq "$f" "1 none $f:$want" "$(bad "$f")"
done

t=$T_TMP/long.tbl
line() { printf 'oids s sysDescr.0\nhost a 10.0.0.1 oids=s %*s#\n' $(($1 - 24)) ''; }
line 4097 > "$t"
check_eq "line of 4097 bytes" "1 none $t:2: line too long (max 4096 bytes)" "$(bad "$t")"
line 4096 > "$t"
check "line of 4096 bytes" gen_c "$t" "$T_TMP/long.c"
printf 'oids s sysDescr.0\nhost a 10.0.0.1 community=a\0b oids=s\n' > "$t"
check_eq "NUL byte" "1 none $t:2: NUL byte in line" "$(bad "$t")"

max=$(conf CONFIG_MAX_HOSTS)
{ echo 'oids s sysDescr.0'; seq -f 'host h%g 10.0.0.1 oids=s' "$max"; } > "$t"
check "exactly CONFIG_MAX_HOSTS hosts" gen_c "$t" "$T_TMP/max.c"
echo 'host one-more 10.0.0.1 oids=s' >> "$t"
check_eq "CONFIG_MAX_HOSTS + 1 hosts" \
	"1 none $t:$((max + 2)): too many hosts ($((max + 1)) > CONFIG_MAX_HOSTS $max)" \
	"$(bad "$t")"

# tblc_without X: a tblc built with CONFIG_X off, at $T_TMP/tblc-noX.
tblc_without() {
	sed "s/^#define ENABLE_$1 .*/#define ENABLE_$1 0/; /CONFIG_$1 /d" \
		"$AUTOCONF" > "$T_TMP/no$1.h"
	$CC $CFLAGS -Isrc -Itoolchain/tblc -include "$T_TMP/no$1.h" -o "$T_TMP/tblc-no$1" \
		toolchain/tblc/tblc.c toolchain/tblc/tblparse.c toolchain/tblc/usmkey.c \
		toolchain/tblc/digest.c src/mib.c
}

# IPv6 refused by a tblc built with IPv6 off.
if tblc_without IPV6; then
	printf 'oids s sysDescr.0\nhost v6 [2001:db8::2]:161 oids=s\n' > "$t"
	check_eq "IPv6 host with IPv6 off" \
		"1 none $t:2: IPv6 address '[2001:db8::2]:161' but IPv6 is off in this build (CONFIG_IPV6)" \
		"$(bad "$t" "$T_TMP/tblc-noIPV6")"
else
	fail "tblc builds with ENABLE_IPV6 0"
fi

# version=3 refused by a tblc built with SNMPv3 off.
if tblc_without SNMPV3; then
	printf 'oids s sysDescr.0\nhost a 10.0.0.1 version=3 user=u level=noAuthNoPriv oids=s\n' > "$t"
	check_eq "version=3 host with SNMPv3 off" \
		"1 none $t:2: version=3 but SNMPv3 is off in this build (CONFIG_SNMPV3)" \
		"$(bad "$t" "$T_TMP/tblc-noSNMPV3")"
else
	fail "tblc builds with ENABLE_SNMPV3 0"
fi

# ---- SNMPv3 keys --------------------------------------------------------------
# RFC 3414 password-to-key: the RFC's vectors and net-snmp's own generate_Ku
# (the host's libsnmp-dev); then the keys tblc put into a generated table.
if [ "$(conf ENABLE_SNMPV3)" != 1 ]; then
	skip "SNMPv3 keys: CONFIG_SNMPV3 is off"
elif $CC -std=c99 -D_DEFAULT_SOURCE -Os -Wall -Wextra -Werror -Itoolchain/tblc \
	-o "$T_TMP/usmkey_test" "$D/usmkey_test.c" toolchain/tblc/usmkey.c \
	toolchain/tblc/digest.c -lnetsnmp 2>"$T_TMP/usmkey.log"; then
	check "usmkey: RFC 3414 A.3 vectors and generate_Ku" "$T_TMP/usmkey_test"
	ku() { "$T_TMP/usmkey_test" "$1" "$2" 2>/dev/null; }
	d=$(dump "$D/good/v3.tbl")
	check_eq "SHA auth Ku as generate_Ku" "$(ku SHA 'correct horse')" \
		"$(echo "$d" | sed -n 's/.*user=monitor .*auth_ku=\([0-9a-f]*\).*/\1/p')"
	check_eq "SHA priv Ku (AES) as generate_Ku" "$(ku SHA 'battery staple')" \
		"$(echo "$d" | sed -n 's/.*user=monitor .*priv_ku=\([0-9a-f]*\).*/\1/p')"
	check_eq "MD5 auth Ku as generate_Ku" "$(ku MD5 s3cretpass)" \
		"$(echo "$d" | sed -n 's/.*user=ro .*auth_ku=\([0-9a-f]*\).*/\1/p')"
	check_eq "MD5 priv Ku (DES) as generate_Ku" "$(ku MD5 maplesyrup)" \
		"$(echo "$d" | sed -n 's/.*user=old .*priv_ku=\([0-9a-f]*\).*/\1/p')"
	"$TBLC" -o "$T_TMP/v3.c" "$D/good/v3.tbl"
	check "no pass phrase in the generated C" \
		test "$(grep -c -e 'correct horse' -e 'battery' -e s3cretpass -e maplesyrup -e 'defaults p' "$T_TMP/v3.c")" = 0
else
	fail "usmkey_test builds (libsnmp-dev installed?)"
	sed 's/^/#   /' "$T_TMP/usmkey.log" | tail -5
fi

# ---- good tables ------------------------------------------------------------
for f in "$D"/good/*.tbl; do
	why=$(needs "$f") || { skip "$f: $why"; continue; }
	check "$f compiles" gen_c "$f" "$T_TMP/good.c"
	exp=${f%.tbl}.expect
	[ -f "$exp" ] && check_eq "$f content" "$(cat "$exp")" "$(dump "$f")"
done
for f in board/*/hosts.tbl; do
	check "$f compiles" gen_c "$f" "$T_TMP/board.c"
done

# Any byte but NUL and newline survives a quoted community, trigraphs too.
printf 'oids s sysDescr.0\r\nhost a 10.0.0.1 community="\001\t ??= ?\\\\\\"\377" oids=s\r\n' > "$t"
check_eq "community bytes and CRLF" \
	'host a 10.0.0.1:161 ip=10.0.0.1 port=161 v2c retries=1 timeout=1000 community=[\x01\x09 ??= ?\x5c"\xff] items=1 scalars=1 nvals=1' \
	"$(dump "$t" | sed -n 2p)"

# ---- output file handling ---------------------------------------------------
f=$D/good/full.tbl
"$TBLC" -o "$T_TMP/a.c" "$f"; "$TBLC" -o "$T_TMP/b.c" "$f"
check "output is reproducible" cmp "$T_TMP/a.c" "$T_TMP/b.c"
check "stdout equals -o" cmp "$T_TMP/a.c" <("$TBLC" "$f")
check "no temporary files left" test -z "$(find "$T_TMP" -mindepth 1 -maxdepth 1 -name '*tmp*')"
echo old > "$T_TMP/bad.c"
"$TBLC" -o "$T_TMP/bad.c" "$D/bad/unknown-key.tbl" 2>/dev/null
check "failed run removes an old output" test ! -e "$T_TMP/bad.c"

"$TBLC" >/dev/null 2>&1
check_eq "no arguments: exit 2" 2 $?
"$TBLC" -x "$f" >/dev/null 2>&1
check_eq "unknown option: exit 2" 2 $?
got=$("$TBLC" -o "$T_TMP/x.c" "$T_TMP/missing.tbl" 2>&1)
check_eq "missing table: exit 2" \
	"2 tblc: $T_TMP/missing.tbl: No such file or directory" "$? $got"
"$TBLC" -o "$T_TMP/no/such/dir.c" "$f" 2>/dev/null
check_eq "unwritable output: exit 2" 2 $?

# ---- table_hash -------------------------------------------------------------
hash() { printf '%s\n' "$@" > "$t"; "$TBLC" "$t" | grep '^const uint32_t table_hash'; }
base=$(hash 'oids s sysDescr.0' 'host a 10.0.0.1 oids=s')
check_eq "hash ignores the community" "$base" \
	"$(hash 'oids s sysDescr.0' 'host a 10.0.0.1 community=x oids=s')"
check "hash follows the items" test "$base" != \
	"$(hash 'oids s walk:sysDescr.0' 'host a 10.0.0.1 oids=s')"
check "hash follows host names" test "$base" != \
	"$(hash 'oids s sysDescr.0' 'host b 10.0.0.1 oids=s')"
