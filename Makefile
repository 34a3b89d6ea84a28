# SPDX-License-Identifier: MIT
# snmpoll — static SNMP poller for routers.  `make help` for the targets.
#
# Out of tree: everything goes to $(O) (default build/).  The toolchain for
# the configured board (musl + minimal net-snmp) is built once into
# $(CACHE_DIR) by toolchain/sysroot.sh and described by $(O)/toolchain.mk.

O ?= build
override O := $(abspath $(O))
CACHE_DIR ?= $(HOME)/.cache/snmpoll
export CACHE_DIR
SRC := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BOARDS := $(notdir $(patsubst %/defconfig,%,$(wildcard $(SRC)/board/*/defconfig)))
PYTHON := /usr/bin/python3
KCONFIG = cd $(SRC) && $(PYTHON) toolchain/kconfig.py $(O)/.config
HOSTCC ?= cc

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

# Targets that need no configuration.
NOCONFIG := help clean distclean print-warnflags print-hostcflags %_defconfig check check-build check-quick demo bench fuzz deps
NEED_CONFIG := $(if $(MAKECMDGOALS),$(filter-out $(NOCONFIG),$(foreach g,$(MAKECMDGOALS),$(if $(filter %_defconfig,$(g)),,$(g)))),all)

.PHONY: all help clean distclean menuconfig olddefconfig savedefconfig size \
	install ipk check check-build check-quick demo bench fuzz deps FORCE

all: $(O)/snmpoll

help:
	@echo 'snmpoll build'
	@echo '  make <board>_defconfig   configure for a board:'
	@for b in $(BOARDS); do echo "                             $$b"; done
	@echo '  make menuconfig | olddefconfig | savedefconfig'
	@echo '  make [O=dir] [V=1] [HOSTS_TABLE=path]  build $$(O)/snmpoll (default O=build)'
	@echo '  make size                text/data/bss per object, binary size, net-snmp/libc share'
	@echo '  make install DESTDIR=dir | make ipk'
	@echo '  make deps [DEPS=demo|test]  install the build (demo, test) packages (root)'
	@echo '  make check               make deps DEPS=test, then run every test'
	@echo '  make check-quick         unit, table, export, fuzz replay, lint (the edit loop)'
	@echo '  make demo                poll a local snmpd, page on http://127.0.0.1:8080/'
	@echo '  make bench | make fuzz   benchmark report | longer fuzzing runs'
	@echo '  make clean | distclean'

%_defconfig:
	@test -f $(SRC)/board/$*/defconfig || { echo "unknown board '$*' (make help lists them)" >&2; exit 1; }
	@mkdir -p $(O)
	$(Q)$(KCONFIG) defconfig board/$*/defconfig >/dev/null
	@echo "configured $(O) for board $*"

menuconfig:
	$(KCONFIG) menuconfig
olddefconfig:
	$(Q)$(KCONFIG) olddefconfig
savedefconfig:
	$(Q)$(KCONFIG) savedefconfig $(O)/defconfig >/dev/null
	@echo "wrote $(O)/defconfig"

ifneq ($(NEED_CONFIG)$(filter %_defconfig menuconfig olddefconfig savedefconfig,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(PYTHON)),)
$(error snmpoll: missing to configure: python3 (apt-get install python3 python3-kconfiglib, or 'make deps' as root))
endif
endif

ifneq ($(NEED_CONFIG),)
# No .config yet: the x86_64 board, now (before reading it), so that plain
# `make` works and this very run knows its arch.
ifeq ($(wildcard $(O)/.config),)
$(shell mkdir -p $(O) && $(KCONFIG) defconfig board/x86_64/defconfig >/dev/null)
ifeq ($(wildcard $(O)/.config),)
$(error cannot configure $(O) (see the line above))
endif
endif
# `make HOSTS_TABLE=path` is remembered in .config (CONFIG_HOSTS_TABLE), so a
# later `make install` or `make ipk` packages the same table.
ifeq ($(origin HOSTS_TABLE),command line)
$(shell $(KCONFIG) set HOSTS_TABLE '$(HOSTS_TABLE)')
endif
-include $(O)/.config
unquote = $(patsubst "%",%,$(1))
ARCH := $(call unquote,$(CONFIG_ARCH))
BOARD := $(call unquote,$(CONFIG_BOARD))
HOSTS_TABLE ?= $(call unquote,$(CONFIG_HOSTS_TABLE))
# TOOLCHAIN_MK names another toolchain description, e.g. the glibc host
# build of the sanitizer tests (toolchain/host-glibc.mk).
TOOLCHAIN_MK ?= $(O)/toolchain.mk
# First build in $(O): check the host for the board's tools before any
# work, and stop with the one line naming what is missing.
ifeq ($(wildcard $(TOOLCHAIN_MK)),)
DEPS_MISSING := $(shell $(SRC)/toolchain/deps.sh check $(ARCH) 2>&1 >/dev/null)
ifneq ($(DEPS_MISSING),)
$(error $(DEPS_MISSING))
endif
endif
include $(TOOLCHAIN_MK)
endif
STATIC ?= -static

# ---- toolchain ----------------------------------------------------------
$(O)/toolchain.mk: $(O)/.config $(wildcard $(SRC)/toolchain/*.sh)
	@echo "  TOOLCHAIN $(ARCH) (first build of a sysroot takes a few minutes; cached in $(CACHE_DIR))"
	$(Q)$(SRC)/toolchain/sysroot.sh $(ARCH) $(if $(CONFIG_IPV6),ipv6=1,ipv6=0) $(if $(CONFIG_SNMPV3),usm=1,usm=0) > $@.tmp && mv $@.tmp $@

# ---- generated header and host table -----------------------------------
$(O)/include/autoconf.h: $(O)/.config $(SRC)/Kconfig $(SRC)/src/Kconfig
	@mkdir -p $(dir $@)
	$(quiet) GEN include/autoconf.h
	$(Q)$(KCONFIG) header $@

# The table path is a make variable: rebuild when it changes.
$(O)/gen/hosts.path: FORCE
	@mkdir -p $(dir $@)
	@echo '$(HOSTS_TABLE)' | cmp -s - $@ || echo '$(HOSTS_TABLE)' > $@

# ---- compiler flags: the one place --------------------------------------
# The test builds (unit tests, exporters under the sanitizers, fuzz
# harnesses, the table tests, the benchmark client) take theirs from here:
#   make -s print-warnflags          language and warnings, nothing else
#   make -s O=dir print-cflags       the board's full CFLAGS
#   make -s O=dir print-hostcflags   what host tools (tblc) are built with
CFLAGS_STD := -std=gnu11
CFLAGS_WARN := -Wall -Wextra -Wpedantic -Werror -Wmissing-declarations -Wshadow \
	-Wstrict-prototypes -Wundef
CFLAGS_SIZE := -Os -ffunction-sections -fdata-sections
CFLAGS := $(CFLAGS_STD) $(CFLAGS_SIZE) $(CFLAGS_WARN) -g \
	-include $(O)/include/autoconf.h -I$(SRC)/src $(TC_CPPFLAGS) $(EXTRA_CFLAGS)
# The instruction set of snmpoll's code: MIPS16e on mips_24kc (toolchain.mk,
# like net-snmp's); the allocator, on every malloc of net-snmp and musl,
# stays in the base ISA.
ISAFLAGS = $(TC_ISAFLAGS)
# src/slim.c stands in for these libc calls net-snmp makes but snmpoll
# never needs (name resolution, scanf): ~30 KB less on mips_24kc.
SLIM_WRAP := getaddrinfo gethostbyname gethostbyaddr sscanf fscanf
LDFLAGS := $(STATIC) -Wl,--gc-sections $(SLIM_WRAP:%=-Wl,--wrap=%) $(EXTRA_LDFLAGS)
HOST_CFLAGS := -DSNMPOLL_HOST_TOOL $(CFLAGS_STD) -O2 $(CFLAGS_WARN) \
	-include $(O)/include/autoconf.h -I$(SRC)/src -I$(SRC)/toolchain/tblc

.PHONY: print-warnflags print-cflags print-hostcflags
print-warnflags:
	@echo '$(CFLAGS_STD) $(CFLAGS_WARN)'
print-cflags:
	@echo '$(CFLAGS)'
print-hostcflags:
	@echo '$(HOST_CFLAGS)'


TBLC_SRCS := $(addprefix $(SRC)/toolchain/tblc/,tblc.c tblparse.c usmkey.c digest.c) $(SRC)/src/mib.c
$(O)/host/tblc: $(TBLC_SRCS) $(wildcard $(SRC)/src/*.h $(SRC)/toolchain/tblc/*.h) $(O)/include/autoconf.h
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC host/tblc
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

$(O)/gen/hosts.c: $(O)/host/tblc $(O)/gen/hosts.path $(HOSTS_TABLE)
	$(quiet) TABLE $(HOSTS_TABLE)
	$(Q)cd $(CURDIR) && $(O)/host/tblc -o $@ $(HOSTS_TABLE)

# ---- the program --------------------------------------------------------
SRCS := $(wildcard $(SRC)/src/*.c)
OBJS := $(patsubst $(SRC)/src/%.c,$(O)/obj/%.o,$(SRCS)) $(O)/obj/gen/hosts.o


$(O)/obj/%.o: $(SRC)/src/%.c $(O)/include/autoconf.h $(TOOLCHAIN_MK)
	@mkdir -p $(dir $@)
	$(quiet) CC src/$*.o
	$(Q)$(TC_CC) $(CFLAGS) $(ISAFLAGS) -MMD -MP -c -o $@ $<

$(O)/obj/gen/hosts.o: $(O)/gen/hosts.c $(O)/include/autoconf.h $(TOOLCHAIN_MK)
	@mkdir -p $(dir $@)
	$(quiet) CC gen/hosts.o
	$(Q)$(TC_CC) $(CFLAGS) $(ISAFLAGS) -c -o $@ $<

# The allocator must not have malloc+memset folded into a call to itself.
$(O)/obj/arena.o: CFLAGS += -fno-builtin
$(O)/obj/arena.o: ISAFLAGS :=

-include $(wildcard $(O)/obj/*.d)

$(O)/snmpoll.unstripped: $(OBJS)
	$(quiet) LD snmpoll.unstripped
	$(Q)$(TC_CC) $(LDFLAGS) -Wl,-Map=$(O)/snmpoll.map -o $@ $(OBJS) $(TC_LDLIBS)

$(O)/snmpoll: $(O)/snmpoll.unstripped
	$(quiet) STRIP snmpoll
	$(Q)$(TC_STRIP) -s -R .comment -R .note -o $@ $<
	@echo "  $(BOARD): $@ $$(stat -c %s $@) bytes"

# text/data/bss per object, the binary's, and (from the link map) how much
# net-snmp and libc bring and which of their members weigh most.
size: $(O)/snmpoll
	@echo '  per object:'
	$(Q)cd $(O)/obj && $(TC_SIZE) -t $(patsubst $(O)/obj/%,%,$(OBJS)) | sed 's/^/    /'
	@echo '  linked (unstripped):'
	$(Q)$(TC_SIZE) $(O)/snmpoll.unstripped | sed 's/^/    /'
	$(Q)$(PYTHON) $(SRC)/toolchain/mapsize.py $(O)/snmpoll.map 10
	@printf '  %s stripped: %s bytes (%s)\n' $(BOARD) $$(stat -c %s $(O)/snmpoll) $(O)/snmpoll

# ---- install and package ------------------------------------------------
INIT_SCRIPT := $(if $(CONFIG_INIT_PROCD),snmpoll.procd,snmpoll.sysv)
install: $(O)/snmpoll
	$(Q)test -n "$(DESTDIR)" || { echo "make install needs DESTDIR=dir" >&2; exit 1; }
	$(Q)install -d $(DESTDIR)/usr/sbin $(DESTDIR)/www/snmpoll $(DESTDIR)/www/cgi-bin \
		$(DESTDIR)/etc/init.d $(DESTDIR)/usr/libexec/rpcd $(DESTDIR)/usr/share/rpcd/acl.d \
		$(DESTDIR)/etc/hotplug.d/snmpoll
	$(Q)install -m 711 $(O)/snmpoll $(DESTDIR)/usr/sbin/snmpoll
	$(Q)install -m 644 $(SRC)/src/www/index.html $(DESTDIR)/www/snmpoll/index.html
	$(Q)ln -sf ../../usr/sbin/snmpoll $(DESTDIR)/www/cgi-bin/snmpoll
	$(Q)install -m 755 $(SRC)/src/init/$(INIT_SCRIPT) $(DESTDIR)/etc/init.d/snmpoll
	$(Q)install -m 755 $(SRC)/src/rpcd/snmpoll $(DESTDIR)/usr/libexec/rpcd/snmpoll
	$(Q)install -m 644 $(SRC)/src/rpcd/snmpoll.json $(DESTDIR)/usr/share/rpcd/acl.d/snmpoll.json
	$(Q)install -m 755 $(SRC)/src/hotplug/10-log $(DESTDIR)/etc/hotplug.d/snmpoll/10-log
	@echo "  INSTALL $(DESTDIR)"

ipk: $(O)/snmpoll
	$(Q)rm -rf $(O)/ipk && $(MAKE) --no-print-directory O=$(O) install DESTDIR=$(O)/ipk/data
	$(Q)$(SRC)/toolchain/mkipk.sh $(O)/ipk $(ARCH) $$(sed -n 's/.*SNMPOLL_VERSION "\(.*\)"/\1/p' $(SRC)/src/version.h) $(O)

# ---- dependencies, tests, demo, benchmark ---------------------------------
# Building only checks for its tools (toolchain/deps.sh check, from
# sysroot.sh).  Installing is this explicit step, as root:
#   make deps            every board's build packages
#   make deps DEPS=demo  + a local snmpd and busybox httpd
#   make deps DEPS=test  + everything make check uses
DEPS ?= build
deps:
	$(Q)$(SRC)/toolchain/deps.sh install $(DEPS)

# The tests use their own x86_64 build in $(O)/check (cross boards under
# $(O)/check/cross/), whatever $(O) is configured for.
check-build:
	$(Q)$(MAKE) --no-print-directory O=$(O)/check x86_64_defconfig >/dev/null
	$(Q)$(MAKE) --no-print-directory O=$(O)/check

check:
	$(Q)$(MAKE) --no-print-directory deps DEPS=test
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)O=$(O)/check $(SRC)/tests/run

# The edit loop: unit tests, table compiler, exporters, fuzz regressions
# replayed (no new fuzzing), lint.  Installs nothing.
QUICK_TESTS := unit/t_unit.sh table/t_table.sh export/t_export.sh export/t_golden.sh \
	fuzz/t_fuzz.sh build/t_lint.sh
check-quick:
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)O=$(O)/check FUZZ_CHECK_SECONDS=0 $(SRC)/tests/run $(addprefix $(SRC)/tests/,$(QUICK_TESTS))

demo:
	$(Q)$(MAKE) --no-print-directory deps DEPS=demo
	$(Q)$(MAKE) --no-print-directory O=$(O)/demo x86_64_defconfig
	$(Q)$(MAKE) --no-print-directory O=$(O)/demo
	$(Q)O=$(O)/demo exec $(SRC)/board/x86_64/demo.sh

bench:
	$(Q)$(MAKE) --no-print-directory deps DEPS=test
	$(Q)O=$(O) $(SRC)/tests/bench/run.sh

fuzz:
	$(Q)$(MAKE) --no-print-directory deps DEPS=test
	$(Q)O=$(O) FUZZ_SECONDS=$${FUZZ_SECONDS:-60} $(SRC)/tests/fuzz/run.sh

clean:
	$(Q)rm -rf $(O)/obj $(O)/gen $(O)/host $(O)/snmpoll $(O)/snmpoll.unstripped $(O)/snmpoll.map $(O)/ipk $(O)/*.ipk

distclean:
	$(Q)rm -rf $(O)

FORCE:
