#!/bin/bash
# SPDX-License-Identifier: MIT
# Readers against damaged or foreign state files: `status` (each format)
# and the CGI, for the real snmpoll and for the exporters alone under
# ASan/UBSan, must exit 1 with a message naming the damage, never crash.
# Damage to the header or the file (truncated, bad section offsets, a
# foreign file, a FIFO or a symlink in its place) refuses the file; damage
# inside a record (huge counts, bad value offsets, items or types, a
# record busy for ever) shows that host as an error and still exits 1.
. "$SRC/tests/lib.sh"
. "$SRC/tests/export/build.sh"

B=$T_TMP/b
mkdir -p "$B"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:exitcode=66
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

check "table compiles (tblc)" ex_table "$B" || ex_log "$B/hosts.log"
check "mkshm builds" ex_mkshm "$B" || ex_log "$B/mkshm.log"
check "exporters build with clang -fsanitize=address,undefined" ex_asan "$B" || ex_log "$B/exmain.log"
BINS="asan:$B/exmain"
if [ -x "$O/snmpoll" ] && ex_real "$B"; then
	BINS="$BINS snmpoll:$B/tb/snmpoll"
else
	skip "snmpoll for the test table (build $O/snmpoll first)"
fi

# state NAME DAMAGE: a state dir whose snmpoll.shm has that damage.
state() {
	local d=$T_TMP/s-$1
	rm -rf "$d" && mkdir -p "$d"
	case $2 in
	truncate) "$B/mkshm" "$d" && truncate -s $(( $(stat -c %s "$d/snmpoll.shm") / 2 )) "$d/snmpoll.shm" ;;
	short)    "$B/mkshm" "$d" && truncate -s 100 "$d/snmpoll.shm" ;;
	empty)    : > "$d/snmpoll.shm" ;;
	magic)    "$B/mkshm" "$d" && printf 'XXXX' | dd of="$d/snmpoll.shm" conv=notrunc status=none ;;
	foreign)  head -c 300000 /dev/urandom > "$d/snmpoll.shm" ;;
	fifo)     mkfifo "$d/snmpoll.shm" ;;
	symlink)  mkdir -p "$T_TMP/real" && "$B/mkshm" "$T_TMP/real" && ln -s "$T_TMP/real/snmpoll.shm" "$d/snmpoll.shm" ;;
	*)        "$B/mkshm" "$d" "$2" ;;
	esac
	echo "$d"
}

# reader LABEL BIN DIR WHY: status in each format and the CGI exit 1 with
# a message matching WHY, and nothing crashed.
reader() {
	local l=$1 bin=$2 d=$3 why=$4 f rc
	for f in --json --prom --text; do
		timeout 20 "$bin" status $f --state-dir "$d" >"$T_TMP/out" 2>"$T_TMP/err"
		rc=$?
		[ $rc -eq 1 ] || { echo "$l status $f: exit $rc"; cat "$T_TMP/err"; return 1; }
		grep -Eq -- "$why" "$T_TMP/err" || { echo "$l status $f: message:"; cat "$T_TMP/err"; return 1; }
		# Record damage: the document still comes, naming it (the
		# Prometheus text has the host down).
		case $why$f in
		damaged--prom|busy--prom) grep -q '^snmpoll_up{host="good"} 0$' "$T_TMP/out" ||
			{ echo "$l status $f: good is not down"; return 1; } ;;
		damaged*|busy*) grep -q "record $why" "$T_TMP/out" ||
			{ echo "$l status $f: no 'record $why' in the output"; return 1; } ;;
		esac
	done
	timeout 20 env -i PATH=/usr/bin:/bin GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		QUERY_STRING=format=json SNMPOLL_STATE_DIR="$d" ASAN_OPTIONS="$ASAN_OPTIONS" \
		UBSAN_OPTIONS="$UBSAN_OPTIONS" "$bin" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	[ $rc -eq 1 ] || { echo "$l CGI: exit $rc"; cat "$T_TMP/err"; return 1; }
	grep -Eq -- "$why" "$T_TMP/err" || { echo "$l CGI: message:"; cat "$T_TMP/err"; return 1; }
	grep -q '^Status: 503\|^Content-Type: application/json' "$T_TMP/out" || { echo "$l CGI: no answer"; return 1; }
}

# NAME|WHY (an extended regex of the message).  Damage to the file as a
# whole: refused.  Damage inside the good host's record: shown as damaged.
CASES="truncate|size does not match
short|truncated
empty|truncated
magic|bad magic
foreign|bad magic
fifo|not a regular file
symlink|symbolic links|[Ll]ink loop
sect|section table
size|size does not match
nhosts|another host table
nvalues|damaged
used|damaged
valoff|damaged
vallen|damaged
item|damaged
type|damaged
oddseq|busy"

for b in $BINS; do
	l=${b%%:*} bin=${b#*:}
	while IFS= read -r c; do
		name=${c%%|*} why=${c#*|}
		d=$(state "$name" "$name")
		check "$l: $name: status and CGI exit 1 saying '$why'" reader "$l" "$bin" "$d" "$why"
	done <<<"$CASES"
	# The rest of a damaged record's file is still shown, the damaged
	# host as an error without its values.
	d=$(state valoff valoff)
	"$bin" status --json --state-dir "$d" >"$T_TMP/doc.json" 2>/dev/null
	check "$l: valoff: document is JSON with the host as 'record damaged'" \
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); h=[x for x in d["hosts"] if x["name"]=="good"][0]; sys.exit(not (h["error"]=="record damaged" and h["values"]==[] and h["status"]=="error"))' "$T_TMP/doc.json"
done
