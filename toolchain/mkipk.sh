#!/bin/sh
# SPDX-License-Identifier: MIT
# mkipk.sh DIR ARCH VERSION OUTDIR: package DIR/data (a `make install`
# tree) as an opkg .ipk: an ar archive of debian-binary, control.tar.gz and
# data.tar.gz, with Architecture in OpenWrt's naming (mips_24kc, ...).
set -eu
dir=$1 arch=$2 version=$3 out=$4
ctl="$dir/control"
rm -rf "$ctl" && mkdir -p "$ctl"
size=$(du -sk "$dir/data" | cut -f1)
cat > "$ctl/control" <<CONTROL
Package: snmpoll
Version: $version-1
Architecture: $arch
Maintainer: snmpoll authors
Section: net
Priority: optional
Installed-Size: $((size * 1024))
Source: snmpoll
License: MIT
Description: Static SNMP poller for the appliance's web status page.
 Polls a host table fixed at build time with forked workers and puts the
 results on /www/snmpoll/, /cgi-bin/snmpoll (JSON, Prometheus) and rpcd.
CONTROL
cat > "$ctl/postinst" <<'POSTINST'
#!/bin/sh
[ -n "${IPKG_INSTROOT:-}" ] || /etc/init.d/snmpoll enable 2>/dev/null || true
exit 0
POSTINST
cat > "$ctl/prerm" <<'PRERM'
#!/bin/sh
[ -n "${IPKG_INSTROOT:-}" ] || { /etc/init.d/snmpoll stop; /etc/init.d/snmpoll disable; } 2>/dev/null || true
exit 0
PRERM
chmod 755 "$ctl/postinst" "$ctl/prerm"
echo "2.0" > "$dir/debian-binary"
tar --numeric-owner --owner=0 --group=0 -C "$ctl" -czf "$dir/control.tar.gz" ./control ./postinst ./prerm
tar --numeric-owner --owner=0 --group=0 -C "$dir/data" -czf "$dir/data.tar.gz" .
ipk="$out/snmpoll_${version}-1_${arch}.ipk"
rm -f "$ipk"
(cd "$dir" && ar -rcD "$ipk" debian-binary control.tar.gz data.tar.gz)
echo "  IPK     $ipk"
