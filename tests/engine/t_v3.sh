# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# SNMPv3 (USM) hosts against Debian's snmpd with users made by createUser:
# SHA+AES, SHA+DES, MD5+AES, MD5 authNoPriv, noAuthNoPriv with a context
# (served by a proxy to a second agent, so its values differ); GETs and a
# walk equal snmpget -v3 -On.  Wrong auth or priv pass phrase and an
# unknown user give their errors without costing the other hosts.  An agent
# restart (same engine ID, engineBoots up) is ok at the next cycle with
# rates null across it, and so is one that changes the engine ID.  Secrets
# never in `hosts`, outputs or logs.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SUP=
V3_PID=
cleanup() {
	[ -n "$SUP" ] && kill "$SUP" 2>/dev/null
	[ -n "$V3_PID" ] && kill "$V3_PID" 2>/dev/null
	agents_cleanup
}
trap cleanup EXIT

if ! grep -q '^#define ENABLE_SNMPV3 1' "$O/include/autoconf.h"; then
	skip "CONFIG_SNMPV3 is off"
	exit 0
fi

PA=$(free_port); PB=$(free_port); PS=$(free_port)
check "v2c agent (context target) starts" agent_start ctx 127.0.0.1 "$PA"

# The v3 agent keeps its engine ID and counts engineBoots in a persistent
# dir: no -C, the config found through SNMPCONFPATH.
mkdir -p "$T_TMP/v3.d" "$T_TMP/v3.p"
cat > "$T_TMP/v3.d/snmpd.conf" <<CONF
agentAddress udp:127.0.0.1:$PB
sysName v3-agent
createUser shaaes SHA "sha aes pass" AES "sha aes priv"
createUser shades SHA "sha des pass" DES "sha des priv"
createUser md5aes MD5 "md5 aes pass" AES "md5 aes priv"
createUser md5auth MD5 "md5 auth pass"
createUser guest
rouser shaaes priv
rouser shades priv
rouser md5aes priv
rouser md5auth auth
rouser guest noauth
rouser -Cn vlan20 guest noauth
proxy -Cn vlan20 -v 2c -c public 127.0.0.1:$PA .1.3.6.1.2.1.1
CONF
v3_start() {
	SNMPCONFPATH="$T_TMP/v3.d:$T_TMP/v3.p" SNMP_PERSISTENT_DIR="$T_TMP/v3.p" "$SNMPD" -f \
		-Lf "$T_TMP/v3.log" -I -smux,mteTrigger,mteTriggerConf -M /nonexistent -m "" \
		>/dev/null 2>&1 &
	V3_PID=$!
	wait_for 10 snmpq -v3 -u guest -l noAuthNoPriv -t 0.2 -r 0 "127.0.0.1:$PB" 1.3.6.1.2.1.1.3.0
}
v3_stop() {
	kill "$V3_PID" 2>/dev/null
	wait_for 5 sh -c "! kill -0 $V3_PID 2>/dev/null"
	V3_PID=
}
check "v3 agent starts" v3_start

cat > "$T_TMP/hosts.tbl" <<T
defaults community=public timeout=1000 retries=1
oids sys sysName.0 sysDescr.0 sysObjectID.0 sysContact.0
oids c64 ifHCInOctets.1
oids walk walk:ifDescr
host shaaes    127.0.0.1:$PB version=3 user=shaaes level=authPriv auth=SHA authpass="sha aes pass" priv=AES privpass="sha aes priv" oids=sys,walk
host rate      127.0.0.1:$PB version=3 user=shaaes level=authPriv auth=SHA authpass="sha aes pass" priv=AES privpass="sha aes priv" oids=sys,c64
host shades    127.0.0.1:$PB version=3 user=shades level=authPriv auth=SHA authpass="sha des pass" priv=DES privpass="sha des priv" oids=sys
host md5aes    127.0.0.1:$PB version=3 user=md5aes level=authPriv auth=MD5 authpass="md5 aes pass" priv=AES privpass="md5 aes priv" oids=sys,walk
host md5auth   127.0.0.1:$PB version=3 user=md5auth level=authNoPriv auth=MD5 authpass="md5 auth pass" oids=sys
host guestctx  127.0.0.1:$PB version=3 user=guest level=noAuthNoPriv context=vlan20 oids=sys
host wrongauth 127.0.0.1:$PB version=3 user=shaaes level=authPriv auth=SHA authpass="sha aes WRONG" priv=AES privpass="sha aes priv" oids=sys
host wrongpriv 127.0.0.1:$PB version=3 user=shaaes level=authPriv auth=SHA authpass="sha aes pass" priv=AES privpass="sha aes WRONG" timeout=300 retries=0 oids=sys
host nouser    127.0.0.1:$PB version=3 user=nobody level=authNoPriv auth=SHA authpass="sha aes pass" oids=sys
host silent    127.0.0.1:$PS version=3 user=guest level=noAuthNoPriv timeout=300 retries=1 oids=sys
host v2c       127.0.0.1:$PA oids=sys
T
python3 "$SRC/tests/silent.py" 127.0.0.1 "$PS" </dev/null &
echo $! > "$T_TMP/silent.pid"
check "build with the v3 table" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
BIN="$T_RUN $T_TMP/b/snmpoll"
D="$T_TMP/st"
mkdir -p "$D" && chmod 755 "$D"

$BIN run --once --state-dir "$D" 2>"$T_TMP/run.log"
check_eq "--once exits 1 (some hosts fail)" 1 "$?"
J="$D/status.json"
st() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); h=[h for h in d['hosts'] if h['name']==sys.argv[2]][0]; print(h[sys.argv[3]])" "$J" "$1" "$2"; }
for h in shaaes rate shades md5aes md5auth guestctx v2c; do
	check_eq "$h ok" ok "$(st "$h" status)"
done
check_eq "JSON version of a v3 host" 3 "$(st shaaes version)"
cmp_v3() { h=$1; shift; check "$h values equal snmpget -v3's" python3 "$SRC/tests/compare.py" "$J" "$h" "127.0.0.1:$PB" 3 "$@"; }
cmp_v3 shaaes -u shaaes -l authPriv -a SHA -A "sha aes pass" -x AES -X "sha aes priv"
cmp_v3 shades -u shades -l authPriv -a SHA -A "sha des pass" -x DES -X "sha des priv"
cmp_v3 md5aes -u md5aes -l authPriv -a MD5 -A "md5 aes pass" -x AES -X "md5 aes priv"
cmp_v3 md5auth -u md5auth -l authNoPriv -a MD5 -A "md5 auth pass"
cmp_v3 guestctx -u guest -l noAuthNoPriv -n vlan20
check "v2c values equal snmpget's" python3 "$SRC/tests/compare.py" "$J" v2c "127.0.0.1:$PA" 2c
nwalk() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); h=[h for h in d['hosts'] if h['name']==sys.argv[2]][0]; print(sum(v['oid'].startswith('1.3.6.1.2.1.2.2.1.2.') for v in h['values']))" "$J" "$1"; }
want=$(snmpwalk -m "" -M /nonexistent -On -v3 -u shaaes -l authPriv -a SHA -A "sha aes pass" \
	-x AES -X "sha aes priv" "127.0.0.1:$PB" 1.3.6.1.2.1.2.2.1.2 2>/dev/null |
	grep -c '^\.1\.3\.6\.1\.2\.1\.2\.2\.1\.2\.')
check "the agent has interfaces to walk ($want)" test "$want" -gt 0
check_eq "authPriv walk (GETBULK) has every ifDescr" "$want" "$(nwalk shaaes)"
check_eq "MD5+AES walk has every ifDescr" "$want" "$(nwalk md5aes)"
name() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); h=[h for h in d['hosts'] if h['name']==sys.argv[2]][0]; print([v['value'] for v in h['values'] if v['name']=='sysName.0'][0])" "$J" "$1"; }
check_eq "context vlan20 reaches the proxied agent" ctx "$(name guestctx)"
check_eq "default context is the v3 agent's own" v3-agent "$(name shaaes)"

check_eq "wrong auth pass phrase: error" error "$(st wrongauth status)"
check_eq "wrong auth pass phrase: named" "authentication failure" "$(st wrongauth error)"
# Debian's snmpd drops what it cannot decrypt (no decryptionError report):
# silence after an answered discovery is read as the decryption error.
check_eq "wrong priv pass phrase: error" error "$(st wrongpriv status)"
check_eq "wrong priv pass phrase: named" "decryption error (no answer after discovery: wrong privpass?)" "$(st wrongpriv error)"
check_eq "unknown user: error" error "$(st nouser status)"
check_eq "unknown user: named" "unknown user name" "$(st nouser error)"
check_eq "silent v3 host: timeout" timeout "$(st silent status)"
check_eq "silent v3 host: plain timeout" timeout "$(st silent error)"

# ---- secrets ----------------------------------------------------------------
$BIN hosts > "$T_TMP/hosts.out" 2>&1
check "hosts lists the v3 user and level" grep -q 'user=shaaes level=authPriv auth=SHA priv=AES' "$T_TMP/hosts.out"
$BIN status --prom --state-dir "$D" > "$T_TMP/prom.out" 2>&1
$BIN status --text --state-dir "$D" > "$T_TMP/text.out" 2>&1
secrets() {
	! grep -l -a -e "aes pass" -e "aes priv" -e "des pass" -e "des priv" -e "auth pass" -e WRONG \
		"$@" "$D"/* 2>/dev/null
}
check "no pass phrase in hosts, outputs, state dir or log" secrets \
	"$T_TMP/hosts.out" "$T_TMP/prom.out" "$T_TMP/text.out" "$T_TMP/run.log"
check "no pass phrase in the binary" sh -c "! grep -a -q -e 'sha aes pass' -e 'md5 auth pass' '$T_TMP/b/snmpoll'"

# ---- agent restart ------------------------------------------------------------
# A daemon, cycles driven by SIGHUP; the agent restarts between two.
rm -rf "$D" && mkdir -p "$D" && chmod 755 "$D"
$BIN run --state-dir "$D" --interval 3600 2>"$T_TMP/daemon.log"
SUP=$(cat "$D/snmpoll.pid")
cyc() { [ "$($BIN status --json --state-dir "$D" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cycle"])')" -ge "$1" ]; }
rate() { $BIN status --json --state-dir "$D" | python3 -c "
import json,sys
h=[h for h in json.load(sys.stdin)['hosts'] if h['name']=='rate'][0]
print(h['status'], [v.get('rate') is not None for v in h['values'] if v['type']=='Counter64'])"; }
check "daemon: cycle 1" wait_for 10 cyc 1
kill -HUP "$SUP"
check "daemon: cycle 2" wait_for 10 cyc 2
check_eq "cycle 2: ok with a rate" "ok [True]" "$(rate)"
boots() { snmpq -On -v3 -u guest -l noAuthNoPriv "127.0.0.1:$PB" 1.3.6.1.6.3.10.2.1.2.0 | sed 's/.*: //'; }
eid() { snmpq -On -v3 -u guest -l noAuthNoPriv "127.0.0.1:$PB" 1.3.6.1.6.3.10.2.1.1.0 | sed 's/.*: //'; }
b1=$(boots); e1=$(eid)
v3_stop
check "v3 agent restarts" v3_start
b2=$(boots)
check "engineBoots went up ($b1 -> $b2)" test "$b2" -gt "$b1"
check_eq "engine ID kept across the restart" "$e1" "$(eid)"
kill -HUP "$SUP"
check "daemon: cycle 3" wait_for 10 cyc 3
check_eq "cycle after the restart: ok, rate null" "ok [False]" "$(rate)"
kill -HUP "$SUP"
check "daemon: cycle 4" wait_for 10 cyc 4
check_eq "next cycle: ok with a rate again" "ok [True]" "$(rate)"
# A restart with another engine ID (its persistent state lost): the first
# request's unknownEngineID Report starts a new discovery in the same poll.
v3_stop
rm -rf "$T_TMP/v3.p" && mkdir -p "$T_TMP/v3.p"
check "v3 agent restarts with a new engine ID" v3_start
check "engine ID changed" test "$e1" != "$(eid)"
kill -HUP "$SUP"
check "daemon: cycle 5" wait_for 10 cyc 5
check_eq "new engine ID: ok in the same cycle, rate null" "ok [False]" "$(rate)"
kill -HUP "$SUP"
check "daemon: cycle 6" wait_for 10 cyc 6
check_eq "and ok at the next cycle" "ok [True]" "$(rate)"
check "no pass phrase in the daemon's log" secrets "$T_TMP/daemon.log"
kill "$SUP"
wait_for 5 sh -c "! kill -0 $SUP 2>/dev/null"
SUP=
kill "$(cat "$T_TMP/silent.pid")" 2>/dev/null
