# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Secrets: a distinctive community string never appears in any
# output (status in every format, status.json, the CGI, hosts, config),
# log line, the shared-memory file, or /proc/<pid>/cmdline, environ or comm
# of any snmpoll process, and core dumps are off in every process.
# SNMPv3 too: neither the pass phrases nor their keys (Ku, and Kul
# localised to the agent's engine ID), in hex or raw, appear anywhere.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
SUP=
trap daemon_cleanup EXIT

SECRET="Zq7x-s3cr3t-c0mm-9Kp2"
P1=$(free_port); PC=$(free_port)
check "agent with the secret community starts" agent_start a1 127.0.0.1 "$P1" "rocommunity $SECRET default"
check "the agent answers that community" sh -c "snmpget -m '' -M /nonexistent -v2c -c '$SECRET' 127.0.0.1:$P1 1.3.6.1.2.1.1.5.0 | grep -q a1"
V3=0
grep -q '^#define ENABLE_SNMPV3 1' "$O/include/autoconf.h" && V3=1
AUTHPASS="Vb3-auth-Pp9x-4Lq" PRIVPASS="Vb3-priv-Rt5w-8Mz"
P3=$(free_port)
if [ "$V3" = 1 ]; then
	check "v3 agent starts" agent_start a3 127.0.0.1 "$P3" "createUser sha3 SHA \"$AUTHPASS\" AES \"$PRIVPASS\"
createUser md53 MD5 \"$AUTHPASS\" DES \"$PRIVPASS\"
rouser sha3 priv
rouser md53 priv"
	V3HOSTS="host v3-sha 127.0.0.1:$P3 version=3 user=sha3 level=authPriv auth=SHA authpass=\"$AUTHPASS\" priv=AES privpass=\"$PRIVPASS\" oids=sys
host v3-md5 127.0.0.1:$P3 version=3 user=md53 level=authPriv auth=MD5 authpass=\"$AUTHPASS\" priv=DES privpass=\"$PRIVPASS\" oids=sys"
else
	skip "SNMPv3 secrets: CONFIG_SNMPV3 is off"
	V3HOSTS=
fi
cat > "$T_TMP/hosts.tbl" <<T
defaults community=$SECRET timeout=1000 retries=0
oids sys sysDescr.0 sysUpTime.0 sysName.0
host ok-v2 127.0.0.1:$P1 oids=sys
host ok-v1 127.0.0.1:$P1 version=1 oids=sys
host quoted 127.0.0.1:$P1 community="$SECRET" oids=sys
host closed 127.0.0.1:$PC oids=sys
host wrong 127.0.0.1:$P1 community=not-it timeout=300 oids=sys
$V3HOSTS
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
[ "$V3" = 1 ] && check_eq "v3 hosts answered" "ok ok" "$($BIN status --json --state-dir "$D" | python3 -c '
import json,sys; d={h["name"]:h for h in json.load(sys.stdin)["hosts"]}; print(d["v3-sha"]["status"], d["v3-md5"]["status"])')"
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
[ "$V3" = 1 ] || exit 0

# SNMPv3: the pass phrases, and every key made from them (Ku, Kul for the
# agent's engine ID; SHA and MD5), as hex (either case) or raw bytes.
ENGINE=$(snmpget -m "" -M /nonexistent -Ov -v3 -u sha3 -l authPriv -a SHA -A "$AUTHPASS" -x AES \
	-X "$PRIVPASS" "127.0.0.1:$P3" 1.3.6.1.6.3.10.2.1.1.0 2>/dev/null | sed 's/^Hex-STRING: //' | tr -d ' \n')
check "the agent's engine ID read (${ENGINE:-none})" test -n "$ENGINE"
python3 - "$ENGINE" "$AUTHPASS" "$PRIVPASS" > "$T_TMP/keys" <<'PY'
import hashlib, sys
engine = bytes.fromhex(sys.argv[1])
for name in ("md5", "sha1"):
    for p in sys.argv[2:]:
        p = p.encode()
        ku = hashlib.new(name, (p * (1048576 // len(p) + 1))[:1048576]).digest()
        kul = hashlib.new(name, ku + engine + ku).digest()
        for k in (ku, kul, kul[:16]):
            print(k.hex())
PY
check_eq "10 distinct keys to look for" 10 "$(sort -u "$T_TMP/keys" | wc -l)"
check "the binary holds Ku (so the checks below mean something)" python3 -c "
import sys; b=open(sys.argv[1],'rb').read(); ks=[bytes.fromhex(l) for l in open(sys.argv[2])]
sys.exit(0 if sum(k in b for k in ks) >= 4 else 1)" "$T_TMP/b/snmpoll" "$T_TMP/keys"
leaks=$(python3 -c "
import os, sys
out, keys = sys.argv[1], [l.strip() for l in open(sys.argv[2])]
pats = [k.encode() for k in keys] + [k.upper().encode() for k in keys] + [bytes.fromhex(k) for k in keys]
pats += [p.encode() for p in sys.argv[3:]] + [p[4:12].encode() for p in sys.argv[3:]]
for f in sorted(os.listdir(out)):
    b = open(os.path.join(out, f), 'rb').read()
    if any(p in b for p in pats):
        print(f, end=' ')" "$OUT" "$T_TMP/keys" "$AUTHPASS" "$PRIVPASS")
check_eq "no pass phrase, Ku or Kul in any output, log, shm or /proc file" "" "$leaks"
