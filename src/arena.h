/* Fixed per-process allocator (CONFIG_ARENA): serves malloc and friends
 * from a region reserved at start-up, in power-of-two size classes with
 * free lists.  No mmap churn, no growth past the peak of the working set,
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

/* Fills st; all zero when the arena is compiled out. */
void arena_get_stats(struct arena_stats *st);

#endif
