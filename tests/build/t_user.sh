# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Building needs no root and installs nothing (issue 13):
# - plain `make` of the x86_64 board as an unprivileged user (nobody), with
#   its own HOME, CACHE_DIR and O, from a copy of the source tree it cannot
#   write to: the user builds the sysroot (musl + net-snmp from apt-get
#   source) and the binary;
# - a missing cross compiler stops `make` with one line naming the package,
#   before any sysroot work;
# - no deb-src lines: one line naming the fix.
. "$SRC/tests/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	skip "unprivileged build: needs root to switch to nobody (setpriv)"
	exit 0
fi
U=$T_TMP/user
mkdir -p "$U/home" "$U/cache/src" "$T_TMP/src"
tar -C "$SRC" --exclude=./build --exclude=./.git -cf - . | tar -C "$T_TMP/src" -xf -
# The x86_64 sysroot $O was built with (it refers to nothing outside
# itself but the system's musl-gcc.specs, so a copy works), readable by the
# user the way a shared CACHE_DIR would be: the user's build then compiles
# only snmpoll.  T_USER_SYSROOT=build makes the user build the sysroot too
# (apt-get source, musl, net-snmp: minutes); downloaded sources are still
# copied to save the network.
ROOT_CACHE=${CACHE_DIR:-$HOME/.cache/snmpoll}
SYSROOT=$(sed -n 's/^TC_SYSROOT := //p' "$O/toolchain.mk")
if [ "${T_USER_SYSROOT-}" != build ] && [ -f "$SYSROOT/.complete" ]; then
	mkdir -p "$U/cache/sysroot"
	cp -a "$SYSROOT" "$U/cache/sysroot/"
	USER_BUILDS="the binary (sysroot copied)"
else
	for d in "$ROOT_CACHE"/src/musl_* "$ROOT_CACHE"/src/net-snmp_*; do
		[ -f "$d/.complete" ] && cp -a "$d" "$U/cache/src/"
	done
	USER_BUILDS="its own sysroot and the binary"
fi
chown -R nobody:nogroup "$U"

# as_user [VAR=value...] CMD...: run as nobody with a clean environment.
as_user() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
		env -i PATH="${UPATH:-/usr/bin:/bin}" HOME="$U/home" CACHE_DIR="$U/cache" \
		LC_ALL=C "$@"
}

# ---- plain make as nobody ------------------------------------------------
as_user nice make -C "$T_TMP/src" O="$U/x86" > "$U/x86.log" 2>&1
rc=$?
[ $rc = 0 ] || tail -20 "$U/x86.log" | sed 's/^/#   /'
check_eq "as nobody: plain make builds $USER_BUILDS" 0 "$rc"
check "as nobody: the binary runs" as_user "$U/x86/snmpoll" config

# ---- a missing package ---------------------------------------------------
# A PATH with every command but the MIPS cross compiler.
B=$U/bin
mkdir -p "$B"
for f in /usr/bin/* /usr/sbin/*; do
	case ${f##*/} in mips-linux-gnu-*) continue ;; esac
	ln -sf "$f" "$B/${f##*/}"
done
as_user make -s -C "$T_TMP/src" O="$U/mips" mips_24kc_defconfig >/dev/null 2>&1
UPATH=$B as_user make -s -C "$T_TMP/src" O="$U/mips" > "$U/mips.log" 2>&1
rc=$?
sed 's/^/#   /' "$U/mips.log" | tail -5
check "no mips-linux-gnu-gcc: make fails" test "$rc" != 0
check "no mips-linux-gnu-gcc: one line, naming gcc-mips-linux-gnu" sh -c "
	test \$(wc -l < '$U/mips.log') = 1 &&
	grep -q 'snmpoll: missing to build mips_24kc: gcc-mips-linux-gnu ' '$U/mips.log'"
# sysroot.sh keeps the log of every build it starts, even a failed one.
check "no mips-linux-gnu-gcc: no sysroot build started" \
	sh -c "! ls -d '$U'/cache/log/*mips* 2>/dev/null"

# ---- no deb-src lines ----------------------------------------------------
printf '%s\n' 'Dir::Etc::sourcelist "/dev/null";' 'Dir::Etc::sourceparts "/nonexistent";' \
	'Dir::Cache::srcpkgcache "";' 'Dir::Cache::pkgcache "";' > "$U/apt.conf"
as_user APT_CONFIG="$U/apt.conf" "$T_TMP/src/toolchain/deps.sh" check x86_64 > "$U/src.log" 2>&1
rc=$?
sed 's/^/#   /' "$U/src.log"
check "no deb-src: the check fails" test "$rc" != 0
check "no deb-src: one line says to add deb-src lines" sh -c "
	test \$(wc -l < '$U/src.log') = 1 &&
	grep -q \"^snmpoll: 'apt-get source musl net-snmp' finds nothing: add deb-src lines\" '$U/src.log'"
