# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Static checks over the tree:
# - shellcheck at warning level over every shell script (by name *.sh or
#   by a sh/bash #! line: the tests, the toolchain, the init and rpcd
#   scripts);
# - no comma-operator statements in the C code (clang -Wcomma; gcc has no
#   such warning).
. "$SRC/tests/lib.sh"

scripts() {
	find "$SRC" \( -path "$SRC/.git" -o -path "$SRC/build" -o -path "$O" \) -prune -o -type f -print |
	while IFS= read -r f; do
		case $f in
		*.sh) echo "$f" ;;
		*.py|*.c|*.h|*.md|*.tbl|*.json|*.html) ;;
		*) head -n 1 "$f" 2>/dev/null | grep -Eq '^#! */bin/(ba|da)?sh' && echo "$f" ;;
		esac
	done | sort
}

if command -v shellcheck >/dev/null; then
	mapfile -t files < <(scripts)
	check "shellcheck -S warning: ${#files[@]} scripts" shellcheck -S warning "${files[@]}"
else
	fail "shellcheck not installed (make deps DEPS=test)"
fi

if command -v clang >/dev/null; then
	inc=$(sed -n 's/^TC_CPPFLAGS := //p' "$O/toolchain.mk")
	# shellcheck disable=SC2086
	check "no comma-operator statements (clang -Wcomma)" sh -c "
		for f in '$SRC'/src/*.c '$SRC'/toolchain/tblc/*.c '$SRC'/tests/*/*.c; do
			clang -std=gnu99 -fsyntax-only -Wcomma -Werror -Wno-everything -Wcomma \
				-include '$O/include/autoconf.h' -I'$SRC/src' -I'$SRC/toolchain/tblc' \
				-I'$SRC/tests/fuzz' $inc \"\$f\" || exit 1
		done"
else
	skip "clang not installed: comma-operator check"
fi
