# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Secrets: a distinctive community string never appears in any
# output (status in every format, status.json, the CGI, hosts, config),
# log line, the shared-memory file, or /proc/<pid>/cmdline, environ or comm
# of any snmpoll process, and core dumps are off in every process.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SUP=
trap daemon_cleanup EXIT

SECRET="Zq7x-s3cr3t-c0mm-9Kp2"
P1=$(free_port); PC=$(free_port)
check "agent with the secret community starts" agent_start a1 127.0.0.1 "$P1" "rocommunity $SECRET default"
check "the agent answers that community" sh -c "snmpget -m '' -M /nonexistent -v2c -c '$SECRET' 127.0.0.1:$P1 1.3.6.1.2.1.1.5.0 | grep -q a1"
cat > "$T_TMP/hosts.tbl" <<T
defaults community=$SECRET timeout=1000 retries=0
oids sys sysDescr.0 sysUpTime.0 sysName.0
host ok-v2 127.0.0.1:$P1 oids=sys
host ok-v1 127.0.0.1:$P1 version=1 oids=sys
host quoted 127.0.0.1:$P1 community="$SECRET" oids=sys
host closed 127.0.0.1:$PC oids=sys
host wrong 127.0.0.1:$P1 community=not-it timeout=300 oids=sys
T
check "build" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"
check "the secret is in the binary (so the checks below mean something)" grep -aq "$SECRET" "$T_TMP/b/snmpoll"
OUT=$T_TMP/out
mkdir -p "$OUT"

D=$T_TMP/st
$BIN run -f --interval 1 --state-dir "$D" 2>"$OUT/daemon.log" &
SUP=$!
check "daemon: two cycles" wait_for 15 sh -c "$BIN status --json --state-dir '$D' 2>/dev/null | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)[\"cycle\"] < 2)'"
check_eq "hosts answered with the secret community" "ok ok ok" "$($BIN status --json --state-dir "$D" | python3 -c '
import json,sys; d={h["name"]:h for h in json.load(sys.stdin)["hosts"]}; print(d["ok-v2"]["status"], d["ok-v1"]["status"], d["quoted"]["status"])')"
for p in $SUP $(cat /proc/"$SUP"/task/*/children); do
	for f in cmdline environ comm; do
		cat /proc/"$p"/$f > "$OUT/proc.$p.$f" 2>/dev/null
	done
	grep '^Max core file size' /proc/"$p"/limits | awk '{print $5, $6}' > "$OUT/core.$p"
done
check "/proc of 3 processes read" test "$(ls "$OUT"/proc.*.cmdline | wc -l)" -eq 3
check "core dumps off in every process (RLIMIT_CORE 0)" sh -c "for f in '$OUT'/core.*; do [ \"\$(cat \$f)\" = '0 0' ] || exit 1; done"
cp "$D/snmpoll.shm" "$OUT/shm" && cp "$D/status.json" "$OUT/status.json"
for f in json prom text; do $BIN status --$f --state-dir "$D" > "$OUT/status.$f" 2>&1; done
for q in format=json format=prom format=text bogus=1; do
	GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING=$q SNMPOLL_STATE_DIR=$D \
		$BIN > "$OUT/cgi.$q" 2>&1
done
$BIN hosts > "$OUT/hosts" 2>&1
$BIN config > "$OUT/config" 2>&1
kill "$SUP"; wait "$SUP"; SUP=
$BIN run --once --state-dir "$T_TMP/st2" > "$OUT/once.stdout" 2>"$OUT/once.log"
check "outputs captured" test -s "$OUT/status.prom" -a -s "$OUT/cgi.format=json" -a -s "$OUT/hosts" -a -s "$OUT/daemon.log"
check "the status mentions the failing hosts' errors" grep -q 'closed' "$OUT/status.text"
leaks=$(grep -alF "$SECRET" "$OUT"/* 2>/dev/null | xargs -r -n1 basename | tr '\n' ' ')
check_eq "the community appears in no output, log, shm or /proc file ($(ls "$OUT" | wc -l) files)" "" "$leaks"
# Its halves neither: no output cut it or escaped part of it.
check "nor any 8-byte piece of it" no_match -alF -e 's3cr3t-c' -e 'c0mm-9Kp' "$OUT"/*
