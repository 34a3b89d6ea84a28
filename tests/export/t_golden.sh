#!/bin/bash
# SPDX-License-Identifier: MIT
# Golden outputs: `status --json/--prom/--text` and the CGI on mkshm's
# records must stay byte for byte what they were when the files in
# tests/export/golden/ were recorded (before the compact results store),
# volatile fields aside: the JSON document's "time" and the text header's
# clock and ages.  GOLDEN_RECORD=1 rewrites the files instead.
. "$SRC/tests/lib.sh"
. "$SRC/tests/export/build.sh"

G=$SRC/tests/export/golden
B=$T_TMP/b
ST=$T_TMP/state
mkdir -p "$B" "$ST"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:exitcode=66
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

check "table compiles (tblc)" ex_table "$B" || ex_log "$B/hosts.log"
check "mkshm builds" ex_mkshm "$B" || ex_log "$B/mkshm.log"
check "exporters build" ex_asan "$B" || ex_log "$B/exmain.log"
check "mkshm writes the records" "$B/mkshm" "$ST"

# Volatile fields masked: the JSON "time", the text header's clock and
# every relative age ("3s ago", "412d ago").
mask() {
	sed -E -e 's/^\{"snmpoll": "([^"]*)", "board": "([^"]*)", "time": [0-9]+,/{"snmpoll": "\1", "board": "\2", "time": T,/' \
		-e '/^snmpoll /s/, [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8},/, DATE,/' \
		-e 's/last ok ([0-9]+[smhd] ago|now)/last ok AGE/'
}

# golden NAME CMD...: CMD's masked stdout against golden/NAME.
golden() {
	local name=$1; shift
	"$@" >"$T_TMP/$name.raw" 2>"$T_TMP/$name.err"
	mask <"$T_TMP/$name.raw" >"$T_TMP/$name"
	if [ "${GOLDEN_RECORD:-0}" = 1 ]; then
		mkdir -p "$G" && cp "$T_TMP/$name" "$G/$name"
	fi
	if cmp -s "$G/$name" "$T_TMP/$name"; then
		pass "$name is byte for byte the recorded output"
	else
		fail "$name is byte for byte the recorded output"
		diff -u "$G/$name" "$T_TMP/$name" | head -20 | sed 's/^/#   /'
	fi
}

cgi() {
	env -i PATH=/usr/bin:/bin GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		QUERY_STRING="$1" SNMPOLL_STATE_DIR="$ST" ASAN_OPTIONS="$ASAN_OPTIONS" \
		UBSAN_OPTIONS="$UBSAN_OPTIONS" "$B/exmain"
}

golden status.json "$B/exmain" status --json --state-dir "$ST"
golden status.prom "$B/exmain" status --prom --state-dir "$ST"
golden status.text "$B/exmain" status --text --state-dir "$ST"
golden cgi.json cgi format=json
golden cgi.prom cgi format=prom
golden cgi.text cgi format=text
check "status.json file from the writer" "$B/exmain" statusfile "$ST"
mask <"$ST/status.json" >"$T_TMP/statusfile.json"
check "status.json file is the --json document" cmp "$G/status.json" "$T_TMP/statusfile.json"
