# SPDX-License-Identifier: MIT
# Toolchain description for a host build against Debian's glibc libsnmp
# (libsnmp-dev): the sanitizer and valgrind tests use it, since musl cannot
# host ASan.  Use with: make O=... TOOLCHAIN_MK=$(SRC)/toolchain/host-glibc.mk
# and a .config with CONFIG_ARENA off.
TC_ARCH := host
TC_CC := $(or $(HOST_SAN_CC),gcc)
TC_STRIP := strip
TC_SIZE := size
TC_OBJDUMP := objdump
TC_CPPFLAGS :=
TC_LDLIBS := -lnetsnmp -lm
TC_QEMU :=
STATIC :=
# HOST_SAN=1: the same with ASan + UBSan (every UBSan report fatal), as
# one make word that test scripts can pass in T_MAKEFLAGS.  The compiler
# flags also make the link pull in the sanitizer runtimes.
ifeq ($(HOST_SAN),1)
TC_CC := gcc -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
endif
