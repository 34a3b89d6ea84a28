#!/bin/sh
# SPDX-License-Identifier: MIT
# toolchain/check-fpu.sh [--list] FILE...
#
# Fail if a MIPS ELF file (executable, object or archive) contains FPU
# (coprocessor 1) instructions.  OpenWrt's MIPS kernels have no FPU
# emulation, so a single such instruction is a SIGILL on the router.
#
# Exit status: 0 no FPU instruction, 1 FPU instructions found (the first
# ones are printed on stderr), 2 usage error / not a MIPS file.
# --list: print on stdout the archive members (or files) that contain FPU
# instructions, one per line (exit status as above).
set -eu

OBJDUMP=${OBJDUMP:-mips-linux-gnu-objdump}
list=""
if [ "${1-}" = --list ]; then list=1; shift; fi
[ $# -ge 1 ] || { echo "usage: $0 [--list] MIPS-ELF-FILE..." >&2; exit 2; }

rc=0
for f in "$@"; do
	if [ ! -r "$f" ]; then
		echo "check-fpu: $f: cannot read" >&2; exit 2
	fi
	if ! "$OBJDUMP" -f "$f" 2>/dev/null | grep -q 'architecture: mips'; then
		echo "check-fpu: $f: not a MIPS ELF file" >&2; exit 2
	fi
	# objdump -d lines look like "  400120:\t3c1c0002 \tlui\tgp,0x2";
	# headers of archive members like "foo.o:     file format elf32-tradbigmips".
	# FPU: any mnemonic with a '.' except the r2 hazard-barrier jumps
	# (jr.hb, jalr.hb) -- add.d, cvt.s.w, c.lt.d, mov.s, ...; plus the
	# undotted cop1 loads/stores/moves/branches, and movf/movt which test
	# an FPU condition code.
	"$OBJDUMP" -d "$f" | awk -F'\t' -v file="$f" -v list="$list" '
		/file format/ { m = $0; sub(/:[ ]+file format.*/, "", m); next }
		NF >= 3 && $1 ~ /^ *[0-9a-f]+:/ {
			op = $3; sub(/ +$/, "", op)
			if (op ~ /^\./ || op == "") next
			if ((op ~ /\./ && op !~ /\.hb$/) ||
			    op ~ /^([ls][wdu]x?c1|d?m[ft]h?c1|[ct][ft]c1|bc1.*|mov[ft]|cop1x?)$/) {
				n++
				if (!(m in seen)) { seen[m] = 1; members[++k] = m }
				if (n <= 10) printf "check-fpu: %s: %s: %s\t%s\n", file, m, $1, op > "/dev/stderr"
			}
		}
		END {
			if (list) for (i = 1; i <= k; i++) print members[i]
			if (n) { printf "check-fpu: %s: %d FPU instruction(s)\n", file, n > "/dev/stderr"; exit 1 }
		}' || rc=1
done
exit $rc
