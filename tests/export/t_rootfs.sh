# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# make install into an empty tree with only busybox-static beside it (no
# libc at all): in a chroot the sysv init script starts snmpoll, reports
# status, stops it; busybox httpd serves the page and the CGI from the tree.
# Also make ipk: an ar archive with the right control fields.
. "$SRC/tests/lib.sh"
. "$SRC/tests/agent.sh"
R="$T_TMP/root"
HTTPD=
cleanup() {
	[ -n "$HTTPD" ] && kill "$HTTPD" 2>/dev/null
	[ -s "$R/var/run/snmpoll/snmpoll.pid" ] && kill "$(cat "$R/var/run/snmpoll/snmpoll.pid")" 2>/dev/null
	agents_cleanup
}
trap cleanup EXIT

P1=$(free_port)
check "agent starts" agent_start a1 127.0.0.1 "$P1"
printf 'oids s sysDescr.0 sysName.0\nhost a1 127.0.0.1:%s oids=s\nhost gone 127.0.0.1:1 timeout=200 retries=0 oids=s\n' "$P1" > "$T_TMP/hosts.tbl"
check "build" build_table "$T_TMP/hosts.tbl" "$T_TMP/b"
check "make install" make -s -C "$SRC" O="$T_TMP/b" install DESTDIR="$R"
for f in usr/sbin/snmpoll www/snmpoll/index.html www/cgi-bin/snmpoll etc/init.d/snmpoll \
	usr/libexec/rpcd/snmpoll usr/share/rpcd/acl.d/snmpoll.json; do
	check "installed /$f" test -e "$R/$f"
done
# The binary holds the communities: other users may run it, never read it.
check_eq "installed binary is mode 0711" 711 "$(stat -c %a "$R/usr/sbin/snmpoll")"

check "make ipk" make -s -C "$SRC" O="$T_TMP/b" ipk
ipk=$(ls "$T_TMP"/b/snmpoll_*.ipk 2>/dev/null | head -1)
check_eq "ipk members in order" "debian-binary control.tar.gz data.tar.gz" "$(ar t "$ipk" | tr '\n' ' ' | sed 's/ $//')"
ctl=$(ar p "$ipk" control.tar.gz | tar -xzO ./control)
check_eq "ipk Architecture is the board's" "Architecture: x86_64" "$(echo "$ctl" | grep ^Architecture)"
echo "$ctl" > "$T_TMP/control"
check "ipk Package field" grep -qx 'Package: snmpoll' "$T_TMP/control"
check "ipk Version field" grep -q '^Version: [0-9]' "$T_TMP/control"
check "ipk data holds the binary" sh -c "ar p '$ipk' data.tar.gz | tar -tz | grep -qx './usr/sbin/snmpoll'"
check_eq "ipk binary is mode 0711" "-rwx--x--x" "$(ar p "$ipk" data.tar.gz | tar -tvz ./usr/sbin/snmpoll | cut -c1-10)"
# The OpenWrt recipe installs through make install: the same 0711.
check "OpenWrt recipe installs through make install (0711)" grep -Eq '^\s*\$\(MAKE\) \$\(SNMPOLL_MAKE_FLAGS\) install ' "$SRC/board/openwrt/Makefile"

if [ "$(id -u)" != 0 ] || [ ! -x /bin/busybox ]; then
	skip "chroot rootfs (needs root and busybox-static)"
	exit 0
fi
mkdir -p "$R/bin" "$R/etc" "$R/dev" "$R/tmp" "$R/var/run"
cp /bin/busybox "$R/bin/busybox"
chroot "$R" /bin/busybox --install -s /bin
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$R/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$R/etc/group"
mknod -m 666 "$R/dev/null" c 1 3
check "no libc in the tree" sh -c "! find '$R' -name 'libc*' -o -name 'ld-*' | grep -q ."
check "init script start" chroot "$R" /etc/init.d/snmpoll start
check "daemon wrote its pidfile" wait_for 5 test -s "$R/var/run/snmpoll/snmpoll.pid"
chroot "$R" /etc/init.d/snmpoll status >/dev/null 2>&1
check_eq "init script status: running" 0 "$?"
check "first cycle" wait_for 10 sh -c "chroot '$R' /usr/sbin/snmpoll status --json | grep -q '\"cycle\": *[1-9]'"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
chroot "$R" /bin/busybox httpd -f -p "127.0.0.1:$PORT" -h /www &
HTTPD=$!
check "httpd up" wait_for 5 sh -c "curl -sf http://127.0.0.1:$PORT/snmpoll/index.html >/dev/null"
curl -s -D "$T_TMP/h" "http://127.0.0.1:$PORT/cgi-bin/snmpoll" > "$T_TMP/body"
check "CGI from the tree answers JSON" python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d['hosts'][0]['status'] != 'ok' or d['hosts'][1]['status'] == 'ok')" "$T_TMP/body"
check "CGI Content-Type" grep -qi '^Content-Type: application/json' "$T_TMP/h"
check "init script stop" chroot "$R" /etc/init.d/snmpoll stop
chroot "$R" /etc/init.d/snmpoll status >/dev/null 2>&1
check_eq "init script status: not running" 3 "$?"
check "pidfile gone" test ! -e "$R/var/run/snmpoll/snmpoll.pid"
