# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Every board builds a static binary of the right machine (no FPU
# instruction on mips_24kc), `snmpoll config` runs under qemu-user, and the
# engine integration suite (SNMPv3 included) passes on mips_24kc and
# arm_cortex-a7 under qemu, with the unit tests (the datagram screen's
# known answers on a 32-bit big-endian and a 64-bit long) and the hostile
# limits on mips_24kc and aarch64_cortex-a53.
. "$SRC/tests/lib.sh"

tc() { sed -n "s/^$2 := //p" "$1/toolchain.mk"; }

for b in mips_24kc arm_cortex-a7 aarch64_cortex-a53; do
	d="$O/cross/$b"
	mkdir -p "$d"
	if ! { make -s -C "$SRC" O="$d" "${b}_defconfig" && make -s -C "$SRC" O="$d"; } >"$T_TMP/$b.log" 2>&1; then
		fail "$b builds"; tail -20 "$T_TMP/$b.log" | sed 's/^/#   /'; continue
	fi
	pass "$b builds ($(stat -c %s "$d/snmpoll") bytes stripped)"
	check "$b: statically linked" sh -c "file '$d/snmpoll' | grep -q 'statically linked'"
	check_eq "$b: ELF machine" "$(tc "$d" TC_ELF_MACHINE)" \
		"$(readelf -h "$d/snmpoll" | sed -n 's/^ *Machine: *//p')"
	check "$b: unstripped copy beside it" test -s "$d/snmpoll.unstripped"
	[ "$b" = mips_24kc ] && check "mips_24kc: no FPU instruction" "$SRC/toolchain/check-fpu.sh" "$d/snmpoll.unstripped"
	# shellcheck disable=SC2046
	out=$($(tc "$d" TC_QEMU) "$d/snmpoll" config 2>&1)
	check "$b: snmpoll config runs under qemu" sh -c "echo '$out' | grep -q 'board: $b'"
done

for b in mips_24kc arm_cortex-a7 aarch64_cortex-a53; do
	d="$O/cross/$b"
	[ -x "$d/snmpoll" ] || { fail "$b: integration suite (no binary)"; continue; }
	case $b in
	# Not t_daemon (signals, respawn, backoff: no arch-dependent code,
	# and ASan runs it in t_asan): two minutes a board of make check's 20.
	arm_cortex-a7) set -- "$SRC/tests/engine/t_poll.sh" "$SRC/tests/engine/t_v3.sh" ;;
	mips_24kc) set -- "$SRC/tests/engine/t_poll.sh" "$SRC/tests/engine/t_v3.sh" \
		"$SRC/tests/unit/t_unit.sh" "$SRC/tests/hostile/t_limits.sh" ;;
	*) set -- "$SRC/tests/unit/t_unit.sh" "$SRC/tests/hostile/t_limits.sh" ;;
	esac
	O="$d" T_RUN="$(tc "$d" TC_QEMU)" "$SRC/tests/run" "$@" > "$T_TMP/$b.suite" 2>&1
	rc=$?
	sum=$(tail -1 "$T_TMP/$b.suite")
	if [ $rc -eq 0 ] && echo "$sum" | grep -q '^[1-9][0-9]* passed, 0 failed'; then
		pass "$b: engine integration suite under qemu ($sum)"
	else
		fail "$b: engine integration suite under qemu ($sum)"
		grep '^not ok' "$T_TMP/$b.suite" | head -20 | sed 's/^/#   /'
	fi
done
