#!/bin/sh
# SPDX-License-Identifier: MIT
# netsnmp.sh: build, once, the net-snmp library the fuzz harnesses link:
# Debian's source (the very code the boards run), client-only and minimal like the sysroots, but for the glibc
# host with clang, ASan + UBSan and libFuzzer's coverage.  Cached in
# $CACHE_DIR/fuzz/, keyed by the source version and this
# script.  Prints the install prefix (include/, lib/libnetsnmp.a) on stdout;
# exits 1 if the source is not in the cache (make fetches it with the first
# board build), so the caller can fall back to Debian's libnetsnmp.
set -eu
: "${CACHE_DIR:=$HOME/.cache/snmpoll}"
dsc=$(ls "$CACHE_DIR"/src/net-snmp_*/*.dsc 2>/dev/null | sort | tail -n 1)
[ -n "$dsc" ] || { echo "netsnmp.sh: no net-snmp source in $CACHE_DIR/src" >&2; exit 1; }
FLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link"
key=$( { basename "$dsc"; cat "$0"
	clang --version | head -n 1; } | sha256sum | cut -c1-8)
PREFIX="$CACHE_DIR/fuzz/netsnmp-$key"
if [ -f "$PREFIX/lib/libnetsnmp.a" ]; then echo "$PREFIX"; exit 0; fi

mkdir -p "$CACHE_DIR/fuzz"
W=$(mktemp -d "$CACHE_DIR/fuzz/build.XXXXXX")
LOG="$W.log"
trap 'rm -rf "$W"' EXIT
echo "netsnmp.sh: building an instrumented net-snmp for the fuzzers (~2 min, log $LOG)" >&2
{
	dpkg-source --no-copy -x "$dsc" "$W/ns"
	cd "$W/ns"
	./configure CC=clang CFLAGS="$FLAGS" LDFLAGS="-fsanitize=address,undefined" \
		--prefix=/ --includedir=/include --libdir=/lib \
		--disable-agent --disable-applications --disable-manuals --disable-scripts \
		--disable-mibs --with-mibs= --disable-mib-loading --without-openssl \
		--disable-embedded-perl --without-perl-modules --disable-shared --enable-static \
		--with-defaults --with-default-snmp-version=2 --enable-ipv6 \
		--with-transports=UDP,UDPIPv6 --with-out-transports=TCP,Unix,Alias,Callback \
		--with-out-security-modules=usm --enable-minimalist --disable-debugging \
		--disable-deprecated --enable-read-only --with-logfile=none --without-pcre \
		--without-rpm --without-nl --without-zlib --without-bzip2 --without-elf \
		--without-kmem-usage --without-systemd
	make features
	make -j2 -C snmplib
	make installheaders INSTALL_PREFIX="$W/out"
	make -C snmplib installlibs INSTALL_PREFIX="$W/out"
	cp include/net-snmp/library/snmpCallbackDomain.h "$W/out/include/net-snmp/library/"
} > "$LOG" 2>&1 || { echo "netsnmp.sh: build failed, see $LOG" >&2; exit 1; }
rm -rf "$PREFIX"
mv "$W/out" "$PREFIX"
rm -f "$LOG"
echo "$PREFIX"
