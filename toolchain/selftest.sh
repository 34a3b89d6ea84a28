#!/bin/sh
# SPDX-License-Identifier: MIT
# toolchain/selftest.sh ARCH [ipv6=0|1]
#
# Build toolchain/selftest.c against the ARCH sysroot (building it first if
# needed, via sysroot.sh) the way the project links snmpoll: static, -Os,
# section GC, stripped.  Check that `file` says statically linked, that the
# ELF machine is right, that a MIPS binary has no FPU instruction, and run
# it (under qemu-user for cross targets).  Prints one line:
#   ARCH ipv6=N size=BYTES <selftest output>
# Exit 0 on success.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 ARCH [ipv6=0|1]" >&2; exit 2; }

frag=$("$HERE/sysroot.sh" "$@")
get() { printf '%s\n' "$frag" | sed -n "s/^$1 := //p"; }
CC=$(get TC_CC); STRIP=$(get TC_STRIP); READELF=$(get TC_READELF)
CPPFLAGS=$(get TC_CPPFLAGS); LDLIBS=$(get TC_LDLIBS); QEMU=$(get TC_QEMU)
MACHINE=$(get TC_ELF_MACHINE); ARCH=$(get TC_ARCH); IPV6=$(get TC_IPV6)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# shellcheck disable=SC2086
"$CC" -static -Os -ffunction-sections -fdata-sections -Wl,--gc-sections \
	-Wall -Wextra -Werror $CPPFLAGS -o "$out/selftest" "$HERE/selftest.c" $LDLIBS
cp "$out/selftest" "$out/selftest.unstripped"
"$STRIP" "$out/selftest"
file "$out/selftest" | grep -q 'statically linked' || {
	echo "selftest: not statically linked: $(file "$out/selftest")" >&2; exit 1; }
m=$("$READELF" -h "$out/selftest" | sed -n 's/^ *Machine: *//p')
[ "$m" = "$MACHINE" ] || { echo "selftest: ELF machine '$m', expected '$MACHINE'" >&2; exit 1; }
if [ "$ARCH" = mips_24kc ]; then
	# objdump tells MIPS16 from MIPS32 code by the symbols
	"$HERE/check-fpu.sh" "$out/selftest.unstripped"
fi
# shellcheck disable=SC2086
res=$($QEMU "$out/selftest")
case $res in
	"selftest: ok"*) ;;
	*) echo "selftest: $ARCH: unexpected output: $res" >&2; exit 1 ;;
esac
echo "$ARCH ipv6=$IPV6 size=$(wc -c < "$out/selftest") $res"
