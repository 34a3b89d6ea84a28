/* SPDX-License-Identifier: MIT */
/* Per-process fixed arena replacing malloc (see arena.h).
 *
 * Design: the region is a static array in .bss, so it costs address space
 * only until a page is touched, and every forked worker gets its own copy.
 * A block is a 16-byte header (class, magic) and a payload of its class's
 * size; classes step by 1.5x (16, 24, 32, 48, ... 256 kB) so that no
 * allocation wastes more than a third (net-snmp's 368-byte varbind takes
 * 384, where powers of two would give it 512).  Freed blocks go on their class's list
 * and are reused as is (calloc clears them); the region is carved by a bump pointer only when a class's list is empty, so
 * after the first cycles the steady state takes nothing new.  Single
 * threaded by construction (one process per worker).
 */
#if ENABLE_ARENA
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define NCLASS		29		/* 16 B .. 256 kB payloads */
#define HDR		16
#define MAGIC		0x41524e41u

struct block {
	uint32_t cls;
	uint32_t magic;
	union {
		struct block *next;	/* while free */
		uint64_t pad;
	} u;
};

static struct {
	unsigned char mem[CONFIG_ARENA_KB * 1024] __attribute__((aligned(16)));
	size_t top;
	size_t live;
	unsigned long failures;
	struct block *free[NCLASS];
} ar;

/* Payload of class c: 16, 24, 32, 48, 64, 96, ... */
static size_t class_size(int c)
{
	return (size_t)(c & 1 ? 24 : 16) << (c >> 1);
}

static int size_class(size_t n)
{
	int c = 0;

	while (c < NCLASS && class_size(c) < n)
		c++;
	return c;
}

static struct block *carve(int c)
{
	size_t need = HDR + class_size(c);
	struct block *b;

	if (need > sizeof(ar.mem) - ar.top)
		return NULL;
	b = (struct block *)(ar.mem + ar.top);
	ar.top += need;
	b->cls = (uint32_t)c;
	return b;
}

void *malloc(size_t n)
{
	int c = size_class(n ? n : 1);
	struct block *b;

	if (c >= NCLASS)
		goto fail;
	b = ar.free[c];
	if (b)
		ar.free[c] = b->u.next;
	else if (!(b = carve(c)))
		goto fail;
	b->magic = MAGIC;
	ar.live += class_size(c);
	return (unsigned char *)b + HDR;
fail:
	ar.failures++;
	errno = ENOMEM;
	return NULL;
}

static struct block *block_of(void *p)
{
	struct block *b = (struct block *)((unsigned char *)p - HDR);

	/* A pointer we never handed out is a bug elsewhere: refuse it
	 * rather than corrupt a free list. */
	if ((unsigned char *)b < ar.mem || (unsigned char *)b >= ar.mem + ar.top ||
	    b->magic != MAGIC || b->cls >= NCLASS)
		return NULL;
	return b;
}

void free(void *p)
{
	struct block *b;

	if (!p || !(b = block_of(p)))
		return;
	b->magic = 0;
	ar.live -= class_size((int)b->cls);
	b->u.next = ar.free[b->cls];
	ar.free[b->cls] = b;
}

void *calloc(size_t m, size_t n)
{
	void *p;

	if (n && m > SIZE_MAX / n) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(m * n);
	if (p)
		memset(p, 0, m * n);
	return p;
}

void *realloc(void *p, size_t n)
{
	struct block *b;
	size_t have;
	void *q;

	if (!p)
		return malloc(n);
	if (!(b = block_of(p)))
		return NULL;
	have = class_size((int)b->cls);
	if (n <= have && (b->cls == 0 || n > have / 4))
		return p;
	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, n < have ? n : have);
	free(p);
	return q;
}

size_t arena_room(void)
{
	return sizeof(ar.mem) - ar.live;
}

void arena_get_stats(struct arena_stats *st)
{
	st->size = sizeof(ar.mem);
	st->used = ar.top;
	st->live = ar.live;
	st->failures = ar.failures;
}

#else
#include <stdint.h>
#include <string.h>
#include "arena.h"

size_t arena_room(void)
{
	return SIZE_MAX;
}

void arena_get_stats(struct arena_stats *st)
{
	memset(st, 0, sizeof(*st));
}
#endif
