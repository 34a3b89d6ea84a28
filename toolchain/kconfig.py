#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Kconfig front end for the Makefile, on Debian's python3-kconfiglib.

kconfig.py CONFIG defconfig FILE     load FILE as defaults, write CONFIG
kconfig.py CONFIG olddefconfig       fill new symbols with defaults
kconfig.py CONFIG savedefconfig OUT  minimal defconfig
kconfig.py CONFIG menuconfig         interactive
kconfig.py CONFIG header OUT         the one generated header: CONFIG_X for
                                     every set symbol, ENABLE_X 0/1 for bools
kconfig.py CONFIG set SYM VALUE      override one symbol (e.g. HOSTS_TABLE)
"""
import os
import sys

try:
    import kconfiglib
except ImportError:
    sys.exit("snmpoll: missing to configure: python3-kconfiglib "
             "(apt-get install python3-kconfiglib, or 'make deps' as root)")


def load(config):
    kconf = kconfiglib.Kconfig("Kconfig", warn_to_stderr=False)
    if os.path.exists(config):
        kconf.load_config(config)
    return kconf


def header(kconf, out):
    lines = ["/* Generated from .config by toolchain/kconfig.py: do not edit. */",
             "#ifndef SNMPOLL_AUTOCONF_H", "#define SNMPOLL_AUTOCONF_H"]
    for sym in kconf.unique_defined_syms:
        if sym.type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
            on = sym.str_value == "y"
            if on:
                lines.append("#define CONFIG_%s 1" % sym.name)
            lines.append("#define ENABLE_%s %d" % (sym.name, int(on)))
        elif sym.type == kconfiglib.STRING:
            val = sym.str_value.replace("\\", "\\\\").replace('"', '\\"')
            lines.append('#define CONFIG_%s "%s"' % (sym.name, val))
        elif sym.type in (kconfiglib.INT, kconfiglib.HEX) and sym.str_value:
            lines.append("#define CONFIG_%s %s" % (sym.name, sym.str_value))
    lines.append('#include "sanity.h"')
    lines.append("#endif")
    text = "\n".join(lines) + "\n"
    if os.path.exists(out) and open(out).read() == text:
        return
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, out)


def main():
    config, cmd = sys.argv[1], sys.argv[2]
    os.environ["KCONFIG_CONFIG"] = config
    if cmd == "defconfig":
        kconf = kconfiglib.Kconfig("Kconfig", warn_to_stderr=False)
        kconf.load_config(sys.argv[3])
        print(kconf.write_config(config))
    elif cmd == "olddefconfig":
        kconf = load(config)
        kconf.write_config(config, save_old=False)
    elif cmd == "savedefconfig":
        print(load(config).write_min_config(sys.argv[3]))
    elif cmd == "set":
        kconf = load(config)
        sym = kconf.syms[sys.argv[3]]
        if sym.str_value != sys.argv[4]:
            sym.set_value(sys.argv[4])
            kconf.write_config(config, save_old=False)
    elif cmd == "header":
        header(load(config), sys.argv[3])
    elif cmd == "menuconfig":
        import menuconfig
        menuconfig.menuconfig(load(config))
    else:
        sys.exit("kconfig.py: unknown command " + cmd)


if __name__ == "__main__":
    main()
