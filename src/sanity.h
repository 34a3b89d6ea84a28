/* Cross-option checks on the generated configuration: one place, each
 * #error says how to fix it.  Included at the end of autoconf.h. */
#ifndef SNMPOLL_SANITY_H
#define SNMPOLL_SANITY_H

#if CONFIG_WORKERS > 16
#error "CONFIG_WORKERS is at most 16 (SHM_MAX_WORKERS): lower it in menuconfig"
#endif
#if CONFIG_BACKOFF_MAX < 1
#error "CONFIG_BACKOFF_MAX must be at least 1"
#endif
#if CONFIG_OID_MAX_ARCS > 128
#error "CONFIG_OID_MAX_ARCS cannot exceed net-snmp's MAX_OID_LEN (128)"
#endif
#if CONFIG_VALUE_LEN > 65535
#error "CONFIG_VALUE_LEN must fit in 16 bits"
#endif
#if defined(CONFIG_ARENA) && CONFIG_ARENA_KB < 256
#error "CONFIG_ARENA_KB below 256 cannot hold one 64 kB receive buffer plus sessions"
#endif

#endif
