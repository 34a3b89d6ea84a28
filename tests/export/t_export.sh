#!/bin/bash
# SPDX-License-Identifier: MIT
# Exporters: `status --json/--prom/--text`, status.json and the CGI, on a
# shared-memory file mkshm fills with every value type and hostile device
# strings.  Run against the real snmpoll (built for tests/export/hosts.tbl)
# and against the exporters alone under ASan/UBSan.
. "$SRC/tests/lib.sh"
. "$SRC/tests/export/build.sh"

PY=/usr/bin/python3
CHECK=$SRC/tests/export/check.py
B=$T_TMP/b
ST=$T_TMP/state
EMPTY=$T_TMP/empty
mkdir -p "$B" "$ST" "$EMPTY"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:exitcode=66
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
VALUE_LEN=$(sed -n 's/^#define CONFIG_VALUE_LEN //p' "$EX_AC")
OID_MAX_ARCS=$(sed -n 's/^#define CONFIG_OID_MAX_ARCS //p' "$EX_AC")
export VALUE_LEN OID_MAX_ARCS
PROM=$(grep -q '^#define ENABLE_PROMETHEUS 1' "$EX_AC" 2>/dev/null && echo 1 || echo 0)

check "table compiles (tblc)" ex_table "$B" || ex_log "$B/hosts.log"
check "mkshm builds" ex_mkshm "$B" || ex_log "$B/mkshm.log"
check "exporters build with clang -fsanitize=address,undefined" ex_asan "$B" || ex_log "$B/exmain.log"
if [ -x "$O/snmpoll" ]; then
	check "snmpoll builds for the test table" ex_real "$B" || ex_log "$B/real.log"
else
	skip "snmpoll for the test table (build $O/snmpoll first)"
fi
check "mkshm writes the records" "$B/mkshm" "$ST"

# run_to OUT ERR CMD...: stdout to OUT, stderr appended to ERR.
run_to() {
	local out=$1 err=$2; shift 2
	"$@" >"$out" 2>>"$err"
}

# exit_is RC CMD...: CMD exits with RC.
exit_is() {
	local want=$1; shift
	"$@"
	[ $? -eq "$want" ]
}

# cgi OUT METHOD QUERY|- [DIR]: one CGI request in a clean environment.
cgi() {
	local out=$1 m=$2 q=$3 dir=${4:-$ST}
	local env=(env -i PATH=/usr/bin:/bin GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1
		REQUEST_METHOD="$m" SNMPOLL_STATE_DIR="$dir" ASAN_OPTIONS="$ASAN_OPTIONS"
		UBSAN_OPTIONS="$UBSAN_OPTIONS")
	[ "$q" = - ] || env+=(QUERY_STRING="$q")
	"${env[@]}" "$BIN" >"$out" 2>>"$ERR"
}

# cgi_case DESC STATUS CTYPE BODY METHOD QUERY [DIR]
cgi_case() {
	local desc=$1 status=$2 ctype=$3 body=$4 out=$OUT/cgi.$((++NCGI))
	shift 4
	cgi "$out" "$@"
	check "$L: CGI $desc -> $status" $PY "$CHECK" cgi "$out" "$status" "$ctype" "$body"
}

status_suite() {
	# mkshm leaves one record busy for good: shown as an error host, and
	# the reader exits 1 saying so.
	check "$L: status --json exits 1 (a record stays busy)" exit_is 1 run_to "$OUT/s.json" "$ERR" "$BIN" status --json --state-dir "$ST"
	check "$L: ... saying so on stderr" grep -q "record is busy for good or damaged" "$ERR"
	check "$L: status --json: fields, types, values, escaping" $PY "$CHECK" json "$OUT/s.json"
	if [ "$PROM" = 1 ]; then
		check "$L: status --prom exits 1 (a record stays busy)" exit_is 1 run_to "$OUT/s.prom" "$ERR" "$BIN" status --prom --state-dir "$ST"
		check "$L: status --prom: parses, families, labels round-trip" $PY "$CHECK" prom "$OUT/s.prom"
	else
		skip "$L: status --prom (CONFIG_PROMETHEUS off)"
	fi
	check "$L: status --text exits 1 (a record stays busy)" exit_is 1 run_to "$OUT/s.text" "$ERR" "$BIN" status --text --state-dir "$ST"
	check "$L: status --text: header, hosts, values" $PY "$CHECK" text "$OUT/s.text"
	run_to "$OUT/s.default" "$ERR" env SNMPOLL_STATE_DIR="$ST" "$BIN" status
	check_eq "$L: status defaults to --text, dir from SNMPOLL_STATE_DIR" \
		"$(sed 1d "$OUT/s.text")" "$(sed 1d "$OUT/s.default")"
	"$BIN" status --json --state-dir "$EMPTY" >"$OUT/none.out" 2>"$OUT/none.err"
	check_eq "$L: status without daemon state exits 1" 1 $?
	check "$L: ... saying so" grep -q "no daemon state in $EMPTY" "$OUT/none.err"
	check "$L: ... and printing nothing on stdout" test ! -s "$OUT/none.out"
}

cgi_suite() {
	NCGI=0
	cgi_case "GET, no QUERY_STRING: JSON" 200 json json GET -
	cgi_case "GET, empty query: JSON" 200 json json GET ""
	cgi_case "format=json" 200 json json GET format=json
	if [ "$PROM" = 1 ]; then
		cgi_case "format=prom" 200 prom prom GET format=prom
		cgi_case "HEAD format=prom: headers only" 200 prom empty HEAD format=prom
	fi
	cgi_case "format=text" 200 text text GET format=text
	cgi_case "HEAD: headers only" 200 json empty HEAD format=json
	local q
	for q in format=xml format= format=JSON Format=json foo=bar format=json\&format=json \
		format=json\&x=1 \&format=json format=json\& 'format=%6Ason' 'format=json%00' \
		'format=..%2F..%2Fetc%2Fpasswd' 'format=json;id' 'format=$(id)'; do
		cgi_case "query '$q'" 400 text short GET "$q"
	done
	cgi_case "HEAD with a bad query" 400 text empty HEAD format=xml
	local m
	for m in POST PUT DELETE OPTIONS PATCH get; do
		cgi_case "method $m" 405 text short "$m" format=json
	done
	cgi_case "no daemon state (json)" 503 json err-json GET format=json "$EMPTY"
	cgi_case "no daemon state (text)" 503 text short GET format=text "$EMPTY"
	cgi_case "no daemon state (HEAD)" 503 json empty HEAD - "$EMPTY"
	cgi "$OUT/cgi.body" GET format=json
	sed '1,/^\r$/d' "$OUT/cgi.body" >"$OUT/cgi.json"
	check "$L: CGI JSON equals status --json" $PY "$CHECK" same "$OUT/cgi.json" "$OUT/s.json"
}

# status_json_write: atomic replace, and the old file kept on failure.
statusfile_suite() {
	check "$L: status.json written" run_to /dev/null "$ERR" "$BIN" statusfile "$ST"
	check "$L: status.json equals status --json" $PY "$CHECK" same "$ST/status.json" "$OUT/s.json"
	check "$L: no temp file left" test ! -e "$ST/.status.json.tmp"
	cp "$ST/status.json" "$OUT/status.before"
	mkdir "$ST/.status.json.tmp"
	"$BIN" statusfile "$ST" >/dev/null 2>"$OUT/sf.err"
	check "$L: a failed write reports failure" test $? -ne 0
	check "$L: ... and keeps the previous status.json" cmp "$ST/status.json" "$OUT/status.before"
	rmdir "$ST/.status.json.tmp"
	mkdir "$T_TMP/sfdir" && mkdir "$T_TMP/sfdir/status.json"
	cp "$ST/snmpoll.shm" "$T_TMP/sfdir/"
	"$BIN" statusfile "$T_TMP/sfdir" >/dev/null 2>>"$OUT/sf.err"
	check "$L: a failed rename reports failure" test $? -ne 0
	check "$L: ... and removes its temp file" test ! -e "$T_TMP/sfdir/.status.json.tmp"
}

# No community string may appear in anything the exporters wrote.
no_community() {
	! grep -rl -a -e Secr3t "$OUT" "$ST"/status.json 2>/dev/null | grep .
}

suite() {
	L=$1 BIN=$2 OUT=$T_TMP/out-$1 ERR=$T_TMP/out-$1.stderr
	mkdir -p "$OUT"
	: >"$ERR"
	status_suite
	cgi_suite
	[ "$L" = asan ] && statusfile_suite
	check "$L: no community string in any output" no_community
}

if [ -x "$B/tb/snmpoll" ] && [ -s "$ST/snmpoll.shm" ]; then
	suite snmpoll "$B/tb/snmpoll"
else
	skip "snmpoll: status and CGI (no binary or no state)"
fi
if [ -x "$B/exmain" ] && [ -s "$ST/snmpoll.shm" ]; then
	suite asan "$B/exmain"
	check "asan: no sanitizer reports" \
		no_match -E 'runtime error|AddressSanitizer|LeakSanitizer' "$T_TMP/out-asan.stderr" "$T_TMP/out-asan/sf.err"
else
	skip "asan: exporters under sanitizers (no build or no state)"
fi
