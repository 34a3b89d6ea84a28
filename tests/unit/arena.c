/* SPDX-License-Identifier: MIT */
/* Unit test of the fixed allocator (CONFIG_ARENA): blocks are reused, the
 * region does not grow in a steady alloc/free churn like net-snmp's, a
 * realloc keeps the data, and exhaustion is ENOMEM, not a crash. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static int fails;

#define CHECK(c, ...) do { if (!(c)) { fails++; printf("not ok - " __VA_ARGS__); putchar('\n'); } \
	else { printf("ok - " __VA_ARGS__); putchar('\n'); } } while (0)

static void churn(void)
{
	static const size_t sizes[] = { 24, 100, 300, 1500, 65536, 17, 4000 };
	void *p[7];
	unsigned i, k;

	for (k = 0; k < 1000; k++) {
		for (i = 0; i < 7; i++)
			memset(p[i] = malloc(sizes[i]), 0xab, sizes[i]);
		for (i = 0; i < 7; i++)
			free(p[i]);
	}
}

int main(void)
{
	struct arena_stats a, b;
	char *s, *t;
	void *big[4096];
	unsigned n;
	volatile char *dirty;
	volatile size_t huge = SIZE_MAX / 8;	/* hidden from the compiler's own check */

	if (!ENABLE_ARENA) {
		printf("skip - arena compiled out (CONFIG_ARENA=n)\n");
		return 0;
	}
	churn();
	arena_get_stats(&a);
	churn();
	arena_get_stats(&b);
	CHECK(a.used == b.used, "steady churn takes nothing new (%zu bytes)", b.used);
	CHECK(b.live < 4096, "everything freed is back (%zu live)", b.live);
	s = malloc(10);
	strcpy(s, "123456789");
	t = realloc(s, 5000);
	CHECK(t && !strcmp(t, "123456789"), "realloc keeps the data");
	free(t);
	/* A block of calloc's class, dirtied and freed: calloc gets it back
	 * (the class's free list) and must clear every byte of it. */
	s = malloc(1000);
	dirty = (volatile char *)s;	/* a memset before free() may be optimised away */
	for (n = 0; s && n < 1000; n++)
		dirty[n] = (char)0xab;
	free(s);
	t = calloc(100, 10);
	CHECK(t == s, "calloc reuses the freed dirty block of its class");
	for (n = 0; t && n < 1000 && t[n] == 0; n++)
		;
	CHECK(n == 1000, "calloc zeroes a reused block (%u of 1000 bytes zero)", n);
	free(t);
	CHECK(calloc(huge, 16) == NULL, "calloc overflow refused");
	for (n = 0; n < 4096; n++)
		if (!(big[n] = malloc(60000)))
			break;
	CHECK(n < 4096 && errno == ENOMEM, "exhaustion is ENOMEM after %u blocks", n);
	while (n)
		free(big[--n]);
	CHECK(malloc(60000) != NULL, "memory is usable again after frees");
	free(NULL);
	return fails ? 1 : 0;
}
