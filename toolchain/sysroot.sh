#!/bin/sh
# SPDX-License-Identifier: MIT
# toolchain/sysroot.sh ARCH [ipv6=0|1] [usm=0|1]
#
# Ensure a cached per-arch sysroot (musl + minimal client-only static
# net-snmp, and for MIPS a soft-float libgcc) exists in
# ${CACHE_DIR:-$HOME/.cache/snmpoll}/sysroot/ and print a make fragment
# (TC_* variables) on stdout.  Everything else (progress, build logs) goes
# to stderr or to a log file in the cache; on failure the tail of the log
# is shown on stderr.
#
# ARCH: x86_64 | mips_24kc | arm_cortex-a7 | aarch64_cortex-a53
#
# Cache layout:
#   src/<pkg>_<srcver>/            apt-get source --download-only (fetched once)
#   src/gcc-12-softfp_<ver>/       the few gcc-12 files the MIPS soft-fp build needs
#   sysroot/<arch>-ns<ver>-musl<ver>-v6<0|1>-usm<0|1>-<hash8>/   finished sysroots
#   log/<same name>.log            build log of the last build of that sysroot
#   lock/                          flock(1) lock files
# A sysroot directory only ever appears by an atomic rename of a fully
# built and verified temporary directory, so an existing one is complete.
set -eu
# The whole script is one brace group, so the shell parses all of it before
# running any of it: editing this file during a build cannot derail the build.
{
usage() {
	echo "usage: $0 x86_64|mips_24kc|arm_cortex-a7|aarch64_cortex-a53 [ipv6=0|1] [usm=0|1]" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 3 ] || usage
ARCH=$1
shift
IPV6=1
USM=1
for opt in "$@"; do
	case $opt in
		ipv6=0|ipv6=1) IPV6=${opt#ipv6=} ;;
		usm=0|usm=1) USM=${opt#usm=} ;;
		*) usage ;;
	esac
done

# --- per-arch facts -------------------------------------------------------
ISAFLAGS=""
case $ARCH in
x86_64)
	TRIPLE=x86_64-linux-gnu; CROSS=""; HOSTGCC=gcc
	CPUFLAGS=""
	QEMU=""
	ELF_MACHINE="Advanced Micro Devices X86-64" ;;
mips_24kc)
	TRIPLE=mips-linux-gnu; CROSS=mips-linux-gnu-; HOSTGCC=mips-linux-gnu-gcc
	CPUFLAGS="-march=24kc -msoft-float -mno-mips16"
	# net-snmp and snmpoll as MIPS16e, as OpenWrt builds its packages
	# (CONFIG_USE_MIPS16): about a quarter less code.  musl stays
	# MIPS32 (its syscall and atomics are inline MIPS32 assembly);
	# -minterlink-mips16 lets the two call each other.
	ISAFLAGS="-mips16 -minterlink-mips16"
	QEMU="qemu-mips-static -cpu 24Kc"
	ELF_MACHINE="MIPS R3000" ;;
arm_cortex-a7)
	TRIPLE=arm-linux-gnueabihf; CROSS=arm-linux-gnueabihf-; HOSTGCC=arm-linux-gnueabihf-gcc
	CPUFLAGS="-mcpu=cortex-a7 -mfpu=neon-vfpv4 -mfloat-abi=hard"
	QEMU="qemu-arm-static -cpu cortex-a7"
	ELF_MACHINE="ARM" ;;
aarch64_cortex-a53)
	TRIPLE=aarch64-linux-gnu; CROSS=aarch64-linux-gnu-; HOSTGCC=aarch64-linux-gnu-gcc
	CPUFLAGS="-mcpu=cortex-a53"
	QEMU="qemu-aarch64-static -cpu cortex-a53"
	ELF_MACHINE="AArch64" ;;
*) usage ;;
esac

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE_DIR=${CACHE_DIR:-$HOME/.cache/snmpoll}
case $CACHE_DIR in
	/*) ;;
	*) CACHE_DIR=$(pwd)/$CACHE_DIR ;;
esac
case $CACHE_DIR in
	*[[:space:]]*|*'$'*|*'#'*) echo "sysroot.sh: CACHE_DIR must not contain blanks, \$ or #: $CACHE_DIR" >&2; exit 2 ;;
esac
export LC_ALL=C

# Only checks: a build never installs anything (that is `make deps`).
"$HERE/deps.sh" check "$ARCH"

# Everything from here on must never write to stdout: keep the real stdout
# on fd 3 for the final fragment.
exec 3>&1 1>&2

# --- cache key ------------------------------------------------------------
srcvers=$(apt-cache showsrc --only-source musl net-snmp gcc-12 2>/dev/null |
	awk '/^Package: /{p=$2} /^Version: /{print p, $2}')
newest() { printf '%s\n' "$srcvers" | awk -v p="$1" '$1==p{print $2}' | sort -V | tail -n 1; }
NS_VER=$(newest net-snmp)
MUSL_VER=$(newest musl)
GCC_VER=""; [ "$ARCH" = mips_24kc ] && GCC_VER=$(newest gcc-12)
[ -n "$NS_VER" ] && [ -n "$MUSL_VER" ] || {
	echo "sysroot.sh: no deb-src entries for net-snmp/musl (apt-get update?)" >&2; exit 1; }
if [ "$ARCH" = x86_64 ]; then
	# No musl build: Debian's musl-dev is used as is.
	MUSL_VER=$(dpkg-query -W -f='${Version}' musl-dev)
fi
[ "$ARCH" = mips_24kc ] && [ -z "$GCC_VER" ] && {
	echo "sysroot.sh: no deb-src entry for gcc-12" >&2; exit 1; }

if [ "$IPV6" = 1 ]; then
	NS_NET="--enable-ipv6 --with-transports=UDP,UDPIPv6"
else
	NS_NET="--disable-ipv6 --with-transports=UDP"
fi
# SNMPv3: USM on net-snmp's own MD5, SHA-1, DES and AES-128 (snmplib/openssl/,
# NETSNMP_USE_INTERNAL_CRYPTO), no libcrypto.  Without it (CONFIG_SNMPV3=n)
# the library has no USM and no crypto at all.
if [ "$USM" = 1 ]; then
	NS_SEC="--with-openssl=internal"
else
	NS_SEC="--without-openssl --with-out-security-modules=usm"
fi
NS_CFLAGS="-Os -ffunction-sections -fdata-sections${ISAFLAGS:+ $ISAFLAGS}"

HASH=$( {
	cat "$HERE/sysroot.sh" "$HERE/check-fpu.sh" "$HERE"/netsnmp/*.inc
	printf 'arch=%s ipv6=%s usm=%s cpu=%s isa=%s ns=%s musl=%s\n' "$ARCH" "$IPV6" "$USM" "$CPUFLAGS" "$ISAFLAGS" "$NS_VER" "$MUSL_VER"
	[ "$ARCH" = mips_24kc ] && printf 'gcc-src=%s\n' "$GCC_VER"
	$HOSTGCC --version | head -n 1
} | sha256sum | cut -c1-8)

sanitize() { printf '%s' "$1" | tr -c 'A-Za-z0-9.+_-' '_'; }
NAME="$ARCH-ns$(sanitize "$NS_VER")-musl$(sanitize "$MUSL_VER")-v6$IPV6-usm$USM-$HASH"
SYSROOT="$CACHE_DIR/sysroot/$NAME"
LOG="$CACHE_DIR/log/$NAME.log"

fragment() {
	cat >&3 <<EOF
TC_ARCH := $ARCH
TC_IPV6 := $IPV6
TC_USM := $USM
TC_TRIPLE := $TRIPLE
TC_SYSROOT := $SYSROOT
TC_CC := $SYSROOT/bin/cc
TC_CROSS := $CROSS
TC_STRIP := ${CROSS}strip
TC_OBJDUMP := ${CROSS}objdump
TC_READELF := ${CROSS}readelf
TC_SIZE := ${CROSS}size
TC_CPUFLAGS := $CPUFLAGS
TC_ISAFLAGS := $ISAFLAGS
TC_CPPFLAGS := -isystem $SYSROOT/include
TC_LDFLAGS := -static
TC_LDLIBS := $SYSROOT/lib/libnetsnmp.a
TC_QEMU := $QEMU
TC_ELF_MACHINE := $ELF_MACHINE
TC_NETSNMP_VERSION := $NS_VER
TC_MUSL_VERSION := $MUSL_VER
EOF
}

if [ -f "$SYSROOT/.complete" ]; then
	fragment
	exit 0
fi

# --- build (slow path) ----------------------------------------------------
mkdir -p "$CACHE_DIR/sysroot" "$CACHE_DIR/src" "$CACHE_DIR/log" "$CACHE_DIR/lock" "$CACHE_DIR/build"
exec 9>"$CACHE_DIR/lock/$NAME.lock"
if ! flock -n 9; then
	echo "sysroot.sh: waiting for another build of $NAME" >&2
	flock 9
fi
if [ -f "$SYSROOT/.complete" ]; then
	fragment
	exit 0
fi
if [ -e "$SYSROOT" ]; then
	# Cannot normally happen (the rename is atomic); be safe.
	rm -rf "$SYSROOT"
fi
# Leftovers of a build of this sysroot that was killed: we hold its lock.
rm -rf "$CACHE_DIR/sysroot/.tmp-$NAME-"* "$CACHE_DIR/build/$NAME-"*

TMP="$CACHE_DIR/sysroot/.tmp-$NAME-$$"
WORK="$CACHE_DIR/build/$NAME-$$"
cleanup() {
	rc=$?
	if [ $rc -ne 0 ] && [ -n "${SYSROOT_KEEP-}" ]; then
		echo "sysroot.sh: kept $TMP and $WORK" >&2
	else
		rm -rf "$TMP" "$WORK"
	fi
	if [ $rc -ne 0 ]; then
		echo "sysroot.sh: building $NAME FAILED (exit $rc); last lines of $LOG:" >&2
		tail -n 40 "$LOG" >&2 || true
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
rm -rf "$TMP" "$WORK"
mkdir -p "$TMP/bin" "$TMP/include" "$TMP/lib" "$WORK"
: > "$LOG"
START=$(date +%s)

step() {
	echo "sysroot.sh: [$ARCH] $*" >&2
	echo "=== $(date '+%H:%M:%S') $*" >> "$LOG"
}
# Run a command with its output to the log.  (Setting SYSROOT_KEEP=1 keeps
# the temporary directories of a failed build for debugging.)
run() { "$@" >> "$LOG" 2>&1; }

# fetch_src PKG VERSION -> prints the directory holding the downloaded files
fetch_src() {
	d="$CACHE_DIR/src/$1_$(sanitize "$2")"
	if [ ! -f "$d/.complete" ]; then
		(
			exec 8>"$CACHE_DIR/lock/src-$1.lock"
			flock 8
			if [ ! -f "$d/.complete" ]; then
				step "downloading $1 $2 source"
				t="$d.tmp.$$"
				rm -rf "$d.tmp."*; mkdir -p "$t"
				# _apt must be able to write into it (apt's download sandbox).
				chmod 755 "$t"; chown _apt "$t" 2>/dev/null || true
				(cd "$t" && apt-get -q source --download-only "$1=$2") >> "$LOG" 2>&1 ||
					{ rm -rf "$t"; exit 1; }
				touch "$t/.complete"
				rm -rf "$d"; mv "$t" "$d"
			fi
		)
	fi
	printf '%s\n' "$d"
}

# extract PKG VERSION DESTDIR: unpack a Debian source package with its patches
extract_src() {
	s=$(fetch_src "$1" "$2")
	dsc=$(ls "$s"/*.dsc)
	run dpkg-source --no-copy -x "$dsc" "$3"
}

# --- musl (cross targets) -------------------------------------------------
if [ "$ARCH" = x86_64 ]; then
	SPECS=/usr/lib/x86_64-linux-musl/musl-gcc.specs
	[ -f "$SPECS" ] || { echo "sysroot.sh: $SPECS missing (musl-tools)" >&2; exit 1; }
else
	step "musl $MUSL_VER: configure + build"
	extract_src musl "$MUSL_VER" "$WORK/musl"
	( cd "$WORK/musl" &&
	  run ./configure --prefix="$TMP" --target="$TRIPLE" CROSS_COMPILE="$CROSS" \
		CC="${CROSS}gcc" CFLAGS="$CPUFLAGS -Os" --disable-shared --enable-wrapper=gcc &&
	  run make -j2 &&
	  run make install )
	SPECS="$TMP/lib/musl-gcc.specs"
	[ -f "$SPECS" ]
	rm -f "$TMP/bin/musl-gcc"
fi

# --- MIPS: soft-float libgcc ----------------------------------------------
if [ "$ARCH" = mips_24kc ]; then
	step "soft-float libgcc from gcc-12 $GCC_VER libgcc/soft-fp"
	sfp="$CACHE_DIR/src/gcc-12-softfp_$(sanitize "$GCC_VER")"
	if [ ! -f "$sfp/.complete" ]; then
		gsrc=$(fetch_src gcc-12 "$GCC_VER")
		(
			exec 8>"$CACHE_DIR/lock/src-gcc-12.lock"
			flock 8
			if [ ! -f "$sfp/.complete" ]; then
				t="$sfp.tmp.$$"; rm -rf "$sfp.tmp."*; mkdir -p "$t"
				orig=$(ls "$gsrc"/gcc-12_*.orig.tar.*)
				inner=$(tar -tf "$orig" | grep '/gcc-[0-9.]*-dfsg\.tar\.[a-z]*$' | head -n 1)
				tar -xOf "$orig" "$inner" | tar -xJf - -C "$t" --strip-components=1 \
					--wildcards '*/libgcc/soft-fp/*' '*/libgcc/config/mips/sfp-machine.h' \
					'*/include/longlong.h' '*/COPYING*'
				touch "$t/.complete"
				rm -rf "$sfp"; mv "$t" "$sfp"
			fi
		)
	fi
	GCCLIB=$(dirname "$(${CROSS}gcc -print-libgcc-file-name)")
	L="$WORK/libgcc"; mkdir -p "$L/sfp"
	funcs="extendsfdf2 truncdfsf2"
	for m in sf df; do
		for f in add div eq ge le mul neg sub unord; do
			case $f in add|div|mul|sub) funcs="$funcs $f${m}3" ;; *) funcs="$funcs $f${m}2" ;; esac
		done
		for i in si di; do
			funcs="$funcs fix$m$i fixuns$m$i float$i$m floatun$i$m"
		done
	done
	for f in $funcs; do
		run ${CROSS}gcc $CPUFLAGS -Os -fPIC -fno-stack-protector -Wno-attributes \
			-DIN_LIBGCC2 -I"$sfp/libgcc/config/mips" -I"$sfp/libgcc/soft-fp" -I"$sfp/include" \
			-c "$sfp/libgcc/soft-fp/$f.c" -o "$L/sfp/$f.o"
	done
	# Start from a copy of Debian's (hard-float) libgcc.a without the
	# float-ABI markers; drop every member that uses the FPU or defines a
	# symbol the soft-fp objects provide; add the soft-fp objects.
	${CROSS}objcopy -R .gnu.attributes -R .MIPS.abiflags "$GCCLIB/libgcc.a" "$L/libgcc.a"
	${CROSS}nm -g --defined-only "$L"/sfp/*.o | awk 'NF==3{print $3}' | sort -u > "$L/sfp.syms"
	${CROSS}nm -A -g --defined-only "$L/libgcc.a" 2>/dev/null |
		awk -F'[: ]+' 'NF>=4{print $2, $NF}' |
		awk 'NR==FNR{s[$1]=1; next} ($2 in s){print $1}' "$L/sfp.syms" - > "$L/drop"
	rc=0; "$HERE/check-fpu.sh" --list "$L/libgcc.a" >> "$L/drop" 2>/dev/null || rc=$?
	[ $rc -le 1 ]
	sort -u "$L/drop" -o "$L/drop"
	echo "dropping $(wc -l < "$L/drop") members from libgcc.a: $(tr '\n' ' ' < "$L/drop")" >> "$LOG"
	# shellcheck disable=SC2046
	[ -s "$L/drop" ] && ${CROSS}ar d "$L/libgcc.a" $(cat "$L/drop")
	${CROSS}ar rs "$L/libgcc.a" "$L"/sfp/*.o
	"$HERE/check-fpu.sh" "$L/libgcc.a" >> "$LOG" 2>&1
	mkdir -p "$TMP/lib/gcc"
	cp "$L/libgcc.a" "$TMP/lib/gcc/libgcc.a"
	for o in crtbegin.o crtbeginS.o crtbeginT.o crtend.o crtendS.o; do
		${CROSS}objcopy -R .gnu.attributes -R .MIPS.abiflags "$GCCLIB/$o" "$TMP/lib/gcc/$o"
	done
	"$HERE/check-fpu.sh" "$TMP"/lib/gcc/crt*.o >> "$LOG" 2>&1
	# Point the specs at them.  No libgcc_eh: Debian's is hard-float, and a
	# C program linked statically does not need the unwinder.
	sed -i -e "s|^libgcc\.a%s.*|$TMP/lib/gcc/libgcc.a|" \
		-e "s|crtbeginS\.o%s|$TMP/lib/gcc/crtbeginS.o|" \
		-e "s|crtendS\.o%s|$TMP/lib/gcc/crtendS.o|" "$SPECS"
	grep -q "$TMP/lib/gcc/libgcc.a" "$SPECS"
fi

# --- cc wrapper -----------------------------------------------------------
cat > "$TMP/bin/cc" <<EOF
#!/bin/sh
# $ARCH: $HOSTGCC against musl ($MUSL_VER) in this sysroot.
exec $HOSTGCC $CPUFLAGS "\$@" -specs $SPECS
EOF
chmod 755 "$TMP/bin/cc"
CC="$TMP/bin/cc"

# --- net-snmp -------------------------------------------------------------
step "net-snmp $NS_VER: configure (ipv6=$IPV6 usm=$USM)"
NS="$WORK/net-snmp"
extract_src net-snmp "$NS_VER" "$NS"
# Its config.sub (2010) knows neither aarch64 nor musl: use Debian's
# (autotools-dev), as Debian's own build does (dh_update_autotools_config).
for f in config.sub config.guess; do
	cp "/usr/share/misc/$f" "$NS/$f"
done
case $ARCH in
	x86_64) HOST=x86_64-pc-linux-gnu ;;
	*) HOST=$TRIPLE ;;
esac
# Every varbind carries an inline name buffer of MAX_OID_LEN (128) arcs:
# 1024 of its 1136 bytes on 64-bit targets (512 of 588 on 32-bit), 17 of them
# per request in flight, twice (the request kept for a resend, and the
# answer).  net-snmp only ever uses it through sizeof (snmp_set_var_objid
# allocates a longer name), so 32 arcs, which hold every MIB-2, IF-MIB,
# HOST-RESOURCES and most enterprise instances, cut a varbind to 368 bytes
# (204 on 32-bit).  MAX_OID_LEN itself, the longest OID parsed, stays 128.
types="$NS/include/net-snmp/types.h"
grep -q '^ *oid  *name_loc\[MAX_OID_LEN\];' "$types" || {
	echo "sysroot.sh: types.h: name_loc[MAX_OID_LEN] not found" >&2; exit 1; }
sed -i 's/^\( *oid  *name_loc\)\[MAX_OID_LEN\];/\1[32];/' "$types"
# 5.9.3's sc_encrypt()/sc_decrypt() (snmplib/scapi.c) reach AES only through
# OpenSSL's EVP: with internal crypto an AES user's scoped PDU went out
# unencrypted (and garbled).  Insert our own branches on the internal
# AES-128-CFB before each of the two OpenSSL-only ones.
if [ "$USM" = 1 ]; then
	scapi="$NS/snmplib/scapi.c"
	anchor='^#if defined(NETSNMP_USE_OPENSSL) && defined(HAVE_AES)$'
	[ "$(grep -c "$anchor" "$scapi")" = 2 ] || {
		echo "sysroot.sh: scapi.c: expected 2 AES branches to extend" >&2; exit 1; }
	awk -v enc="$HERE/netsnmp/aes-encrypt.inc" -v dec="$HERE/netsnmp/aes-decrypt.inc" '
		/^#if defined\(NETSNMP_USE_OPENSSL\) && defined\(HAVE_AES\)$/ {
			f = ++n == 1 ? enc : dec
			while ((getline l < f) > 0) print l
		}
		{ print }' "$scapi" > "$scapi.new" && mv "$scapi.new" "$scapi"
	[ "$(grep -c 'snmpoll_aes' "$scapi")" -ge 8 ]
fi
# shellcheck disable=SC2086
( cd "$NS" && run ./configure --build=x86_64-pc-linux-gnu --host="$HOST" \
	CC="$CC" LDFLAGS=-static CFLAGS="$NS_CFLAGS" \
	--prefix=/usr --sysconfdir=/etc --localstatedir=/var \
	--includedir=/include --libdir=/lib \
	--disable-agent --disable-applications --disable-manuals --disable-scripts \
	--disable-mibs --with-mibs= --disable-mib-loading $NS_SEC \
	--disable-embedded-perl --without-perl-modules --disable-shared --enable-static \
	--with-defaults --with-default-snmp-version=2 $NS_NET \
	--with-out-transports=TCP,Unix,Alias,Callback \
	--enable-minimalist --disable-debugging --disable-deprecated --enable-read-only \
	--without-opaque-special-types --with-logfile=none --without-pcre \
	--without-rpm --without-nl --without-zlib --without-bzip2 --without-elf \
	--without-kmem-usage --without-systemd )
step "net-snmp: build library"
( cd "$NS" &&
  run make features &&
  run make -j2 -C snmplib &&
  run make installheaders INSTALL_PREFIX="$TMP" &&
  run make -C snmplib installlibs INSTALL_PREFIX="$TMP" )
cp "$NS/include/net-snmp/library/snmpCallbackDomain.h" "$TMP/include/net-snmp/library/"
rm -f "$TMP"/lib/*.la
[ -f "$TMP/lib/libnetsnmp.a" ] && [ -f "$TMP/include/net-snmp/net-snmp-config.h" ]

# --- verify ---------------------------------------------------------------
step "verify: selftest (static, stripped, run under ${QEMU:-native})"
T="$WORK/test"; mkdir -p "$T"
run "$CC" -static -Os -ffunction-sections -fdata-sections -Wl,--gc-sections \
	-Wall -Wextra -isystem "$TMP/include" -o "$T/selftest" "$HERE/selftest.c" "$TMP/lib/libnetsnmp.a"
cp "$T/selftest" "$T/selftest.unstripped"
run ${CROSS}strip "$T/selftest"
file "$T/selftest" >> "$LOG"
file "$T/selftest" | grep -q 'statically linked'
mach=$(${CROSS}readelf -h "$T/selftest" | sed -n 's/^ *Machine: *//p')
[ "$mach" = "$ELF_MACHINE" ] || { echo "ELF machine '$mach' != '$ELF_MACHINE'" >> "$LOG"; exit 1; }
if [ "$ARCH" = mips_24kc ]; then
	"$HERE/check-fpu.sh" "$T/selftest.unstripped" >> "$LOG" 2>&1
	"$HERE/check-fpu.sh" "$TMP/lib/libc.a" "$TMP/lib/libnetsnmp.a" >> "$LOG" 2>&1
fi
# qemu-user is a test tool, not a build dependency: without it the
# cross selftest is only linked and inspected, not run.
if [ -z "$QEMU" ] || command -v "${QEMU%% *}" >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	$QEMU "$T/selftest" > "$T/out" 2>> "$LOG"
	cat "$T/out" >> "$LOG"
	grep -q '^selftest: ok' "$T/out"
else
	echo "selftest not run: no ${QEMU%% *} (qemu-user-static)" >> "$LOG"
fi
echo "selftest stripped size: $(wc -c < "$T/selftest") bytes" >> "$LOG"

# --- publish atomically ---------------------------------------------------
# Rewrite the temporary path baked into the wrapper, the specs file and
# net-snmp-config.h (NETSNMP_CONFIGURE_OPTIONS).
grep -rlF "$TMP" "$TMP/bin" "$TMP/lib" "$TMP/include" | while read -r f; do
	case $f in *.a|*.o) continue ;; esac
	sed -i "s|$TMP|$SYSROOT|g" "$f"
done
if grep -rlF "$TMP" "$TMP/bin" "$TMP/include" "$SPECS" >> "$LOG"; then
	echo "temporary path still referenced in the files above" >> "$LOG"; exit 1
fi
cat > "$TMP/.complete" <<EOF
name=$NAME
arch=$ARCH ipv6=$IPV6 usm=$USM net-snmp=$NS_VER musl=$MUSL_VER${GCC_VER:+ gcc-12-src=$GCC_VER}
built=$(date -u '+%Y-%m-%dT%H:%M:%SZ') seconds=$(( $(date +%s) - START ))
EOF
mv "$TMP" "$SYSROOT"
step "done in $(( $(date +%s) - START )) s: $SYSROOT"
fragment
exit 0
}
