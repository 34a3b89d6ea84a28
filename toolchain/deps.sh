#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian packages every board's build and every test needs.
# Idempotent: when everything is installed a run costs one dpkg-query.
# Adds the deb-src lines that `apt-get source` (musl, net-snmp, gcc-12) needs.
set -eu

# NOTE FROM THE LEAD: never gcc-multilib/g++-multilib here: Debian makes them
# conflict with gcc-{mips,arm,aarch64}-linux-gnu, so installing them REMOVES the
# cross compilers and breaks every board (it already broke other builds).
# For a 32-bit (-m32) clang build use libc6-dev-i386 + lib32gcc-12-dev instead
# (installed now); 32-bit x86 binaries do not execute natively in this sandbox
# (no ia32 support in the kernel): plain ones run under qemu-i386-static, but
# ASan under qemu-i386 hangs: test the 32-bit screen without sanitizers.
# lib32stdc++-12-dev: libFuzzer's C++ runtime for that -m32 build.
PKGS="build-essential dpkg-dev file bc python3 python3-kconfiglib autotools-dev
 musl-tools musl-dev
 gcc-mips-linux-gnu gcc-arm-linux-gnueabihf gcc-aarch64-linux-gnu
 qemu-user-static
 snmpd snmp libsnmp-dev
 busybox-static chromium python3-prometheus-client
 clang libclang-rt-14-dev libc6-dev-i386 lib32gcc-12-dev lib32stdc++-12-dev valgrind strace procps iproute2 xz-utils"

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "toolchain/deps.sh: missing packages ($*); run as root or install them" >&2
		exit 1
	fi
}

add_deb_src() {
	f=/etc/apt/sources.list.d/debian.sources
	if [ -f "$f" ] && ! grep -q '^Types:.*deb-src' "$f"; then
		need_root deb-src
		# Copy every "Types: deb" stanza as a deb-src stanza.
		awk 'BEGIN{RS="";ORS="\n\n"} /^Types: deb/ {print; sub(/^Types: deb/,"Types: deb-src"); print}' \
			"$f" > "$f.new" && mv "$f.new" "$f"
		return 0
	fi
	if [ ! -f "$f" ] && ! grep -rqs '^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		need_root deb-src
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/snmpoll-src.list
		return 0
	fi
	return 1
}

# One dpkg-query for the whole list (this runs on every build).
missing=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $PKGS 2>/dev/null |
	awk -v want="$PKGS" '$2 == "ii" { ok[$1] = 1 }
		END { n = split(want, w, /[ \t\n]+/)
		      for (i = 1; i <= n; i++) if (w[i] != "" && !(w[i] in ok)) printf " %s", w[i] }')
updated=""
if add_deb_src; then updated=1; fi
if [ -n "$missing" ]; then
	need_root "$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	updated=1
	# snmpd must not start itself as a service: tests run their own agents.
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d
	apt-get install -y -q --no-install-recommends $missing
	rm -f /usr/sbin/policy-rc.d
elif [ -n "$updated" ]; then
	apt-get update -q
fi
exit 0
