/* SPDX-License-Identifier: MIT */
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
/* Not for build-host tools: their pointers are not the target's. */
#if defined(CONFIG_ARENA) && !defined(SNMPOLL_HOST_TOOL) && CONFIG_ARENA_KB * 1024LL < \
	CONFIG_MAX_INFLIGHT * ((CONFIG_PDU_VARBINDS + 1) * 64LL * __SIZEOF_POINTER__ + \
			       512LL * __SIZEOF_POINTER__) + 2 * 65536LL
#error "CONFIG_ARENA_KB cannot hold MAX_INFLIGHT requests of PDU_VARBINDS varbinds: raise ARENA_KB (about MAX_INFLIGHT x (PDU_VARBINDS+1) x 0.5 kB on 64-bit) or lower MAX_INFLIGHT"
#endif

#endif
