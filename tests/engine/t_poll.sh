# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Polling against real snmpd agents: every type equals net-snmp's snmpget,
# v1 noSuchName isolation, walks, a silent host's timeout, a closed port,
# --once exit codes and outputs.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SILENT_PID=
cleanup() { agents_cleanup; [ -n "$SILENT_PID" ] && kill "$SILENT_PID" 2>/dev/null; }
trap cleanup EXIT

P1=$(free_port); P2=$(free_port); PS=$(free_port); PC=$(free_port)
E=.1.3.6.1.4.1.99999.1
cat > "$T_TMP/a1.values" <<V
$E.1 integer -42
$E.2 string hello "quoted" world
$E.3 objectid .1.3.6.1.4.1.8072.3.2.10
$E.4 ipaddress 10.1.2.3
$E.5 counter 4294967295
$E.6 gauge 123456
$E.7 timeticks 8640000
$E.8 counter64 18446744073709551615
$E.9 octet 00 ff 0a 1b
$E.10 unsigned 77
$E.11 integer 2147483647
$E.12 integer -2147483648
V
cp "$T_TMP/a1.values" "$T_TMP/a2.values"
check "agent a1 starts" agent_start a1 127.0.0.1 "$P1"
check "agent a2 starts" agent_start a2 127.0.0.2 "$P2"
P6=$(free_port)
check "IPv6 agent starts on [::1]" agent_start a6 ::1 "$P6"
python3 "$SRC/tests/silent.py" 127.0.0.1 "$PS" </dev/null & SILENT_PID=$!

cat > "$T_TMP/hosts.tbl" <<T
defaults community=public timeout=1000 retries=1
oids typed 1.3.6.1.4.1.99999.1.1.0 .1.3.6.1.4.1.99999.1.2 1.3.6.1.4.1.99999.1.3 1.3.6.1.4.1.99999.1.4 1.3.6.1.4.1.99999.1.5 1.3.6.1.4.1.99999.1.6 1.3.6.1.4.1.99999.1.7 1.3.6.1.4.1.99999.1.9 1.3.6.1.4.1.99999.1.10 1.3.6.1.4.1.99999.1.11 1.3.6.1.4.1.99999.1.12
oids c64 1.3.6.1.4.1.99999.1.8
oids sys sysDescr.0 sysObjectID.0 sysUpTime.0 sysName.0 sysLocation.0
oids missing 1.3.6.1.4.1.99999.9.9
oids walk walk:ifDescr walk:1.3.6.1.4.1.99999.1
host a1-v2c   127.0.0.1:$P1 version=2c oids=sys,typed,c64,walk
host a2-v1    127.0.0.2:$P2 version=1 oids=sys,missing,typed,walk
host a6-v6    [::1]:$P6 oids=sys
host silent   127.0.0.1:$PS timeout=400 retries=1 oids=sys
host closed   127.0.0.1:$PC timeout=3000 retries=1 oids=sys
T
# E.1.0 does not exist: pass serves E.1 (no instance) — it must come back
# as an exception for v2c, noSuchName-isolated for v1.
check "build with the test table" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"
mkdir -p "$T_TMP/st" && chmod 755 "$T_TMP/st"

start=$(date +%s%N)
$BIN run --once --state-dir "$T_TMP/st" 2>"$T_TMP/run.log"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq "--once exits 1 when a host did not answer" 1 "$rc"
J="$T_TMP/st/status.json"
check "status.json written" test -s "$J"
$BIN status --json --state-dir "$T_TMP/st" > "$T_TMP/s.json"
check "status --json is valid JSON" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$T_TMP/s.json"
st() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); h=[h for h in d['hosts'] if h['name']==sys.argv[2]][0]; print(h[sys.argv[3]])" "$J" "$1" "$2"; }
check_eq "v2c host ok" ok "$(st a1-v2c status)"
check_eq "v1 host ok" ok "$(st a2-v1 status)"
check_eq "IPv6 host ok" ok "$(st a6-v6 status)"
check_eq "IPv6 address shown with brackets" "[::1]:$P6" "$(st a6-v6 address)"
check_eq "silent host timeout" timeout "$(st silent status)"
check_eq "closed port error" error "$(st closed status)"
check_eq "silent host never answered: last_ok null" None "$(st silent last_ok)"
check_eq "silent host: values empty" "[]" "$(st silent values)"
check_eq "cycle is 1 after --once" 1 "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cycle'])" "$J")"
# silent: 400 ms x 2 tries; closed: refused at once, not 3000 x 2.  The
# daemon's own cycle_ms, not the wall clock around the run (process start,
# a loaded machine): waiting on the closed port would take 6000 ms.
cms=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cycle_ms'])" "$J")
check "cycle did not wait the closed port's timeout x 2 (cycle_ms $cms < 6000; wall $ms)" test "$cms" -lt 6000
check "cycle not shorter than the silent host's timeout x 2 (cycle_ms $cms)" test "$cms" -ge 790
check "v2c values equal snmpget's" python3 "$SRC/tests/compare.py" "$J" a1-v2c "127.0.0.1:$P1" 2c
check "v1 values equal snmpget's" python3 "$SRC/tests/compare.py" "$J" a2-v1 "127.0.0.2:$P2" 1
v() { python3 -c "
import json,sys
d=json.load(open(sys.argv[1])); h=[h for h in d['hosts'] if h['name']==sys.argv[2]][0]
m=[v for v in h['values'] if v['oid']==sys.argv[3]]
print(m[0][sys.argv[4]] if m and sys.argv[4] in m[0] else 'ABSENT')" "$J" "$@"; }
check_eq "v1 noSuchName isolated: missing OID is noSuchObject" noSuchObject "$(v a2-v1 1.3.6.1.4.1.99999.9.9 type)"
check_eq "v1: other values still there" "hello \"quoted\" world" "$(v a2-v1 1.3.6.1.4.1.99999.1.2 value)"
check_eq "v2c: absent instance is an exception" noSuchInstance "$(v a1-v2c 1.3.6.1.4.1.99999.1.1.0 type)"
check_eq "Counter64 as decimal string" 18446744073709551615 "$(v a1-v2c 1.3.6.1.4.1.99999.1.8 value)"
check_eq "Counter64 first sample: rate null" None "$(v a1-v2c 1.3.6.1.4.1.99999.1.8 rate)"
check_eq "Gauge32 has no rate" ABSENT "$(v a1-v2c 1.3.6.1.4.1.99999.1.6 rate)"
check_eq "walked rows named" "ifDescr.1" "$(v a1-v2c 1.3.6.1.2.1.2.2.1.2.1 name)"
check_eq "walk via v1 GETNEXT" "-42" "$(v a2-v1 1.3.6.1.4.1.99999.1.1 value)"
check_eq "hex octets" "00:ff:0a:1b" "$(v a1-v2c 1.3.6.1.4.1.99999.1.9 value)"
check_eq "hex encoding flagged" "hex" "$(v a1-v2c 1.3.6.1.4.1.99999.1.9 encoding)"
check "no community in outputs" no_match -q public "$J" "$T_TMP/s.json" "$T_TMP/run.log"
check "no community in shared memory" no_match -aq public "$T_TMP/st/snmpoll.shm"
check "pidfile removed after --once" test ! -e "$T_TMP/st/snmpoll.pid"

# Every host answering: exit 0.
grep -v -e '^host silent' -e '^host closed' -e '^host a6' "$T_TMP/hosts.tbl" > "$T_TMP/ok.tbl"
check "build with live hosts only" build_table "$T_TMP/ok.tbl" "$T_TMP/b2"
$T_RUN "$T_TMP/b2/snmpoll" run --once --state-dir "$T_TMP/st2" 2>/dev/null
check_eq "--once exits 0 when every host answered" 0 "$?"
$T_RUN "$T_TMP/b2/snmpoll" run --once --interval 86401 --state-dir "$T_TMP/st2" 2>/dev/null
check_eq "--interval out of range is a usage error" 2 "$?"
$T_RUN "$T_TMP/b2/snmpoll" status --state-dir "$T_TMP/nowhere" >/dev/null 2>"$T_TMP/err"
check_eq "status without daemon state exits 1" 1 "$?"
check "status without daemon state says so" grep -qi "no daemon state\|not running" "$T_TMP/err"
