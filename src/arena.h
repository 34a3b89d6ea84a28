/* SPDX-License-Identifier: MIT */
/* Fixed per-process allocator (CONFIG_ARENA): serves malloc and friends
 * from a region reserved at start-up, in size classes 1.5x apart with
 * free lists (see arena.c).  No mmap churn, no growth past the peak of the working set,
 * ENOMEM (never a crash) when the region is exhausted. */
#ifndef SNMPOLL_ARENA_H
#define SNMPOLL_ARENA_H

#include <stddef.h>

struct arena_stats {
	size_t size;		/* bytes reserved */
	size_t used;		/* bytes carved from the region so far */
	size_t live;		/* bytes in blocks currently allocated */
	unsigned long failures;	/* allocations refused */
};

/* Bytes not held by live blocks (SIZE_MAX when compiled out): a worker
 * starts a new request only while there is room for it. */
size_t arena_room(void);

/* Per request in flight: a PDU of PDU_VARBINDS + 1 varbinds (net-snmp's
 * netsnmp_variable_list, with the sysroot's 32-arc inline name, is 46
 * pointers' worth on 64-bit targets, 51 on 32-bit ones) and its session. */
#define ARENA_VARBIND_PTRS 64
#define ARENA_PER_REQUEST \
	((CONFIG_PDU_VARBINDS + 1) * ARENA_VARBIND_PTRS * __SIZEOF_POINTER__ + \
	 512 * __SIZEOF_POINTER__)
/* net-snmp's receive buffer, reserved when a worker starts. */
#define ARENA_RXBUF 65536

/* Fills st; all zero when the arena is compiled out. */
void arena_get_stats(struct arena_stats *st);

#endif
