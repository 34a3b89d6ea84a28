# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Real snmpd agents on loopback for the tests.  Sourced after lib.sh.
#
#   agent_start NAME ADDR PORT [CONF_LINES]  start snmpd, wait until it answers
#   agent_stop NAME                          SIGTERM it (by its pid) and wait
#   agents_cleanup                           stop every agent this script started
#
# Agents serve community "public" read-only; the pass_persist script tests/pass.py
# serves controlled values of every type under .1.3.6.1.4.1.99999 from
# $T_TMP/NAME.values ("OID TYPE VALUE" lines, editable while running).
# AGENT_NOMODS: more snmpd modules to leave out (e.g. ifTable, so that a
# pass_persist line in CONF_LINES can serve the interface table).

SNMPD=${SNMPD:-/usr/sbin/snmpd}
snmpq() { snmpget -m "" -M /nonexistent "$@" 2>/dev/null; }

agent_start() {
	_n=$1 _a=$2 _p=$3
	_ep="udp:$_a:$_p"
	case $_a in *:*) _ep="udp6:[$_a]:$_p" ;; esac
	[ -f "$T_TMP/$_n.values" ] || : > "$T_TMP/$_n.values"
	cat > "$T_TMP/$_n.conf" <<CONF
agentAddress $_ep
rocommunity public default
rocommunity6 public default
sysLocation lab-$_n
sysContact ops@example.net
sysName $_n
pass_persist .1.3.6.1.4.1.99999 /usr/bin/python3 $SRC/tests/pass.py $T_TMP/$_n.values
${4:-}
CONF
	"$SNMPD" -f -Lf "$T_TMP/$_n.log" -C -c "$T_TMP/$_n.conf" -I -smux,mteTrigger,mteTriggerConf${AGENT_NOMODS:+,$AGENT_NOMODS} \
		-M /nonexistent -m "" -p "$T_TMP/$_n.spid" >/dev/null 2>&1 &
	echo $! > "$T_TMP/$_n.pid"
	wait_for 10 snmpq -v2c -c public -t 0.2 -r 0 "$_ep" 1.3.6.1.2.1.1.3.0
}

agent_stop() {
	[ -f "$T_TMP/$1.pid" ] || return 0
	_pid=$(cat "$T_TMP/$1.pid")
	kill "$_pid" 2>/dev/null
	wait_for 5 sh -c "! kill -0 $_pid 2>/dev/null"
	kill -9 "$_pid" 2>/dev/null
	rm -f "$T_TMP/$1.pid"
}

agents_cleanup() {
	for _f in "$T_TMP"/*.pid; do
		[ -f "$_f" ] || continue
		kill "$(cat "$_f")" 2>/dev/null
	done
	return 0
}

# daemon_cleanup: trap handler for scripts that run a daemon whose
# supervisor pid is in $SUP: SIGKILL it and its workers, stop the agents.
daemon_cleanup() {
	# shellcheck disable=SC2046
	[ -n "${SUP:-}" ] && kill -9 "$SUP" $(cat /proc/"$SUP"/task/*/children 2>/dev/null) 2>/dev/null
	agents_cleanup
}
