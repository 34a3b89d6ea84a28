#!/bin/sh
# SPDX-License-Identifier: MIT
# What the build and the tests need from the host, in one place.
#
#   deps.sh check ARCH...       (plain `make`, any user) look for what building
#                               ARCH needs; print ONE line naming the missing
#                               Debian packages and exit 1.  Changes nothing.
#   deps.sh install build|demo|test
#                               (`make deps`, root) install what the set needs
#                               and is missing; add deb-src lines if there
#                               are none.  Nothing to do: no root needed.
#   deps.sh list build|demo|test   the package names, one line
#
# The check looks for commands and files, not for package names, so a host
# that has the tools from elsewhere passes too (Buildroot's dependencies.sh
# does the same).
#
# snmpd: its postinst starts the system agent through invoke-rc.d.  In a
# container without a running init, invoke-rc.d refuses (no runlevel:
# "action not allowed", 101); on a booted machine an agent on :161 does not
# disturb the tests, which start their own agents on free ports.  So no
# policy-rc.d is written here.
set -eu

ARCHES="x86_64 mips_24kc arm_cortex-a7 aarch64_cortex-a53"

# have PKG: is what PKG provides there?
have() {
	case $1 in
	build-essential) command -v gcc && command -v make && [ -f /usr/include/stdio.h ] ;;
	python3) [ -x /usr/bin/python3 ] ;;
	python3-kconfiglib) /usr/bin/python3 -c 'import kconfiglib' ;;
	python3-prometheus-client) /usr/bin/python3 -c 'import prometheus_client' ;;
	dpkg-dev) command -v dpkg-source ;;
	autotools-dev) [ -f /usr/share/misc/config.sub ] && [ -f /usr/share/misc/config.guess ] ;;
	musl-tools) [ -f /usr/lib/x86_64-linux-musl/musl-gcc.specs ] ;;
	musl-dev) [ -f /usr/lib/x86_64-linux-musl/libc.a ] ;;
	gcc-*-linux-gnu*) command -v "${1#gcc-}-gcc" ;;
	xz-utils) command -v xz ;;
	util-linux) command -v flock ;;
	qemu-user-static) command -v qemu-mips-static && command -v qemu-arm-static &&
		command -v qemu-aarch64-static ;;
	snmpd) [ -x /usr/sbin/snmpd ] ;;
	snmp) command -v snmpget && command -v snmpbulkwalk ;;
	libsnmp-dev) [ -f /usr/include/net-snmp/net-snmp-config.h ] ;;
	busybox-static) command -v busybox ;;
	libclang-rt-14-dev) ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a ;;
	# The screen's 32-bit fuzz harness (clang -m32).  Never gcc-multilib:
	# Debian makes it conflict with the cross compilers and removes them.
	libc6-dev-i386) [ -f /usr/lib32/crt1.o ] || [ -f /lib32/crt1.o ] ;;
	lib32gcc-12-dev) [ -f /usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a ] ;;
	lib32stdc++-12-dev) [ -f /usr/lib/gcc/x86_64-linux-gnu/12/32/libstdc++.so ] ;;
	iproute2) command -v ip ;;
	procps) command -v ps && command -v pgrep ;;
	*) command -v "$1" ;;
	esac
} >/dev/null 2>&1

# What building for one arch needs.
build_pkgs() {
	echo build-essential python3 python3-kconfiglib dpkg-dev autotools-dev file util-linux
	case $1 in
	x86_64) echo musl-tools musl-dev ;;
	mips_24kc) echo gcc-mips-linux-gnu xz-utils ;;
	arm_cortex-a7) echo gcc-arm-linux-gnueabihf ;;
	aarch64_cortex-a53) echo gcc-aarch64-linux-gnu ;;
	*) echo "deps.sh: unknown arch '$1'" >&2; exit 2 ;;
	esac
}

# The sets `make deps` installs.  build: every board.  demo: x86_64 and a
# local agent and web server.  test: everything make check runs.
pkgs() {
	case $1 in
	build) for a in $ARCHES; do build_pkgs "$a"; done ;;
	demo) build_pkgs x86_64; echo snmpd snmp busybox-static curl ;;
	test) pkgs build; pkgs demo
	      echo qemu-user-static libsnmp-dev chromium python3-prometheus-client \
		clang libclang-rt-14-dev libc6-dev-i386 lib32gcc-12-dev lib32stdc++-12-dev \
		valgrind strace procps iproute2 shellcheck ;;
	*) echo "deps.sh: unknown set '$1' (build, demo, test)" >&2; exit 2 ;;
	esac
}

uniq_words() { tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ' | sed 's/ $//'; }

missing_of() {
	for p in $(pkgs "$1" | uniq_words); do have "$p" || printf '%s ' "$p"; done
}

# Does `apt-get source` know musl, net-snmp (and gcc-12 for MIPS)?
have_sources() {
	for p in "$@"; do
		apt-cache showsrc --only-source "$p" 2>/dev/null | grep -q '^Version:' || return 1
	done
}

check() {
	miss=""
	srcs="musl net-snmp"
	for a in "$@"; do
		for p in $(build_pkgs "$a"); do have "$p" || miss="$miss $p"; done
		[ "$a" = mips_24kc ] && srcs="$srcs gcc-12"
	done
	miss=$(echo "$miss" | uniq_words)
	if [ -n "$miss" ]; then
		echo "snmpoll: missing to build $*: $miss (apt-get install $miss, or 'make deps' as root)" >&2
		exit 1
	fi
	# apt-get source (run as any user, into the cache) needs deb-src lines.
	if ! have_sources $srcs; then
		echo "snmpoll: 'apt-get source $srcs' finds nothing: add deb-src lines (a copy of the deb entry with 'Types: deb-src') and run apt-get update, or 'make deps' as root" >&2
		exit 1
	fi
}

# Add deb-src lines when there are none; 0 if something was added.
add_deb_src() {
	f=/etc/apt/sources.list.d/debian.sources
	if [ -f "$f" ] && ! grep -q '^Types:.*deb-src' "$f"; then
		# Copy every "Types: deb" stanza as a deb-src stanza.
		awk 'BEGIN{RS="";ORS="\n\n"} /^Types: deb/ {print; sub(/^Types: deb/,"Types: deb-src"); print}' \
			"$f" > "$f.new" && mv "$f.new" "$f"
		return 0
	fi
	if [ ! -f "$f" ] && ! grep -rqs '^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/snmpoll-src.list
		return 0
	fi
	return 1
}

do_install() {
	missing=$(missing_of "$1")
	srcs_ok=1
	have_sources musl net-snmp gcc-12 || srcs_ok=""
	[ -z "$missing" ] && [ -n "$srcs_ok" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "snmpoll: 'make deps' needs root to install:${missing:+ $missing}${srcs_ok:- (and deb-src lines)}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	[ -n "$srcs_ok" ] || add_deb_src || true
	apt-get update -q
	# shellcheck disable=SC2086
	[ -z "$missing" ] || apt-get install -y -q --no-install-recommends $missing
}

case ${1-} in
check) shift; [ $# -gt 0 ] || set -- x86_64; check "$@" ;;
install) do_install "${2:-build}" ;;
list) pkgs "${2:-build}" | uniq_words; echo ;;
*) echo "usage: $0 check ARCH... | install build|demo|test | list build|demo|test" >&2; exit 2 ;;
esac
